"""The engines against doubles of their services on loopback: batching, tags, the
glossary, every error the services document, timeouts and refused connections."""

import pickle

import pytest
from wagtail.models import Locale
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.strings import StringValue

from translation.engines import DeepLEngine, EngineError, LibreTranslateEngine, parse_retry_after
from translation.glossary import Glossary, protect_terms, restore_terms
from translation.models import GlossaryRendering, GlossaryTerm
from translation.tests.engine_doubles import fake_translate

pytestmark = pytest.mark.django_db

ENGINES = ["deepl", "libretranslate"]


@pytest.fixture(params=ENGINES)
def engine_settings(request):
    """Each test below runs once against each engine and its double."""
    return request.getfixturevalue(f"{request.param}_settings")


@pytest.fixture
def locales(db):
    return {locale.language_code: locale for locale in Locale.objects.all()}


def translate(strings, target, locales, source="en"):
    translator = get_machine_translator()
    values = [StringValue(s) for s in strings]
    result = translator.translate(locales[source], locales[target], values)
    return {value.data: translated.data for value, translated in result.items()}


def mark(engine, language):
    """What the double marks its output with: the language as the service spells it (lower case)."""
    if engine == "libretranslate":
        return {"fil": "tl"}.get(language, language)
    return language


# --- Configuration -------------------------------------------------------------


def test_settings_select_our_engine_classes(deepl_settings):
    translator = get_machine_translator()
    assert type(translator) is DeepLEngine
    assert translator.display_name == "DeepL"
    assert translator.get_api_endpoint() == f"{deepl_settings.url}/v2/translate"
    assert deepl_settings.env == {
        "TRANSLATION_ENGINE": "deepl",
        "TRANSLATION_ENGINE_URL": deepl_settings.url,
        "TRANSLATION_ENGINE_KEY": deepl_settings.key,
        "TRANSLATION_ENGINE_TIMEOUT": "5",
    }


def test_libretranslate_settings_select_its_engine(libretranslate_settings):
    translator = get_machine_translator()
    assert type(translator) is LibreTranslateEngine
    assert translator.display_name == "LibreTranslate"
    assert translator.get_api_endpoint() == libretranslate_settings.url


def test_no_engine_configured(settings):
    del settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR
    assert get_machine_translator() is None


def test_deepl_public_endpoints_without_api_url():
    assert DeepLEngine({"AUTH_KEY": "k"}).get_api_endpoint() == "https://api.deepl.com/v2/translate"
    assert DeepLEngine({"AUTH_KEY": "k:fx"}).get_api_endpoint() == "https://api-free.deepl.com/v2/translate"
    assert DeepLEngine({"API_URL": "http://proxy/v2/translate/"}).get_api_endpoint() == "http://proxy/v2/translate"


# --- Translating -------------------------------------------------------------------


def test_a_batch_is_one_request_and_comes_back_in_order(engine_settings, locales):
    strings = [f"Smart city plan number {n}" for n in range(40)]
    result = translate(strings, "th", locales)

    server = engine_settings.server
    assert server.request_count == 1
    assert server.texts_per_request == [40]
    assert server.requests[0].texts == strings
    code = mark(engine_settings.engine, "th")
    for n in range(40):
        assert result[f"Smart city plan number {n}"] == f"[{code}] อัจฉริยะ เมือง แผน number {n}"


def test_request_follows_the_services_documented_api(engine_settings, locales):
    translate(["Smart city"], "fil" if engine_settings.engine == "libretranslate" else "id", locales)
    request = engine_settings.server.requests[0]
    assert request.method == "POST"
    if engine_settings.engine == "deepl":
        assert request.path == "/v2/translate"
        assert request.headers["Authorization"] == f"DeepL-Auth-Key {engine_settings.key}"
        assert request.params["source_lang"] == ["EN"]
        assert request.params["target_lang"] == ["ID"]
        assert request.params["tag_handling"] == ["xml"]
        assert request.params["ignore_tags"] == ["span"]
    else:
        assert request.path == "/translate"
        assert request.params == {
            "q": ["Smart city"],
            "source": "en",
            "target": "tl",  # LibreTranslate's code for Filipino
            "api_key": engine_settings.key,
            "format": "html",
        }


