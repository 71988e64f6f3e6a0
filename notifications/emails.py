"""The subscription e-mails: rendered in the subscriber's language, HTML and plain text."""

import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Page

from notifications import links


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_confirmation(email, language, token):
    with translation.override(language):
        context = {
            "confirm_url": absolute(reverse("subscribe_confirm", args=[token])),
            "days": settings.SUBSCRIPTION_CONFIRM_DAYS,
            "SITE_NAME": gettext(settings.WAGTAIL_SITE_NAME),
        }
        subject = render_to_string("notifications/emails/confirm_subject.txt", context).strip()
        text = render_to_string("notifications/emails/confirm.txt", context)
        html = render_to_string("notifications/emails/confirm.html", context)
    message = EmailMultiAlternatives(subject, text, to=[email])
    message.attach_alternative(html, "text/html")
    message.send()


# --- Outbox e-mails: rendered when sent, in the subscriber's language ----------


def page_url(page):
    url = page.get_url()
    return url if url.startswith("http") else absolute(url)


def message_id(row):
    """Stable per outbox row: a message sent twice (a worker died between the SMTP server's
    "accepted" and the database's "sent") is recognisably the same message."""
    domain = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"
    return f"<{hashlib.sha256(row.key.encode()).hexdigest()[:32]}@{domain}>"


def localized_page(announcement, language, cache):
    """The announced page in `language` when it is live and public there, else in English,
    else as announced; None once it is no longer published. Cached per batch."""
    if (announcement.pk, language) not in cache:
        pages = Page.objects.live().public().filter(translation_key=announcement.translation_key)
        by_language = {page.locale.language_code: page for page in pages.select_related("locale")}
        fallback = next(iter(by_language.values()), None)
        page = by_language.get(language) or by_language.get(settings.LANGUAGE_CODE) or fallback
        cache[announcement.pk, language] = page.specific if page else None
    return cache[announcement.pk, language]


def subscriber_links(subscriber):
    token = links.manage_token(subscriber)
    return {
        "manage_url": absolute(reverse("subscription_manage", args=[token])),
        "unsubscribe_url": absolute(reverse("unsubscribe", args=[token])),
    }


def subscriber_message(row, template, context):
    """An e-mail to a subscriber, with RFC 8058 one-click unsubscribe headers."""
    subscriber = row.subscriber
    context |= subscriber_links(subscriber)
    with translation.override(subscriber.language):
        context["SITE_NAME"] = gettext(settings.WAGTAIL_SITE_NAME)
        subject = render_to_string(f"notifications/emails/{template}_subject.txt", context).strip()
        text = render_to_string(f"notifications/emails/{template}.txt", context)
        html = render_to_string(f"notifications/emails/{template}.html", context)
    headers = {
        "Message-ID": message_id(row),
        "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }
    message = EmailMultiAlternatives(" ".join(subject.split()), text, to=[row.to], headers=headers)
    message.attach_alternative(html, "text/html")
    return message


def item(page):
    from events.models import EventPage

    return {"page": page, "url": page_url(page), "is_event": isinstance(page, EventPage)}


def cached_item(page, cache):
    """item(page), worked out once per batch: a page's URL costs a few URL reversals."""
    if ("item", page.pk) not in cache:
        cache["item", page.pk] = item(page)
    return dict(cache["item", page.pk])


def outbox_message(row, cache):
    """The e-mail an outbox row stands for, or None when there is nothing left to say
    (the page, or every page of a digest, has been unpublished since)."""
    Kind = row.Kind
    if row.kind in (Kind.NOTICE, Kind.MESSAGE):
        headers = {"Message-ID": message_id(row)}
        if row.kind == Kind.NOTICE:
            headers["Auto-Submitted"] = "auto-generated"
        reply_to = [row.reply_to] if row.reply_to else None
        message = EmailMultiAlternatives(row.subject, row.text, to=[row.to], headers=headers, reply_to=reply_to)
        if row.html:
            message.attach_alternative(row.html, "text/html")
        return message
    language = row.subscriber.language
    if row.kind == Kind.ANNOUNCEMENT:
        page = localized_page(row.announcement, language, cache)
        return page and subscriber_message(row, "announcement", cached_item(page, cache))
    if row.kind == Kind.DIGEST:
        bundled = row.items.select_related("announcement").order_by("pk")
        pages = [localized_page(each.announcement, language, cache) for each in bundled]
        items = [cached_item(page, cache) for page in pages if page is not None]
        return items and subscriber_message(row, "digest", {"items": items, "count": len(items)})
    raise ValueError(f"An outbox row of kind {row.kind!r} is not sent by itself.")
