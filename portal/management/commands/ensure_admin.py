import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the local administrator account if it does not exist, and print its login. "
        "The password comes from ADMIN_PASSWORD, or is generated once and kept in var/admin_password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="admin@localhost")

    def handle(self, *args, username, email, **options):
        import os

        password_file = settings.VAR_DIR / "admin_password"
        password = os.environ.get("ADMIN_PASSWORD") or (
            password_file.read_text().strip() if password_file.exists() else secrets.token_urlsafe(12)
        )
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            User.objects.create_superuser(username=username, email=email, password=password)
            if not os.environ.get("ADMIN_PASSWORD"):
                password_file.write_text(password)
                password_file.chmod(0o600)
            status = "created"
        elif user.check_password(password):
            status = "exists"
        else:
            self.stdout.write(f"Admin account “{username}” exists with a password set elsewhere; left unchanged.")
            return
        login_url = f"{settings.WAGTAILADMIN_BASE_URL}/admin/"
        self.stdout.write(
            self.style.SUCCESS(f"Admin account {status}: {login_url}  username: {username}  password: {password}")
        )
