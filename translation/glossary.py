"""The glossary around every engine: names of cities, programmes and organisations come
out as the network writes them, whatever the engine would have made of them.

Before a string goes to an engine, each glossary term in its text (whole word, case
as written, longest first) whose ``rendering_for(language)`` is not None becomes a
placeholder element, ``<span translate="no" data-g="3">Smart JAMP</span>``. DeepL (XML
tag handling, with ``span`` in ``ignore_tags``) and LibreTranslate (HTML format) keep
elements and their attributes; after translation the whole element, whatever the
engine did to its text, is replaced by the rendering, HTML-escaped.

``span`` cannot collide with wagtail-localize's own markup: its strings hold only the
inline tags ``a abbr acronym b code em i strong br`` (and ``id`` on ``<a>``), and a
``span`` left in a translation would be refused by ``StringValue.from_translated_html``
— so ``restore_terms`` removes every one.
"""

import re
from dataclasses import dataclass, field
from html import escape

from bs4 import BeautifulSoup, NavigableString

PLACEHOLDER_TAG = "span"
PLACEHOLDER_ATTR = "data-g"

# A tag, a comment, or a run of text between them (wagtail-localize strings hold no
# comments, but a stray "<" must not swallow the rest of the string).
_TAG = re.compile(r"(<[^<>]*>)")


def _escape_text(text):
    """The term as it appears in a StringValue's HTML (BeautifulSoup escapes only &, <, >)."""
    return escape(text, quote=False)


def terms_pattern(terms):
    """One regex matching any of the terms as a whole word, longest first, case as written.

    Terms are matched in their HTML-escaped form ("AT&T" as "AT&amp;T"). Word boundaries
    are lookarounds rather than \\b, so terms that start or end with punctuation ("C40",
    "ASEAN+3") still match only as whole words.
    """
    ordered = sorted({_escape_text(term) for term in terms if term.strip()}, key=lambda t: (-len(t), t))
    if not ordered:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(term) for term in ordered) + r")(?!\w)")


def protect_terms(html, renderings):
    """Wrap each glossary term in the text of `html` in a placeholder element.

    `renderings` is the ordered list of (term, rendering) pairs of a Glossary; the
    placeholder's data-g attribute is the pair's index. Tags and their attributes are
    never touched, only the text between them.
    """
    pattern = terms_pattern(term for term, _ in renderings)
    if pattern is None:
        return html
    index = {_escape_text(term): position for position, (term, _) in enumerate(renderings)}

    def placeholder(match):
        return (
            f'<{PLACEHOLDER_TAG} translate="no" {PLACEHOLDER_ATTR}="{index[match.group(1)]}">'
            f"{match.group(1)}</{PLACEHOLDER_TAG}>"
        )

    parts = _TAG.split(html)
    # split() with one group alternates text, tag, text, tag, … text.
    for position in range(0, len(parts), 2):
        if parts[position]:
            parts[position] = pattern.sub(placeholder, parts[position])
    return "".join(parts)


def restore_terms(html, renderings):
    """Replace every placeholder element in an engine's output by its rendering.

    Whatever the engine did to the placeholder's text is dropped. A placeholder whose
    data-g the engine mangled keeps its text without the element (so the string stays
    valid for wagtail-localize). Output without placeholders is returned unchanged.
    """
    if f"<{PLACEHOLDER_TAG}" not in html.lower():
        return html
    soup = BeautifulSoup(html, "html.parser")
    # One at a time: replacing an element also drops any placeholder the engine nested in it.
    while (element := soup.find(PLACEHOLDER_TAG)) is not None:
        position = element.get(PLACEHOLDER_ATTR, "")
        if position.isascii() and position.isdigit() and int(position) < len(renderings):
            element.replace_with(NavigableString(renderings[int(position)][1]))
        else:
            element.unwrap()
    return str(soup)


@dataclass(frozen=True)
class Glossary:
    """The glossary as one target language needs it: (term, rendering) pairs."""

    language: str
    renderings: list = field(default_factory=list)

    @classmethod
    def load(cls, language_code):
        """Terms with a rendering for this language (or kept as written), in two queries."""
        from django.db.models import Prefetch

        from translation.models import GlossaryRendering, GlossaryTerm

        terms = GlossaryTerm.objects.prefetch_related(
            Prefetch("renderings", queryset=GlossaryRendering.objects.filter(language=language_code))
        )
        renderings = []
        for term in terms:
            rendering = term.rendering_for(language_code)
            if rendering is not None:
                renderings.append((term.term, rendering))
        return cls(language=language_code, renderings=renderings)

    def __bool__(self):
        return bool(self.renderings)

    def protect(self, html):
        return protect_terms(html, self.renderings) if self.renderings else html

    def restore(self, html):
        return restore_terms(html, self.renderings) if self.renderings else html


class GlossaryMixin:
    """Put the glossary around a wagtail-localize machine translator.

    The translator class provides ``translate_texts(source_locale, target_locale, texts)``
    (a list of HTML strings in, the same number of translated strings out, in order);
    this mixin's ``translate`` is wagtail-localize's interface: StringValues in, a dict
    of StringValue → StringValue out. The glossary is loaded once per call.
    """

    def translate(self, source_locale, target_locale, strings):
        from wagtail_localize.strings import StringValue

        strings = list(dict.fromkeys(strings))  # the admin passes dict keys; duplicates cost characters
        if not strings:
            return {}
        glossary = Glossary.load(target_locale.language_code)
        translated = self.translate_texts(
            source_locale, target_locale, [glossary.protect(string.data) for string in strings]
        )
        return {string: StringValue(glossary.restore(text)) for string, text in zip(strings, translated, strict=True)}

    def translate_texts(self, source_locale, target_locale, texts):
        raise NotImplementedError