def test_more_texts_than_deepl_takes_at_once_go_in_several_requests(deepl_settings, locales):
    translator = get_machine_translator()
    values = [StringValue(f"plan {n}") for n in range(120)]
    result = translator.translate(locales["en"], locales["ja"], values)
    assert deepl_settings.server.texts_per_request == [50, 50, 20]
    assert translator.requests_made == 3
    assert result[StringValue("plan 119")].data == "[ja] 計画 119"


def test_duplicates_are_sent_once_and_nothing_is_not_sent(engine_settings, locales):
    translator = get_machine_translator()
    assert translator.translate(locales["en"], locales["th"], []) == {}
    assert engine_settings.server.request_count == 0

    result = translator.translate(locales["en"], locales["th"], [StringValue("water"), StringValue("water")])
    assert engine_settings.server.texts_per_request == [1]
    assert len(result) == 1


def test_inline_tags_and_their_ids_survive(engine_settings, locales):
    source = 'The <b>smart</b> <a id="a1">water</a> plan<br/>for <i>cities</i>, <code>v2</code> &amp; more'
    result = translate([source], "vi", locales)[source]
    code = mark(engine_settings.engine, "vi")
    assert result == (
        f'[{code}] The <b>[{code}] thông minh</b> <a id="a1">[{code}] nước</a> [{code}] kế hoạch<br/>'
        f"[{code}] for <i>[{code}] các thành phố</i>, <code>[{code}] v2</code> [{code}] &amp; more"
    )
    # wagtail-localize accepts it as a translation.
    assert StringValue.from_translated_html(result).data == result


# --- Glossary -------------------------------------------------------------------------


@pytest.fixture
def glossary(db):
    jamp = GlossaryTerm.objects.create(term="Smart JAMP", do_not_translate=True)
    bangkok = GlossaryTerm.objects.create(term="Bangkok", do_not_translate=True)
    GlossaryRendering.objects.create(term=bangkok, language="th", text="กรุงเทพมหานคร")
    GlossaryRendering.objects.create(term=bangkok, language="ja", text="バンコク")
    network = GlossaryTerm.objects.create(term="ASEAN Smart Cities Network", do_not_translate=True)
    GlossaryRendering.objects.create(term=network, language="th", text="เครือข่ายเมืองอัจฉริยะอาเซียน")
    # A term the engine may translate except where a rendering says otherwise.
    water = GlossaryTerm.objects.create(term="Water", do_not_translate=False)
    GlossaryRendering.objects.create(term=water, language="ja", text="ウォーター & Co")
    return {"jamp": jamp, "bangkok": bangkok, "network": network, "water": water}


def test_glossary_keeps_names_and_uses_renderings(engine_settings, locales, glossary):
    source = 'Smart JAMP helps <a id="a1">Bangkok</a> in the ASEAN Smart Cities Network; Bangkoks and Smart city'
    code = mark(engine_settings.engine, "th")

    thai = translate([source], "th", locales)[source]
    assert thai == (
        f'Smart JAMP [{code}] helps <a id="a1">กรุงเทพมหานคร</a> [{code}] in the เครือข่ายเมืองอัจฉริยะอาเซียน'
        f"[{code}] ; Bangkoks and อัจฉริยะ เมือง"
    )
    # The engine saw placeholders, and translated their text: the glossary put the names back.
    sent = engine_settings.server.requests[0].texts[0]
    assert '<span translate="no" data-g="' in sent
    assert "[th] Bangkok" not in thai and "span" not in thai
    assert StringValue.from_translated_html(thai).data == thai


def test_glossary_rendering_per_language_and_escaping(engine_settings, locales, glossary):
    source = "Water for Bangkok and Smart JAMP"
    code = mark(engine_settings.engine, "ja")
    assert translate([source], "ja", locales)[source] == "ウォーター &amp; Co [ja] for バンコク [ja] and Smart JAMP"
    # Into Vietnamese "Water" has no rendering and is not protected: the engine translates it;
    # Bangkok has no rendering either, so it is kept as written.
    code = mark(engine_settings.engine, "vi")
    assert translate([source], "vi", locales)[source] == f"[{code}] nước for Bangkok [{code}] and Smart JAMP"


