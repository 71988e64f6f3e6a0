"""Admin for the exchange: each feature registers its own hooks in its own module."""

from exchange import contact_admin, partner_admin  # noqa: F401  (register their hooks on import)
