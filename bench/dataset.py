"""The benchmark dataset: case studies across generated cities, in several languages, from a seed.

    python -m bench.dataset --size 10000 --cities 300 --seed 1 --languages en,th,vi

Run from the project directory after `manage.py migrate` and `manage.py load_demo_content`
(it sets Django up itself; the database is the one DATABASE_URL names). The same size,
cities, seed and languages give the same cities, titles, slugs and texts every time.

Cities are CityPages under the English city index, each translated into the other
languages (a copy in that language's city index, with the same slug and translation key,
as wagtail-localize makes it); case studies sit under their lead city, uneven in number,
with StreamField sections (paragraphs, a figure, key figures, a quote), focus areas,
SDGs, tags and a hero image from a pool of generated images in the "Bench" collection.

Pages are stored as Wagtail stores published pages (treebeard paths, url paths, live,
publication times, locale and translation key) but written in bulk: `add_child()` and a
revision per page would take over an hour for 30,000 pages. They have no revisions, which
nothing that serves them needs (an editor's first edit makes one). They are indexed for
search through the search backend's own bulk call, as `update_index` would index them.

Bench pages are the cities whose slug starts with "bench-" (in every language) and the
pages below them; nothing else is touched. A manifest (VAR_DIR/bench/dataset.json) says
what was built and gives the load generator its samples; a second run with the same
parameters on the same database finds it and the pages and does nothing. Other
parameters remove the bench pages and build again.
"""

import argparse
import copy
import html
import json
import os
import random
import re
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from django.utils.text import slugify

from bench import words

SLUG_PREFIX = "bench-"
COLLECTION_NAME = "Bench"
IMAGE_COUNT = 40
BATCH_SIZE = 500  # case studies written and indexed together (times the languages)
SAMPLE_COUNT = 50
THAI_SAMPLE_COUNT = 10
MANIFEST_VERSION = 1  # raise when the generated pages or the manifest change
DEFAULTS = {"size": 10_000, "cities": 300, "seed": 1, "languages": ("en", "th", "vi")}
SOURCE_LANGUAGE = "en"
STAGES = [("idea", 5), ("pilot", 20), ("scaling", 15), ("operational", 45), ("completed", 15)]
PUBLISHED_FROM = datetime(2019, 1, 1, tzinfo=UTC)
PUBLISHED_SPAN = 7 * 365 * 86_400  # seconds


# --- Text generation (no database) ---------------------------------------------------

THAI_LATIN_BOUNDARY = re.compile(r"(?<=[\u0e00-\u0e7f])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%])(?=[\u0e00-\u0e7f])")


def _lower_first(text):
    # "Smart parking" → "smart parking", but "CCTV network" stays as it is.
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _finish(text, language):
    if language == "th":
        # Thai has no spaces between words, but sets Latin names and numbers apart.
        return " ".join(THAI_LATIN_BOUNDARY.sub(" ", text).split())
    return text[:1].upper() + text[1:]


def _number(value):
    return {"en": f"{value:,}", "th": f"{value:,}", "vi": f"{value:,}".replace(",", ".")}


def _weighted(rng, choices):
    total = sum(weight for _, weight in choices)
    point = rng.uniform(0, total)
    for value, weight in choices:
        point -= weight
        if point <= 0:
            return value
    return choices[-1][0]


def _slugify(text):
    return slugify(text)[:80].strip("-")


