"""The access matrix: every URL of the project, for every role and the methods it accepts (and
one it does not), against the answer that role must get.

Answers: 200; "login" (a redirect to the sign-in page, or 401 from an autosave endpoint, which
tells its script to keep the text and sign in again); 404 for an object or page the user may not
see — never 403, so nothing leaks that it exists; 405 for a method the view does not accept;
"ok" for a POST that does what it says (a redirect or a page with the form's messages); and
"admin-login" for the admin site, which sends everyone who is not staff to its own sign-in page.

The URL names come from Django's URL resolver, so a new URL without a row here fails
`test_every_url_has_a_row`. Each request runs inside a savepoint that is rolled back afterwards,
so one set of fixtures serves every row; a refused POST must also leave the database as it was.
Runs on SQLite and on PostgreSQL.
"""

import copy
import dataclasses

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Role, User
from assessments.kinds import ReportStructure, VisitKind
from assessments.models import Assessment, Finding, Statement, StatementKind
from assessments.sections import Quotation, Section, quotation_add, section_add
from assessments.services import assessment_confirm, assessment_return, assessment_submit
from clusters.models import Attendance, ClusterMeeting
from continuity.models import CarriedItem, ResearchProject, ResearchStep, Target
from continuity.services import carry_forward, project_set, step_add, target_add
from factcheck.models import CheckComment, CommentAnswer, DocumentSeen, FactualCheck, Meeting
from factcheck.services import check_send, comment_add, document_add, meeting_add
from library.models import LibraryStatement, ProjectWord
from reading import services as reading_services
from reading.models import Comment as ReadingComment
from reading.models import Reading, Reply
from reports.models import IssuedReport
from reports.publishing import set_published
from schools.models import School
from selfeval.models import ElementEvaluation, Evidence, SelfEvaluation
from selfeval.services import add_file, add_link, self_evaluation_for
from selfeval.services import submit as selfeval_submit
from tests.factories import (
    AssessmentFactory,
    AssessorFactory,
    HeadteacherFactory,
    SchoolFactory,
    UserFactory,
    fill_complete,
)
from tests.letter_pdf import tiny_pdf

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "lead", "co", "outsider", "director", "head", "other_head", "admin", "staff", "reader")
# "staff" is a school user of the first school (an inclusion lead, say): a row of 8 answers gives
# them the headteacher's ("head"), a row of 9 an answer of their own (`expand`).
STAFF_AS = "head"
# "reader" is a quality-assurance reader (the second reading), on none of the visits: a row of 8
# or 9 answers gives them the answer of an assessor on none of them ("outsider") — their home,
# the readers' queue, answers 200 as the outsider's does; a row of 10 an answer of their own.
READER_AS = "outsider"

L = "login"
A = "admin-login"
OK = "ok"


@dataclasses.dataclass
class World:
    """One school with a draft, a submitted, a returned and a confirmed assessment, all led by
    `lead` with `co` as co-assessor; another school with its own headteacher and confirmed
    assessment, which none of the first school's assessors work on."""

    users: dict
    school: School
    other_school: School
    draft: Assessment
    submitted: Assessment
    returned: Assessment
    confirmed: Assessment
    other: Assessment
    themed: Assessment  # a draft written in themed sections, with a section and a quotation
    continued: Assessment  # a Flagship review following `confirmed`, with what it asked for carried in
    resetter: User  # has asked for a password reset link
    newcomer: User  # a headteacher with a new login and a welcome link
    meeting: ClusterMeeting  # a cluster meeting the first school attended
    checked: Assessment | None = None  # submitted, its draft sent to the school, which commented
    reading: Reading | None = None  # the second reading of `submitted`, with a suggestion

    def reading_comment(self) -> int:
        return ReadingComment.objects.filter(reading=self.reading).first().pk

    def evidence(self, assessment: Assessment) -> int:
        return Evidence.objects.filter(assessment=assessment, kind="file").first().pk

    def check(self) -> int:
        return FactualCheck.objects.get(assessment=self.checked).pk

    def comment(self) -> int:
        return CheckComment.objects.filter(factual_check__assessment=self.checked).first().pk

    def log_row(self, kind: str) -> int:
        return (
            (Meeting if kind == "meeting" else DocumentSeen).objects.filter(assessment=self.draft).first().pk
        )

    def item(self, assessment: Assessment) -> int:
        return Statement.objects.filter(assessment=assessment, kind=StatementKind.KEY_SUCCESS).first().pk

    def section(self) -> int:
        return Section.objects.filter(assessment=self.themed).first().pk

    def quotation(self) -> int:
        return Quotation.objects.filter(assessment=self.themed).first().pk

    def row(self, kind: str) -> int:
        model = Target if kind == "targets" else ResearchStep
        return model.objects.filter(assessment=self.continued).first().pk

    def report(self, assessment: Assessment) -> int:
        return IssuedReport.objects.get(assessment=assessment).pk

    def head(self) -> User:
        return self.users["head"]


@pytest.fixture
def world(db, monkeypatch, lead, co_assessor, other_assessor, director, admin_user):
    # Confirming issues the letter, which renders a PDF (about a second each) and the preview
    # rows render it again: in this file only, the renderer returns a constant. Rendering itself
    # is tested in test_preview_pdf.py, test_render_report.py and the letter tests.
    from reports import letter

    monkeypatch.setattr(letter, "html_to_pdf", lambda html, **kwargs: tiny_pdf())

    school, other_school = SchoolFactory(), SchoolFactory()

    def assessment(**kwargs):
        made = AssessmentFactory(school=kwargs.pop("school", school), lead_assessor=kwargs.pop("lead", lead))
        made.co_assessors.add(*kwargs.pop("co", [co_assessor]))
        return made

    draft = fill_complete(assessment())
    submitted = assessment_submit(assessment=fill_complete(assessment()), by=lead)
    returned = assessment_submit(assessment=fill_complete(assessment()), by=lead)
    returned = assessment_return(assessment=returned, by=director, comment="Please add evidence.")
    confirmed = assessment_submit(assessment=fill_complete(assessment()), by=lead)
    confirmed = assessment_confirm(assessment=confirmed, by=director, notify=False)
    stranger = AssessorFactory()
    other = assessment_submit(
        assessment=fill_complete(assessment(school=other_school, lead=stranger, co=[])), by=stranger
    )
    other = assessment_confirm(assessment=other, by=director, notify=False)
    themed = assessment()
    themed.report_structure = ReportStructure.THEMED
    themed.save()
    first = section_add(assessment=themed, by=lead, heading="Context", narrative="A small school.")
    quotation_add(assessment=themed, by=lead, section_id=first.pk, text="A quotation.", attribution="A pupil")
    continued = AssessmentFactory(
        school=school, lead_assessor=lead, kind=VisitKind.FLAGSHIP_REVIEW, previous_assessment=confirmed
    )
    continued.co_assessors.add(co_assessor)
    carry_forward(assessment=continued)
    target_add(assessment=continued, by=lead, text="A target.")
    project_set(assessment=continued, by=lead, title="A project")
    step_add(assessment=continued, by=lead, step="A step.")
    users = {
        "anonymous": None,
        "lead": lead,
        "co": co_assessor,
        "outsider": other_assessor,
        "director": director,
        "head": HeadteacherFactory(school=school),
        "other_head": HeadteacherFactory(school=other_school),
        "admin": admin_user,
        "staff": HeadteacherFactory(role=Role.SCHOOL_USER, school=school, job_title="Inclusion Lead"),
        "reader": UserFactory(role=Role.QA_READER, username="reader"),
    }
    meeting_add(assessment=draft, by=lead, group="Governors")
    document_add(assessment=draft, by=lead, title="The SEND policy")
    checked = assessment_submit(assessment=fill_complete(assessment()), by=lead)
    check_send(assessment=checked, by=director)
    _self_evaluations(draft, submitted, users["staff"])
    comment_add(assessment=checked, by=users["head"], target="element:1", text="A fact.")
    # The other school has published its letter; the first school has not.
    set_published(IssuedReport.objects.get(assessment=other), users["other_head"], True)
    reading = reading_services.reading_ask(assessment=submitted, by=director)
    reading_services.comment_add(
        reading=reading, by=users["reader"], part="summary", text="Which evidence?", suggestion="More."
    )
    return World(
        users,
        school,
        other_school,
        draft,
        submitted,
        returned,
        confirmed,
        other,
        themed,
        continued,
        resetter=AssessorFactory(),
        newcomer=HeadteacherFactory(school=school),
        meeting=_meeting(school, director),
        checked=checked,
        reading=reading,
    )


