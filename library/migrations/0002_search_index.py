"""PostgreSQL's full-text index of the statements: GIN on to_tsvector('english', text), the
expression library.search filters on. Made on PostgreSQL alone (SQLite has no GIN index and
searches with a plain match)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX = GinIndex(SearchVector("text", config="english"), name="library_statement_search")


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("library", "LibraryStatement"), INDEX)


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("library", "LibraryStatement"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [migrations.RunPython(add_index, remove_index)]
