import sys

from django.core.management.base import BaseCommand, CommandError

from assessments import limits
from assessments.interchange import ImportProblems, import_document, parse_document


class Command(BaseCommand):
    help = (
        "Create an assessment from a JSON document (see docs/assessment-format.md). The whole "
        "document is checked first; any problem is reported with its JSON path and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file, or - for standard input.")
        parser.add_argument("--dry-run", action="store_true", help="Check the document and write nothing.")

    def handle(self, *args, **options):
        # One byte more than the limit is read, so a larger file is refused without reading it all.
        try:
            if options["file"] == "-":
                stream = getattr(sys.stdin, "buffer", sys.stdin)
                data = stream.read(limits.MAX_DOCUMENT_BYTES + 1)
            else:
                with open(options["file"], "rb") as handle:
                    data = handle.read(limits.MAX_DOCUMENT_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc.strerror}.") from None
        try:
            doc = parse_document(data, name=options["file"])
        except ImportProblems as exc:
            raise CommandError("\n".join(exc.problems)) from None
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
