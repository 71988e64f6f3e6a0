"""Local and demo accounts: passwords generated once and kept in var/, so logins stay stable."""

import json
import secrets

from django.conf import settings


def _passwords_file():
    return settings.VAR_DIR / "demo_passwords.json"


def _load():
    path = _passwords_file()
    return json.loads(path.read_text()) if path.exists() else {}


def demo_password(username):
    """The demo account's password: generated on first use, then always the same."""
    passwords = _load()
    if username not in passwords:
        passwords[username] = secrets.token_urlsafe(9)
        path = _passwords_file()
        path.write_text(json.dumps(passwords, indent=2))
        path.chmod(0o600)
    return passwords[username]


def known_demo_passwords():
    return _load()
