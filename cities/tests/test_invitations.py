import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from portal.tests.helpers import text

pytestmark = pytest.mark.django_db

User = get_user_model()


def invitation_link(message):
    return re.search(r"https?://\S+/admin/password_reset/\S+", message.get_content()).group(0)


def test_invite_editor_command_creates_the_account_and_sends_a_working_link(client, smtp_inbox, capsys):
    call_command("invite_editor", "urban.planning@phnompenh.example", "phnom-penh")
    assert "Invited urban.planning@phnompenh.example" in capsys.readouterr().out
    user = User.objects.get(email="urban.planning@phnompenh.example")
    assert list(user.groups.values_list("name", flat=True)) == ["Phnom Penh editors"]
    assert not user.has_usable_password()
    [message] = smtp_inbox.to("urban.planning@phnompenh.example")
    assert "Phnom Penh" in message["Subject"]

    # The link lets them choose a password, then log in to the admin.
    form = client.get(urlsplit(invitation_link(message)).path, follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    set_password_url = form.redirect_chain[-1][0]  # Django swaps the token for a session marker
    response = client.post(
        set_password_url, {"new_password1": "a-long-Passphrase-42", "new_password2": "a-long-Passphrase-42"}
    )
    assert response.status_code == 302
    # Through the login form: the lock-out check (django-axes) needs the request.
    login = client.post("/admin/login/", {"username": user.username, "password": "a-long-Passphrase-42"})
    assert login.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("email", "city", "message"),
    [
        ("not-an-address", "hanoi", "not a valid e-mail address"),
        ("someone@example.org", "atlantis", "No city has the slug “atlantis”"),
        ("delegate@example.org", "hanoi", "already has an account"),
        ("DELEGATE@example.org", "hanoi", "already has an account"),
    ],
)
def test_bad_invitations_give_a_clear_error_and_create_nothing(smtp_inbox, email, city, message):
    users_before = User.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("invite_editor", email, city)
    assert User.objects.count() == users_before
    assert smtp_inbox.messages == []


def test_nothing_is_created_when_the_mail_server_refuses(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    with pytest.raises(CommandError, match="could not be sent.*nothing was created"):
        call_command("invite_editor", "someone@hanoi.example", "hanoi")
    assert not User.objects.filter(email="someone@hanoi.example").exists()


def test_secretariat_invites_from_the_admin(client, smtp_inbox, two_factor_login):
    from cities.models import CityPage

    two_factor_login(client, User.objects.get(username="secretariat"))
    form = client.get("/admin/invite-editor/")
    assert form.status_code == 200 and "Invite a city editor" in text(form)
    yangon = CityPage.objects.get(slug="yangon")
    response = client.post("/admin/invite-editor/", {"email": "editor@yangon.example", "city": yangon.pk})
    assert response.status_code == 302
    assert User.objects.get(email="editor@yangon.example").groups.get().name == "Yangon editors"
    assert smtp_inbox.to("editor@yangon.example")

    again = client.post("/admin/invite-editor/", {"email": "editor@yangon.example", "city": yangon.pk})
    assert again.status_code == 200 and "already has an account" in text(again)
    bad = client.post("/admin/invite-editor/", {"email": "nope", "city": yangon.pk})
    assert bad.status_code == 200 and "valid email address" in text(bad).lower()


def test_city_editors_cannot_invite(client):
    client.force_login(User.objects.get(username="da-nang-editor"))
    response = client.get("/admin/invite-editor/")
    assert response.status_code in (302, 403)
    assert "Invite a city editor" not in text(client.get("/admin/"))
