"""Browser tests: Playwright drives Debian's Chromium (its own browser download cannot work here)."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the live server's database
# access happens in its own thread, and the test's own ORM calls are plain sync code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed: `apt-get install chromium` (.ci/run does it)")
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_FLAGS}


@pytest.fixture
def portal(live_server, committed_demo_content):
    """The address of a live server with the demo content."""
    return live_server.url


@pytest.fixture
def page(portal, page):
    """Playwright's page, closed before the live server's data is emptied: a closing admin
    page sends Wagtail's editing-session beacon, which must not meet the flush."""
    yield page
