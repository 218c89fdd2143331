"""The assessment letter: gather the context, render the HTML, turn the HTML into PDF.

No request object and no database writes here. WeasyPrint is imported only in html_to_pdf.
"""

import re

from django.template.loader import render_to_string

from assessments.dates import date_range
from assessments.models import Assessment


def gather_context(assessment: Assessment, *, draft: bool) -> dict:
    """Everything the letter template needs, read in a fixed number of queries."""
    return {"assessment": assessment, "draft": draft, "school": assessment.school}


def render_html(context: dict) -> str:
    """The letter as HTML, from templates/reports/letter.html."""
    return render_to_string("reports/letter.html", context)


def html_to_pdf(html: str) -> bytes:
    """PDF bytes for the letter's HTML. The only place that imports WeasyPrint."""
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf()


def render_pdf(assessment: Assessment, *, draft: bool) -> bytes:
    """The assessment's letter as PDF bytes."""
    return html_to_pdf(render_html(gather_context(assessment, draft=draft)))


def filename(assessment: Assessment, *, draft: bool = False) -> str:
    """ "IQM-report-The-Heath-School-2010-07.pdf"."""
    name = re.sub(r"[^A-Za-z0-9]+", "-", assessment.school.letter_name).strip("-") or "school"
    when = assessment.visit_start.strftime("%Y-%m") if assessment.visit_start else "undated"
    return f"IQM-report-{name}-{when}{'-DRAFT' if draft else ''}.pdf"


__all__ = ["date_range", "filename", "gather_context", "html_to_pdf", "render_html", "render_pdf"]