def _self_evaluations(draft: Assessment, submitted: Assessment, staff: User) -> None:
    """The draft's self-evaluation, still open, with a file and a link for element 1; and one the
    school submitted before `submitted` was, with a file."""
    from tests.evidence_files import MINIMAL_PDF

    for assessment in (submitted, draft):
        if assessment is submitted:
            Assessment.objects.filter(pk=submitted.pk).update(status="draft")
        row = self_evaluation_for(Assessment.objects.get(pk=assessment.pk), by=staff).elements.get(
            element__number=1
        )
        add_file(element_evaluation_id=row.pk, name="plan.pdf", data=MINIMAL_PDF, by=staff)
        add_link(element_evaluation_id=row.pk, url="https://example.org/plan", by=staff)
        if assessment is submitted:
            selfeval_submit(self_evaluation_id=row.self_evaluation_id, by=staff, notify=False)
            Assessment.objects.filter(pk=submitted.pk).update(status="submitted")


def _meeting(school: School, director: User) -> ClusterMeeting:
    import datetime

    meeting = ClusterMeeting.objects.create(
        date=datetime.date(2025, 5, 14), place="Widnes", created_by=director
    )
    Attendance.objects.create(meeting=meeting, school=school)
    return meeting


def token_kwargs(user: User) -> dict:
    user = User.objects.get(pk=user.pk)
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


def pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


def element(name, number=1):
    return lambda w: {"pk": getattr(w, name).pk, "number": number}


def section(name, key="summary"):
    return lambda w: {"pk": getattr(w, name).pk, "section": key}


def item(name):
    return lambda w: {"pk": getattr(w, name).pk, "item": w.item(getattr(w, name))}


def themed_section(w):
    return {"pk": w.themed.pk, "item": w.section()}


def themed_quotation(w):
    return {"pk": w.themed.pk, "item": w.quotation()}


def lists(name, kind="key_success"):
    return lambda w: {"pk": getattr(w, name).pk, "kind": kind}


def element_lists(name, kind="strength"):
    return lambda w: {"pk": getattr(w, name).pk, "number": 1, "kind": kind}


def carried(name):
    return lambda w: {
        "pk": getattr(w, name).pk,
        "item": CarriedItem.objects.filter(assessment=getattr(w, name)).first().pk,
    }


def row(kind):
    return lambda w: {"pk": w.continued.pk, "row": w.row(kind)}


def report(name):
    return lambda w: {"pk": w.report(getattr(w, name))}


def check(w):
    return {"pk": w.check()}


def code(name):
    return lambda w: {"code": IssuedReport.objects.get(assessment=getattr(w, name)).verification_code}


def unknown_code(w):
    return {"code": "ZZZZZZZZZZ"}


def log_row(kind):
    return lambda w: {"pk": w.draft.pk, "row": w.log_row(kind)}


def evidence(name):
    return lambda w: {"pk": getattr(w, name).pk, "evidence": w.evidence(getattr(w, name))}


def library_statement(w):
    found, _ = LibraryStatement.objects.get_or_create(kind="key_success", text="Pupils feel safe.")
    return {"pk": found.pk}


def library_word(w):
    return {"pk": ProjectWord.objects.order_by("pk").first().pk}


def library_insert(name):
    return lambda w: {"pk": getattr(w, name).pk, "statement": library_statement(w)["pk"]}


def nothing(w):  # no URL parameters
    return {}


def expiry_notice(w):
    from cycle.models import ExpiryNotice

    return {"pk": ExpiryNotice.objects.order_by("pk").first().pk}


def unsubscribe_kwargs(w):
    from cycle.tokens import make_token

    user, category = w.head(), "reminder:award_expiry"
    return {"user_id": user.pk, "category": category, "token": make_token(user.pk, category)}


def staff(w):
    return {"user_pk": w.users["staff"].pk}


def expand(answers: tuple) -> tuple:
    """A row's answers for every role of ROLES: 8 answers give the school user ("staff") the
    headteacher's answer; 9 say the school user's own; either gives the quality-assurance reader
    ("reader") the outsider's answer; 10 say the reader's own, last."""
    if len(answers) == len(ROLES) - 2:
        answers = (*answers, answers[ROLES.index(STAFF_AS)])
    if len(answers) == len(ROLES) - 1:
        answers = (*answers, answers[ROLES.index(READER_AS)])
    return answers


# Patterns of answers, in the order of ROLES (staff, when not given, answers as head):
#            anonymous lead co   outsider director head other_head admin [staff]
EVERYONE = (200, 200, 200, 200, 200, 200, 200, 200)
SIGNED_IN = (L, 200, 200, 200, 200, 200, 200, 200)
SIGNED_IN_OK = (L, OK, OK, OK, OK, OK, OK, OK)
TEAM = (L, 200, 200, 404, 200, 404, 404, 200)  # assigned assessors, directors, superusers
EDIT = (L, OK, OK, 404, 404, 404, 404, 404)  # assigned assessors alone change an assessment
EDIT_JSON = ("401", OK, OK, 404, 404, 404, 404, 404)  # to the script: signed out, keep the text
TEAM_HTMX = ("401", 200, 200, 404, 200, 404, 404, 200)  # to htmx: signed out
DIRECTOR = (L, 404, 404, 404, 200, 404, 404, 404)
DIRECTOR_OK = (L, 404, 404, 404, OK, 404, 404, 404)
DIRECTOR_405 = (L, 404, 404, 404, 405, 404, 404, 404)
NOT_ALLOWED = (405,) * 8
SIGNED_IN_405 = (L, 405, 405, 405, 405, 405, 405, 405)
CONFIRMED_OWN = (L, 200, 200, 404, 200, 200, 404, 200)  # + the school's own headteacher
CONFIRMED_OTHER = (L, 404, 404, 404, 200, 404, 200, 200)  # the other school's confirmed one
SCHOOL = (L, 404, 404, 404, 404, 200, 404, 404)  # the school's own people alone
SCHOOL_OK = (L, 404, 404, 404, 404, OK, 404, 404)
SCHOOL_NONE = (L, 404, 404, 404, 404, 404, 404, 404)  # not even the school: there is nothing there

