"""Search stays fast as the library grows: guards on the SQL, never on the clock.

At 10,000 case studies a search took seconds when its ranking ran the full-text match
once per matching page (SQLite) or when nothing indexed the vector PostgreSQL matches
(portal/search_backend.py, portal/migrations/0003_search_vector_index.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def waste_pages(home_page):
    """Three pages that mention waste."""
    for number, (title, paragraph) in enumerate(
        [
            ("Waste sorting at the market", "Vendors sort waste into three bins."),
            ("Street lighting", "Lamps were replaced; waste heat fell."),
            ("Parks", "Residents planted trees and collected waste."),
        ]
    ):
        page = StandardPage(
            title=title, slug=f"waste-{number}", introduction="", body=[("paragraph", f"<p>{paragraph}</p>")]
        )
        home_page.add_child(instance=page)
        page.save_revision().publish()


def test_search_matches_once_per_query(client, waste_pages):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/?q=waste")
    assert response.status_code == 200
    assert response.context["total"] == 3
    assert {page.title for page in response.context["page_obj"]} == {
        "Waste sorting at the market",
        "Street lighting",
        "Parks",
    }
    searching = [q["sql"] for q in queries.captured_queries if "MATCH" in q["sql"] or "@@" in q["sql"]]
    assert searching, "the search reached the full-text index"
    # A score computed per matching page (a correlated subquery) runs the match again for each.
    assert all(sql.count("MATCH") <= 1 for sql in searching)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index")
def test_postgresql_matches_through_the_gin_index():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # tiny tables: ask whether it *can* be used
        cursor.execute("EXPLAIN SELECT id FROM wagtailsearch_indexentry WHERE (title || body) @@ to_tsquery('waste')")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "portal_search_title_body_gin" in plan
