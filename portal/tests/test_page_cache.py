"""The page cache (portal/page_cache.py): anonymous visitors get stored pages, everyone else
a fresh one; a publish shows at once; validators give 304s; Redis down changes nothing visible.
And the API's validators (portal/api_http.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from casestudies.models import CaseStudyPage
from events.models import EventMaterial
from portal.api_http import content_version
from portal.tests.helpers import english, soup, text
from portal.tests.redis_server import free_port, running_redis

pytestmark = pytest.mark.django_db

CASE_STUDY = "/cities/bangkok/traffy-fondue-bangkok/"
LIBRARY = "/case-studies/?country=thailand&focus_area=civic-social"
HLM4 = "/events/asean-japan-hlm-4/"
# Added around the cache by the middleware before it, to every answer, stored or not.
PER_REQUEST = {"X-Request-ID", "X-Cache"}


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def visit(client, url, **headers):
    return client.get(url, headers=headers)


@pytest.mark.parametrize("url", ["/", "/th/", CASE_STUDY, LIBRARY, "/cities/bangkok/", HLM4, "/search/?q=water"])
def test_the_second_anonymous_visit_is_served_from_the_cache(client, url, django_assert_num_queries):
    first = visit(client, url)
    assert first.status_code == 200 and first["X-Cache"] == "miss"

    with django_assert_num_queries(1):  # the content version; nothing is rendered
        second = visit(client, url)
    assert second.status_code == 200 and second["X-Cache"] == "hit"
    assert second.content == first.content
    stored = {name: value for name, value in first.items() if name not in PER_REQUEST}
    assert {name: value for name, value in second.items() if name not in PER_REQUEST} == stored
    # What the middleware around the cache adds is there on a stored answer too.
    assert second["Content-Security-Policy"] and second["X-Frame-Options"] == "DENY"
    assert second["X-Content-Type-Options"] == "nosniff" and "camera=()" in second["Permissions-Policy"]
    assert second["X-Request-ID"] != first["X-Request-ID"]
    assert "Cookie" in second["Vary"] and second["ETag"] and second["Last-Modified"]


def test_head_requests_are_answered_from_the_cache_too(client):
    body = visit(client, CASE_STUDY).content
    response = client.head(CASE_STUDY)
    assert response.status_code == 200 and response["X-Cache"] == "hit" and response.content == b""
    assert response["Content-Length"] == str(len(body))


def test_a_publish_shows_at_once(client, home_page):
    page = english(CaseStudyPage, "traffy-fondue-bangkok")
    assert visit(client, CASE_STUDY)["X-Cache"] == "miss"
    assert visit(client, "/")["X-Cache"] == "miss"
    assert visit(client, CASE_STUDY)["X-Cache"] == "hit"
    version = content_version()[0]

    page.title = "Traffy Fondue, second edition"
    page.save_revision().publish()

    assert content_version()[0] != version
    after = visit(client, CASE_STUDY)
    assert after["X-Cache"] == "miss"
    assert soup(after).h1.get_text(strip=True) == "Traffy Fondue, second edition"
    assert visit(client, "/")["X-Cache"] == "miss", "every key changes with the version"
    assert visit(client, CASE_STUDY)["X-Cache"] == "hit"


def test_unpublishing_a_page_takes_it_off_at_once(client):
    page = english(CaseStudyPage, "traffy-fondue-bangkok")
    visit(client, CASE_STUDY)
    page.unpublish()
    assert visit(client, CASE_STUDY).status_code == 404


def test_logged_in_users_never_get_stored_pages_nor_store_theirs(client):
    delegate = get_user_model().objects.get(username="delegate")
    client.force_login(delegate)
    mine = visit(client, "/")
    assert "X-Cache" not in mine and "Log out (delegate)" in text(mine)

    client.logout()
    anonymous = visit(client, "/")
    assert anonymous["X-Cache"] == "miss", "the logged-in visit stored nothing"
    assert "Log out" not in text(anonymous)
    client.force_login(delegate)
    again = visit(client, "/")
    assert "X-Cache" not in again and "Log out (delegate)" in text(again)


def test_delegates_see_their_materials_on_a_page_anonymous_visitors_have_cached(client):
    restricted = EventMaterial.objects.get(page__slug="asean-japan-hlm-4", delegates_only=True)
    assert visit(client, HLM4)["X-Cache"] == "miss"
    anonymous = visit(client, HLM4)
    assert anonymous["X-Cache"] == "hit"
    assert soup(anonymous).find("a", href=restricted.document.url) is None

    client.force_login(get_user_model().objects.get(username="delegate"))
    delegate = visit(client, HLM4)
    assert "X-Cache" not in delegate
    assert soup(delegate).find("a", href=restricted.document.url) is not None


def test_a_session_cookie_bypasses_the_cache(client):
    visit(client, "/")
    client.cookies["sessionid"] = "not-a-real-session"
    response = visit(client, "/")
    assert response.status_code == 200 and "X-Cache" not in response


@pytest.mark.parametrize("url", ["/subscribe/", "/th/subscribe/", "/login/"])
def test_pages_with_a_csrf_form_are_never_shared(client, url):
    for _ in range(2):
        response = visit(client, url)
        assert response.status_code == 200 and response.get("X-Cache") != "hit"
        assert "csrftoken" in response.cookies


def test_a_password_protected_page_is_never_stored(client):
    """Its form carries a CSRF token (a cookie): the rule, not a list of paths, keeps it out."""
    page = english(CaseStudyPage, "traffy-fondue-bangkok")
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="s3cret-words")
    for _ in range(2):
        response = visit(client, CASE_STUDY)
        assert response.status_code == 200 and response["X-Cache"] == "miss"
        assert "csrftoken" in response.cookies and soup(response).find("input", type="password")


def test_a_login_restricted_page_is_never_stored(client):
    page = english(CaseStudyPage, "traffy-fondue-bangkok")
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    for _ in range(2):
        response = visit(client, CASE_STUDY)
        assert response.status_code == 302 and response["X-Cache"] == "miss"


def test_not_found_pages_are_not_stored(client):
    for _ in range(2):
        response = visit(client, "/cities/atlantis/")
        assert response.status_code == 404 and response["X-Cache"] == "miss"


@pytest.mark.parametrize("url", ["/api/v1/case-studies/", "/feeds/case-studies.rss", "/embed/case-studies/"])
def test_the_api_feeds_and_embeds_are_not_in_the_page_cache(client, url):
    for _ in range(2):
        response = visit(client, url)
        assert response.status_code == 200 and response.get("X-Cache") != "hit"


def test_if_none_match_on_a_stored_page_is_a_304_without_a_body(client, django_assert_num_queries):
    etag = visit(client, CASE_STUDY)["ETag"]
    with django_assert_num_queries(1):
        response = visit(client, CASE_STUDY, if_none_match=etag)
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag and response["X-Cache"] == "hit"
    assert response["Content-Security-Policy"]
    assert visit(client, CASE_STUDY, if_none_match='"something-else"').status_code == 200


def test_if_modified_since_on_a_stored_page_is_a_304(client):
    last_modified = visit(client, CASE_STUDY)["Last-Modified"]
    response = visit(client, CASE_STUDY, if_modified_since=last_modified)
    assert response.status_code == 304 and response.content == b""


def test_pages_rendered_every_time_still_send_an_etag_and_answer_304(client, settings):
    """ConditionalGetMiddleware's ETag (a logged-in visitor's pages differ every time: the
    log-out form's CSRF token)."""
    settings.PAGE_CACHE_SECONDS = 0
    etag = visit(client, CASE_STUDY)["ETag"]
    response = visit(client, CASE_STUDY, if_none_match=etag)
    assert response.status_code == 304 and response.content == b""


