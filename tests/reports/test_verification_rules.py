"""The verification rules at their edges (found by mutation testing, docs/testing.md): a letter
is in force through its award's last day, one that awards nothing says so, a new code is never
one already issued, what a code may be typed as, what the public page prints of a letter that
awards nothing, and the deploy check of the address printed on every letter."""

import datetime

import pytest
from django.test import override_settings

from assessments.dates import plain_date
from reports import verification
from reports.models import IssuedReport
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quick_pdf(monkeypatch):
    """A tiny PDF for each letter issued here: these tests are of the rules, not the rendering."""
    from reports import letter
    from tests.letter_pdf import tiny_pdf

    monkeypatch.setattr(letter, "html_to_pdf", lambda html, **kwargs: tiny_pdf())


def visit(**fields):
    """A visit (not confirmed) and an unsaved letter of it: letter_status reads only the visit."""
    assessment = AssessmentFactory(**fields)
    return assessment, IssuedReport(assessment=assessment, revision=1, verification_code="ABCDE12345")


def test_a_letter_is_in_force_through_its_awards_last_day_and_expired_the_day_after():
    assessment, report = visit(outcome="yes", letter_date=datetime.date(2026, 1, 5), reassessment_years=3)
    end = datetime.date(2029, 1, 5)
    assert verification.award_end(assessment) == end
    assert verification.letter_status(report, today=end) == verification.LetterStatus(
        "current", "Current", "This is the letter IQM issued, and it is in force."
    )
    assert verification.letter_status(report, today=end + datetime.timedelta(days=1)) == (
        verification.LetterStatus(
            "expired", "Expired", f"The award this letter confirms ran out on {plain_date(end)}."
        )
    )


def test_a_letter_that_awards_nothing_never_expires_and_says_it_makes_no_award():
    assessment, report = visit(outcome="no", letter_date=datetime.date(2010, 1, 5), reassessment_years=3)
    assert verification.award_end(assessment) is None
    assert verification.letter_status(report, today=datetime.date(2030, 1, 1)) == verification.LetterStatus(
        "current",
        "Current",
        "This is the letter IQM issued for this visit, and the latest; it makes no award.",
    )


def test_the_public_page_of_a_letter_that_awards_nothing_names_no_level_and_no_end():
    _, report = visit(
        outcome="no",
        letter_date=datetime.date(2026, 1, 5),
        visit_start=datetime.date(2025, 12, 1),
        visit_end=datetime.date(2025, 12, 2),
    )
    details = verification.page_details(report)
    assert (details["award_level"], details["award_end"], details["confirmed_on"]) == ("None awarded", "", "")
    assert details["outcome"] != "" and details["letter_date"] == "5 January 2026"
    assert (details["code"], details["display_code"]) == ("ABCDE12345", "ABCDE-12345")


def test_a_successful_letters_page_names_its_level_and_the_day_it_runs_out():
    assessment, report = visit(outcome="yes", letter_date=datetime.date(2026, 1, 5), reassessment_years=3)
    details = verification.page_details(report)
    assert (details["school"], details["kind"]) == (assessment.school.name, assessment.kind.name)
    assert details["award_level"] == assessment.kind.award_level.name
    assert details["award_end"] == "5 January 2029"


def corrected(assessment, reason, *, director, lead) -> IssuedReport:
    """The letter of a confirmed correction of the assessment."""
    from assessments import services

    revision = services.assessment_reopen(assessment=assessment, by=director, reason=reason)
    services.assessment_submit(assessment=revision, by=lead)
    services.assessment_confirm(assessment=revision, by=director)
    return IssuedReport.objects.get(assessment=revision)


def test_a_letter_corrected_twice_is_superseded_by_the_last_confirmed_revision(confirmed, director, lead):
    from assessments import services

    def correct(assessment, reason):
        return corrected(assessment, reason, director=director, lead=lead)

    original = IssuedReport.objects.get(assessment=confirmed)
    first = correct(confirmed, "A typing error.")
    newest = correct(first.assessment, "Another typing error.")
    services.assessment_reopen(assessment=newest.assessment, by=director, reason="Not yet confirmed.")
    for superseded in (original, first):
        assert verification.letter_status(superseded) == verification.LetterStatus(
            "superseded",
            "Superseded",
            f"This letter was corrected: revision {newest.assessment.revision} replaces it.",
            newer=newest,
        )
    assert verification.letter_status(newest).state == "current"


