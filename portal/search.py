"""Turning what a visitor typed into a query every search backend accepts."""

import re

from django.conf import settings
from modelsearch.utils import parse_query_string

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(raw, notices):
    """Collapse spaces, drop control characters, shorten overlong queries (with a notice)."""
    query = " ".join(CONTROL_CHARACTERS.sub(" ", raw).split())
    limit = settings.SEARCH_QUERY_MAX_LENGTH
    if len(query) > limit:
        notices.append(f"Your search was shortened to its first {limit} characters.")
        cut = query[:limit]
        query = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return query


def search_query(query):
    """A parsed query: "quoted words" are phrases, the rest must all match.

    Raw strings would reach the backend's own syntax (SQLite FTS5 rejects an
    unbalanced quote); colons would be read as filters, so they are plain text here."""
    _, parsed = parse_query_string(query.replace(":", " "), operator="and")
    return parsed