class Generator:
    """Cities and case studies as plain data, each text in every language, from one random.Random(seed)."""

    def __init__(self, seed, languages, countries, focus_slugs, sdg_numbers):
        self.rng = random.Random(seed)
        self.languages = languages
        self.countries = countries  # [(iso_code, English name)], in a fixed order
        self.focus_slugs = [slug for slug in focus_slugs if slug in words.FOCUS_VOCABULARY]
        self.sdg_numbers = set(sdg_numbers)

    def uuid(self):
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def published(self):
        return PUBLISHED_FROM + timedelta(seconds=self.rng.randrange(PUBLISHED_SPAN))

    def render(self, template, language, slots):
        return _finish(template[language].format_map(slots[language]), language)

    # --- Cities

    def city_name(self, iso, taken):
        parts = words.CITY_NAME_PARTS.get(iso, words.DEFAULT_CITY_NAME_PARTS)
        for attempt in range(200):
            first, second = self.rng.choice(parts["first"]), self.rng.choice(parts["second"])
            pairs = [p if isinstance(p, tuple) else (p, p) for p in (first, second)]
            latin = parts["join"].join(p[0] for p in pairs)
            native = ("" if iso == "TH" else parts["join"]).join(p[1] for p in pairs)
            if attempt >= 100:  # a small country ran out of pairs: number them
                latin, native = f"{latin} {attempt - 98}", f"{native} {attempt - 98}"
            if _slugify(latin) not in taken:
                taken.add(_slugify(latin))
                name = {language: latin for language in self.languages}
                if iso == "TH" and "th" in name:
                    name["th"] = native
                if iso == "VN" and "vi" in name:
                    name["vi"] = native
                return name
        raise RuntimeError(f"no free city name in {iso}")

    def cities(self, count):
        weights = [(iso, words.COUNTRY_WEIGHTS.get(iso, words.DEFAULT_COUNTRY_WEIGHT)) for iso, _ in self.countries]
        names = dict(self.countries)
        taken, cities = set(), []
        for number in range(count):
            iso = _weighted(self.rng, weights)
            name = self.city_name(iso, taken)
            south, north, west, east = words.COUNTRY_BOUNDS.get(iso, words.DEFAULT_BOUNDS)
            country = {"en": names[iso], "th": names[iso], "vi": names[iso]}
            if iso in words.COUNTRY_NAMES:
                country["th"], country["vi"] = words.COUNTRY_NAMES[iso]
            population = self.rng.randint(20, 3_000) * 1_000
            focus = self.rng.sample(self.focus_slugs, k=self.rng.randint(1, 3))
            goals = [self.rng.choice(words.FOCUS_VOCABULARY[slug]["goals"]) for slug in focus]
            slots = self._slots(
                {
                    "city": name,
                    "country": country,
                    "population": _number(population),
                    "year": str(self.rng.randint(2018, 2025)),
                    "goal": goals[0],
                    "goal2": self.rng.choice(goals[1:] or [self.rng.choice(words.FOCUS_VOCABULARY[focus[0]]["goals"])]),
                }
            )
            summary = self.rng.choice(words.CITY_SUMMARIES)
            paragraphs = self.rng.sample(words.CITY_PARAGRAPHS, k=2)
            block_ids = [str(self.uuid()) for _ in range(3)]
            image = self.rng.randrange(IMAGE_COUNT)
            texts = {}
            for language in self.languages:
                texts[language] = {
                    "title": name[language],
                    "summary": self.render(summary, language, slots),
                    "body": [
                        {"type": "paragraph", "value": self._paragraph([p], language, slots), "id": block_ids[i]}
                        for i, p in enumerate(paragraphs)
                    ]
                    + [self._figure(block_ids[2], image, name[language])],
                }
            cities.append(
                {
                    "number": number,
                    "slug": SLUG_PREFIX + _slugify(name[SOURCE_LANGUAGE]),
                    "iso": iso,
                    "latitude": Decimal(f"{self.rng.uniform(south, north):.6f}"),
                    "longitude": Decimal(f"{self.rng.uniform(west, east):.6f}"),
                    "population": population,
                    "pilot": self.rng.random() < 0.15,
                    "year_joined": self.rng.randint(2018, 2025),
                    "focus": focus,
                    "image": image,
                    "name": name,
                    "texts": texts,
                    "translation_key": self.uuid(),
                    "published": self.published(),
                }
            )
        return cities

    def allocation(self, cities, size):
        """The lead city of each case study, in building order: uneven, a few cities lead many
        (log-normal weights), every city at least one when there are enough case studies."""
        weights = [self.rng.lognormvariate(0, 1.0) for _ in cities]
        floor = 1 if size >= len(cities) else 0
        spare = size - floor * len(cities)
        total = sum(weights)
        shares = [spare * weight / total for weight in weights]
        counts = [floor + int(share) for share in shares]
        by_remainder = sorted(range(len(cities)), key=lambda i: shares[i] - int(shares[i]), reverse=True)
        for i in by_remainder[: size - sum(counts)]:
            counts[i] += 1
        order = [i for i, count in enumerate(counts) for _ in range(count)]
        self.rng.shuffle(order)
        return order, counts

    # --- Case studies

    def _slots(self, values):
        return {
            language: {key: (value[language] if isinstance(value, dict) else value) for key, value in values.items()}
            for language in self.languages
        }

    def _paragraph(self, templates, language, slots):
        sentences = [self.render(template, language, slots) for template in templates]
        return f"<p>{html.escape(' '.join(sentences), quote=False)}</p>"

    def _figure(self, block_id, image, caption):
        value = {"image": {"image": image, "decorative": False, "alt_text": caption}, "caption": caption}
        return {"type": "figure", "value": value, "id": block_id}

    def case_study(self, number, city, cities):
        rng = self.rng
        focus = rng.sample(self.focus_slugs, k=rng.choice((1, 1, 2, 2, 3)))
        vocabulary = words.FOCUS_VOCABULARY[focus[0]]
        solution = rng.choice(vocabulary["solutions"])
        sdg_pool = sorted({n for slug in focus for n in words.FOCUS_SDGS[slug]} & self.sdg_numbers)
        sdgs = rng.sample(sdg_pool, k=min(len(sdg_pool), rng.randint(1, 3)))
        stage = _weighted(rng, STAGES)
        start_year = rng.randint(2012, 2024)
        end_year = None
        if stage == "completed":
            end_year = min(2025, start_year + rng.randint(1, 4))
        elif stage == "operational" and rng.random() < 0.4:
            end_year = start_year + rng.randint(2, 6)
        budget = rng.randint(1, 250) * 100_000 if rng.random() < 0.5 else None
        days_before = rng.randint(5, 40)
        slots = self._slots(
            {
                "city": city["name"],
                "solution": solution,
                "solution_lower": {lang: _lower_first(solution[lang]) for lang in self.languages},
                "solution_s": {
                    lang: solution.get(f"{lang}_s", _lower_first(solution[lang])) for lang in self.languages
                },
                "problem": rng.choice(vocabulary["problems"]),
                "goal": rng.choice(vocabulary["goals"]),
                "group": rng.choice(words.GROUPS),
                "partner": rng.choice(words.PARTNERS),
                "tech": rng.choice(words.TECHNOLOGIES),
                "start_year": str(start_year),
                "end_year": str(end_year or min(2025, start_year + 2)),
                "pct": str(rng.randint(10, 60)),
                "satisfied": str(rng.randint(60, 97)),
                "months": str(rng.choice((6, 9, 12, 18, 24))),
                "staff": str(rng.randint(4, 60)),
                "districts": str(rng.randint(2, 30)),
                "users": _number(rng.randint(1, 400) * 500),
                "days_before": str(days_before),
                "days_after": str(rng.randint(1, max(1, days_before // 3))),
                "cities": str(rng.randint(2, 12)),
                "budget": {
                    lang: words.BUDGET[lang].format(
                        amount=f"{(budget or 1_500_000) / 1e6:.1f}".replace(".", "," if lang == "vi" else ".")
                    )
                    for lang in self.languages
                },
            }
        )
        title = rng.choice(words.TITLES)
        summary = [rng.choice(words.SUMMARIES), rng.choice(words.SUMMARY_ENDINGS)]
        source = rng.choice(words.SOURCES)
        hero = rng.randrange(IMAGE_COUNT)

        # One plan of blocks per section, rendered in every language with the same block ids.
        plan = {}
        for name, templates in words.SECTION_SENTENCES.items():
            chosen = rng.sample(templates, k=rng.randint(2, min(4, len(templates))))
            split = rng.randint(1, len(chosen) - 1) if len(chosen) > 2 and rng.random() < 0.5 else len(chosen)
            blocks = [("paragraph", str(self.uuid()), chosen[:split])]
            if split < len(chosen):
                blocks.append(("paragraph", str(self.uuid()), chosen[split:]))
            if name == "results":
                for figure in rng.sample(words.KEY_FIGURES, k=rng.randint(1, 3)):
                    low, high = figure[2]
                    blocks.insert(0, ("key_figure", str(self.uuid()), figure, rng.randint(low, high)))
            elif name == "process":
                blocks.append(("figure", str(self.uuid()), rng.choice(words.CAPTIONS), rng.randrange(IMAGE_COUNT)))
            elif name == "lessons_learned" and rng.random() < 0.7:
                blocks.append(("quote", str(self.uuid()), rng.choice(words.QUOTES), rng.choice(words.ATTRIBUTIONS)))
            plan[name] = blocks

        texts = {}
        for language in self.languages:
            sections = {}
            for name, blocks in plan.items():
                stream = []
                for kind, block_id, *value in blocks:
                    if kind == "paragraph":
                        paragraph = self._paragraph(value[0], language, slots)
                        stream.append({"type": kind, "value": paragraph, "id": block_id})
                    elif kind == "key_figure":
                        (label, unit, _range), amount = value
                        number = _number(amount)[language]
                        block = {"label": label[language], "value": number, "unit": unit[language]}
                        stream.append({"type": kind, "value": block, "id": block_id})
                    elif kind == "figure":
                        caption, image = value
                        stream.append(self._figure(block_id, image, self.render(caption, language, slots)))
                    else:
                        quote, attribution = value
                        block = {
                            "text": self.render(quote, language, slots),
                            "attribution": self.render(attribution, language, slots),
                        }
                        stream.append({"type": kind, "value": block, "id": block_id})
                sections[name] = stream
            texts[language] = {
                "title": self.render(title, language, slots),
                "summary": " ".join(self.render(part, language, slots) for part in summary),
                "source_name": self.render(source, language, slots),
                "sections": sections,
            }
        partners = []
        if len(cities) > 1 and rng.random() < 0.25:
            partners = [c for c in rng.sample(range(len(cities)), k=min(3, len(cities))) if c != city["number"]][:2]
        published = self.published()
        return {
            "number": number,
            "translation_key": self.uuid(),
            "city": city["number"],
            "focus": focus,
            "sdgs": sdgs,
            "tags": rng.sample(words.TAGS, k=rng.randint(0, 3)),
            "stage": stage,
            "start_year": start_year,
            "end_year": end_year,
            "budget": Decimal(budget) if budget else None,
            "featured": rng.random() < 0.005,
            "hero": hero,
            "partners": partners,
            "published": published,
            "translated": published + timedelta(days=rng.randint(1, 60)),
            "texts": texts,
        }


# --- Writing pages in bulk ------------------------------------------------------------


def _chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _rows_per_statement(connection, field_count):
    """Rows per INSERT: as many as the database takes parameters for (Django assumes 999 on SQLite)."""
    if connection.vendor == "sqlite":
        import sqlite3

        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        return max(1, min(1_000, limit // field_count))
    return max(1, min(1_000, 65_000 // field_count))


def insert_pages(model, pages, using="default"):
    """Insert new pages of a concrete page type: each table of its inheritance chain in bulk,
    from wagtailcore_page (which gives the ids) down to the model's own table. Django's
    bulk_create refuses multi-table models, so each table goes through QuerySet._insert with
    that table's local fields, as bulk_create does for a single table."""
    from django.db import connections
    from wagtail.models import Page

    connection = connections[using]
    chain = [*reversed(model._meta.get_parent_list()), model]
    if chain[0] is not Page:
        raise ValueError(f"{model.__name__} is not a page type")
    fields = [field for field in Page._meta.local_concrete_fields if not field.primary_key]
    for chunk in _chunks(pages, _rows_per_statement(connection, len(fields))):
        rows = Page._base_manager.using(using)._insert(
            chunk, fields=fields, returning_fields=Page._meta.db_returning_fields, using=using
        )
        for page, row in zip(chunk, rows, strict=True):
            page.id = row[0]
    for table_model in chain[1:]:
        link = table_model._meta.pk
        for page in pages:
            setattr(page, link.attname, page.id)
        fields = table_model._meta.local_concrete_fields
        for chunk in _chunks(pages, _rows_per_statement(connection, len(fields))):
            table_model._base_manager.using(using)._insert(chunk, fields=fields, using=using)
    for page in pages:
        page._state.adding = False
        page._state.db = using


def _bulk(model, rows):
    from django.db import connection

    for chunk in _chunks(rows, _rows_per_statement(connection, 3)):
        model.objects.bulk_create(chunk)


def _through_rows(model, field_name, pairs):
    """Rows of a many-to-many field's table from (page id, target id) pairs."""
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    return through, [through(**{source: page_id, target: target_id}) for page_id, target_id in pairs]


def _step(index):
    from wagtail.models import Page

    key = Page._int2str(index)
    return Page.alphabet[0] * (Page.steplen - len(key)) + key


def _next_child_step(parent):
    from wagtail.models import Page

    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    return Page._str2int(last[-Page.steplen :]) + 1 if last else 1


def _recount_children(parent):
    from wagtail.models import Page

    children = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).count()
    Page.objects.filter(pk=parent.pk).update(numchild=children)


def _index(model, objects):
    """Index new pages as update_index would, in one call per backend for the whole list."""
    from wagtail.search.backends import get_search_backends

    fields = _remembering_fields(model)
    for page in objects:
        page.get_search_fields = lambda: fields
    for backend in get_search_backends():
        backend.add_bulk(model, objects)
    for page in objects:
        del page.get_search_fields


class _RememberedValue:
    """A search field that works its value out once per page. A backend asks each field for
    its value three to five times per page (title, body, autocomplete, plain texts), and
    search_words (portal/segmentation.py) gathers every field again: with StreamField
    sections that is most of the time spent indexing. Same values, each computed once."""

    def get_value(self, obj):
        values = obj.__dict__.setdefault("_search_values", {})
        if self.field_name not in values:
            values[self.field_name] = super().get_value(obj)
        return values[self.field_name]


def _remembering_fields(model):
    from modelsearch.index import AutocompleteField, SearchField

    fields = []
    for field in model.get_search_fields():
        if isinstance(field, (SearchField, AutocompleteField)):
            remembering = copy.copy(field)
            remembering.__class__ = type(f"Remembered{type(field).__name__}", (_RememberedValue, type(field)), {})
            field = remembering
        fields.append(field)
    return fields


class Rate:
    """Progress lines with counts and rates."""

    def __init__(self, log, what, total):
        self.log, self.what, self.total = log, what, total
        self.started = time.monotonic()

    def report(self, done):
        elapsed = max(time.monotonic() - self.started, 1e-6)
        self.log(f"{self.what}: {done}/{self.total} ({done / elapsed:.0f}/s)")

    @property
    def seconds(self):
        return time.monotonic() - self.started


# --- The bench pages in the database ------------------------------------------------------


def _city_indexes():
    from cities.models import CityIndexPage

    return {index.locale.language_code: index for index in CityIndexPage.objects.select_related("locale")}


def bench_cities():
    """The bench cities in every language: CityPages right below a city index, slug "bench-…"."""
    from cities.models import CityPage

    depths = {index.depth + 1 for index in _city_indexes().values()}
    return CityPage.objects.filter(depth__in=depths, slug__startswith=SLUG_PREFIX)


def bench_page_ids():
    """Ids of the bench cities and every page below them, in every language, deepest first
    (a case study goes before its city, so nothing is left pointing at a deleted city)."""
    from django.db.models import Q
    from wagtail.models import Page

    paths = list(bench_cities().values_list("path", flat=True))
    pages = []
    for chunk in _chunks(paths, 200):
        query = Q()
        for path in chunk:
            query |= Q(path__startswith=path)
        pages += Page.objects.filter(query).values_list("depth", "pk")
    return [pk for _depth, pk in sorted(pages, reverse=True)]


def delete_pages(ids, using="default"):
    """Delete pages and what belongs to them without loading them: what points at them
    (foreign keys, many-to-many rows, search index entries, revisions, references, log
    entries), then their rows in each table. Page.delete() would load each page, send its
    signals and cascade one by one: minutes for 30,000 pages."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.db import models
    from modelsearch.conf import get_app_config
    from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

    page_models = [m for m in apps.get_models() if issubclass(m, Page) and not m._meta.proxy]
    # Most specific first: a page type's own table goes before its parents'.
    page_models.sort(key=lambda m: len(m._meta.get_parent_list()), reverse=True)
    content_types = list(ContentType.objects.get_for_models(*page_models).values())
    IndexEntry = get_app_config().get_model("IndexEntry")
    # Whatever points at a page (hidden relations too: many-to-many rows, "+" foreign keys),
    # except a page type's link to its parent table.
    relations = [
        field
        for model in page_models
        for field in model._meta.get_fields(include_parents=False, include_hidden=True)
        if field.auto_created and not field.concrete and (field.one_to_many or field.one_to_one)
        if not getattr(field, "parent_link", False)
    ]
    for chunk in _chunks(ids, 2_000):
        keys = [str(pk) for pk in chunk]
        IndexEntry._base_manager.using(using).filter(content_type__in=content_types, object_id__in=keys)._raw_delete(
            using
        )
        ReferenceIndex.objects.filter(base_content_type__in=content_types, object_id__in=keys).delete()
        ReferenceIndex.objects.filter(to_content_type__in=content_types, to_object_id__in=keys).delete()
        PageLogEntry.objects.filter(page_id__in=chunk).delete()
        Revision.objects.filter(base_content_type__in=content_types, object_id__in=keys).delete()
        for relation in relations:
            related = relation.related_model._base_manager.using(using).filter(**{f"{relation.field.name}__in": chunk})
            if relation.on_delete is models.CASCADE:
                related.delete()
            elif relation.on_delete is models.SET_NULL:
                related.update(**{relation.field.name: None})
        for model in page_models:
            model._base_manager.using(using).filter(pk__in=chunk)._raw_delete(using)


def remove(log=print):
    """Delete every bench page (not the images, which any seed uses). Returns how many."""
    from django.db import transaction

    with transaction.atomic():
        ids = bench_page_ids()
        if ids:
            started = time.monotonic()
            delete_pages(ids)
            for index in _city_indexes().values():
                _recount_children(index)
            log(f"removed {len(ids)} bench pages in {time.monotonic() - started:.1f} s")
    return len(ids)


def bench_images(log=print):
    """The pool of generated images (in the "Bench" collection), made once and kept."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    Image = get_image_model()
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=COLLECTION_NAME).first() or root.add_child(name=COLLECTION_NAME)
    existing = {image.title: image.pk for image in Image.objects.filter(collection=collection)}
    pool = []
    for number in range(IMAGE_COUNT):
        title = f"Bench image {number + 1:02d}"
        if title not in existing:
            data = render_image(number)
            image = Image(
                title=title,
                collection=collection,
                description=f"Illustration {number + 1} of the benchmark dataset",
                file=ImageFile(data, name=f"bench-{number + 1:02d}.jpg"),
            )
            image.save()
            existing[title] = image.pk
        pool.append(existing[title])
    return pool


def render_image(number):
    """A small JPEG: a colour of its own, a horizon and a sun, like a placeholder photo."""
    import colorsys
    import io

    from PIL import Image, ImageDraw

    width, height = 960, 540
    hue = number / IMAGE_COUNT
    sky = tuple(int(255 * c) for c in colorsys.hsv_to_rgb(hue, 0.35, 0.95))
    land = tuple(int(255 * c) for c in colorsys.hsv_to_rgb((hue + 0.3) % 1, 0.6, 0.55))
    picture = Image.new("RGB", (width, height), sky)
    draw = ImageDraw.Draw(picture)
    horizon = 300 + (number * 37) % 120
    draw.rectangle([0, horizon, width, height], fill=land)
    x = 100 + (number * 97) % (width - 200)
    draw.ellipse([x - 50, 80, x + 50, 180], fill=(250, 220, 90))
    for i in range(5):  # buildings
        left = (number * 53 + i * 190) % width
        top = horizon - 60 - ((number + i) * 29) % 150
        draw.rectangle([left, top, left + 90, horizon], fill=tuple(max(0, c - 60) for c in land))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=80)
    buffer.seek(0)
    return buffer


# --- Building ------------------------------------------------------------------------------


def _database():
    from django.db import connection

    settings = connection.settings_dict
    return f"{connection.vendor}:{settings.get('HOST') or ''}/{settings['NAME']}"


def manifest_file():
    from django.conf import settings

    var_dir = getattr(settings, "VAR_DIR", None) or os.environ.get("VAR_DIR") or "var"
    return Path(var_dir) / "bench" / "dataset.json"


def _counts():
    from django.db.models import Count

    from casestudies.models import CaseStudyPage

    cities = bench_cities()
    city_counts = dict(cities.order_by().values_list("locale__language_code").annotate(n=Count("pk")))
    case_counts = dict(
        CaseStudyPage.objects.filter(city__in=cities)
        .order_by()
        .values_list("locale__language_code")
        .annotate(n=Count("pk"))
    )
    return {"cities": city_counts, "case_studies": case_counts}


def _is_built(manifest, parameters):
    """The manifest is for these parameters and this database, which still holds its pages."""
    from casestudies.models import CaseStudyPage

    if not manifest or any(manifest.get(key) != value for key, value in parameters.items()):
        return False
    if manifest.get("database") != _database():
        return False
    counts = _counts()
    if counts != {key: manifest["counts"][key] for key in counts}:
        return False
    ids = manifest["case_study_ids"]
    return CaseStudyPage.objects.live().filter(pk__in=ids, locale__language_code=SOURCE_LANGUAGE).count() == len(ids)


def _languages(value):
    languages = [code.strip() for code in (value.split(",") if isinstance(value, str) else value) if code.strip()]
    languages = list(dict.fromkeys([SOURCE_LANGUAGE, *languages]))
    unknown = [code for code in languages if code not in words.LANGUAGES]
    if unknown:
        raise ValueError(f"no vocabulary for {', '.join(unknown)}: choose from {', '.join(words.LANGUAGES)}")
    return languages


def build(
    size=DEFAULTS["size"],
    cities=DEFAULTS["cities"],
    seed=DEFAULTS["seed"],
    languages=DEFAULTS["languages"],
    log=print,
    manifest_path=None,
):
    """Build the dataset (or find it built) and return its manifest, also written as JSON."""
    from django.core.cache import cache
    from django.db import connection, transaction

    if size < 1 or cities < 1:
        raise ValueError("size and cities must be at least 1")
    parameters = {
        "version": MANIFEST_VERSION,
        "size": size,
        "cities": cities,
        "seed": seed,
        "languages": _languages(languages),
    }
    path = Path(manifest_path) if manifest_path else manifest_file()
    previous = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    if _is_built(previous, parameters):
        log(f"dataset up to date ({size} case studies, {cities} cities, seed {seed}): {path}")
        return previous
    started = time.monotonic()
    with transaction.atomic():
        remove(log)
        manifest = Builder(parameters, log).run()
        committing = time.monotonic()
    log(f"committed in {time.monotonic() - committing:.1f} s")
    if connection.vendor == "postgresql":
        # Planner statistics for the new rows, as autovacuum would gather them in time: without
        # them PostgreSQL planned searches for 13 pages of a locale that has 10,000 (seconds).
        # Not SQLite: with ANALYZE's statistics its planner took minutes over the home page.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    manifest["build_seconds"] = round(time.monotonic() - started, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    cache.clear()  # pages and listings cached before the build would hide it
    log(f"dataset built in {manifest['build_seconds']} s: {path}")
    return manifest


class Builder:
    def __init__(self, parameters, log):
        from wagtail.models import Locale

        from casestudies.models import FocusArea, SustainableDevelopmentGoal
        from cities.models import Country

        self.parameters, self.log = parameters, log
        self.term_counts = {}
        self.size, self.city_count = parameters["size"], parameters["cities"]
        self.languages = parameters["languages"]
        locales = Locale.objects.filter(language_code__in=self.languages)
        self.locales = {locale.language_code: locale for locale in locales}
        indexes = _city_indexes()
        missing = [code for code in self.languages if code not in self.locales or code not in indexes]
        if missing:
            raise RuntimeError(f"no city index in {', '.join(missing)}: run `manage.py load_demo_content` first")
        self.indexes = {code: indexes[code] for code in self.languages}
        self.countries = {country.iso_code: country for country in Country.objects.order_by("iso_code")}
        self.focus_areas = {area.slug: area.pk for area in FocusArea.objects.in_default_language()}
        self.sdgs = dict(SustainableDevelopmentGoal.objects.values_list("number", "pk"))
        if not self.countries or not self.focus_areas:
            raise RuntimeError("no countries or focus areas: run `manage.py load_demo_content` first")
        self.generator = Generator(
            parameters["seed"],
            self.languages,
            [(iso, country.name) for iso, country in self.countries.items()],
            sorted(self.focus_areas, key=list(words.FOCUS_VOCABULARY).index),
            self.sdgs,
        )

    def run(self):
        from wagtail.images import get_image_model

        pool = bench_images(self.log)
        images = get_image_model().objects.in_bulk(pool)
        self.images = [images[pk] for pk in pool]
        self.tags = self._tags()
        cities = self.generator.cities(self.city_count)
        order, counts = self.generator.allocation(cities, self.size)
        self.city_pages = self._write_cities(cities, counts)
        samples = self._write_case_studies(cities, order)
        for index in self.indexes.values():
            _recount_children(index)
        manifest = {
            **self.parameters,
            "database": _database(),
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "counts": {**_counts(), "images": len(self.images)},
        }
        manifest.update(samples)
        manifest.update(self._queries(cities))
        checking = time.monotonic()
        manifest.update(self._search_terms())
        self.log(f"search terms chosen and checked in {time.monotonic() - checking:.1f} s")
        return manifest

    def _tags(self):
        from taggit.models import Tag

        tags = {tag.name.lower(): tag for tag in Tag.objects.filter(name__in=words.TAGS)}
        for name in words.TAGS:
            if name not in tags:
                slug = _slugify(name)
                tags[name] = Tag.objects.filter(slug=slug).first() or Tag.objects.create(name=name, slug=slug)
        return tags

    def _page_fields(self, texts, language, parent, step, published):
        from wagtail.models import Page

        slug = texts["slug"]
        return {
            "title": texts["title"],
            "draft_title": texts["title"],
            "slug": slug,
            "path": parent.path + _step(step),
            "depth": parent.depth + 1,
            "url_path": f"{parent.url_path}{slug}/",
            "live": True,
            "has_unpublished_changes": False,
            "first_published_at": published,
            "last_published_at": published,
            "latest_revision_created_at": published,
            "locale": self.locales[language],
            "search_description": texts["summary"][:300],
            "show_in_menus": Page.show_in_menus_default,
        }

    def _write_cities(self, cities, counts):
        from cities.models import CityPage

        rate = Rate(self.log, "cities", len(cities))
        pages = {language: [] for language in self.languages}
        for language, index in self.indexes.items():
            first_step = _next_child_step(index)
            for city in cities:
                texts = {**city["texts"][language], "slug": city["slug"]}
                published = city["published"] + (timedelta(days=3) if language != SOURCE_LANGUAGE else timedelta())
                page = CityPage(
                    **self._page_fields(texts, language, index, first_step + city["number"], published),
                    numchild=counts[city["number"]],
                    translation_key=city["translation_key"],
                    country=self.countries[city["iso"]],
                    latitude=city["latitude"],
                    longitude=city["longitude"],
                    population=city["population"],
                    is_ascn_pilot=city["pilot"],
                    year_joined=city["year_joined"],
                    summary=texts["summary"],
                    body=self._stream(CityPage, "body", texts["body"]),
                    hero_image_id=self.images[city["image"]].pk,
                )
                pages[language].append(page)
        everything = [page for language in self.languages for page in pages[language]]
        insert_pages(CityPage, everything)
        through, rows = _through_rows(
            CityPage,
            "focus_areas",
            [
                (pages[language][city["number"]].id, self.focus_areas[slug])
                for language in self.languages
                for city in cities
                for slug in city["focus"]
            ],
        )
        _bulk(through, rows)
        _index(CityPage, everything)
        rate.report(len(cities))
        return pages

    def _stream(self, model, field_name, raw):
        """A StreamField value of native block values (RichText, StructValues, Image objects)
        from the generator's JSON-like blocks, which name images by their number in the pool.
        Saved, it is the same JSON; indexed, it needs no query to load the figures' images."""
        from wagtail.blocks import StreamValue, StructValue
        from wagtail.rich_text import RichText

        stream_block = model._meta.get_field(field_name).stream_block
        children = []
        for block in raw:
            kind, value = block["type"], block["value"]
            child = stream_block.child_blocks[kind]
            if kind == "paragraph":
                native = RichText(value)
            elif kind == "figure":
                image = copy.copy(self.images[value["image"]["image"]])
                image.contextual_alt_text, image.decorative = value["image"]["alt_text"], False
                native = StructValue(child, [("image", image), ("caption", value["caption"])])
            else:
                native = StructValue(child, [(name, value.get(name, "")) for name in child.child_blocks])
            children.append((kind, native, block["id"]))
        return StreamValue(stream_block, children)

    def _write_case_studies(self, cities, order):
        from casestudies.models import CaseStudyPage, CaseStudyTag

        rate = Rate(self.log, "case studies", self.size)
        index_seconds = 0.0
        children = [0] * len(cities)
        slugs = [set() for _ in cities]
        samples = {"en": [], "th": []}
        every = max(1, self.size // SAMPLE_COUNT)
        thai_every = max(1, self.size // THAI_SAMPLE_COUNT)
        for start in range(0, self.size, BATCH_SIZE):
            pages, focus, sdgs, partners, tags = [], [], [], [], []
            for number in range(start, min(self.size, start + BATCH_SIZE)):
                city = cities[order[number]]
                case = self.generator.case_study(number, city, cities)
                children[city["number"]] += 1
                slug = _slugify(case["texts"][SOURCE_LANGUAGE]["title"]) or "case-study"
                unique, n = slug, 1
                while unique in slugs[city["number"]]:
                    n += 1
                    unique = f"{slug}-{n}"
                slugs[city["number"]].add(unique)
                for language in self.languages:
                    parent = self.city_pages[language][city["number"]]
                    texts = {**case["texts"][language], "slug": unique}
                    published = case["published"] if language == SOURCE_LANGUAGE else case["translated"]
                    page = CaseStudyPage(
                        **self._page_fields(texts, language, parent, children[city["number"]], published),
                        translation_key=case["translation_key"],
                        city=parent,  # as CaseStudyPage.save() sets it: the parent, in the page's language
                        summary=texts["summary"],
                        featured=case["featured"],
                        hero_image_id=self.images[case["hero"]].pk,
                        stage=case["stage"],
                        start_year=case["start_year"],
                        end_year=case["end_year"],
                        budget_amount=case["budget"],
                        budget_currency="USD" if case["budget"] else "",
                        source_name=texts["source_name"],
                        **{name: self._stream(CaseStudyPage, name, raw) for name, raw in texts["sections"].items()},
                    )
                    # Kept in memory for the search index, written below.
                    page.tagged_items = [CaseStudyTag(tag=self.tags[name]) for name in case["tags"]]
                    self._count_terms(language, texts)
                    pages.append(page)
                    if language == SOURCE_LANGUAGE and number % every == 0 and len(samples["en"]) < SAMPLE_COUNT:
                        samples["en"].append(page)
                    if language == "th" and number % thai_every == 0 and len(samples["th"]) < THAI_SAMPLE_COUNT:
                        samples["th"].append(page)
                    focus += [(page, self.focus_areas[slug]) for slug in case["focus"]]
                    sdgs += [(page, self.sdgs[n]) for n in case["sdgs"]]
                    partners += [(page, self.city_pages[SOURCE_LANGUAGE][c].id) for c in case["partners"]]
                    tags += [(page, self.tags[name].pk) for name in case["tags"]]
            insert_pages(CaseStudyPage, pages)
            for field, pairs in (("focus_areas", focus), ("sdgs", sdgs), ("partner_cities", partners)):
                through, rows = _through_rows(CaseStudyPage, field, [(page.id, target) for page, target in pairs])
                _bulk(through, rows)
            _bulk(CaseStudyTag, [CaseStudyTag(content_object_id=page.id, tag_id=tag) for page, tag in tags])
            indexing = time.monotonic()
            _index(CaseStudyPage, pages)
            index_seconds += time.monotonic() - indexing
            rate.report(min(self.size, start + BATCH_SIZE))
        self.log(
            f"case studies: {self.size} in {len(self.languages)} languages in {rate.seconds:.1f} s "
            f"(search index {index_seconds:.1f} s of it)"
        )
        english_home = self._home_url_path(SOURCE_LANGUAGE)
        result = {
            "case_study_paths": [page.url_path[len(english_home) - 1 :] for page in samples["en"]],
            "case_study_ids": [page.id for page in samples["en"]],
        }
        thai_home = self._home_url_path("th") if "th" in self.languages else ""
        result["thai_case_study_paths"] = [f"/th{page.url_path[len(thai_home) - 1 :]}" for page in samples["th"]]
        return result

    def _home_url_path(self, language):
        from wagtail.models import Page

        index = self.indexes[language]
        return Page.objects.get(path=index.path[: -Page.steplen]).url_path

    def _queries(self, cities):
        """The library and API queries with two facets: the biggest country and focus area."""
        from django.db.models import Count

        from casestudies.models import CaseStudyPage

        english = CaseStudyPage.objects.live().filter(city__in=bench_cities(), locale__language_code=SOURCE_LANGUAGE)
        row = (
            english.values("city__country__slug", "city__country__iso_code", "focus_areas__slug")
            .annotate(n=Count("pk"))
            .order_by("-n", "city__country__slug", "focus_areas__slug")
            .first()
        )
        # A filter Wagtail's API can express too: the busiest lead city and its commonest stage.
        city = english.values("city_id", "city__slug").annotate(n=Count("pk")).order_by("-n", "city_id").first()
        in_city = english.filter(city_id=city["city_id"])
        stage = in_city.values("stage").annotate(n=Count("pk")).order_by("-n", "stage").first()
        return {
            "library_query": f"country={row['city__country__slug']}&focus_area={row['focus_areas__slug']}",
            "api_list_query": f"country={row['city__country__iso_code']}&focus_area={row['focus_areas__slug']}",
            "query_results": row["n"],
            "api_city_stage": {
                "city_id": city["city_id"],
                "city_slug": city["city__slug"],
                "stage": stage["stage"],
                "api_query": f"city={city['city__slug']}&stage={stage['stage']}",
                "wagtail_api_query": (
                    f"type=casestudies.CaseStudyPage&child_of={city['city_id']}&stage={stage['stage']}"
                ),
                "results": stage["n"],
            },
            "city_paths": [
                page.url_path[len(self._home_url_path(SOURCE_LANGUAGE)) - 1 :]
                for page in self.city_pages[SOURCE_LANGUAGE][:: max(1, len(cities) // 10)][:10]
            ],
        }

    def _count_terms(self, language, texts):
        """Count the pages in `language` whose text holds each candidate search term."""
        haystack = " ".join(
            [texts["title"], texts["summary"]]
            + [str(block["value"]) for stream in texts["sections"].values() for block in stream]
        ).casefold()
        counts = self.term_counts.setdefault(language, {})
        for term in words.SEARCH_TERMS.get(language, []):
            if term.casefold() in haystack:
                counts[term] = counts.get(term, 0) + 1

    def _search_terms(self):
        """For each language, the five candidate terms in the most pages. The first is checked
        with a real search, asking for one result without ranking: a ranked search over
        thousands of matches costs seconds on SQLite."""
        from casestudies.models import CaseStudyPage
        from portal.search import search_query

        terms, pages = {}, {}
        for language in self.languages:
            counts = self.term_counts.get(language, {})
            chosen = sorted(counts, key=counts.get, reverse=True)[:5]
            live = CaseStudyPage.objects.live().filter(locale=self.locales[language])
            if chosen and not live.search(search_query(chosen[0], language), order_by_relevance=False)[:1]:
                raise RuntimeError(f"site search does not find {chosen[0]!r} in the {language} bench pages")
            terms[language] = chosen
            pages[language] = {term: counts[term] for term in chosen}
        return {"search_terms": terms, "search_term_pages": pages}


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    parser = argparse.ArgumentParser(prog="python -m bench.dataset", description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=DEFAULTS["size"], help="case studies (default %(default)s)")
    parser.add_argument("--cities", type=int, default=DEFAULTS["cities"], help="cities (default %(default)s)")
    parser.add_argument("--seed", type=int, default=DEFAULTS["seed"], help="random seed (default %(default)s)")
    parser.add_argument(
        "--languages", default=",".join(DEFAULTS["languages"]), help="comma-separated (default %(default)s)"
    )
    parser.add_argument("--manifest", help="where to write the manifest (default VAR_DIR/bench/dataset.json)")
    parser.add_argument("--remove", action="store_true", help="delete the bench pages and the manifest, then stop")
    args = parser.parse_args(argv)
    if args.remove:
        remove()
        path = Path(args.manifest) if args.manifest else manifest_file()
        path.unlink(missing_ok=True)
        return 0
    build(args.size, args.cities, args.seed, args.languages, manifest_path=args.manifest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
