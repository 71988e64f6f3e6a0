"""Words for search in every content language: ICU word breaking, accent folding, Malay stems.

Thai, Lao, Khmer, Burmese and Japanese are written without spaces between words; ICU
(bundled by icu4py) finds the words with its dictionaries, whatever the page's language,
since it picks its dictionary by script. Accents on Latin letters are folded away
(Hà Nội → ha noi) so that a visitor typing without them still finds the page; the marks
of the other scripts are their vowels and tones, and stay.

A page carries these words in one more search field (PortalPageMixin.search_words) and
portal.search puts a visitor's query through the same steps, so page and query meet on
the same tokens whichever database does the full-text search. Two tokens need care:

- SQLite FTS5's tokenizer (unicode61) splits words at combining marks: กรุงเทพ would be
  indexed as กร + งเทพ, and Burmese falls apart into single letters. A word containing a
  mark therefore travels as `x0` and the hex of its UTF-8, which both FTS5 and
  PostgreSQL's parser keep as one token (PostgreSQL: a "numword", which no stemmer touches).
- A dictionary keeps compounds whole: กรุงเทพมหานคร (Bangkok, in full) is one word, so a
  search for กรุงเทพ would miss it. The words a compound is made of are added after the
  page's word sequence (Thai, Lao, Khmer, Burmese; Japanese compounds break well already,
  and its kanji would give false friends: 京都 inside 東京都).

Bahasa Indonesia and Melayu build words with prefixes and suffixes (pembangunan,
membangun, bangunan ← bangun): their pages also carry each word's stem, found by the
small rule set in `malay_stems`, and a query word matches the word or its stem.
Filipino affixes (infixes, reduplication) are not handled: its words match as written,
accents folded."""

import functools
import unicodedata

from django.db.models import Manager
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from icu4py.breakers import WordBreaker
from modelsearch.index import RelatedFields, SearchField
from wagtail.models import Locale

# Languages whose words take Malay/Indonesian affixes (portal/languages.py codes).
MALAY_LANGUAGES = {"id", "ms"}

# Scripts whose dictionary compounds are also indexed part by part.
COMPOUND_SCRIPTS = [
    ("\u0e00", "\u0e7f"),  # Thai
    ("\u0e80", "\u0eff"),  # Lao
    ("\u1000", "\u109f"),  # Myanmar
    ("\ua9e0", "\ua9ff"),  # Myanmar Extended-B
    ("\uaa60", "\uaa7f"),  # Myanmar Extended-A
    ("\u1780", "\u17ff"),  # Khmer
    ("\u19e0", "\u19ff"),  # Khmer symbols
]
# Compounds longer than this (in syllables, roughly) are not taken apart: the search for
# parts grows with the square of the length, and long "words" are usually runs of text
# the dictionary does not know.
MAX_COMPOUND_SYLLABLES = 20
# Longer words are dropped from the extra field: PostgreSQL refuses tokens over 2 KB.
MAX_WORD_LENGTH = 100

ENCODED_PREFIX = "x0"


def _has_word_character(segment):
    return any(unicodedata.category(ch)[0] in "LN" for ch in segment)


def segment(text, language=None):
    """The words of `text`, in order, as ICU breaks them (spaces and punctuation dropped)."""
    if not text:
        return []
    text = unicodedata.normalize("NFC", text)
    return [word for word in WordBreaker(text, language or "en") if _has_word_character(word)]


@functools.cache
def _is_latin(ch):
    return ch < "\u0250" or "LATIN" in unicodedata.name(ch, "")


# Latin letters with a stroke rather than a combining accent: NFKD leaves them whole.
STROKED_LETTERS = str.maketrans({"đ": "d", "Đ": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "ħ": "h", "Ħ": "h"})


@functools.lru_cache(maxsize=100_000)
def fold(text):
    """Lower case, compatibility forms unified, accents of Latin letters dropped (Hà Nội → ha noi).

    Marks on any other script are kept: in Thai, Lao, Khmer and Burmese they are vowels
    and tones, part of the spelling."""
    kept = []
    base_is_latin = False
    for ch in unicodedata.normalize("NFKD", text.translate(STROKED_LETTERS)):
        if unicodedata.combining(ch):
            if base_is_latin:
                continue
        else:
            base_is_latin = _is_latin(ch)
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)).casefold()