def test_the_chain_of_revisions_is_followed_by_ids_not_revision_numbers(confirmed, director, lead):
    AssessmentFactory.create_batch(3)  # other visits between, so no revision's id is its number
    first = corrected(confirmed, "A typing error.", director=director, lead=lead)
    newest = corrected(first.assessment, "Another typing error.", director=director, lead=lead)
    assert {first.assessment.pk, newest.assessment.pk}.isdisjoint({2, 3})
    assert verification.newest_revision_of(confirmed.pk, confirmed.revision) == (newest.assessment.pk, 3)
    assert verification.newest_revision_of(first.assessment.pk, 2) == (newest.assessment.pk, 3)


def test_the_public_page_of_a_letter_without_an_outcome_prints_none():
    """An imported historical letter may have no outcome recorded: the page prints no words for it."""
    _, report = visit(outcome="", letter_date=datetime.date(2010, 1, 5))
    assert verification.page_details(report)["outcome"] == ""


def test_a_new_code_is_ten_characters_of_the_alphabet_and_never_one_already_issued(confirmed, monkeypatch):
    codes = {verification.new_code() for _ in range(50)}
    assert len(codes) == 50
    assert all(len(code) == 10 and set(code) <= set(verification.ALPHABET) for code in codes)
    issued = IssuedReport.objects.get(assessment=confirmed).verification_code
    offered = iter([issued, issued, "ZZZZZ00000"])
    monkeypatch.setattr(verification, "new_code", lambda: next(offered))
    assert verification.new_unused_code() == "ZZZZZ00000"


def test_a_code_may_be_typed_with_up_to_forty_characters_and_nothing_else_is_read():
    assert verification.normalise_code("abcde-12345".center(40)) == "ABCDE12345"
    assert verification.normalise_code("abcde-12345".center(41)) is None
    assert verification.normalise_code(None) is None
    assert verification.normalise_code("ABCDE1234") is None
    assert verification.normalise_code("ABCDE123456") is None


def test_the_deploy_check_warns_of_a_local_verification_address_only_in_production():
    for local in ("http://127.0.0.1:8000", "http://localhost", "http://[::1]:8000", ""):
        with override_settings(SITE_URL=local, DEBUG=False):
            (warning,) = verification.check_site_url()
            assert warning.id == "reports.W001" and repr(local) in warning.msg
        with override_settings(SITE_URL=local, DEBUG=True):
            assert verification.check_site_url() == []
    with override_settings(SITE_URL="https://iqm.example.org", DEBUG=False):
        assert verification.check_site_url() == []


LETTER = b"%PDF-1.7\nthe letter as issued\n%%EOF\n"


@pytest.fixture
def issued():
    """An unsaved letter whose recorded fingerprint is LETTER's: upload_check reads nothing else."""
    import hashlib

    return IssuedReport(revision=1, verification_code="ABCDE12345", sha256=hashlib.sha256(LETTER).hexdigest())


@pytest.fixture
def signature(monkeypatch):
    """The signature check's answer, chosen by the test; records whether it was asked."""
    from reports import signing

    answer = {"result": signing.SignatureCheck(True, "It carries IQM's signature."), "asked": 0}

    def check(pdf):
        answer["asked"] += 1
        answer["read"] = pdf
        if isinstance(answer["result"], Exception):
            raise answer["result"]
        return answer["result"]

    monkeypatch.setattr(signing, "signature_check", check)
    return answer


def test_the_letter_as_issued_and_signed_is_genuine_with_both_reasons(issued, signature):
    assert verification.upload_check(issued, LETTER) == verification.UploadCheck(
        True,
        "Genuine",
        ("The file is exactly the one IQM issued under this code.", "It carries IQM's signature."),
    )
    assert signature["read"] == LETTER


