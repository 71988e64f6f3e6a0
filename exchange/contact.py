"""Asking the team behind a case study: who receives the question, the limits against spam,
and the record and both e-mails, written in one transaction and delivered by the outbox
(notifications/outbox.py: the same guarantees as every other e-mail of the portal).

The contact's address is only ever written into the outbox row addressed to it: never into a
page, the copy for the sender, or anything else a visitor can read."""

import logging

from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import translation

from casestudies.models import CaseStudyPage
from exchange.models import ContactMessage
from notifications import outbox, subscriptions
from notifications.emails import page_url
from notifications.models import OutboxEmail
from notifications.notices import secretariat_addresses
from portal.languages import CONTENT_LANGUAGES
from portal.queries import private_q

logger = logging.getLogger(__name__)

# ContactMessage.routed_to: whose address the message went to.
TO_CASE_STUDY, TO_CITY, TO_SECRETARIAT = "case study", "city", "secretariat"


class TooManyMessages(Exception):
    pass


def contactable_case_study(page_id):
    """The live, public case study with this id, in any language; 404 for anything else
    (a draft, a private section, another kind of page, no page)."""
    return get_object_or_404(contactable(), pk=page_id)


def contactable():
    return CaseStudyPage.objects.live().exclude(private_q()).select_related("city", "locale")


def translation_in(case_study, language):
    """The case study's contactable copy in `language`, or None (the language switcher of the
    form's page keeps the page's id: /th/case-studies/<id of the English page>/contact/)."""
    if case_study.locale.language_code == language:
        return case_study
    return contactable().filter(translation_key=case_study.translation_key, locale__language_code=language).first()


def recipients(case_study):
    """(addresses, routed_to): the case study's own contact point, else its lead city's public
    one, else the secretariat, who can pass the question on."""
    if case_study.contact_email:
        return [case_study.contact_email], TO_CASE_STUDY
    if case_study.city is not None and case_study.city.contact_email:
        return [case_study.city.contact_email], TO_CITY
    return secretariat_addresses(), TO_SECRETARIAT


def check_rate(client_address, email):
    """CONTACT_MESSAGES_PER_HOUR per client address, a third of that (at least one) per sender
    address: the sign-up limiter (notifications/subscriptions.py), with counters of its own."""
    try:
        subscriptions.check_rate(
            f"contact:{client_address}", f"contact:{email.lower()}", per_hour=settings.CONTACT_MESSAGES_PER_HOUR
        )
    except subscriptions.TooManySignUps as error:
        raise TooManyMessages from error


def render(template, context):
    """(subject, text) from templates/exchange/emails/<template>_subject.txt and .txt."""
    subject = render_to_string(f"exchange/emails/{template}_subject.txt", context)
    return " ".join(subject.split())[:300], render_to_string(f"exchange/emails/{template}.txt", context)


def language_name(code):
    return dict(CONTENT_LANGUAGES).get(code, code)


@transaction.atomic
def send_message(case_study, *, name, email, organisation, city, message, language):
    """Record the question and owe two kinds of e-mail: the question to the contact point
    (Reply-To: the sender, so that answering reaches them directly) and a copy to the sender
    in the language they wrote in. Returns the ContactMessage."""
    addresses, routed_to = recipients(case_study)
    record = ContactMessage.objects.create(
        case_study=case_study,
        translation_key=case_study.translation_key,
        sender_name=name,
        sender_email=email,
        sender_organisation=organisation,
        sender_city=city,
        message=message,
        language=language,
        routed_to=routed_to,
    )
    context = {
        "case_study": case_study,
        "case_study_url": page_url(case_study),
        "contact": record,
        "language_name": language_name(language),
        "via_secretariat": routed_to == TO_SECRETARIAT,
        "quoted_message": "\n".join(f"> {line}".rstrip() for line in message.splitlines()),
    }
    # To the contact point in the network's working language (the portal's default).
    with translation.override(settings.LANGUAGE_CODE):
        subject, text = render("contact_message", context)
    rows = [
        OutboxEmail(
            key=f"contact:{record.pk}:to:{address}"[:200],
            kind=OutboxEmail.Kind.MESSAGE,
            to=address,
            reply_to=email,
            subject=subject,
            text=text,
        )
        for address in addresses
    ]
    if not rows:
        logger.error("Contact message %s has nowhere to go: set SECRETARIAT_EMAIL.", record.pk)
    # The copy names nobody's address but the sender's own.
    with translation.override(language):
        subject, text = render("contact_copy", context)
    rows.append(
        OutboxEmail(
            key=f"contact:{record.pk}:copy", kind=OutboxEmail.Kind.MESSAGE, to=email, subject=subject, text=text
        )
    )
    outbox.write(rows)
    return record
