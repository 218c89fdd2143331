"""Pages for assessors and directors, one module per concern.

- editor.py: the assessor's editor, page by page: the overview, the sections of the letter,
  the elements, autosave and submission;
- items.py: the lists' items: add (and undo a deletion), edit, move, delete;
- kit.py: the public editor kit, what every app's editor pages share (an autosave's answer
  and the JSON error, signing out while editing, the editor's page context, the status parts
  sent again after each edit, a list's HTML, the section and element pages as a failed POST
  shows them again);
- sections.py: a themed report's Sections page, each section's page and its quotations.

The assessor's editor follows the letter: letter and visit details, summary, context, evidence,
key areas of success, minor areas for development, outcome and recommendation, then one page per
element. Every form works as a plain POST; static/js/editor.js adds autosave (the *_autosave
views answer JSON, with the page's status: the sidebar's marks, the still-to-do box) and htmx
edits the lists in place (the statement_* views answer with the list's HTML when htmx asks, and
the page's status as out-of-band swaps).

Reading: the assigned assessors and directors (a director sees the editor read-only).
Writing: the assigned assessors only, while the assessment is a draft or returned. Anyone else
gets 404, anonymous users the sign-in page.

This module imports nothing: assessments/urls.py names each view by its module.
"""
