from django.core.signals import request_finished
from django.db import transaction
from django.middleware.gzip import GZipMiddleware

from portal.logging import REQUEST_ID_HEADER, clear_request_id, new_request_id, request_id_var, valid_request_id

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


class RequestIdMiddleware:
    """Gives each request an id: the proxy's `X-Request-ID` when it looks like one, else a
    new uuid4. Every log line of the request carries it (portal/logging.py), so do the tasks
    it enqueues, and the response returns it in `X-Request-ID` for the user to quote.

    The id stays set until the response is closed (request_finished), not only while the
    middleware runs: Django logs 4xx and 5xx responses ("Not Found: /x") after the last
    middleware has returned."""

    def __init__(self, get_response):
        self.get_response = get_response
        request_finished.connect(clear_request_id, dispatch_uid="portal.clear_request_id")

    def __call__(self, request):
        request_id = valid_request_id(request.headers.get(REQUEST_ID_HEADER)) or new_request_id()
        request.request_id = request_id
        request_id_var.set(request_id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response
