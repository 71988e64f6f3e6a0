"""Where an admin form goes back to: its `next` parameter, when that stays on this site."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, default):
    """The request's `next` (POST, else GET) if it is a URL on this host (and scheme), else
    `default`. Django's check also refuses what browsers read as another host, such as
    "//evil.example" and "/\\evil.example"."""
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return default