def test_a_publish_changes_the_etag(client):
    etag = visit(client, CASE_STUDY)["ETag"]
    page = english(CaseStudyPage, "traffy-fondue-bangkok")
    page.title = "Traffy Fondue renamed"
    page.save_revision().publish()
    response = visit(client, CASE_STUDY, if_none_match=etag)
    assert response.status_code == 200 and response["ETag"] != etag


def test_each_language_is_its_own_entry(client):
    english_home = visit(client, "/")
    thai_home = visit(client, "/th/")
    assert english_home["X-Cache"] == thai_home["X-Cache"] == "miss"
    assert soup(english_home).html["lang"] == "en" and soup(thai_home).html["lang"] == "th"
    assert english_home.content != thai_home.content
    # The address decides the language: a Thai browser on "/" gets the stored English page.
    again = visit(client, "/", accept_language="th")
    assert again["X-Cache"] == "hit" and soup(again).html["lang"] == "en"
    assert visit(client, "/th/")["X-Cache"] == "hit"


def test_query_strings_are_part_of_the_key(client):
    thailand = visit(client, "/case-studies/?country=thailand")
    japan = visit(client, "/case-studies/?country=japan")
    assert thailand["X-Cache"] == japan["X-Cache"] == "miss"
    assert thailand.content != japan.content
    assert visit(client, "/case-studies/?country=japan").content == japan.content


