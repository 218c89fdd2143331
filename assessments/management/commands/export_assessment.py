import json

from django.core.management.base import BaseCommand, CommandError

from assessments.interchange import export_document
from assessments.models import Assessment


class Command(BaseCommand):
    help = "Write one assessment to standard output as JSON (see docs/assessment-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("id", type=int, help="The assessment's id.")

    def handle(self, *args, **options):
        assessment = Assessment.objects.filter(pk=options["id"]).first()
        if assessment is None:
            raise CommandError(f"There is no assessment with id {options['id']}.")
        self.stdout.write(json.dumps(export_document(assessment), indent=2, ensure_ascii=False))