def test_glossary_is_loaded_in_two_queries_per_call(deepl_settings, locales, glossary, django_assert_num_queries):
    translator = get_machine_translator()
    values = [StringValue(f"Bangkok plan {n}") for n in range(30)]
    with django_assert_num_queries(2):
        translator.translate(locales["en"], locales["th"], values)


def test_protect_and_restore_are_plain_functions():
    renderings = [("ASEAN", "ASEAN"), ("ASEAN Smart Cities Network", "ASCN"), ("AT&T", "AT&T"), ("a1", "X")]
    html = 'ASEAN Smart Cities Network and ASEAN, AT&amp;T, ASEANs, asean <a id="a1">a1</a>'
    protected = protect_terms(html, renderings)
    assert protected == (
        '<span translate="no" data-g="1">ASEAN Smart Cities Network</span> and '
        '<span translate="no" data-g="0">ASEAN</span>, <span translate="no" data-g="2">AT&amp;T</span>, '
        'ASEANs, asean <a id="a1"><span translate="no" data-g="3">a1</span></a>'
    )
    engine_output = protected.replace(">ASEAN<", ">อาเซียน<").replace(' translate="no"', "")
    assert restore_terms(engine_output, renderings) == 'ASCN and ASEAN, AT&amp;T, ASEANs, asean <a id="a1">X</a>'
    # A placeholder whose id the engine mangled loses its element but keeps its text.
    assert restore_terms('<span data-g="x">Bangkok</span> <span data-g="-1">y</span>', renderings) == "Bangkok y"
    # Output without placeholders is returned as the engine wrote it.
    assert restore_terms("a<br>b", renderings) == "a<br>b"


def test_glossary_load(glossary):
    assert Glossary.load("th").renderings == [
        ("ASEAN Smart Cities Network", "เครือข่ายเมืองอัจฉริยะอาเซียน"),
        ("Bangkok", "กรุงเทพมหานคร"),
        ("Smart JAMP", "Smart JAMP"),
    ]
    assert ("Water", "ウォーター & Co") in Glossary.load("ja").renderings


# --- Errors ------------------------------------------------------------------------


def engine_error(engine_settings, locales, target="th"):
    with pytest.raises(EngineError) as caught:
        translate(["Smart city"], target, locales)
    return caught.value


ERROR_CASES = [
    # engine, status, retryable, what the service says
    ("deepl", 400, False, "Parameter 'text' not specified"),
    ("deepl", 403, False, "Authorization failed"),
    ("deepl", 429, True, "Too many requests"),
    ("deepl", 456, False, "Quota exceeded"),
    ("deepl", 500, True, "Internal server error"),
    ("deepl", 503, True, "Service unavailable"),
    ("libretranslate", 400, False, "missing q parameter"),
    ("libretranslate", 403, False, "Invalid API key"),
    ("libretranslate", 429, True, "Slowdown: 10 per 1 minute"),
    ("libretranslate", 500, True, "Cannot translate text"),
    ("libretranslate", 503, True, "Service Unavailable"),
]


@pytest.mark.parametrize("engine,status,retryable,words", ERROR_CASES)
def test_error_statuses(request, locales, engine, status, retryable, words):
    engine_settings = request.getfixturevalue(f"{engine}_settings")
    engine_settings.server.fail_next(1, status)
    error = engine_error(engine_settings, locales)
    name = "DeepL" if engine == "deepl" else "LibreTranslate"
    assert error.status == status
    assert error.retryable is retryable
    assert error.retry_after is None
    assert error.engine == name
    assert words in error.service_message
    assert str(error).startswith(f"{name} answered HTTP {status}")
    assert words in str(error)
    # The next request goes through.
    assert translate(["water"], "th", locales)


def test_rate_limit_with_retry_after(engine_settings, locales):
    engine_settings.server.fail_next(1, 429, retry_after=7)
    error = engine_error(engine_settings, locales)
    assert (error.status, error.retryable, error.retry_after) == (429, True, 7.0)
    assert "retry after 7 s" in str(error)


