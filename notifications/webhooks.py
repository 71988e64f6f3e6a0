"""Partner webhooks (being written)."""


def queue_event(event, page, *, key):
    """Write a delivery for each endpoint that takes `event`, in the caller's transaction."""


def due_deliveries_exist():
    return False