def as_token(word):
    """The word as one token for every search backend (see the module's notes)."""
    if any(unicodedata.category(ch)[0] == "M" for ch in word):
        return ENCODED_PREFIX + word.encode("utf-8").hex()
    return word


def tokens(text, language=None):
    """The search tokens of a text, in order: words broken, folded, encoded where needed."""
    return [as_token(fold(word)) for word in segment(text, language) if len(word) <= MAX_WORD_LENGTH]


def _in_compound_script(word):
    return any(low <= word[0] <= high for low, high in COMPOUND_SCRIPTS)


def _is_single_word(text, language):
    # ICU makes a segment of any run it cannot split, so one segment proves little; a
    # dictionary word repeated (กรุงเทพกรุงเทพ) still breaks into itself twice.
    return segment(text + text, language) == [text, text]


# Where a part of a compound cannot start: after a stacker (Myanmar virama, Khmer coeng:
# the next letter is written below) or a Thai/Lao vowel written before its consonant;
# before a vowel written after its consonant, or a Myanmar consonant made final by asat.
STACKERS = frozenset("\u1039\u17d2")
LEADING_VOWELS = frozenset("เแโใไເແໂໃໄ")
FOLLOWING_VOWELS = frozenset("ะาำๅະາຳ")
FINAL_MARKS = frozenset("\u103a\u1039")
MYANMAR_DOT_FINALS = frozenset(["\u1037\u103a", "\u1037\u1039"])  # င့် : the dot comes first


def _syllable_starts(word):
    starts = [0]
    for i in range(1, len(word)):
        ch = word[i]
        if (
            unicodedata.category(ch)[0] in "LN"
            and ch not in FOLLOWING_VOWELS
            and word[i - 1] not in STACKERS
            and word[i - 1] not in LEADING_VOWELS
            and word[i + 1 : i + 2] not in FINAL_MARKS
            and word[i + 1 : i + 3] not in MYANMAR_DOT_FINALS
        ):
            starts.append(i)
    return starts


@functools.lru_cache(maxsize=50_000)
def compound_parts(word, language=None):
    """The dictionary words inside a compound (กรุงเทพมหานคร → กรุงเทพ, มหานคร, นคร …)."""
    if not word or not _in_compound_script(word):
        return ()
    bounds = [*_syllable_starts(word), len(word)]
    if not 3 <= len(bounds) <= MAX_COMPOUND_SYLLABLES + 1:
        return ()
    # Burmese marks its final consonants (asat), so its units are syllables; in Thai, Lao
    # and Khmer a final is a bare letter and a unit can be half a syllable (กรุ|ง): a part
    # there spans two units at least.
    shortest = 1 if "\u1000" <= word[0] <= "\u109f" else 2
    parts = []
    for i, start in enumerate(bounds):
        for end in bounds[i + shortest :]:
            part = word[start:end]
            if len(part) > 1 and part != word and _is_single_word(part, language):
                parts.append(part)
    return tuple(parts)


# --- Bahasa Indonesia / Melayu ---------------------------------------------------

MIN_STEM_LENGTH = 4
PARTICLES = ("lah", "kah", "tah", "pun")
POSSESSIVES = ("nya", "ku", "mu")
SUFFIXES = ("kan", "an", "i")
PREFIXES = ("memper", "diper", "ber", "ter", "per", "di", "ke", "se", "be", "me", "pe")
# A second prefix is read only inside a first (ke-ber-lanjut-an, mem-per-baik-i).
INNER_PREFIXES = ("ber", "per")
VOWELS = frozenset("aeiou")


def _without(word, suffixes):
    for suffix in suffixes:
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _prefix_readings(word):
    """Each way of reading a prefix off the word, nasal changes undone.

    meN-/peN- swallow the first consonant of some roots (menata ← tata, memantau ←
    pantau, menyediakan ← sedia, mengelola ← kelola): both readings are kept where
    either could be right."""
    for nasal, lost in (("meng", "k"), ("peng", "k"), ("meny", "s"), ("peny", "s")):
        if word.startswith(nasal):
            rest = word[len(nasal) :]
            if rest[:1] not in VOWELS:
                return [rest]
            return [lost + rest] if lost == "s" else [rest, lost + rest]
    for nasal, lost in (("mem", "p"), ("pem", "p"), ("men", "t"), ("pen", "t")):
        if word.startswith(nasal):
            rest = word[len(nasal) :]
            return [rest, lost + rest] if rest[:1] in VOWELS else [rest]
    for prefix in PREFIXES:
        if word.startswith(prefix):
            return [word[len(prefix) :]]
    return []


