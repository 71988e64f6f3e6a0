"""Delegates-only materials: listed for everyone, the file itself only for delegates and the secretariat."""

import pytest
from django.contrib.auth import get_user_model

from events.models import EventMaterial
from portal.tests.helpers import soup, text

pytestmark = pytest.mark.django_db

HLM4 = "/events/asean-japan-hlm-4/"


@pytest.fixture
def restricted():
    return EventMaterial.objects.get(page__slug="asean-japan-hlm-4", delegates_only=True)


def download(client, document):
    response = client.get(document.url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_anonymous_visitors_see_the_material_and_a_login_prompt_never_the_file(client, restricted):
    page = client.get(HLM4)
    assert restricted.title in text(page)
    assert soup(page).find("a", href=restricted.document.url) is None
    prompt = soup(page).find("a", string="Log in as a delegate to open this material")
    assert prompt["href"] == f"/login/?next={HLM4}"

    response, body = download(client, restricted.document)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert b"%PDF" not in body


@pytest.mark.parametrize("username", ["delegate", "secretariat"])
def test_delegates_and_the_secretariat_get_the_file(client, restricted, username, two_factor_login):
    user = get_user_model().objects.get(username=username)
    if username == "secretariat":  # the secretariat's account counts only with its second factor
        two_factor_login(client, user)
    else:
        client.force_login(user)
    assert soup(client.get(HLM4)).find("a", href=restricted.document.url) is not None
    response, body = download(client, restricted.document)
    assert response.status_code == 200 and body.startswith(b"%PDF-")


@pytest.mark.parametrize("username", ["da-nang-editor", "aizuwakamatsu-editor"])
def test_other_logged_in_users_are_refused(client, restricted, username):
    client.force_login(get_user_model().objects.get(username=username))
    page = client.get(HLM4)
    assert soup(page).find("a", href=restricted.document.url) is None
    assert "Only delegates of the network can open this material" in text(page)
    response, body = download(client, restricted.document)
    assert response.status_code == 302 and b"%PDF" not in body


def test_the_raw_media_url_does_not_serve_documents(client, restricted):
    assert client.get(f"/media/{restricted.document.file.name}").status_code == 404


def test_marking_a_material_delegates_only_moves_its_document_behind_the_login(client):
    material = EventMaterial.objects.get(page__slug="asean-japan-hlm-4", title="Programme outline")
    assert download(client, material.document)[0].status_code == 200
    material.delegates_only = True
    material.save()
    material.document.refresh_from_db()
    assert download(client, material.document)[0].status_code == 302
    material.delegates_only = False
    material.save()
    material.document.refresh_from_db()
    assert download(client, material.document)[0].status_code == 200


def test_delegate_login_page(client):
    page = client.get("/login/?next=/events/asean-japan-hlm-4/")
    assert "Delegate login" in text(page)
    from portal.accounts import demo_password

    response = client.post("/login/", {"username": "delegate", "password": demo_password("delegate"), "next": HLM4})
    assert response.status_code == 302 and response["Location"] == HLM4
    bad = client.post("/login/", {"username": "delegate", "password": "wrong", "next": HLM4})
    assert bad.status_code == 200 and "didn't match" in text(bad)
