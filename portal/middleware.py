from django.db import transaction
from django.middleware.gzip import GZipMiddleware

# Public, non-personal responses only: compressing pages that carry a CSRF token next to
# reflected input (search) would expose them to BREACH.
GZIP_PATHS = ("/api/", "/feeds/", "/embed/", "/oembed/")


class PublicDataGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if request.path.startswith(GZIP_PATHS):
            return super().process_response(request, response)
        return response


class AtomicAdminWritesMiddleware:
    """Every admin request that changes something runs in one transaction, as Django's
    ATOMIC_REQUESTS would, for the admin only: a page's publish and what it sets off (its
    translation jobs, its subscribers' outbox e-mails, its webhook deliveries) are committed
    together or not at all. A server error rolls the whole request back."""

    WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.WRITE_METHODS or not request.path.startswith("/admin/"):
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
            return response
