"""Admin for partner webhooks: endpoints and their deliveries (being written)."""

viewsets = []
