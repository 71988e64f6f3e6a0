"""Content-Security-Policy for each part of the site, on top of django-csp.

The public site gets settings.CONTENT_SECURITY_POLICY as it is: scripts from the portal
only, never inline. Three parts need more, and get only what they need:

- the Wagtail admin (/admin/), whose pages still carry inline scripts and styles and whose
  choosers evaluate the HTML they load (Wagtail is not CSP-clean yet: wagtail#7053);
- the API's Swagger UI and ReDoc pages, which inject <style> elements and run ReDoc's
  worker from a blob: URL;
- the embed pages (/embed/…), which other sites frame and which keep their CSS and their
  one script inline so they stay self-contained (the script is allowed by its hash).
"""

import base64
import hashlib

from csp.middleware import CSPMiddleware
from django.conf import settings

ADMIN_PREFIX = "/admin/"

ADMIN_POLICY = {
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", "https:"],  # previews, embeds' thumbnails
    "frame-src": ["'self'", "https:"],  # page previews and embed previews
}

API_DOCS_POLICY = {
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "worker-src": ["'self'", "blob:"],
}


def _script_hash(template):
    """The CSP source that allows exactly this inline script (the template is plain JavaScript)."""
    digest = hashlib.sha256((settings.BASE_DIR / "templates" / template).read_bytes()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


# Added to the public policy: any site may frame these pages; their CSS and their one
# script (templates/portal/embed/height.js, allowed by its hash) are inline.
EMBED_UPDATE = {
    "style-src": ["'unsafe-inline'"],
    "script-src": [_script_hash("portal/embed/height.js")],
    "frame-ancestors": ["*"],
}


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if parts.replace is None and request.path_info.startswith(ADMIN_PREFIX):
            parts.replace = ADMIN_POLICY
        return parts
