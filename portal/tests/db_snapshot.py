"""A copy of the test database as the session's demo content left it, put back for each
transactional test instead of loading the demo content again (about 15 s each, mostly
Wagtail creating pages and indexing them; putting the copy back takes well under one).

SQLite: sqlite3's online backup, into memory and back. PostgreSQL: every table's rows
through COPY, put back after a TRUNCATE with foreign keys checked only at the end."""

import sqlite3
import time

import psycopg
from django.core.management.color import no_style
from django.db import connection


class Snapshot:
    def __init__(self):
        connection.ensure_connection()
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.copy = sqlite3.connect(":memory:")
            connection.connection.backup(self.copy)
        elif self.vendor == "postgresql":
            self.tables = {}
            with connection.connection.cursor() as cursor:
                cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
                for (table,) in cursor.fetchall():
                    if table == "django_migrations":
                        continue
                    with cursor.copy(f'COPY "{table}" TO STDOUT (FORMAT binary)') as copy:
                        self.tables[table] = b"".join(bytes(block) for block in copy)
        else:
            raise NotImplementedError(f"no snapshot for {self.vendor}")

    def restore(self):
        connection.ensure_connection()
        if self.vendor == "sqlite":
            self.copy.backup(connection.connection)
            return
        with connection.connection.transaction(), connection.connection.cursor() as cursor:
            truncate(cursor, self.tables)
            # Rows go back table by table in any order: foreign keys are checked at commit.
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table, data in self.tables.items():
                if data:
                    with cursor.copy(f'COPY "{table}" FROM STDIN (FORMAT binary)') as copy:
                        copy.write(data)
            from django.apps import apps

            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
                cursor.execute(statement)


def close_other_connections():
    """End every other session on the PostgreSQL test database: a request the browser sent
    as its page closed (Wagtail's editing-session beacon) must not hold a lock that a
    TRUNCATE waits for while it waits for ours. Django reconnects them when next used."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def truncate(cursor, tables, attempts=5):
    """TRUNCATE these tables; a request of the live server that arrives meanwhile can still
    deadlock with it, so end the other sessions and try again (in a savepoint)."""
    names = ", ".join(f'"{table}"' for table in tables)
    for attempt in range(attempts):
        close_other_connections()
        try:
            with cursor.connection.transaction():
                cursor.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            return
        except psycopg.errors.DeadlockDetected:
            if attempt == attempts - 1:
                raise
            time.sleep(0.2)


def empty_database():
    """What the flush after a transactional test does, made safe against the live server."""
    if connection.vendor != "postgresql":
        return
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = [table for (table,) in cursor.fetchall() if table != "django_migrations"]
        truncate(cursor, tables)
