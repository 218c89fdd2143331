"""Trigram indexes for the school search on PostgreSQL.

The search (SchoolQuerySet.search) looks for the text anywhere in the name, addressed name,
town or postcode: `UPPER(column) LIKE UPPER('%text%')`, which no B-tree index can serve. A
GIN index of trigrams (pg_trgm) on each UPPER(column) can, so a search of 10,000 schools reads
the matching rows instead of every row. SQLite has no such index; it scans, which is quick at
the sizes SQLite is used for.

pg_trgm ships with PostgreSQL (Debian's postgresql package, and every managed service we know
of) and is a trusted extension, so the database's owner may create it. If it cannot be created,
the migration says so and carries on: the search still works, only more slowly.
"""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)

COLUMNS = ("name", "addressed_name", "town", "postcode")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:
        logger.warning("School search: pg_trgm is not available (%s); searches will scan the table.", error)
        return
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS school_{column}_trgm_idx "
            f'ON schools_school USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS school_{column}_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("schools", "0002_newest_award")]

    operations = [migrations.RunPython(create, drop)]