@functools.lru_cache(maxsize=50_000)
def malay_stems(word):
    """Likely stems of an Indonesian or Malay word (without the word itself).

    A small rule set after Tala's stemmer: a particle and a possessive off the end, then
    one suffix (-kan, -an, -i) and a prefix (a second one only when it is ber- or per-),
    in either order. Every reading is kept, since a rule cannot tell menara (tower) from
    men-ara; stems shorter than four letters are not offered, so short roots (jalan,
    taman, kota) stay as written."""
    if not word.isalpha() or len(word) <= MIN_STEM_LENGTH:
        return ()
    base = _without(_without(word, PARTICLES), POSSESSIVES)
    stems = {base: None}
    frontier = [(base, False, 0)]  # (stem, suffix taken, prefixes taken)
    while frontier:
        current, suffix_taken, prefixes_taken = frontier.pop()
        readings = []
        if not suffix_taken:
            readings += [(current[: -len(s)], True, prefixes_taken) for s in SUFFIXES if current.endswith(s)][:1]
        if prefixes_taken == 0:
            readings += [(stem, suffix_taken, 1) for stem in _prefix_readings(current)]
        elif prefixes_taken == 1 and current.startswith(INNER_PREFIXES):
            inner = next(p for p in INNER_PREFIXES if current.startswith(p))
            readings.append((current[len(inner) :], suffix_taken, 2))
        for stem, *state in readings:
            if len(stem) >= MIN_STEM_LENGTH and stem not in stems:
                stems[stem] = None
                frontier.append((stem, *state))
    stems.pop(word, None)
    return tuple(stems)


# --- What a page gives the index -------------------------------------------------


@functools.lru_cache(maxsize=64)
def _language_of_locale(locale_id):
    return Locale.objects.filter(pk=locale_id).values_list("language_code", flat=True).first()


@receiver([post_save, post_delete], sender=Locale, dispatch_uid="portal.segmentation.locales_changed")
def _forget_locales(**kwargs):
    _language_of_locale.cache_clear()


def page_language(page):
    if type(page).locale.is_cached(page):
        return page.locale.language_code
    return _language_of_locale(page.locale_id)


def _texts(obj, fields):
    """The indexed text of an object's SearchFields (and its related objects'), as the
    search backends gather it, without the search words themselves."""
    for field in fields:
        if isinstance(field, SearchField) and field.field_name != "search_words":
            yield from _flatten(field.get_value(obj))
        elif isinstance(field, RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            if isinstance(related, Manager):
                related = related.all()
            elif callable(related):
                related = [related()]
            else:
                related = [related]
            for item in related:
                yield from _texts(item, field.fields)


def _flatten(value):
    if value is None:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _flatten(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _flatten(item)
    else:
        yield str(value)


def words_for_index(page):
    """The page's text as search tokens, for its `search_words` field.

    Empty for text in plain ASCII, which every backend already reads word by word;
    otherwise the words in order (so "quoted phrases" match), then the parts of compounds,
    then, in Indonesian and Malay, the stems."""
    text = "\n".join(_texts(page, page.get_search_fields()))
    return _words_for_text(text, page_language(page))


# The backends ask for each field's value once per index column (three to five times a
# page): the text is gathered each time, its words are worked out once.
@functools.lru_cache(maxsize=16)
def _words_for_text(text, language):
    malay = language in MALAY_LANGUAGES
    if text.isascii() and not malay:
        return ""
    words = segment(text, language)
    sequence = [] if text.isascii() else [as_token(fold(word)) for word in words if len(word) <= MAX_WORD_LENGTH]
    extra = {}
    for word in dict.fromkeys(words):
        for part in compound_parts(word, language):
            extra[as_token(fold(part))] = None
        if malay:
            for stem in malay_stems(fold(word)):
                extra[stem] = None
    return " ".join([*sequence, *extra])
