"""Who is calling the API: anonymous clients, or partners with a key (higher rate limit)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle
from rest_framework_api_key.models import APIKey
from rest_framework_api_key.permissions import KeyParser


class PartnerKeyAuthentication(BaseAuthentication):
    """A valid `X-Api-Key` makes `request.auth` the partner's key; a wrong one is refused,
    so a partner with a mistyped key learns it at once instead of being quietly limited."""

    key_parser = KeyParser()

    def authenticate(self, request):
        key = self.key_parser.get(request)
        if not key:
            return None
        try:
            api_key = APIKey.objects.get_from_key(key)
        except APIKey.DoesNotExist:
            api_key = None
        if api_key is None or api_key.has_expired or api_key.revoked:
            raise AuthenticationFailed("This API key is not valid: it is unknown, revoked or expired.")
        return (None, api_key)

    def authenticate_header(self, request):
        return "X-Api-Key"


class PartnerAwareThrottle(SimpleRateThrottle):
    """The "partner" rate for a valid key (counted per key), the "anon" rate per client IP."""

    scope = "anon"  # until allow_request knows who is calling

    def get_rate(self):
        # Read at each request (not at import), so the configured rates always apply.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def allow_request(self, request, view):
        self.scope = "partner" if isinstance(request.auth, APIKey) else "anon"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        ident = f"key-{request.auth.pk}" if self.scope == "partner" else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    """Documents the partner key in the OpenAPI schema."""

    target_class = PartnerKeyAuthentication
    name = "PartnerKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Api-Key",
            "description": "Optional. A partner key raises the rate limit; ask the secretariat for one.",
        }
