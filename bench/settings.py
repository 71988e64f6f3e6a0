"""The portal's settings plus what only the benchmark needs (`make bench`, bench/README.md):
Wagtail's own API v2 as a reference at /bench/wagtail-api/v2/, static reference files at
/bench/static/, and a count of the database queries of each request in a response header.
Never used outside the benchmark."""

from portal.settings import *  # noqa: F403
from portal.settings import INSTALLED_APPS, MIDDLEWARE

INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.api.v2"]
ROOT_URLCONF = "bench.urls"
# First, so the count covers every other middleware's queries as well as the view's.
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
# Reference files are written by the runner; they are served from here.
BENCH_STATIC_DIR = VAR_DIR / "bench" / "static"  # noqa: F405
