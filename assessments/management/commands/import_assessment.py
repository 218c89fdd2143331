import json
import sys

from django.core.management.base import BaseCommand, CommandError

from assessments.interchange import ImportProblems, import_document


class Command(BaseCommand):
    help = (
        "Create an assessment from a JSON document (see docs/assessment-format.md). The whole "
        "document is checked first; any problem is reported with its JSON path and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file, or - for standard input.")
        parser.add_argument("--dry-run", action="store_true", help="Check the document and write nothing.")

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
            if options["dry_run"]:
                from assessments.interchange import validate_document

                validate_document(doc)
                self.stdout.write("The document is valid; nothing was written (--dry-run).")
                return
            assessment = import_document(doc)
        except ImportProblems as exc:
            raise CommandError(
                "The document was not imported; nothing was written:\n" + "\n".join(exc.problems)
            ) from None
        self.stdout.write(f"Imported assessment {assessment.pk}: {assessment}")
