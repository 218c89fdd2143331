"""Load the demo: the reference report (The Heath School, 2010) as a confirmed assessment, a
second assessment of the same school in draft, and one login per role."""

import json
import secrets

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import SCHOOL_ROLES, Role, User
from assessments.demo import COE_REVIEW_PATH as COE_REVIEW
from assessments.demo import DRAFT_PATH as DRAFT
from assessments.demo import FLAGSHIP_REVIEW_PATH as FLAGSHIP_REVIEW
from assessments.demo import REFERENCE_PATH as REFERENCE
from assessments.interchange import import_document, validate_document
from assessments.models import Assessment
from clusters import demo as clusters_demo
from continuity.services import carry_forward
from factcheck import demo as factcheck_demo
from library import demo as library_demo
from outbox import demo as outbox_demo
from reading import demo as reading_demo
from reports.issuing import report_issue
from reports.models import IssuedReport
from reports.publishing import set_published
from schools.models import School
from selfeval import demo as selfeval_demo

PEOPLE = [
    # username, first, last, email, role, post-nominals, job title, superuser
    ("assessor", "Roger", "Yates", "roger.yates@iqm.example", Role.ASSESSOR, "", "IQM Assessor", False),
    ("director", "Joe", "McCann", "joe.mccann@iqm.example", Role.DIRECTOR, "MBA NPQH",
     "Director of Inclusion Quality Mark Ltd", False),
    ("headteacher", "Heather", "Mullaney", "heather.mullaney@theheath.example", Role.HEADTEACHER, "",
     "Headteacher", False),
    ("inclusionlead", "Priya", "Shah", "priya.shah@theheath.example", Role.SCHOOL_USER, "", "Inclusion Lead",
     False),
    ("reader", "Quinn", "Okafor", "quinn.okafor@iqm.example", Role.QA_READER, "", "Quality-assurance reader",
     False),
    ("admin", "Site", "Administrator", "admin@iqm.example", "", "", "", True),
]  # fmt: skip


