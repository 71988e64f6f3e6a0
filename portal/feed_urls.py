"""URLs of the feeds, calendars, embeddable widget and oEmbed (filled in by the feeds work)."""

urlpatterns = []
