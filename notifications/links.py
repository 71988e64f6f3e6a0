"""Signed links in the subscription e-mails: confirm a sign-up, manage or leave a subscription.

A confirmation link carries the whole sign-up (nothing is stored before it is clicked) and
expires; manage and unsubscribe links carry the subscriber's id and secret and do not."""

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

CONFIRM_SALT = "notifications.confirm"
MANAGE_SALT = "notifications.manage"


class BadLink(Exception):
    """A link that was altered, has expired, or belongs to a subscription that is gone."""


def confirmation_token(signup):
    return signing.dumps(signup, salt=CONFIRM_SALT, compress=True)


def read_confirmation_token(token):
    try:
        return signing.loads(token, salt=CONFIRM_SALT, max_age=settings.SUBSCRIPTION_CONFIRM_DAYS * 24 * 3600)
    except signing.SignatureExpired as error:
        raise BadLink(_("This confirmation link has expired: please sign up again.")) from error
    except signing.BadSignature as error:
        raise BadLink(_("This confirmation link is not valid: please copy it whole from the e-mail.")) from error


def manage_token(subscriber):
    return signing.dumps({"id": subscriber.pk, "secret": subscriber.secret}, salt=MANAGE_SALT)


def subscriber_from_token(token):
    from notifications.models import Subscriber

    try:
        data = signing.loads(token, salt=MANAGE_SALT)
    except signing.BadSignature as error:
        raise BadLink(_("This link is not valid: please use the latest link from one of our e-mails.")) from error
    subscriber = Subscriber.objects.filter(pk=data.get("id"), secret=data.get("secret")).first()
    if subscriber is None:
        raise BadLink(_("This subscription no longer exists, or the link has been replaced by a newer one."))
    return subscriber
