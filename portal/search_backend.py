"""Wagtail's database search backend, with SQLite's ranking made linear in the matches.

modelsearch's SQLite backend orders by a score subquery correlated with each matching
page, which runs the FTS5 MATCH again for every match: 10,000 case studies made a search
for a common word take seconds. Here the ranked query is driven from the full-text index
instead, once: the matches, their bm25 score (the same expression modelsearch uses), and
the page filters as a subquery on the integer primary key; then the page objects of the
requested slice are loaded. The same pages are found, best match first, ties newest
first (by primary key) as before. (Counting never ranked: Django drops the unused score.)

On PostgreSQL the backend is modelsearch's own; what makes it fast there is the GIN index
on the indexed vector it matches against (portal/migrations, "title || body").
"""

from django.db import connection
from django.db.models import IntegerField
from django.db.models.functions import Cast
from modelsearch.backends.database import SearchBackend as default_backend
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks


def SearchBackend(params):  # noqa: N802 (modelsearch looks the backend up by this name)
    backend = default_backend(params)
    if connection.vendor == "sqlite" and type(backend).__name__ == "SQLiteSearchBackend":
        return _sqlite_backend_class()(params)
    return backend


def _sqlite_backend_class():
    # Imported here: the module needs the FTS5 index model, absent when SQLite lacks FTS5.
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteFTSIndexEntry,
        SQLiteSearchBackend,
        SQLiteSearchResults,
    )

    class RankedResults(SQLiteSearchResults):
        def _ranks(self):
            """[(primary key, score)] of this slice, best first; None where modelsearch's
            own query is used (not ordered by relevance, negated or match-all queries)."""
            compiler = self.query_compiler
            query = normalize(compiler.query)
            if not compiler.order_by_relevance or isinstance(query, (MatchAll, Not)):
                return None
            match = MatchExpression(
                compiler.fields or compiler.FTS_TABLE_FIELDS,
                compiler.build_search_query(query, config=compiler.get_config(self.backend)),
            )
            score = compiler._build_rank_expression(compiler.get_search_vectors(), None)
            ranked = (
                SQLiteFTSIndexEntry.objects.filter(match)
                .filter(index_entry__content_type__in=get_descendants_content_types_pks(compiler.queryset.model))
                .annotate(object_pk=Cast("index_entry__object_id", IntegerField()))
                .filter(object_pk__in=compiler.queryset.order_by().values("pk"))
                .annotate(score=score)
                .order_by("score", "-object_pk")
                .values_list("object_pk", "score")
            )
            return list(ranked[self.start : self.stop])

        def _do_search(self):
            ranks = self._ranks()
            if ranks is None:
                return super()._do_search()
            objects = self.query_compiler.queryset.order_by().in_bulk([pk for pk, _ in ranks])
            results = []
            for pk, score in ranks:
                if pk in objects:
                    if self._score_field:
                        setattr(objects[pk], self._score_field, score)
                    results.append(objects[pk])
            return results

    class RankedSQLiteSearchBackend(SQLiteSearchBackend):
        results_class = RankedResults

    return RankedSQLiteSearchBackend
