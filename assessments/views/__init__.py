"""Pages for assessors and directors, one module per concern.

- home.py: the assessor's and the director's home pages (registered as the roles' homes in
  assessments/apps.py);
- editor.py: the assessor's editor, page by page: the overview, the sections of the letter,
  the elements, autosave and submission;
- items.py: the lists' items: add (and undo a deletion), edit, move, delete;
- pages.py: what those pages share: signing out while editing, the editor's page context, a
  list's HTML, the section and element pages as a failed POST shows them again.

The assessor's editor follows the letter: letter and visit details, summary, context, evidence,
key areas of success, minor areas for development, outcome and recommendation, then one page per
element. Every form works as a plain POST; static/js/editor.js adds autosave (the *_autosave
views answer JSON) and htmx edits the lists in place (the statement_* views answer with the
list's HTML when htmx asks).

Reading: the assigned assessors and directors (a director sees the editor read-only).
Writing: the assigned assessors only, while the assessment is a draft or returned. Anyone else
gets 404, anonymous users the sign-in page.

This module imports nothing: assessments/urls.py names each view by its module.
"""
