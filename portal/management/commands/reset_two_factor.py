from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal.two_factor import is_required_for, turn_off


class Command(BaseCommand):
    help = (
        "Remove a user's authenticator app and backup codes (a lost phone). Where two-factor "
        "authentication is required, the next sign-in asks them to set up a new authenticator."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called “{username}”.")
        turn_off(user)
        then = (
            "set up a new authenticator at their next sign-in"
            if is_required_for(user)
            else "sign in with a password only"
        )
        self.stdout.write(self.style.SUCCESS(f"Two-factor authentication reset for “{username}”: they {then}."))