class Command(BaseCommand):
    help = (
        "Load the demo data: the reference report as a confirmed assessment of The Heath School, "
        "a confirmed Centre of Excellence annual review (demo text) and a draft reassessment of the same "
        "school, a fictional Flagship school (Brookfield Primary School) with its review and the cluster "
        "meetings it attended, that school's next review submitted and in its second reading with the "
        "reader's comments, a third fictional school (Meadowbank Primary School) whose self-evaluation for a visit on "
        "15 December 2026 is overdue, a statement library from the letters' lists, and the logins assessor, director, "
        "headteacher, inclusionlead (a school user of The Heath School), reader (a quality-assurance reader) and admin. "
        "Running it again changes nothing. The last line is 'demo assessment id: <id>'."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Password for every demo login. Without it, new logins get a random password, which "
            "is printed; existing logins keep theirs.",
        )

    def handle(self, *args, **options):
        password = options["password"]
        reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
        draft = json.loads(DRAFT.read_text(encoding="utf-8"))
        coe_review = json.loads(COE_REVIEW.read_text(encoding="utf-8"))
        flagship_review = json.loads(FLAGSHIP_REVIEW.read_text(encoding="utf-8"))
        with transaction.atomic():
            school = self._school(reference["school"])
            logins = [self._person(spec, school, password) for spec in PEOPLE]
            confirmed = self._assessment(reference, school)
            review = self._assessment(coe_review, school)
            draft_assessment = self._assessment(draft, school)
            if draft_assessment.previous_assessment_id is None:
                Assessment.objects.filter(pk=draft_assessment.pk).update(previous_assessment=confirmed)
                draft_assessment.refresh_from_db()
            # The 2010 letter's areas for development open the draft, to record progress on.
            carry_forward(assessment=draft_assessment)
            # A second, fictional school: a Flagship review in themed sections.
            flagship_school = self._school(flagship_review["school"])
            flagship = self._assessment(flagship_review, flagship_school)
            # The cluster meetings the Flagship school attended (one online).
            director = User.objects.get(username="director")
            clusters_demo.add_meetings(flagship_school, by=director)
            factcheck_demo.add_evidence_log(draft_assessment)
            # The statement library, from the 2010 letter's lists and the Centre of Excellence review's.
            library_demo.add_statements([reference, coe_review], by=director)
            # The school's self-evaluation of the draft, written and submitted by its inclusion lead.
            selfeval_demo.add_self_evaluation(draft_assessment, by=User.objects.get(username="inclusionlead"))
            # A reminder the mail server has not taken yet, on the record of sent emails.
            outbox_demo.add_emails(school, User.objects.get(username="headteacher"))
            # A third school whose self-evaluation is overdue, for the award cycle's reminders.
            overdue = selfeval_demo.add_overdue_self_evaluation(lead=User.objects.get(username="assessor"))
            # The Heath's headteacher has published the 2010 letter, so its public page can be read.
            issued = IssuedReport.objects.filter(assessment=confirmed).first()
            if issued is not None and issued.verification_code:
                set_published(issued, User.objects.get(username="headteacher"), True)

            # The second reading: the rule, and the Flagship school's next review submitted and in
            # the readers' queue with the reader's anchored comments and a suggested change.
            reading_demo.set_rule(by=director)
            read = reading_demo.add_reading(
                flagship_review, director=director, reader=User.objects.get(username="reader")
            )

        self.stdout.write("Demo logins (username / password — role):")
        for username, shown, role in logins:
            self.stdout.write(f"  {username} / {shown} — {role}")
        self.stdout.write(f"draft assessment id: {draft_assessment.pk}")
        self.stdout.write(f"Centre of Excellence review id: {review.pk}")
        self.stdout.write(f"Flagship review (themed sections) id: {flagship.pk}")
        self.stdout.write(f"Flagship review in its second reading (sign in as reader) id: {read.pk}")
        self.stdout.write(
            f"visit with an overdue self-evaluation (Meadowbank Primary School) id: {overdue.pk}"
        )
        if issued is not None and issued.verification_code:
            from reports.verification import verification_url

            url = verification_url(issued.verification_code)
            self.stdout.write(f"demo letter's verification page: {url} (the letter as a page: {url}letter/)")
        self.stdout.write(f"demo assessment id: {confirmed.pk}")

    def _school(self, spec: dict) -> School:
        fields = {key: value for key, value in spec.items() if key not in ("name", "postcode")}
        fields["address_lines"] = "\n".join(fields["address_lines"])
        school, _ = School.objects.get_or_create(
            name=spec["name"], postcode=spec["postcode"], defaults=fields
        )
        return school

    def _person(self, spec, school: School, password: str | None) -> tuple[str, str, str]:
        username, first, last, email, role, post_nominals, job_title, superuser = spec
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": email,
                "role": role,
                "school": school if role in SCHOOL_ROLES else None,
                "post_nominals": post_nominals,
                "job_title": job_title,
                "is_staff": superuser,
                "is_superuser": superuser,
            },
        )
        shown = "(unchanged)"
        if password is not None:
            if not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
            shown = password
        elif created:
            shown = secrets.token_urlsafe(12)
            user.set_password(shown)
            user.save(update_fields=["password"])
        label = "administrator (superuser)" if superuser else Role(role).label.lower()
        if role in SCHOOL_ROLES:
            label += f", {school.letter_name}"
        return username, shown, f"{first} {last}, {label}"

    def _assessment(self, doc: dict, school: School) -> Assessment:
        validate_document(doc)
        existing = Assessment.objects.filter(
            school=school,
            framework__name=doc["framework"]["name"],
            framework__version=doc["framework"]["version"],
            visit_start=doc["visit_start"],
            revision_of__isnull=True,
        ).first()
        if existing is not None:
            if existing.is_confirmed and not IssuedReport.objects.filter(assessment=existing).exists():
                # Loaded before reports were issued on confirmation: issue it now, once.
                report_issue(assessment=existing, by=existing.confirmed_by)
            return existing
        return import_document(doc)
