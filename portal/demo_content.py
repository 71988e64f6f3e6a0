"""Demo content from the public facts in portal/fixtures/: countries, cities, case studies, events.

Idempotent: what exists (matched by slug) is left as it is, so running it again
never overwrites an editor's work and never duplicates anything.
"""

import csv
import io
import json
import zoneinfo
from datetime import datetime, time
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.html import format_html
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from casestudies.models import CaseStudyIndexPage, CaseStudyPage, FocusArea, Organisation, SustainableDevelopmentGoal
from casestudies.taxonomy import ensure_taxonomy
from cities.models import CityIndexPage, CityPage, Country
from events.models import EventIndexPage, EventMaterial, EventPage, EventSession
from events.privacy import public_events_collection
from portal.languages import LANGUAGES, SOURCE_LANGUAGE
from portal.models import HomePage, StandardPage
from portal.roles import ensure_roles

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FONT = FIXTURES / "fonts" / "ipaexg.ttf"  # IPAexGothic: Latin and Japanese in one font


def _json(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _csv(name):
    with open(FIXTURES / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _paragraphs(*texts):
    return [{"type": "paragraph", "value": format_html("<p>{}</p>", text)} for text in texts if text]


def _stream(blocks):
    """Fixture blocks → StreamField data; paragraphs are plain text to be escaped."""
    stream = []
    for block in blocks:
        if block["type"] == "paragraph":
            stream += _paragraphs(block["value"])
        else:
            stream.append({"type": block["type"], "value": block["value"]})
    return stream


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _child(parent, model, slug):
    return model.objects.child_of(parent).filter(slug=slug).first()


class DemoLoader:
    def __init__(self, log=print):
        self.log = log
        self.created = {}

    def _count(self, what, number=1):
        self.created[what] = self.created.get(what, 0) + number

    # --- Site tree ------------------------------------------------------------

    def site_tree(self):
        home = HomePage.objects.filter(locale__language_code=SOURCE_LANGUAGE).first()
        if home is None:
            root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
            # Wagtail's own "Welcome" placeholder holds the slug "home" and is the site's root:
            # move it aside now, delete it once the site points at the new home page.
            for placeholder in root.get_children().filter(content_type__model="page", slug="home"):
                placeholder.slug = f"wagtail-placeholder-{placeholder.pk}"
                placeholder.save(update_fields=["slug"])
            home = HomePage(
                title="ASEAN Smart Cities Knowledge Portal",
                slug="home",
                intro=(
                    "<p>Case studies and event materials from the 26 pilot cities of the ASEAN Smart Cities "
                    "Network and their partner cities: what they built, how, and what they learned.</p>"
                ),
                seo_title="ASEAN Smart Cities Knowledge Portal",
            )
            root.add_child(instance=home)
            home.save_revision().publish()
            self._count("home page")
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        if site.root_page_id != home.pk:
            # The site's address makes canonical and sitemap links absolute: take it from BASE_URL.
            base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
            site.hostname = base.hostname or "localhost"
            site.port = base.port or (443 if base.scheme == "https" else 80)
            site.root_page = home
            site.site_name = "ASEAN Smart Cities Knowledge Portal"
            site.save()
        for placeholder in Page.objects.filter(slug__startswith="wagtail-placeholder-", depth=2):
            placeholder.delete()

        sections = {
            "cities": (
                CityIndexPage,
                "Cities",
                "The pilot cities of the ASEAN Smart Cities Network and partner cities.",
            ),
            "case-studies": (
                CaseStudyIndexPage,
                "Case studies",
                "Smart-city projects told the way good-practice databases tell them: the situation before, "
                "objectives, resources, process, results, obstacles, lessons learned and transferability.",
            ),
            "events": (EventIndexPage, "Events", "Network meetings, workshops and webinars, with their materials."),
        }
        self.index = {}
        for slug, (model, title, intro) in sections.items():
            page = _child(home, model, slug)
            if page is None:
                page = _publish(home, model(title=title, slug=slug, intro=format_html("<p>{}</p>", intro)))
                self._count("index page")
            self.index[slug] = page
        if _child(home, StandardPage, "about") is None:
            _publish(
                home,
                StandardPage(
                    title="About the network",
                    slug="about",
                    introduction=(
                        "The ASEAN Smart Cities Network (ASCN) was launched on 28 April 2018 at the 32nd ASEAN "
                        "Summit in Singapore with 26 pilot cities."
                    ),
                    body=_paragraphs(
                        "The ASEAN Smart Cities Framework names six focus areas — Civic & Social, Health & "
                        "Well-being, Safety & Security, Quality Environment, Built Infrastructure, Industry & "
                        "Innovation — and three strategic outcomes: a competitive economy, a sustainable "
                        "environment and a high quality of life.",
                        "In 2024 five cities joined: Chiang Mai, Khon Kaen and Rayong (Thailand), Sumedang "
                        "(Indonesia) and Sihanoukville (Cambodia). Japan cooperates through the ASEAN-Japan Smart "
                        "Cities Network High Level Meetings and Smart JAMP.",
                        "Source: ASEAN Secretariat.",
                    ),
                ),
            )
            self._count("standard page")
        return home

    # --- Reference data -------------------------------------------------------

    def countries(self):
        self.country_by_iso = {}
        for row in _csv("cities.csv"):
            iso = row["iso_country"]
            if iso in self.country_by_iso:
                continue
            country, created = Country.objects.get_or_create(
                iso_code=iso,
                defaults={"name": row["country"], "slug": slugify(row["country"]), "is_asean_member": iso != "JP"},
            )
            self.country_by_iso[iso] = country
            if created:
                self._count("country")

    def organisations(self):
        self.organisation_by_name = {}
        for item in _json("organisations.json"):
            country = Country.objects.filter(iso_code=item["country"]).first() if item["country"] else None
            organisation, created = Organisation.objects.get_or_create(
                name=item["name"],
                defaults={"kind": item["kind"], "country": country, "website": item["website"] or ""},
            )
            self.organisation_by_name[item["name"]] = organisation
            if created:
                self._count("organisation")

    # --- Pages ----------------------------------------------------------------

    def cities(self):
        extra = _json("cities_extra.json")
        focus_by_name = {area.name: area for area in FocusArea.objects.in_default_language()}
        self.city_by_name = {}
        for row in _csv("cities.csv"):
            info = extra[row["city"]]
            city = _child(self.index["cities"], CityPage, info["slug"])
            if city is None:
                city = CityPage(
                    title=row["city"],
                    slug=info["slug"],
                    country=self.country_by_iso[row["iso_country"]],
                    latitude=row["latitude"],
                    longitude=row["longitude"],
                    is_ascn_pilot=bool(row["ascn_pilot_city"]),
                    year_joined=info["year_joined"],
                    summary=info["summary"],
                    contact_name=info["contact"]["name"] or "",
                    contact_website=info["contact"]["website"] or "",
                )
                city.focus_areas = [focus_by_name[name] for name in info["focus_areas"]]
                _publish(self.index["cities"], city)
                self._count("city")
            self.city_by_name[row["city"]] = city

    def case_studies(self):
        focus_by_name = {area.name: area for area in FocusArea.objects.in_default_language()}
        sdg_by_number = {sdg.number: sdg for sdg in SustainableDevelopmentGoal.objects.all()}
        for item in _json("case_studies.json"):
            city = self.city_by_name[item["city"]]
            if _child(city, CaseStudyPage, item["slug"]) is not None:
                continue
            page = CaseStudyPage(
                title=item["title"],
                slug=item["slug"],
                summary=item["summary"],
                featured=item.get("featured", False),
                stage=item["stage"],
                start_year=item["start_year"],
                end_year=item["end_year"],
                source_name=item["source"]["organisation"],
                source_url=item["source"]["url"] or "",
                contact_name=item["contact"]["name"] or "",
                contact_website=item["contact"]["website"] or "",
                search_description=item["summary"][:300],
                **{name: _stream(item["sections"].get(name, [])) for name, _ in CaseStudyPage.SECTIONS},
            )
            page.focus_areas = [focus_by_name[name] for name in item["focus_areas"]]
            page.sdgs = [sdg_by_number[number] for number in item["sdgs"]]
            page.partner_cities = [self.city_by_name[name] for name in item["partner_cities"]]
            page.partner_organisations = [self.organisation_by_name[name] for name in item["partner_organisations"]]
            page.tags.set(item["tags"])
            _publish(city, page)
            self._count("case study")

    def events(self):
        extra = _json("events_extra.json")
        for row in _csv("events.csv"):
            info = extra[row["name"]]
            if _child(self.index["events"], EventPage, info["slug"]) is not None:
                continue
            zone = zoneinfo.ZoneInfo(info["timezone"])
            # The sources give dates, not times: the whole local day(s), shown without a time.
            start = datetime.combine(datetime.fromisoformat(row["start"]).date(), time.min, zone)
            end = datetime.combine(datetime.fromisoformat(row["end"]).date(), time(23, 59), zone)
            host_city = self.city_by_name.get(row["host_city"])
            country = Country.objects.filter(name=row["country"]).first()
            theme = row["theme"]
            page = EventPage(
                title=row["name"],
                slug=info["slug"],
                summary=info["summary"],
                start=start,
                end=end,
                time_zone=info["timezone"],
                date_precision=row["date_precision"],
                format={"in person": "in_person", "online": "online", "hybrid": "hybrid"}[row["format"]],
                venue=info["venue"] or row["host_city"],
                host_city=host_city,
                country=country,
                organiser=self.organisation_by_name.get(info["organiser"]),
                body=_paragraphs(f"Theme: {theme}." if theme else ""),
                search_description=info["summary"][:300],
            )
            page.sessions = [
                EventSession(title=session["title"], speakers=session["speakers"], sort_order=order)
                for order, session in enumerate(info["sessions"])
            ]
            page.materials = [
                self.material(info["slug"], material, order) for order, material in enumerate(info["materials"])
            ]
            _publish(self.index["events"], page)
            self._count("event")

    # --- Event materials: PDFs and photos made from the fixture text ----------

    def material(self, event_slug, item, order):
        material = EventMaterial(
            title=item["title"],
            kind=item["kind"],
            language=item["language"],
            session=item["session"] or "",
            description=item["description"],
            delegates_only=item["delegates_only"],
            sort_order=order,
        )
        collection = self.collection(event_slug, parent=public_events_collection())
        if item["kind"] == "document":
            document = get_document_model()(title=item["title"], collection=collection)
            document.file.save(item["document"]["filename"], ContentFile(render_pdf(item)), save=False)
            document.save()
            material.document = document
            self._count("document")
        elif item["kind"] == "gallery":
            gallery = self.collection(f"{event_slug}-{slugify(item['title'])}", name=item["title"], parent=collection)
            for number, photo in enumerate(item["gallery"]["images"], start=1):
                picture = ImageFile(io.BytesIO(render_picture(photo["caption"])), name=f"{event_slug}-{number:02d}.png")
                image = get_image_model()(title=f"{number:02d}. {photo['caption']}", collection=gallery, file=picture)
                image.description = photo["alt"]
                image.save()
                self._count("image")
            material.gallery = gallery
        return material

    def collection(self, key, name=None, parent=None):
        parent = parent or Collection.get_first_root_node() or Collection.add_root(name="Root")
        name = name or key.replace("-", " ").capitalize()
        existing = parent.get_children().filter(name=name).first()
        return existing or parent.add_child(name=name)

    # --- Editorial demo: accounts per role, case studies in each workflow state ---

    def accounts(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from cities.teams import sync_city_team
        from portal.accounts import demo_password

        User = get_user_model()
        self.user_by_name = {}
        for account in _json("editorial.json")["accounts"]:
            user = User.objects.filter(username=account["username"]).first()
            if user is None:
                user = User.objects.create_user(
                    username=account["username"],
                    email=account["email"],
                    first_name=account["first_name"],
                    last_name=account["last_name"],
                    password=demo_password(account["username"]),
                )
                if "city" in account:
                    user.groups.add(sync_city_team(_child(self.index["cities"], CityPage, account["city"])).group)
                user.groups.add(*Group.objects.filter(name__in=account.get("groups", [])))
                self._count("account")
            self.user_by_name[account["username"]] = user

    def editorial_case_studies(self):
        focus_by_name = {area.name: area for area in FocusArea.objects.in_default_language()}
        for item in _json("editorial.json")["case_studies"]:
            city = _child(self.index["cities"], CityPage, item["city"])
            if _child(city, CaseStudyPage, item["slug"]) is not None:
                continue
            editor = self.user_by_name[item["editor"]]
            page = CaseStudyPage(
                title=item["title"],
                slug=item["slug"],
                summary=item["summary"],
                stage=item["stage"],
                start_year=item["start_year"],
                source_name=item["source"],
                owner=editor,
                live=False,
            )
            page.focus_areas = [focus_by_name[name] for name in item["focus_areas"]]
            city.add_child(instance=page)
            page.save_revision(user=editor, log_action=True)
            if item["state"] == "in_review":
                page.get_workflow().start(page, editor)
            self._count(f"case study ({item['state'].replace('_', ' ')})")

    # --- Issue 10: results in figures, replication, reviewed practice, partners wanted ---

    def evidence_and_exchange(self):
        """Added to the demo case studies where they have none yet (a page an editor has
        changed since keeps its own), each page published once with all of its additions."""
        from decimal import Decimal
        from importlib import import_module

        from django.contrib.auth import get_user_model

        from casestudies.models import ContentReview, PartnerNeed, PracticeReview, Replication, ResultIndicator

        data = _json("evidence.json")
        for order, (slug, name) in enumerate(import_module("casestudies.migrations.0008_exchange").PARTNER_NEEDS):
            PartnerNeed.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})
        needs = {need.slug: need for need in PartnerNeed.objects.all()}

        def english_case_study(slug):
            return CaseStudyPage.objects.get(slug=slug, locale__language_code=SOURCE_LANGUAGE)

        changed = {}
        for slug, rows in data["results"].items():
            page = changed.get(slug) or english_case_study(slug)
            if page.result_indicators.exists():
                continue
            for order, row in enumerate(rows):
                values = {key: value for key, value in row.items() if not key.startswith("_")}
                for key in ("baseline_value", "target_value", "latest_value"):
                    if key in values:
                        values[key] = Decimal(values[key])
                indicator = ResultIndicator(sort_order=order, **values)
                indicator.full_clean(exclude=["page", "locale", "translation_key"])  # the editors' rules
                page.result_indicators.add(indicator)
            changed[slug] = page
            self._count("result indicator", len(rows))
        for link in data["replications"]:
            page = changed.get(link["page"]) or english_case_study(link["page"])
            if page.inspirations.exists():
                continue
            page.inspirations.add(Replication(source=english_case_study(link["source"]), relation=link["relation"]))
            changed[link["page"]] = page
            self._count("replication link")
        for item in data["partners_wanted"]:
            page = changed.get(item["page"]) or english_case_study(item["page"])
            if page.seeking_partners or page.partnership_note:
                continue
            page.seeking_partners = True
            page.partner_needs = [needs[slug] for slug in item["needs"]]
            page.partnership_note = item["note"]
            changed[item["page"]] = page
            self._count("case study looking for partners")
        for page in changed.values():
            page.save_revision().publish()

        User = get_user_model()
        for item in data["practice_reviews"]:
            page = english_case_study(item["page"])
            reviewer = User.objects.get(username=item["reviewer"])
            _review, created = PracticeReview.objects.get_or_create(
                translation_key=page.translation_key,
                defaults={
                    "reviewer": reviewer,
                    "reviewer_name": reviewer.get_full_name(),
                    "note": item["note"],
                },
            )
            if created:
                self._count("reviewed practice")
        # "Last reviewed": each live demo case study as of its publication, as when a person
        # publishes (the loader publishes as nobody, which records no review).
        for page in CaseStudyPage.objects.live().filter(locale__language_code=SOURCE_LANGUAGE):
            _review, created = ContentReview.objects.get_or_create(
                translation_key=page.translation_key, defaults={"last_reviewed_at": page.last_published_at}
            )
            if created:
                self._count("content review")

    def run(self):
        with transaction.atomic():
            # What migrations create, again, for a database emptied by `flush`.
            for code, _english, _native in LANGUAGES:
                Locale.objects.get_or_create(language_code=code)
            ensure_taxonomy(FocusArea, SustainableDevelopmentGoal)
            self.site_tree()
            self.countries()
            self.organisations()
            self.cities()
            self.case_studies()
            self.events()
            ensure_roles()  # the review workflow on the city tree, the city editors' groups
            self.accounts()
            self.editorial_case_studies()
            self.evidence_and_exchange()
        # Outside the transaction: wagtail-localize publishes translations on commit, from
        # page objects whose child counts would be stale by then.
        self.language_homes()
        self.focus_area_translations()
        return self.created

    def language_homes(self):
        """Every language gets a live home, index and about page (titles from the fixture; the
        rest falls back to English until translated), so /th/ and its sections exist from the start."""
        titles = _json("language_homes.json")
        home = HomePage.objects.get(locale__language_code=SOURCE_LANGUAGE)
        pages = {"home": home, **{slug: _child(home, Page, slug) for slug in ("cities", "case-studies", "events")}}
        pages["about"] = _child(home, StandardPage, "about")
        for code, names in titles.items():
            if code.startswith("_"):
                continue
            locale = Locale.objects.get(language_code=code)
            for key, page in pages.items():
                if page is None or page.get_translations().filter(locale=locale).exists():
                    continue
                source, _ = TranslationSource.update_or_create_from_instance(page.specific)
                for segment in source.stringsegment_set.filter(context__path__in=["title", "seo_title"]):
                    StringTranslation.objects.get_or_create(
                        translation_of_id=segment.string_id,
                        locale=locale,
                        context_id=segment.context_id,
                        defaults={"data": names[key], "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
                    )
                translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
                translation.save_target(publish=True)
                self._count("page translation")

    @transaction.atomic
    def focus_area_translations(self):
        """The six focus areas named in every language (names from the fixture), made as a
        translator makes them: wagtail-localize translations whose name segment is a manual
        translation (the description falls back to English until translated). A language that
        has its translation already is left as it is."""
        names = _json("focus_areas_translated.json")
        locales = {code: Locale.objects.get(language_code=code) for code in names if not code.startswith("_")}
        for area in FocusArea.objects.in_default_language():
            translated = set(area.get_translations().values_list("locale__language_code", flat=True))
            missing = [code for code in locales if code not in translated and area.slug in names[code]]
            if not missing:
                continue
            source, _ = TranslationSource.update_or_create_from_instance(area)
            name_segments = list(source.stringsegment_set.filter(context__path="name"))
            for code in missing:
                for segment in name_segments:
                    StringTranslation.objects.update_or_create(
                        translation_of_id=segment.string_id,
                        locale=locales[code],
                        context_id=segment.context_id,
                        defaults={
                            "data": names[code][area.slug],
                            "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                        },
                    )
                translation, _ = Translation.objects.get_or_create(source=source, target_locale=locales[code])
                translation.save_target(publish=True)
                self._count("focus-area translation")


def render_pdf(item):
    """A real, readable PDF of the material's text (A4, IPAexGothic for Latin and Japanese)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(item["title"])
    pdf.set_author("ASEAN Smart Cities Knowledge Portal")
    pdf.set_creation_date(datetime(2024, 1, 1))  # fixed: the same input gives the same file
    pdf.add_font("IPAexGothic", fname=str(FONT))
    pdf.set_margins(20, 20, 20)
    for number, section in enumerate(item["document"]["pages"]):
        pdf.add_page()
        if number == 0:
            pdf.set_font("IPAexGothic", size=18)
            pdf.multi_cell(0, 9, item["title"], new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        pdf.set_font("IPAexGothic", size=14)
        pdf.multi_cell(0, 8, section["heading"], new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.set_font("IPAexGothic", size=11)
        for paragraph in section["paragraphs"]:
            pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    return bytes(pdf.output())


def render_picture(caption):
    """An illustrative title card (no photograph exists in the fixtures)."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = 1200, 800
    image = Image.new("RGB", (width, height), (11, 61, 145))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, height - 24, width, height], fill=(242, 180, 0))
    font = ImageFont.truetype(str(FONT), 48)
    words, lines, line = caption.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) > width - 160 and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    y = (height - len(lines) * 64) // 2
    for text in lines:
        draw.text((80, y), text, font=font, fill=(255, 255, 255))
        y += 64
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
