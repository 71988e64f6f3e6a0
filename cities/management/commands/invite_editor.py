from django.core.management.base import BaseCommand, CommandError

from cities.invitations import InvitationError, invite_city_editor


class Command(BaseCommand):
    help = "Invite a city editor: create the account in the city's editors group and e-mail a set-password link."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The editor's e-mail address (also their username)")
        parser.add_argument("city_slug", help="The city's slug, as in /cities/<slug>/")

    def handle(self, *args, email, city_slug, **options):
        try:
            user = invite_city_editor(email, city_slug)
        except InvitationError as error:
            raise CommandError(str(error)) from None
        group = user.groups.get()
        self.stdout.write(self.style.SUCCESS(f"Invited {user.email} to “{group.name}”; the invitation e-mail is sent."))
