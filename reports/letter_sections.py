"""The letter's part for a themed report (assessments.sections): the sections' headings,
narratives and quotations, in order, printed instead of the per-element part."""

from assessments.kinds import ReportStructure


def sections_context(assessment) -> dict:
    """`themed` and `themed_sections` for templates/reports/_letter_sections.html (one query for
    the sections and one for their quotations; none for a report organised by element)."""
    if assessment.report_structure != ReportStructure.THEMED:
        return {"themed": False, "themed_sections": []}
    from assessments.sections import sections_of

    return {
        "themed": True,
        "themed_sections": [
            {
                "heading": section.heading,
                "narrative": section.narrative,
                "quotations": [
                    {"text": q.text, "attribution": q.attribution} for q in section.quotations.all()
                ],
            }
            for section in sections_of(assessment)
        ],
    }
