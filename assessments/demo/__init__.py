"""The demo data: the reference report and a draft, in the JSON format of docs/assessment-format.md."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent
REFERENCE_PATH = DEMO_DIR / "heath-2010.json"
DRAFT_PATH = DEMO_DIR / "heath-draft.json"
# A Centre of Excellence annual review of the same school, against the eight-element framework
# (demo text, not an issued IQM report).
COE_REVIEW_PATH = DEMO_DIR / "heath-coe-review-2025.json"
# A Flagship annual review of a second, fictional school (Brookfield Primary School), reported in
# themed sections with quotations (demo text, not an issued IQM report).
FLAGSHIP_REVIEW_PATH = DEMO_DIR / "flagship-review-2026.json"
