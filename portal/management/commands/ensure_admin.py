import json
import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from portal.accounts import known_demo_passwords
from portal.demo_content import FIXTURES


class Command(BaseCommand):
    help = (
        "Create the local administrator account if it does not exist, then print its login and the demo "
        "accounts'. The admin password comes from ADMIN_PASSWORD, or is generated once into var/admin_password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="admin@localhost")

    def handle(self, *args, username, email, **options):
        password_file = settings.VAR_DIR / "admin_password"
        password = os.environ.get("ADMIN_PASSWORD") or (
            password_file.read_text().strip() if password_file.exists() else secrets.token_urlsafe(12)
        )
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        login_url = f"{settings.WAGTAILADMIN_BASE_URL}/admin/"
        if user is None:
            User.objects.create_superuser(username=username, email=email, password=password)
            if not os.environ.get("ADMIN_PASSWORD"):
                password_file.write_text(password)
                password_file.chmod(0o600)
            self.stdout.write(self.style.SUCCESS(f"Admin account created: {login_url}  {username} / {password}"))
        elif user.check_password(password):
            self.stdout.write(self.style.SUCCESS(f"Admin account: {login_url}  {username} / {password}"))
        else:
            self.stdout.write(f"Admin account “{username}” exists with a password set elsewhere; left unchanged.")
        self.print_demo_accounts(User)

    def print_demo_accounts(self, User):
        accounts = json.loads((FIXTURES / "editorial.json").read_text())["accounts"]
        passwords = known_demo_passwords()
        lines = []
        for account in accounts:
            user = User.objects.filter(username=account["username"]).first()
            password = passwords.get(account["username"])
            if user is not None and password and user.check_password(password):
                where = "/login/" if account["username"] == "delegate" else "/admin/"
                lines.append(f"  {account['role']:<38} {where:<8} {account['username']} / {password}")
        if lines:
            self.stdout.write("Demo accounts:\n" + "\n".join(lines))