@pytest.mark.parametrize("unreadable", ["invalid", "unavailable"])
def test_the_letter_as_issued_is_genuine_after_the_key_is_replaced(issued, signature, unreadable):
    from reports import signing

    signature["result"] = (
        signing.SignatureCheck(False, "Not our certificate.")
        if unreadable == "invalid"
        else signing.SigningUnavailable("no key")
    )
    check = verification.upload_check(issued, LETTER)
    assert (check.genuine, check.headline) == (True, "Genuine")
    assert check.reasons == (
        "The file is exactly the one IQM issued under this code.",
        "Its signature was made with a key IQM has since replaced; the file's fingerprint is the one "
        "recorded when it was issued.",
    )


def test_any_other_file_is_not_the_letter_and_its_signature_is_not_read(issued, signature):
    assert verification.upload_check(issued, LETTER + b" ") == verification.UploadCheck(
        False,
        "Not the letter we issued",
        (
            "The file differs from the one IQM issued under this code: it may have been changed, or be "
            "another letter.",
        ),
    )
    assert verification.upload_check(issued, b"%PDF" + LETTER[5:]) == verification.UploadCheck(
        False, "Not the letter we issued", ("The file is not a PDF.",)
    )
    assert verification.upload_check(issued, b"<html>" + LETTER) == verification.UploadCheck(
        False, "Not the letter we issued", ("The file is not a PDF.",)
    )
    assert signature["asked"] == 0


def test_a_typed_code_finds_its_letter_and_nothing_else_finds_one(confirmed):
    report = IssuedReport.objects.get(assessment=confirmed)
    typed = verification.display_code(report.verification_code).lower()
    found = verification.report_for_code(typed)
    assert found == report
    assert (found.assessment.school, found.assessment.kind.award_level) == (
        confirmed.school,
        confirmed.kind.award_level,
    )
    assert (
        verification.report_for_code(
            "ZZZZZ-00000" if report.verification_code != "ZZZZZ00000" else "ZZZZZ-00001"
        )
        is None
    )
    assert verification.report_for_code("not a code") is None


def test_the_public_page_prints_what_the_confirmed_letter_prints(confirmed):
    report = IssuedReport.objects.get(assessment=confirmed)
    level = confirmed.kind.award_level
    assert verification.page_details(report) == {
        "school": confirmed.school.name,
        "kind": confirmed.kind.name,
        "award_level": level.name,
        "outcome": confirmed.get_outcome_display(),
        "visit_dates": "10–11 November 2026",
        "confirmed_on": plain_date(confirmed.confirmed_at.date()),
        "letter_date": "20 November 2026",
        "next_visit_label": level.next_visit_label,
        "award_end": plain_date(confirmed.expires_on),
        "revision": 1,
        "sha256": report.sha256,
        "code": report.verification_code,
        "display_code": f"{report.verification_code[:5]}-{report.verification_code[5:]}",
    }
    assert confirmed.expires_on and confirmed.get_outcome_display()


def test_the_letter_prints_the_public_address_of_its_own_code(settings):
    settings.SITE_URL = "https://iqm.example.org"
    assert verification.verification_url("ABCDE12345") == "https://iqm.example.org/verify/ABCDE12345/"


def test_a_qr_code_without_a_title_carries_none_for_its_caller_to_label():
    assert "<title>" not in verification.qr_svg("https://iqm.example.org/verify/ABCDE12345/")
    assert "<title>Scan me</title>" in verification.qr_svg("https://iqm.example.org/", title="Scan me")


@pytest.mark.parametrize("cached", [False, True], ids=["uncached", "shared_cache"])
def test_a_code_names_its_issued_reports_id_and_when_asked_only_a_published_ones(
    request, cached, confirmed, director
):
    """Read as it is without a shared cache, and from the cache (each code and each question
    kept apart there)."""
    from django.utils import timezone

    from reports.models import LetterPublication

    if cached:
        request.getfixturevalue("shared_cache")
    report = IssuedReport.objects.get(assessment=confirmed)
    code = report.verification_code
    typed = f" {code[:5].lower()}-{code[5:]} "
    assert verification.report_pk_for_code(typed) == verification.report_pk_for_code(code) == report.pk
    assert verification.report_pk_for_code(code, published=True) == 0
    assert verification.report_pk_for_code("ZZZZZ99999") == 0
    assert verification.report_pk_for_code("not a code at all") == 0
    if not cached:
        LetterPublication.objects.create(
            report=report, published=True, changed_at=timezone.now(), changed_by=director
        )
        assert verification.report_pk_for_code(code, published=True) == report.pk