def test_quota_exceeded_says_what_to_do(deepl_settings, locales):
    deepl_settings.server.fail_next(1, 456)
    error = engine_error(deepl_settings, locales)
    assert str(error) == (
        "DeepL answered HTTP 456 Quota Exceeded: Quota exceeded. The character limit has been reached — "
        "the account's character quota is used up: raise it or wait for the next billing period, "
        "then run the job again."
    )


def test_wrong_key_is_refused_by_the_service(engine_settings, locales, settings):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR["OPTIONS"].update(AUTH_KEY="wrong", API_KEY="wrong")
    error = engine_error(engine_settings, locales)
    assert error.status == 403 and not error.retryable
    assert "TRANSLATION_ENGINE_KEY" in str(error)


def test_unsupported_language_at_the_service_is_a_clear_400(libretranslate_settings, locales):
    libretranslate_settings.server.languages = {"en", "th"}
    error = engine_error(libretranslate_settings, locales, target="ja")
    assert str(error) == "LibreTranslate answered HTTP 400 Bad Request: ja is not supported."
    assert not error.retryable


def test_connection_refused_is_retryable(engine_settings, locales):
    engine_settings.server.stop()
    error = engine_error(engine_settings, locales)
    assert error.retryable and error.status is None
    assert "Connection refused" in str(error)
    assert engine_settings.url in str(error)
    # The service comes back at the same address.
    engine_settings.server.start()
    assert translate(["water"], "th", locales) == {"water": f"[{mark(engine_settings.engine, 'th')}] น้ำ"}


def test_timeout_is_retryable(engine_settings, locales, settings):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR["OPTIONS"]["TIMEOUT"] = 0.3
    engine_settings.server.set_latency(2)
    error = engine_error(engine_settings, locales)
    assert error.retryable and error.status is None
    assert "did not answer within 0.3 s" in str(error)


def test_an_answer_that_does_not_match_the_request(deepl_settings, locales, monkeypatch):
    original = deepl_settings.server.respond

    def drop_one(*args):
        status, payload, headers = original(*args)
        payload["translations"].pop()
        return status, payload, headers

    monkeypatch.setattr(deepl_settings.server, "respond", drop_one)
    error = engine_error(deepl_settings, locales)
    assert str(error) == "DeepL answered with 0 translations for 1 texts."
    assert not error.retryable


def test_engine_error_survives_pickling():
    error = EngineError("DeepL answered HTTP 429", engine="DeepL", status=429, retryable=True, retry_after=3.0)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.message, copy.status, copy.retryable, copy.retry_after) == (error.message, 429, True, 3.0)
    # Celery's JSON result backend rebuilds an exception from its message alone.
    assert EngineError(*error.args).message == error.message


def test_parse_retry_after():
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470) == 10.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


# --- Languages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "engine_class,supported,unsupported",
    [
        (DeepLEngine, ["id", "th", "vi", "ja"], ["ms", "fil", "km", "lo", "my"]),
        (LibreTranslateEngine, ["id", "ms", "th", "vi", "fil", "ja"], ["km", "lo", "my"]),
    ],
)
def test_can_translate(engine_class, supported, unsupported, locales):
    translator = engine_class({})
    for code in supported:
        assert translator.can_translate(locales["en"], locales[code]), code
        assert translator.unsupported_reason(locales["en"], locales[code]) is None
    for code in unsupported:
        assert not translator.can_translate(locales["en"], locales[code]), code
    assert not translator.can_translate(locales["en"], locales["en"])
    assert translator.unsupported_reason("en", "lo") == f"{translator.display_name} cannot translate into Lao"


def test_supported_languages_can_be_configured():
    translator = LibreTranslateEngine({"TARGET_LANGUAGES": ["th", "lo"]})
    assert translator.can_translate("en", "lo")
    assert not translator.can_translate("en", "ja")
    assert DeepLEngine({"TARGET_LANGUAGES": ["MS"]}).can_translate("en", "ms")


def test_fake_translation_is_visible_and_keeps_tags():
    assert fake_translate('Smart <a id="a1">city</a>', "th") == '[th] อัจฉริยะ <a id="a1">[th] เมือง</a>'
