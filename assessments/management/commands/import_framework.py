import json
import sys

from django.core.management.base import BaseCommand, CommandError

from assessments.framework_interchange import ImportProblems, import_framework_document


class Command(BaseCommand):
    help = (
        "Create or update a framework, its elements and its crosswalk from a JSON document (see "
        "docs/framework-format.md). The whole document is checked first; any problem is reported "
        "with its JSON path and nothing is written. A framework that assessments use keeps its "
        "words: a document that changes them needs a new version."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file, or - for standard input.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the document, say what it would do, write nothing."
        )

    def handle(self, *args, **options):
        try:
            if options["file"] == "-":
                text = sys.stdin.read()
            else:
                with open(options["file"], encoding="utf-8") as handle:
                    text = handle.read()
        except OSError as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc.strerror}.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{options['file']} is not UTF-8 text.") from None
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"{options['file']} is not valid JSON: {exc}.") from None
        try:
            result = import_framework_document(doc, dry_run=options["dry_run"])
        except ImportProblems as exc:
            raise CommandError(
                "The framework was not imported; nothing was written:\n" + "\n".join(exc.problems)
            ) from None
        self.stdout.write(result.message)
