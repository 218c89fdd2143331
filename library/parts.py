"""The library's part of an assessment, as the core's registry (assessments.parts) takes it: the
statement search beside a list's new item, and the spelling check on the overview and the
draft letter's page. Registered by LibraryConfig.ready()."""

from assessments import parts


def panel_context(place: str, assessment, user) -> dict:
    """The spelling check of the draft, for the overview and the letter's page; nothing once the
    letter is issued (its text no longer changes)."""
    from library.places import check_assessment

    if assessment.is_confirmed:
        return {"shown": False}
    return {"shown": True, "assessment": assessment, "report": check_assessment(assessment), "place": place}


def register() -> None:
    parts.register(
        parts.Part(
            key="library",
            panel_templates={
                "overview": "library/_spelling.html",
                "letter_preview": "library/_spelling.html",
                "list_item": "library/_search.html",
            },
            panel_context=panel_context,
        )
    )
