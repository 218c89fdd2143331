"""The demo's statement library (load_demo): the list items of the reference letter (The Heath
School, 2010) and of the demo's Centre of Excellence review, each for its list and element and
tagged with the themes its words name. Loading twice adds nothing."""

from assessments.models import Element
from library.models import LibraryStatement, Source, Theme

# A theme, and the words that tag a statement with it.
THEMES = {
    "behaviour": ("behaviour", "behavior", "exclusion"),
    "safeguarding": ("safeguard",),
    "wellbeing": ("well-being", "wellbeing", "emotional", "mental health"),
    "parents and carers": ("parent", "carer", "famil"),
    "governors": ("governor",),
    "attendance": ("attendance",),
    "special educational needs": ("send", "sen ", "senco", "special educational"),
    "community": ("community", "partner"),
    "leadership": ("leader", "headteacher", "slt"),
    "teaching and learning": ("teaching", "learning", "lesson"),
}
LISTS = (
    ("key_areas_of_success", "key_success"),
    ("minor_areas_for_development", "minor_area"),
)
ELEMENT_LISTS = (("strengths", "strength"), ("areas_for_development", "area"))
MAX_LENGTH = 700  # a long paragraph is a letter's own; the library keeps the shorter items


def _themes(text: str) -> list[Theme]:
    lower = f" {text.lower()} "
    names = [name for name, words in THEMES.items() if any(word in lower for word in words)]
    return [Theme.objects.get_or_create(name=name)[0] for name in names]


def add_statements(documents: list[dict], by) -> int:
    """The list items of the demo's assessment documents (assessments.interchange's format) as
    library statements; returns how many there are from them."""
    count = 0
    for doc in documents:
        framework = doc["framework"]
        elements = {
            e.number: e
            for e in Element.objects.filter(
                framework__name=framework["name"], framework__version=framework["version"]
            )
        }
        items = [(kind, None, text) for key, kind in LISTS for text in doc.get(key, [])]
        for element in doc.get("elements", []):
            for key, kind in ELEMENT_LISTS:
                items += [(kind, elements.get(element["number"]), text) for text in element.get(key, [])]
        for kind, element, text in items:
            if not text.strip() or len(text) > MAX_LENGTH:
                continue
            statement, created = LibraryStatement.objects.get_or_create(
                kind=kind, element=element, text=text, defaults={"source": Source.SEEDED, "created_by": by}
            )
            if created:
                statement.themes.set(_themes(text))
            count += 1
    return count
