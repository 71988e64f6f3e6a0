"""Security headers on every kind of response, and the production settings (PRODUCTION=1)."""

import base64
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from portal.tests.helpers import soup

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]

PUBLIC_PAGES = [
    "/",
    "/about/",
    "/cities/",
    "/cities/bangkok/",
    "/case-studies/",
    "/case-studies/?country=thailand&focus_area=civic-social",
    "/cities/bangkok/traffy-fondue-bangkok/",
    "/events/",
    "/events/asean-japan-hlm-4/",
    "/search/?q=water",
    "/th/",
    "/subscribe/",
    "/login/",
    "/cities/atlantis/",  # the 404 page
]


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_send_the_security_headers(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    csp = policy(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["style-src"] and "'unsafe-inline'" not in csp["default-src"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_have_no_inline_scripts_or_handlers(client, url):
    """What the policy forbids must not be in our pages, or the browser would drop it."""
    html = BeautifulSoup(client.get(url).content, "html.parser")
    for script in html.find_all("script"):
        # JSON data islands (json_script) are not executed.
        assert script.get("src") or script.get("type") == "application/json", f"inline script on {url}: {script}"
    for element in html.find_all(True):
        handlers = [name for name in element.attrs if name.lower().startswith("on")]
        assert not handlers, f"inline event handler on {url}: {element.name} {handlers}"
        assert not str(element.get("href", "")).lower().startswith("javascript:"), url
    assert not html.find_all("style"), f"<style> element on {url}"


def test_the_map_tile_server_is_allowed_for_images(client, settings):
    settings.MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"  # the policy is built at start-up
    csp = policy(client.get("/"))
    assert csp["img-src"][:2] == ["'self'", "data:"]
    assert "https://tile.openstreetmap.org" in csp["img-src"]


def test_embed_pages_may_be_framed_by_any_site(client):
    response = client.get("/embed/case-studies/", {"country": "thailand"})
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    csp = policy(response)
    assert csp["frame-ancestors"] == ["'self'", "*"]
    # Its one inline script is allowed by its hash, and nothing else inline is.
    script = soup(response).find("script").string
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert csp["script-src"] == ["'self'", f"'sha256-{digest}'"]


def test_api_docs_load_their_script_from_a_url_not_inline(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    csp = policy(response)
    assert csp["script-src"] == ["'self'"]
    scripts = soup(response).find_all("script")
    assert scripts and all(script.get("src") for script in scripts)
    start = [script["src"] for script in scripts if "script=" in script["src"]]
    assert start and client.get(start[0]).status_code == 200


def test_the_admin_has_its_own_looser_policy(client, django_user_model):
    response = client.get("/admin/login/")
    csp = policy(response)
    assert "'unsafe-inline'" in csp["script-src"]  # Wagtail's admin needs it (portal/csp.py)
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'self'"]


def test_api_responses_send_nosniff_and_cors(client):
    response = client.get("/api/v1/case-studies/", HTTP_ORIGIN="https://partner.example")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Access-Control-Allow-Origin"] == "*"


# --- Production settings ------------------------------------------------------------

PRODUCTION_ENV = {
    "PRODUCTION": "1",
    "SECRET_KEY": "k3y-" + "x7Qz9" * 12,
    "ALLOWED_HOSTS": "portal.example.org",
    "BASE_URL": "https://portal.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",  # only connected to, never written
    "REDIS_URL": "redis://127.0.0.1:6379/15",
    "EMAIL_URL": "smtp://127.0.0.1:2525",
}


def manage(*args, env):
    # As a deployment starts it: without the test run's own variables (the browser tests'
    # DJANGO_ALLOW_ASYNC_UNSAFE would trip a deploy check).
    ignored = {*PRODUCTION_ENV, "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {key: value for key, value in os.environ.items() if key not in ignored}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_are_strict():
    script = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER, s.DEBUG)"
    )
    result = manage("shell", "-c", script, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "True 31536000 True True True ('HTTP_X_FORWARDED_PROTO', 'https') False"
    )


def database_url():
    """The test database's URL: the API schema checks read its tables."""
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def test_check_deploy_is_clean_with_production_variables():
    env = {**PRODUCTION_ENV, "DATABASE_URL": database_url()}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_missing_production_variable_stops_start_up_with_its_name():
    env = {**PRODUCTION_ENV, "SECRET_KEY": "", "EMAIL_URL": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "PRODUCTION is set but SECRET_KEY, EMAIL_URL are not" in result.stderr


def test_a_weak_secret_key_is_refused_in_production():
    result = manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": "django-insecure-" + "a1" * 30})
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def test_production_refuses_debug():
    result = manage("check", env={**PRODUCTION_ENV, "DEBUG": "1"})
    assert result.returncode != 0
    assert "PRODUCTION and DEBUG are both set" in result.stderr


def test_behind_the_proxy_plain_http_is_redirected_and_https_gets_hsts(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = client.get("/about/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    assert client.get("/healthz").status_code == 200  # load balancers probe over HTTP
    secure = client.get("/about/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