def test_no_cache_when_page_cache_seconds_is_zero(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    for _ in range(2):
        response = visit(client, CASE_STUDY)
        assert response.status_code == 200 and "X-Cache" not in response
    settings.PAGE_CACHE_SECONDS = 300
    assert visit(client, CASE_STUDY)["X-Cache"] == "miss", "nothing was stored"


def closed_port_cache():
    return {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/1",
            "KEY_PREFIX": "portal-test",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25, "down_for": 5},
        }
    }


def test_pages_are_served_with_redis_down(client, settings):
    settings.CACHES = closed_port_cache()
    for url in ["/", CASE_STUDY, LIBRARY, "/th/"]:
        for _ in range(2):
            response = visit(client, url)
            assert response.status_code == 200 and response["X-Cache"] == "miss", url


def test_pages_are_stored_in_redis_and_served_after_it_comes_back(client, settings):
    with running_redis() as redis:
        caches = closed_port_cache()
        caches["default"]["LOCATION"] = redis.url(1)
        caches["default"]["OPTIONS"]["down_for"] = 0  # tried again at once once it is back
        settings.CACHES = caches
        first = visit(client, CASE_STUDY)
        assert visit(client, CASE_STUDY)["X-Cache"] == "hit"
        redis.stop()
        assert visit(client, CASE_STUDY)["X-Cache"] == "miss"
        redis.start()
        assert visit(client, CASE_STUDY)["X-Cache"] == "miss"  # an empty Redis: stored again
        again = visit(client, CASE_STUDY)
        assert again["X-Cache"] == "hit" and again.content == first.content


def test_content_version_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        version, changed = content_version()
    assert version.count(".") == 1 and changed is not None


# --- The API's validators ------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/v1/case-studies/?country=TH", "/api/v1/cities/"])
def test_the_api_answers_if_none_match_with_304_from_its_cache(client, url, django_assert_max_num_queries):
    first = visit(client, url)
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('W/"') and first["Last-Modified"]
    second = visit(client, url)
    assert second["ETag"] == etag and second.content == first.content

    with django_assert_max_num_queries(1):  # the content version (the throttle is in the cache)
        response = visit(client, url, if_none_match=etag)
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag and response["Cache-Control"].startswith("public")
    assert visit(client, url, if_modified_since=first["Last-Modified"]).status_code == 304


def test_the_api_etag_changes_with_a_publish(client):
    url = f"/api/v1/case-studies/{english(CaseStudyPage, 'traffy-fondue-bangkok').pk}/"
    etag = visit(client, url)["ETag"]
    page = english(CaseStudyPage, "traffy-fondue-bangkok")
    page.title = "Traffy Fondue renamed"
    page.save_revision().publish()
    response = visit(client, url, if_none_match=etag)
    assert response.status_code == 200 and response.json()["title"] == "Traffy Fondue renamed"
    assert response["ETag"] != etag
