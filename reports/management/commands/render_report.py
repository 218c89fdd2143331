"""Write the letter of one assessment to a PDF file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.models import Assessment
from reports import letter


class Command(BaseCommand):
    help = (
        "Render the letter of assessment ID to the PDF file OUT, for example "
        "'render_report 1 heath.pdf'. Every page is marked DRAFT unless the assessment is "
        "confirmed. It only reads: nothing is stored or issued, and no one is emailed."
    )

    def add_arguments(self, parser):
        parser.add_argument("assessment_id", type=int, help="The assessment's id (load_demo prints it).")
        parser.add_argument("out", type=Path, help="The PDF file to write; an existing file is replaced.")

    def handle(self, *args, assessment_id: int, out: Path, **options):
        assessment = Assessment.objects.filter(pk=assessment_id).first()
        if assessment is None:
            raise CommandError(f"No assessment has the id {assessment_id}.")
        if not out.parent.is_dir():
            raise CommandError(f"Cannot write {out}: the folder {out.parent} does not exist.")
        draft = not assessment.is_confirmed
        try:
            pdf = letter.render_pdf(assessment, draft=draft)
        except letter.RenderError as error:
            raise CommandError(str(error)) from None
        out.write_bytes(pdf)
        marked = ", every page marked DRAFT because it is not confirmed" if draft else ""
        self.stdout.write(f"Wrote {out}: the letter of {assessment} ({len(pdf):,} bytes{marked}).")