# fmt: off
MATRIX = [
    # Home, signing in and out, password reset and change.
    ("home", nothing, "GET", SIGNED_IN),
    ("home", nothing, "POST", SIGNED_IN_405),
    ("login", nothing, "GET", (200, 302, 302, 302, 302, 302, 302, 302)),  # signed in: sent home
    ("login", nothing, "POST", (200, 302, 302, 302, 302, 302, 302, 302)),
    ("login", nothing, "DELETE", (405, 302, 302, 302, 302, 302, 302, 302)),
    ("logout", nothing, "POST", (L,) * 8),  # signed out, to the sign-in page
    ("logout", nothing, "GET", NOT_ALLOWED),
    ("password_reset", nothing, "GET", EVERYONE),
    ("password_reset", nothing, "POST", EVERYONE),  # the form's message: an email address is needed
    ("password_reset", nothing, "DELETE", NOT_ALLOWED),
    ("password_reset_done", nothing, "GET", EVERYONE),
    ("password_reset_done", nothing, "POST", NOT_ALLOWED),
    ("password_reset_confirm", lambda w: token_kwargs(w.resetter), "GET", (302,) * 8),  # to set-password
    ("password_reset_confirm", lambda w: token_kwargs(w.resetter), "DELETE", (302,) * 8),  # token first
    ("password_reset_complete", nothing, "GET", EVERYONE),
    ("password_reset_complete", nothing, "POST", NOT_ALLOWED),
    ("account", nothing, "GET", SIGNED_IN),
    ("account", nothing, "POST", SIGNED_IN_405),
    ("password_change", nothing, "GET", SIGNED_IN),
    ("password_change", nothing, "POST", SIGNED_IN),  # the form's messages
    ("password_change", nothing, "DELETE", SIGNED_IN_405),
    ("password_change_done", nothing, "GET", SIGNED_IN),
    ("password_change_done", nothing, "POST", SIGNED_IN_405),
    # Two-factor sign-in.
    ("two_factor_settings", nothing, "GET", SIGNED_IN),
    ("two_factor_settings", nothing, "POST", SIGNED_IN_405),
    ("two_factor_setup", nothing, "GET", SIGNED_IN),
    ("two_factor_setup", nothing, "POST", SIGNED_IN),  # the form's message: a code is needed
    ("two_factor_setup", nothing, "PUT", SIGNED_IN_405),
    ("two_factor_verify", nothing, "GET", SIGNED_IN_OK),  # without a device: sent on
    ("two_factor_verify", nothing, "POST", SIGNED_IN_OK),
    ("two_factor_verify", nothing, "PUT", SIGNED_IN_405),
    ("two_factor_backup_codes", nothing, "POST", SIGNED_IN_OK),
    ("two_factor_backup_codes", nothing, "GET", SIGNED_IN_405),
    ("two_factor_disable", nothing, "POST", SIGNED_IN_OK),
    ("two_factor_disable", nothing, "GET", SIGNED_IN_405),
    # The assessor's editor: a draft, and read-only views of the others.
    ("assessment_overview", pk("draft"), "GET", TEAM),
    ("assessment_overview", pk("confirmed"), "GET", TEAM),
    ("assessment_overview", pk("other"), "GET", (L, 404, 404, 404, 200, 404, 404, 200)),
    ("assessment_overview", pk("draft"), "POST", NOT_ALLOWED),
    ("assessment_submit", pk("draft"), "GET", TEAM),
    ("assessment_submit", pk("draft"), "POST", EDIT),
    ("assessment_submit", pk("confirmed"), "POST", EDIT),  # assessors: a message, nothing changes
    ("assessment_submit", pk("draft"), "PUT", NOT_ALLOWED),
    ("assessment_section", section("draft"), "GET", TEAM),
    ("assessment_section", section("returned", "details"), "GET", TEAM),
    ("assessment_section", section("draft"), "POST", EDIT),
    ("assessment_section", section("submitted"), "POST", EDIT),
    ("assessment_section", section("draft"), "PUT", NOT_ALLOWED),
    ("assessment_section_autosave", section("draft"), "POST", EDIT_JSON),
    ("assessment_section_autosave", section("draft"), "GET", NOT_ALLOWED),
    ("assessment_element", element("draft"), "GET", TEAM),
    ("assessment_element", element("draft"), "POST", EDIT),
    ("assessment_element", element("draft"), "DELETE", NOT_ALLOWED),
    ("assessment_element_autosave", element("draft"), "POST", EDIT_JSON),
    ("assessment_element_autosave", element("draft"), "GET", NOT_ALLOWED),
    ("statement_list", lists("draft"), "GET", TEAM_HTMX),
    ("statement_list", lists("draft"), "POST", NOT_ALLOWED),
    ("statement_add", lists("draft"), "POST", EDIT),
    ("statement_add", lists("draft"), "GET", NOT_ALLOWED),
    ("element_statement_list", element_lists("draft"), "GET", TEAM_HTMX),
    ("element_statement_list", element_lists("draft"), "POST", NOT_ALLOWED),
    ("element_statement_add", element_lists("draft"), "POST", EDIT),
    ("element_statement_add", element_lists("draft"), "GET", NOT_ALLOWED),
    ("statement_edit", item("draft"), "GET", TEAM),
    ("statement_edit", item("draft"), "POST", EDIT),
    ("statement_edit", item("draft"), "PUT", NOT_ALLOWED),
    ("statement_delete", item("draft"), "POST", EDIT),
    ("statement_delete", item("confirmed"), "POST", EDIT),  # assessors: a message, nothing changes
    ("statement_delete", item("draft"), "GET", NOT_ALLOWED),
    ("statement_move", item("draft"), "POST", EDIT),
    ("statement_move", item("draft"), "GET", NOT_ALLOWED),
    # A themed report's sections and quotations (none for a report by element).
    ("assessment_sections", pk("themed"), "GET", TEAM),
    ("assessment_sections", pk("draft"), "GET", (L, 404, 404, 404, 404, 404, 404, 404)),
    ("assessment_sections", pk("themed"), "POST", NOT_ALLOWED),
    ("themed_section_add", pk("themed"), "POST", EDIT),
    ("themed_section_add", pk("draft"), "POST", (L, 404, 404, 404, 404, 404, 404, 404)),
    ("themed_section_add", pk("themed"), "GET", NOT_ALLOWED),
    ("themed_section_restore", pk("themed"), "POST", EDIT),
    ("themed_section_restore", pk("themed"), "GET", NOT_ALLOWED),
    ("themed_section", themed_section, "GET", TEAM),
    ("themed_section", themed_section, "POST", EDIT),
    ("themed_section", themed_section, "PUT", NOT_ALLOWED),
    ("themed_section_autosave", themed_section, "POST", EDIT_JSON),
    ("themed_section_autosave", themed_section, "GET", NOT_ALLOWED),
    ("themed_section_delete", themed_section, "POST", EDIT),
    ("themed_section_delete", themed_section, "GET", NOT_ALLOWED),
    ("themed_section_move", themed_section, "POST", EDIT),
    ("themed_section_move", themed_section, "GET", NOT_ALLOWED),
    ("quotation_add", themed_section, "POST", EDIT),
    ("quotation_add", themed_section, "GET", NOT_ALLOWED),
    ("quotation_delete", themed_quotation, "POST", EDIT),
    ("quotation_delete", themed_quotation, "GET", NOT_ALLOWED),
    # Continuity between visits: progress on what the previous visit asked for, the targets
    # for the coming year (not for a kind that records none) and the research project.
    ("continuity_previous", pk("continued"), "GET", TEAM),
    ("continuity_previous", pk("draft"), "GET", TEAM),  # a first visit: nothing was carried
    ("continuity_previous", pk("continued"), "POST", NOT_ALLOWED),
    ("continuity_progress", carried("continued"), "POST", EDIT),
    ("continuity_progress", carried("continued"), "GET", NOT_ALLOWED),
    ("continuity_progress_autosave", carried("continued"), "POST", EDIT_JSON),
    ("continuity_progress_autosave", carried("continued"), "GET", NOT_ALLOWED),
    ("continuity_targets", pk("continued"), "GET", TEAM),
    ("continuity_targets", pk("confirmed"), "GET", (L, 404, 404, 404, 404, 404, 404, 404)),
    ("continuity_targets", pk("continued"), "POST", NOT_ALLOWED),
    ("continuity_targets_add", pk("continued"), "POST", EDIT),
    ("continuity_targets_add", pk("draft"), "POST", (L, 404, 404, 404, 404, 404, 404, 404)),
    ("continuity_targets_add", pk("continued"), "GET", NOT_ALLOWED),
    ("continuity_targets_edit", row("targets"), "GET", TEAM),
    ("continuity_targets_edit", row("targets"), "POST", EDIT),
    ("continuity_targets_edit", row("targets"), "PUT", NOT_ALLOWED),
    ("continuity_targets_autosave", row("targets"), "POST", EDIT_JSON),
    ("continuity_targets_autosave", row("targets"), "GET", NOT_ALLOWED),
    ("continuity_targets_delete", row("targets"), "POST", EDIT),
    ("continuity_targets_delete", row("targets"), "GET", NOT_ALLOWED),
    ("continuity_targets_move", row("targets"), "POST", EDIT),
    ("continuity_targets_move", row("targets"), "GET", NOT_ALLOWED),
    ("continuity_research", pk("continued"), "GET", TEAM),
    ("continuity_research", pk("draft"), "GET", (L, 404, 404, 404, 404, 404, 404, 404)),
    ("continuity_research", pk("continued"), "POST", NOT_ALLOWED),
    ("continuity_research_title", pk("continued"), "POST", EDIT),
    ("continuity_research_title", pk("continued"), "GET", NOT_ALLOWED),
    ("continuity_research_title_autosave", pk("continued"), "POST", EDIT_JSON),
    ("continuity_research_title_autosave", pk("continued"), "GET", NOT_ALLOWED),
    ("continuity_steps_add", pk("continued"), "POST", EDIT),
    ("continuity_steps_add", pk("continued"), "GET", NOT_ALLOWED),
    ("continuity_steps_edit", row("steps"), "GET", TEAM),
    ("continuity_steps_edit", row("steps"), "POST", EDIT),
    ("continuity_steps_edit", row("steps"), "PUT", NOT_ALLOWED),
    ("continuity_steps_autosave", row("steps"), "POST", EDIT_JSON),
    ("continuity_steps_autosave", row("steps"), "GET", NOT_ALLOWED),
    ("continuity_steps_delete", row("steps"), "POST", EDIT),
    ("continuity_steps_delete", row("steps"), "GET", NOT_ALLOWED),
    ("continuity_steps_move", row("steps"), "POST", EDIT),
    ("continuity_steps_move", row("steps"), "GET", NOT_ALLOWED),
    # The letter, previewed, and the issued report.
    ("letter_preview_html", pk("draft"), "GET", TEAM),
    ("letter_preview_html", pk("confirmed"), "HEAD", TEAM),
    ("letter_preview_html", pk("draft"), "POST", NOT_ALLOWED),
    ("letter_preview_pdf", pk("submitted"), "GET", TEAM),
    ("letter_preview_pdf", pk("draft"), "POST", NOT_ALLOWED),
    ("issued_report_download", report("confirmed"), "GET", CONFIRMED_OWN),
    ("issued_report_download", report("other"), "GET", CONFIRMED_OTHER),
    ("issued_report_download", report("confirmed"), "POST", SIGNED_IN_405),
    # The public verification page of an issued letter: anyone, signed in or not; an unknown
    # code is a 404 for everyone.
    ("verify_start", nothing, "GET", EVERYONE),  # the form for a code
    ("verify_start", nothing, "POST", NOT_ALLOWED),
    ("verify_letter", code("confirmed"), "GET", EVERYONE),
    ("verify_letter", code("other"), "HEAD", EVERYONE),
    ("verify_letter", unknown_code, "GET", (404,) * 8),
    ("verify_letter", code("confirmed"), "PUT", NOT_ALLOWED),
    ("issued_letter", report("confirmed"), "GET", CONFIRMED_OWN),
    ("issued_letter", report("other"), "GET", CONFIRMED_OTHER),
    ("issued_letter", report("confirmed"), "POST", SIGNED_IN_405),
    # Whoever may read the letter may ask; only its headteacher's choice is saved (the others
    # are told so, and nothing changes).
    ("publish_letter", report("confirmed"), "POST", (L, OK, OK, 404, OK, OK, 404, OK)),
    ("publish_letter", report("confirmed"), "GET", SIGNED_IN_405),
    ("verify_letter_html", code("confirmed"), "GET", (404,) * 8),  # not published
    ("verify_letter_html", code("other"), "GET", EVERYONE),  # published
    ("verify_letter_html", unknown_code, "GET", (404,) * 8),
    ("verify_letter_html", code("other"), "POST", NOT_ALLOWED),
    ("verify_letter_pdf", code("confirmed"), "GET", (404,) * 8),
    ("verify_letter_pdf", code("other"), "GET", EVERYONE),
    ("verify_letter_pdf", code("other"), "POST", NOT_ALLOWED),
    ("verify_badge", code("confirmed"), "GET", EVERYONE),
    ("verify_badge", unknown_code, "GET", (404,) * 8),
    ("verify_badge", code("confirmed"), "POST", NOT_ALLOWED),
    # The evidence log and the factual check.
    ("factcheck_evidence_log", pk("draft"), "GET", TEAM),
    ("factcheck_evidence_log", pk("confirmed"), "GET", TEAM),
    ("factcheck_evidence_log", pk("draft"), "POST", NOT_ALLOWED),
    ("factcheck_meeting_add", pk("draft"), "POST", EDIT),
    ("factcheck_meeting_add", pk("confirmed"), "POST", EDIT),  # assessors: a message, nothing changes
    ("factcheck_meeting_add", pk("draft"), "GET", NOT_ALLOWED),
    ("factcheck_document_add", pk("draft"), "POST", EDIT),
    ("factcheck_document_add", pk("draft"), "GET", NOT_ALLOWED),
    ("factcheck_meeting_delete", log_row("meeting"), "POST", EDIT),
    ("factcheck_meeting_delete", log_row("meeting"), "GET", NOT_ALLOWED),
    ("factcheck_document_delete", log_row("document"), "POST", EDIT),
    ("factcheck_document_delete", log_row("document"), "GET", NOT_ALLOWED),
    ("factcheck_portfolio_fill", pk("draft"), "POST", EDIT),
    ("factcheck_portfolio_fill", pk("draft"), "GET", NOT_ALLOWED),
    ("factcheck_assessor", pk("checked"), "GET", TEAM),
    ("factcheck_assessor", pk("draft"), "GET", TEAM),  # nothing sent yet: says so
    ("factcheck_assessor", pk("checked"), "POST", NOT_ALLOWED),
    ("factcheck_answer", lambda w: {"pk": w.checked.pk, "comment": w.comment()}, "POST", EDIT),
    ("factcheck_answer", lambda w: {"pk": w.checked.pk, "comment": w.comment()}, "GET", NOT_ALLOWED),
    ("factcheck_send", pk("submitted"), "POST", DIRECTOR_OK),
    ("factcheck_send", pk("submitted"), "GET", DIRECTOR_405),
    ("factcheck_school", check, "GET", SCHOOL),
    ("factcheck_school", check, "POST", NOT_ALLOWED),
    ("factcheck_school_pdf", check, "GET", SCHOOL),
    ("factcheck_school_pdf", check, "POST", NOT_ALLOWED),
    ("factcheck_school_comment", check, "POST", SCHOOL_OK),
    ("factcheck_school_comment", check, "GET", NOT_ALLOWED),
    ("factcheck_school_nothing", check, "POST", SCHOOL_OK),
    ("factcheck_school_nothing", check, "GET", NOT_ALLOWED),
    # The second reading: readers (and directors) not on the visit read; the visit's assessors
    # answer; directors ask for readings, override them, set the rule and see the figures.
    ("reading_queue", nothing, "GET", (L, 404, 404, 404, 200, 404, 404, 404, 404, 200)),
    ("reading_queue", nothing, "POST", SIGNED_IN_405),
    ("reading_page", lambda w: {"pk": w.reading.pk}, "GET", (L, 404, 404, 404, 200, 404, 404, 404, 404, 200)),
    ("reading_page", lambda w: {"pk": w.reading.pk}, "POST", (L, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    ("reading_comment_add", lambda w: {"pk": w.reading.pk}, "POST", (L, 404, 404, 404, OK, 404, 404, 404, 404, OK)),
    ("reading_comment_add", lambda w: {"pk": w.reading.pk}, "GET", (L, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    ("reading_send", lambda w: {"pk": w.reading.pk}, "POST", (L, 404, 404, 404, OK, 404, 404, 404, 404, OK)),
    ("reading_send", lambda w: {"pk": w.reading.pk}, "GET", (L, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    ("reading_sign_off", lambda w: {"pk": w.reading.pk}, "POST", (L, 404, 404, 404, OK, 404, 404, 404, 404, OK)),
    ("reading_sign_off", lambda w: {"pk": w.reading.pk}, "GET", (L, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    ("reading_reply", lambda w: {"comment": w.reading_comment()}, "POST", (L, OK, OK, 404, OK, 404, 404, 404, 404, OK)),
    ("reading_reply", lambda w: {"comment": w.reading_comment()}, "GET", (L, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    ("reading_resolve", lambda w: {"comment": w.reading_comment()}, "POST", (L, OK, OK, 404, OK, 404, 404, 404, 404, OK)),
    ("reading_resolve", lambda w: {"comment": w.reading_comment()}, "GET", (L, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    ("reading_reopen", lambda w: {"comment": w.reading_comment()}, "POST", (L, OK, OK, 404, OK, 404, 404, 404, 404, OK)),
    ("reading_reopen", lambda w: {"comment": w.reading_comment()}, "GET", (L, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    ("reading_assessor", pk("submitted"), "GET", (L, 200, 200, 404, 404, 404, 404, 404, 404, 404)),
    ("reading_assessor", pk("draft"), "GET", (L, 200, 200, 404, 404, 404, 404, 404, 404, 404)),  # none: says so
    ("reading_assessor", pk("submitted"), "POST", SIGNED_IN_405),
    ("reading_accept", lambda w: {"pk": w.submitted.pk, "comment": w.reading_comment()}, "POST", (L, OK, OK, 404, 404, 404, 404, 404, 404, 404)),
    ("reading_accept", lambda w: {"pk": w.submitted.pk, "comment": w.reading_comment()}, "GET", SIGNED_IN_405),
    ("reading_accept", lambda w: {"pk": w.draft.pk, "comment": w.reading_comment()}, "POST", (L, 404, 404, 404, 404, 404, 404, 404, 404, 404)),
    ("reading_reject", lambda w: {"pk": w.submitted.pk, "comment": w.reading_comment()}, "POST", (L, OK, OK, 404, 404, 404, 404, 404, 404, 404)),
    ("reading_reject", lambda w: {"pk": w.submitted.pk, "comment": w.reading_comment()}, "GET", SIGNED_IN_405),
    ("reading_ask", pk("draft"), "POST", DIRECTOR_OK),
    ("reading_ask", pk("draft"), "GET", DIRECTOR_405),
    ("reading_override", pk("submitted"), "POST", DIRECTOR_OK),  # without a reason: a message
    ("reading_override", pk("draft"), "POST", (L, 404, 404, 404, 404, 404, 404, 404)),  # no reading
    ("reading_override", pk("submitted"), "GET", DIRECTOR_405),
    ("reading_rule", nothing, "GET", DIRECTOR),
    ("reading_rule", nothing, "POST", DIRECTOR_OK),  # the form's messages
    ("reading_rule", nothing, "PUT", DIRECTOR_405),
    ("reading_figures", nothing, "GET", DIRECTOR),
    ("reading_figures", nothing, "POST", DIRECTOR_405),
    # The school's self-evaluation: its staff write it while the visit is a draft; the visit's
    # team reads it (and downloads its files) once it is submitted.
    ("selfeval_overview", pk("draft"), "GET", CONFIRMED_OWN),  # the team: "not submitted yet"
    ("selfeval_overview", pk("submitted"), "GET", CONFIRMED_OWN),
    ("selfeval_overview", pk("confirmed"), "GET", (L, 200, 200, 404, 200, 404, 404, 200)),  # none here
    ("selfeval_overview", pk("other"), "GET", (L, 404, 404, 404, 200, 404, 404, 200)),
    ("selfeval_overview", pk("draft"), "POST", NOT_ALLOWED),
    ("selfeval_start", pk("draft"), "POST", SCHOOL_OK),  # starting it twice changes nothing
    ("selfeval_start", pk("other"), "POST", (L, 404, 404, 404, 404, 404, 404, 404)),
    ("selfeval_start", pk("draft"), "GET", NOT_ALLOWED),
    ("selfeval_submit", pk("draft"), "POST", SCHOOL_OK),  # without the box ticked: a message
    ("selfeval_submit", pk("draft"), "GET", NOT_ALLOWED),
    ("selfeval_element", element("draft"), "GET", SCHOOL),
    ("selfeval_element", element("submitted"), "GET", SCHOOL),  # read-only
    ("selfeval_element", element("confirmed"), "GET", SCHOOL_NONE),
    ("selfeval_element", element("draft"), "POST", SCHOOL_OK),
    ("selfeval_element", element("draft"), "PUT", NOT_ALLOWED),
    ("selfeval_autosave", element("draft"), "POST", ("401", 404, 404, 404, 404, OK, 404, 404)),
    ("selfeval_autosave", element("draft"), "GET", NOT_ALLOWED),
    ("selfeval_file_add", element("draft"), "POST", SCHOOL_OK),
    ("selfeval_file_add", element("draft"), "GET", NOT_ALLOWED),
    ("selfeval_link_add", element("draft"), "POST", SCHOOL_OK),
    ("selfeval_link_add", element("draft"), "GET", NOT_ALLOWED),
    ("selfeval_evidence_delete", evidence("draft"), "POST", SCHOOL_OK),
    ("selfeval_evidence_delete", evidence("submitted"), "POST", SCHOOL_OK),  # a message, nothing changes
    ("selfeval_evidence_delete", evidence("draft"), "GET", NOT_ALLOWED),
    ("selfeval_evidence_file", evidence("draft"), "GET", SCHOOL),
    ("selfeval_evidence_file", evidence("submitted"), "GET", CONFIRMED_OWN),
    ("selfeval_evidence_file", evidence("draft"), "POST", NOT_ALLOWED),
    # The director's pages.
    ("visit_schedule", nothing, "GET", DIRECTOR),
    ("visit_schedule", nothing, "POST", DIRECTOR_OK),
    ("visit_schedule", nothing, "PUT", DIRECTOR_405),
    ("review_list", lambda w: {"section": "waiting"}, "GET", DIRECTOR),
    ("review_list", lambda w: {"section": "waiting"}, "POST", DIRECTOR_405),
    ("review_list", lambda w: {"section": "nonsense"}, "GET", (L, 404, 404, 404, 404, 404, 404, 404)),
    ("review_assessment", pk("submitted"), "GET", DIRECTOR),
    ("review_assessment", pk("other"), "GET", DIRECTOR),
    ("review_assessment", pk("submitted"), "POST", DIRECTOR_405),
    ("review_assessors", pk("draft"), "GET", DIRECTOR),
    ("review_assessors", pk("draft"), "POST", DIRECTOR_OK),
    ("review_assessors", pk("draft"), "PUT", DIRECTOR_405),
    ("review_return", pk("submitted"), "POST", DIRECTOR_OK),
    ("review_return", pk("submitted"), "GET", DIRECTOR_405),
    ("review_confirm", pk("submitted"), "POST", DIRECTOR_OK),
    ("review_confirm", pk("submitted"), "GET", DIRECTOR_405),
    ("review_reopen", pk("confirmed"), "POST", DIRECTOR_OK),
    ("review_reopen", pk("confirmed"), "GET", DIRECTOR_405),
    ("review_history", pk("confirmed"), "GET", DIRECTOR),
    ("review_history", pk("confirmed"), "POST", DIRECTOR_405),
    ("school_compare", lambda w: {"pk": w.school.pk}, "GET", DIRECTOR),
    ("school_compare", lambda w: {"pk": w.other_school.pk}, "GET", DIRECTOR),
    ("school_compare", lambda w: {"pk": w.school.pk}, "POST", DIRECTOR_405),
    # Schools and headteacher logins.
    ("school_list", nothing, "GET", DIRECTOR),
    ("school_list", nothing, "POST", DIRECTOR_405),
    ("school_create", nothing, "GET", DIRECTOR),
    ("school_create", nothing, "POST", DIRECTOR_OK),
    ("school_create", nothing, "PUT", DIRECTOR_405),
    ("school_detail", lambda w: {"pk": w.school.pk}, "GET", DIRECTOR),
    ("school_detail", lambda w: {"pk": w.school.pk}, "POST", DIRECTOR_405),
    ("school_edit", lambda w: {"pk": w.school.pk}, "GET", DIRECTOR),
    ("school_edit", lambda w: {"pk": w.school.pk}, "POST", DIRECTOR_OK),
    ("school_edit", lambda w: {"pk": w.school.pk}, "PUT", DIRECTOR_405),
    ("school_headteacher_create", lambda w: {"pk": w.school.pk}, "GET", DIRECTOR),
    ("school_headteacher_create", lambda w: {"pk": w.school.pk}, "POST", DIRECTOR_OK),
    ("school_headteacher_create", lambda w: {"pk": w.school.pk}, "PUT", DIRECTOR_405),
    ("school_headteacher_send_link", lambda w: {"pk": w.school.pk, "user_pk": w.head().pk}, "POST", DIRECTOR_OK),
    ("school_headteacher_send_link", lambda w: {"pk": w.other_school.pk, "user_pk": w.head().pk}, "POST",
     (L, 404, 404, 404, 404, 404, 404, 404)),  # a headteacher of another school: 404 even for a director
    ("school_headteacher_send_link", lambda w: {"pk": w.school.pk, "user_pk": w.head().pk}, "GET", DIRECTOR_405),
    ("headteacher_welcome", lambda w: token_kwargs(w.newcomer), "GET", (302,) * 8),  # to set-password
    ("headteacher_welcome", lambda w: token_kwargs(w.newcomer), "DELETE", (302,) * 8),  # token first
    # The headteacher's colleagues (school users): their own school's, for headteachers alone.
    ("school_colleagues", nothing, "GET", (L, 404, 404, 404, 404, 200, 200, 404, 404)),
    ("school_colleagues", nothing, "POST", (L, 404, 404, 404, 404, OK, OK, 404, 404)),  # form's messages
    ("school_colleagues", nothing, "PUT", (L, 404, 404, 404, 404, 405, 405, 404, 404)),
    ("school_colleague_deactivate", staff, "POST", (L, 404, 404, 404, 404, OK, 404, 404, 404)),
    ("school_colleague_deactivate", staff, "GET", (L, 404, 404, 404, 404, 405, 405, 404, 404)),
    # The record of sent emails: every one for directors, a school's own for its staff.
    ("email_list", nothing, "GET", DIRECTOR),
    ("email_list", nothing, "POST", DIRECTOR_405),
    ("school_emails", nothing, "GET", (L, 404, 404, 404, 404, 200, 200, 404)),
    ("school_emails", nothing, "POST", (L, 404, 404, 404, 404, 405, 405, 404)),
    # Cluster meetings.
    ("cluster_meeting_list", nothing, "GET", DIRECTOR),
    ("cluster_meeting_list", nothing, "POST", DIRECTOR_405),
    ("cluster_meeting_create", nothing, "GET", DIRECTOR),
    ("cluster_meeting_create", nothing, "POST", DIRECTOR_OK),  # the form's messages: a date is needed
    ("cluster_meeting_create", nothing, "PUT", DIRECTOR_405),
    ("cluster_meeting_edit", pk("meeting"), "GET", DIRECTOR),
    ("cluster_meeting_edit", pk("meeting"), "POST", DIRECTOR_OK),
    ("cluster_meeting_edit", lambda w: {"pk": 999999}, "GET", (L, 404, 404, 404, 404, 404, 404, 404)),
    ("cluster_meeting_edit", pk("meeting"), "PUT", DIRECTOR_405),
    ("cluster_meeting_delete", pk("meeting"), "POST", DIRECTOR_OK),
    ("cluster_meeting_delete", pk("meeting"), "GET", DIRECTOR_405),
    # The award cycle: the weekly digest (directors and assessors), the emails each person gets,
    # and the unsubscribe link, which works without signing in and refuses a tampered token.
    ("cycle_digest", nothing, "GET", (L, 200, 200, 200, 200, 404, 404, 404, 404, 404)),  # readers owe nothing
    ("cycle_digest", nothing, "POST", SIGNED_IN_405),
    ("cycle_expiry_notices", nothing, "GET", DIRECTOR),
    ("cycle_expiry_notices", nothing, "POST", DIRECTOR),  # the form's message: choose a level
    ("cycle_expiry_notices", nothing, "PUT", DIRECTOR_405),
    ("cycle_expiry_notice_delete", expiry_notice, "POST", DIRECTOR_OK),
    ("cycle_expiry_notice_delete", expiry_notice, "GET", DIRECTOR_405),
    ("cycle_expiry_notice_delete", lambda w: {"pk": 999999}, "POST", (L, 404, 404, 404, 404, 404, 404, 404)),
    ("cycle_preferences", nothing, "GET", SIGNED_IN),
    ("cycle_preferences", nothing, "POST", SIGNED_IN_OK),
    ("cycle_preferences", nothing, "PUT", SIGNED_IN_405),
    ("cycle_unsubscribe", unsubscribe_kwargs, "GET", EVERYONE),
    ("cycle_unsubscribe", unsubscribe_kwargs, "POST", EVERYONE),
    ("cycle_unsubscribe", unsubscribe_kwargs, "PUT", NOT_ALLOWED),
    ("cycle_unsubscribe", lambda w: {**unsubscribe_kwargs(w), "token": "tampered"}, "GET", (400,) * 8),
    # Writing help: the directors' library and word list; the assessors' search and insertion.
    ("library_statement_list", nothing, "GET", DIRECTOR),
    ("library_statement_list", nothing, "POST", DIRECTOR_405),
    ("library_statement_add", nothing, "GET", DIRECTOR),
    ("library_statement_add", nothing, "POST", DIRECTOR_OK),  # the form's messages: text is needed
    ("library_statement_add", nothing, "PUT", DIRECTOR_405),
    ("library_statement_edit", library_statement, "GET", DIRECTOR),
    ("library_statement_edit", library_statement, "POST", DIRECTOR_OK),
    ("library_statement_edit", lambda w: {"pk": 999999}, "GET", (L, 404, 404, 404, 404, 404, 404, 404)),
    ("library_statement_retire", library_statement, "POST", DIRECTOR_OK),
    ("library_statement_retire", library_statement, "GET", DIRECTOR_405),
    ("library_suggestion_list", nothing, "GET", DIRECTOR),
    ("library_suggestion_list", nothing, "POST", DIRECTOR_405),
    ("library_suggestion_adopt", nothing, "POST", DIRECTOR_OK),  # refused with a message: nothing suggested
    ("library_suggestion_adopt", nothing, "GET", DIRECTOR_405),
    ("library_word_list", nothing, "GET", DIRECTOR),
    ("library_word_list", nothing, "POST", DIRECTOR_OK),
    ("library_word_list", nothing, "PUT", DIRECTOR_405),
    ("library_word_remove", library_word, "POST", DIRECTOR_OK),
    ("library_word_remove", library_word, "GET", DIRECTOR_405),
    ("library_search", pk("draft"), "GET", TEAM),
    ("library_search", pk("other"), "GET", (L, 404, 404, 404, 200, 404, 404, 200)),
    ("library_search", pk("draft"), "POST", NOT_ALLOWED),
    ("library_insert", library_insert("draft"), "POST", EDIT),
    ("library_insert", library_insert("confirmed"), "POST", EDIT),  # refused with a message: read-only
    ("library_insert", library_insert("other"), "POST", (L, 404, 404, 404, 404, 404, 404, 404)),
    ("library_insert", library_insert("draft"), "GET", NOT_ALLOWED),
    ("library_use", library_insert("draft"), "POST", EDIT_JSON),
    ("library_use", library_insert("draft"), "GET", NOT_ALLOWED),
]
# fmt: on


CONTINUITY = (CarriedItem, Target, ResearchStep, ResearchProject)


def _fingerprint() -> tuple:
    """What a refused request must leave as it was."""
    return (
        list(Assessment.objects.order_by("pk").values_list("pk", "status", "version", "summary")),
        Statement.objects.count(),
        Finding.objects.count(),
        list(Section.objects.order_by("pk").values_list("pk", "heading", "narrative", "position")),
        Quotation.objects.count(),
        School.objects.count(),
        list(User.objects.order_by("pk").values_list("pk", "is_active")),
        IssuedReport.objects.count(),
        list(School.objects.order_by("pk").values_list("pk", "name")),
        [list(model.objects.order_by("pk").values_list("pk", "version")) for model in CONTINUITY],
        list(ClusterMeeting.objects.order_by("pk").values_list("pk", "date", "place", "online", "title")),
        list(Attendance.objects.order_by("pk").values_list("meeting", "school")),
        list(Assessment.objects.order_by("pk").values_list("pk", "evidence")),
        list(ReadingComment.objects.order_by("pk").values_list("pk", "resolved_at", "suggestion_state")),
        Reply.objects.count(),
        list(Reading.objects.order_by("pk").values_list("pk", "status", "round")),
        [
            model.objects.count()
            for model in (Meeting, DocumentSeen, FactualCheck, CheckComment, CommentAnswer)
        ],
        list(FactualCheck.objects.order_by("pk").values_list("pk", "nothing_to_correct_at")),
        list(SelfEvaluation.objects.order_by("pk").values_list("pk", "submitted_at", "version")),
        list(ElementEvaluation.objects.order_by("pk").values_list("pk", "text", "version")),
        list(Evidence.objects.order_by("pk").values_list("pk", "url", "file")),
        list(LibraryStatement.objects.order_by("pk").values_list("pk", "text", "uses", "retired_at")),
        list(ProjectWord.objects.order_by("pk").values_list("pk", "word")),
    )


def _answer(response, login_url: str = "/accounts/login/") -> str | int:
    code = response.status_code
    if code in (301, 302) and response["Location"].startswith(login_url):
        return L
    return code


# What the rows' requests send beyond an empty body: the field an autosave is for (without its
# text or version, so a permitted request is refused by the form, not by a 404), and htmx's
# header for the lists, which otherwise redirect to the page they are part of.
POST_DATA = {
    "assessment_section_autosave": {"field": "summary"},
    "assessment_element_autosave": {"field": "narrative"},
    "themed_section_autosave": {"field": "narrative"},
    "selfeval_autosave": {"field": "text"},
    "continuity_progress_autosave": {"field": "comment"},
    "continuity_targets_autosave": {"field": "text"},
    "continuity_steps_autosave": {"field": "step"},
    "continuity_research_title_autosave": {"field": "title"},
    "library_insert": {"kind": "key_success"},
}
HEADERS = {"statement_list": {"HX-Request": "true"}, "element_statement_list": {"HX-Request": "true"}}


def _client(user) -> Client:
    """A client signed in as the user (before any savepoint, so its session outlives them)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _request(client: Client, method: str, url: str, name: str = ""):
    """One request, inside a savepoint rolled back afterwards; and whether a POST changed the
    database. The client's cookies are put back too, so signing out (or a message) in one row
    does not carry over to the next."""
    cookies = copy.deepcopy(client.cookies)
    sid = transaction.savepoint()
    try:
        before = _fingerprint() if method == "POST" else None
        send = getattr(client, method.lower())
        if method == "POST":
            response = send(url, POST_DATA.get(name, {}), headers=HEADERS.get(name))
        else:
            response = send(url, headers=HEADERS.get(name))
        changed = method == "POST" and _fingerprint() != before
    finally:
        transaction.savepoint_rollback(sid)
        client.cookies = cookies
    return response, changed


def _matches(expected, response, answer) -> bool:
    if expected == OK:
        return response.status_code not in (403, 404, 405) and response.status_code < 500 and answer != L
    if expected == "401":
        return response.status_code == 401
    return answer == expected


def test_each_role_gets_the_expected_answer_on_every_url(world, settings):
    """One set of fixtures for all roles (building it takes longer than the requests)."""
    # Every request comes from one address: the public pages' hourly limit is tested apart
    # (tests/reports/test_verify_page.py, tests/reports/test_letter_page.py).
    settings.IQM_VERIFY_CLIENT_LIMIT = 10_000
    wrong = []
    clients = {role: _client(world.users[role]) for role in ROLES}
    for name, kwargs, method, answers in MATRIX:
        url = reverse(name, kwargs=kwargs(world))
        for role, expected in zip(ROLES, expand(answers), strict=True):
            response, changed = _request(clients[role], method, url, name)
            answer = _answer(response)
            if not _matches(expected, response, answer):
                wrong.append(
                    f"{role} {method} {name} {url}: expected {expected}, got {response.status_code} {answer}"
                )
            elif method == "POST" and expected in (L, 404, 405) and changed:
                wrong.append(f"{role} {method} {name} {url}: refused with {answer} but changed the database")
    assert not wrong, "\n".join(wrong)


def _url_names(resolver=None, namespace=None) -> set[tuple[str | None, str]]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            names |= _url_names(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            names.add((namespace, pattern.name))
    return names


def test_every_url_has_a_row():
    project = {name for namespace, name in _url_names() if namespace != "admin"}
    assert project - {row[0] for row in MATRIX} == set()
    assert {row[0] for row in MATRIX} - project == set(), "rows for URLs that no longer exist"


def test_every_row_lists_an_answer_for_every_role():
    """Every role, or every role but the school user, who then answers as the headteacher."""
    assert [
        row[:3] for row in MATRIX if len(row[3]) not in (len(ROLES), len(ROLES) - 1, len(ROLES) - 2)
    ] == []


def test_a_row_of_eight_gives_the_school_user_the_headteachers_answer():
    assert expand((L, 404, 404, 404, 200, 200, 404, 200)) == (L, 404, 404, 404, 200, 200, 404, 200, 200, 404)
    assert expand((L, 404, 404, 404, 200, 200, 404, 200, 404))[-1] == 404
    assert ROLES[-2:] == ("staff", "reader")
    assert expand((L, 404, 404, 200, 200, 200, 404, 200))[-1] == 200  # as the outsider
    assert expand((L, 404, 404, 404, 200, 200, 404, 200, 404, 200))[-1] == 200


# The admin site -------------------------------------------------------------------------------
#
# Every admin URL is walked with GET (the admin's change forms are Django's; what it may change
# is tested in test_frozen_admin.py): staff get the page, everyone else the admin's own sign-in
# page — even directors, who work in the app, not the admin. The admin's only check for those
# is `is_active and is_staff` (AdminSite.has_permission), the same for every non-staff role, so
# the walk takes three of them — anonymous, a director (the most trusted non-staff role) and a
# headteacher — besides the superuser, to keep the time down.

ADMIN_ROLES = ("anonymous", "director", "head", "admin")


def _admin_urls(world) -> list[tuple[str, int]]:
    """Each admin URL with the answer a superuser gets: 200, or 403 where the model's admin
    refuses adding or deleting (issued reports, findings, sign-in logs, a confirmed assessment's
    parts) — the admin's own answer to staff, who may see that the object exists."""
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = world.users["admin"]
    urls = []
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        obj = model.objects.order_by("pk").first()
        urls.append((reverse("admin:{}_{}_changelist".format(*info)), 200))
        urls.append(
            (
                reverse("admin:{}_{}_add".format(*info)),
                200 if model_admin.has_add_permission(request) else 403,
            )
        )
        if obj is not None:
            urls.append((reverse("admin:{}_{}_change".format(*info), args=[obj.pk]), 200))
            urls.append((reverse("admin:{}_{}_history".format(*info), args=[obj.pk]), 200))
            deletable = model_admin.has_delete_permission(request, obj)
            urls.append(
                (reverse("admin:{}_{}_delete".format(*info), args=[obj.pk]), 200 if deletable else 403)
            )
    for label in sorted({model._meta.app_label for model in admin.site._registry}):
        urls.append((reverse("admin:app_list", args=[label]), 200))
    urls += [(reverse(name), 200) for name in ("admin:index", "admin:password_change", "admin:jsi18n")]
    urls.append((reverse("admin:auth_user_password_change", args=[world.users["lead"].pk]), 200))
    return urls


def test_every_admin_url_is_for_staff_only(world):
    from django.contrib import admin

    wrong = []
    urls = _admin_urls(world)
    assert len(urls) > 3 * len(admin.site._registry)
    for role in ADMIN_ROLES:
        client = _client(world.users[role])
        for url, for_staff in urls:
            response, _ = _request(client, "GET", url)
            answer = _answer(response, login_url=reverse("admin:login"))
            expected = for_staff if role == "admin" else L
            if answer != expected:
                wrong.append(f"{role} GET {url}: expected {expected}, got {response.status_code} {answer}")
    assert not wrong, "\n".join(wrong)


def test_the_admin_sign_in_and_out(world):
    admin = _client(world.users["admin"])
    assert _request(_client(None), "GET", reverse("admin:login"))[0].status_code == 200
    assert _request(admin, "GET", reverse("admin:logout"))[0].status_code == 405
    assert _request(admin, "POST", reverse("admin:logout"))[0].status_code == 302
