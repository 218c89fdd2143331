"""URLs under /assessments/."""

from django.urls import path

from assessments.views import editor, items, sections

urlpatterns = [
    path("<int:pk>/", editor.assessment_overview, name="assessment_overview"),
    path("<int:pk>/submit/", editor.assessment_submit_view, name="assessment_submit"),
    # Elements, each with its two lists.
    path("<int:pk>/elements/<int:number>/", editor.assessment_element, name="assessment_element"),
    path(
        "<int:pk>/elements/<int:number>/autosave/",
        editor.assessment_element_autosave,
        name="assessment_element_autosave",
    ),
    path(
        "<int:pk>/elements/<int:number>/lists/<str:kind>/",
        items.statement_list,
        name="element_statement_list",
    ),
    path(
        "<int:pk>/elements/<int:number>/lists/<str:kind>/add/",
        items.statement_add,
        name="element_statement_add",
    ),
    # The assessment's own lists: key areas of success and minor areas for development.
    path("<int:pk>/lists/<str:kind>/", items.statement_list, name="statement_list"),
    path("<int:pk>/lists/<str:kind>/add/", items.statement_add, name="statement_add"),
    # One list item, wherever it lives.
    path("<int:pk>/items/<int:item>/", items.statement_edit, name="statement_edit"),
    path("<int:pk>/items/<int:item>/delete/", items.statement_delete, name="statement_delete"),
    path("<int:pk>/items/<int:item>/move/", items.statement_move, name="statement_move"),
    # A themed report's sections (assessments.sections) and their quotations. "sections" is
    # not one of editing.SECTIONS' keys; these come before the generic route below.
    path("<int:pk>/sections/", sections.assessment_sections, name="assessment_sections"),
    path("<int:pk>/sections/add/", sections.themed_section_add, name="themed_section_add"),
    path("<int:pk>/sections/undo/", sections.themed_section_restore, name="themed_section_restore"),
    path("<int:pk>/sections/<int:item>/", sections.themed_section, name="themed_section"),
    path(
        "<int:pk>/sections/<int:item>/autosave/",
        sections.themed_section_autosave,
        name="themed_section_autosave",
    ),
    path(
        "<int:pk>/sections/<int:item>/delete/", sections.themed_section_delete, name="themed_section_delete"
    ),
    path("<int:pk>/sections/<int:item>/move/", sections.themed_section_move, name="themed_section_move"),
    path("<int:pk>/sections/<int:item>/quotations/add/", sections.quotation_add, name="quotation_add"),
    path("<int:pk>/quotations/<int:item>/delete/", sections.quotation_delete, name="quotation_delete"),
    # Sections of the letter (editing.SECTIONS): details, summary, context, evidence,
    # key_successes, minor_areas, outcome. Last, so the fixed paths above win.
    path("<int:pk>/<slug:section>/", editor.assessment_section, name="assessment_section"),
    path(
        "<int:pk>/<slug:section>/autosave/",
        editor.assessment_section_autosave,
        name="assessment_section_autosave",
    ),
]
