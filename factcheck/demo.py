"""The demo draft's evidence log (load_demo): a few meetings and documents, in our own words."""

from assessments.models import Assessment
from factcheck.models import DocumentSeen, Meeting

MEETINGS = [
    ("Headteacher and inclusion lead", 2, None),
    ("Year 6 pupils", 8, 6),
    ("Parents and carers", 5, 7),
    ("Governors", 3, 2),
    ("Teaching assistants", 4, 4),
]
DOCUMENTS = [
    "School improvement plan",
    "Inclusion and accessibility policy",
    "Attendance and behaviour records for the last year",
    "Minutes of the governors' inclusion committee",
]


def add_evidence_log(assessment: Assessment) -> None:
    """Give the draft its evidence log, once: a second load leaves it as it is."""
    if Meeting.objects.filter(assessment=assessment).exists() or assessment.is_confirmed:
        return
    elements = {element.number: element for element in assessment.framework.elements.all()}
    Meeting.objects.bulk_create(
        Meeting(assessment=assessment, position=i, group=group, number=number, element=elements.get(element))
        for i, (group, number, element) in enumerate(MEETINGS, start=1)
    )
    DocumentSeen.objects.bulk_create(
        DocumentSeen(assessment=assessment, position=i, title=title)
        for i, title in enumerate(DOCUMENTS, start=1)
    )
