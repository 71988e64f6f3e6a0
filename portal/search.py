"""Turning what a visitor typed into a query every search backend accepts."""

import re

from django.conf import settings
from django.utils.translation import get_language, gettext
from modelsearch.query import MATCH_NONE, And, Phrase, PlainText
from modelsearch.utils import parse_query_string

from portal.segmentation import MALAY_LANGUAGES, malay_stems, tokens

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(raw, notices):
    """Collapse spaces, drop control characters, shorten overlong queries (with a notice)."""
    query = " ".join(CONTROL_CHARACTERS.sub(" ", raw).split())
    limit = settings.SEARCH_QUERY_MAX_LENGTH
    if len(query) > limit:
        notices.append(gettext("Your search was shortened to its first %(limit)s characters.") % {"limit": limit})
        cut = query[:limit]
        query = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return query


def search_query(query, language=None):
    """A parsed query: "quoted words" are phrases, the rest must all match.

    Raw strings would reach the backend's own syntax (SQLite FTS5 rejects an
    unbalanced quote); colons would be read as filters, so they are plain text here.
    Each word goes through the steps the pages' text went through when indexed
    (portal.segmentation): broken into words where the script has no spaces, accents of
    Latin letters folded, and in Indonesian and Malay matched by its stem too. A typed
    word that breaks into several (ระบบขนส่ง → ระบบ ขนส่ง) must match them in a row.
    `language` is the language being searched (the active one by default)."""
    language = language or get_language()
    _, parsed = parse_query_string(query.replace(":", " "), operator="and")
    words, queries = [], []
    for part in _parts(parsed):
        chunks = [part.query_string] if isinstance(part, Phrase) else part.query_string.split()
        for chunk in chunks:
            chunk_words = tokens(chunk, language)
            if len(chunk_words) > 1:
                queries.append(Phrase(" ".join(chunk_words)))
            elif chunk_words and language in MALAY_LANGUAGES and malay_stems(chunk_words[0]):
                queries.append(PlainText(" ".join([chunk_words[0], *malay_stems(chunk_words[0])]), operator="or"))
            else:
                words += chunk_words
    if words:
        # All in one query: SQLite ranks a combination of queries (And) poorly.
        queries.insert(0, PlainText(" ".join(dict.fromkeys(words)), operator="and"))
    if not queries:
        return MATCH_NONE
    return queries[0] if len(queries) == 1 else And(queries)


def _parts(parsed):
    if isinstance(parsed, And):
        return parsed.subqueries
    if isinstance(parsed, (PlainText, Phrase)):
        return [parsed]
    return []  # nothing to search for
