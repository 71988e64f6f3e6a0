"""A GIN index on the vector PostgreSQL search matches against.

Wagtail's database backend on PostgreSQL matches `title || body` (one vector, so that the
words of a query may be spread over title and body), while its own GIN indexes are on
each column alone: without this one every search read the whole index table. SQLite
searches through its FTS5 table and needs nothing here.
"""

from django.db import migrations

INDEX = "portal_search_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry USING gin ((title || body))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_workerheartbeat"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
