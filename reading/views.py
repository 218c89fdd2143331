"""The second reading's pages: the readers' queue and the reading page (comments, suggestions,
sending a round, signing off), the assessor's page of the reader's comments (replies, accepting
or rejecting suggestions), the director's actions (asking for a reading, overriding one), the
rule and the per-assessor figures. Thin views: an access helper, a form, a service, a redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import director_required
from assessments.access import assessment_for_director, assessment_for_editor
from reading import anchors, selectors, services
from reading.access import reading_for_reader
from reading.forms import CommentForm, OverrideForm, RejectForm, ReplyForm, RuleForm
from reading.models import Comment, Reading, ReadingRule


def _reader_required(request: HttpRequest) -> None:
    if not services.is_reader(request.user):
        raise Http404("No such page.")


@login_required
@require_safe
def reading_queue(request: HttpRequest) -> HttpResponse:
    """The reports waiting for a second reading, oldest first, with the visit, kind, assessor and
    days waiting. Readers and directors only; a fixed number of queries."""
    _reader_required(request)
    rows = [
        {"reading": reading, "days": selectors.days_between(reading.created_at)}
        for reading in selectors.queue(request.user)
    ]
    return render(request, "reading/queue.html", {"rows": rows})


def _reading_page(request, reading: Reading, *, form=None, status=200) -> HttpResponse:
    parts = anchors.parts_of(reading.assessment)
    threads = selectors.threads(reading, parts=parts)
    sections = [
        {"part": part, "threads": [thread for thread in threads if thread.comment.part == part.key]}
        for part in parts
    ]
    removed = [thread for thread in threads if thread.anchor.state == "removed"]
    return render(
        request,
        "reading/reading.html",
        {
            "reading": reading,
            "assessment": reading.assessment,
            "sections": sections,
            "removed": removed,
            "form": form or CommentForm(parts=parts),
            "reply_form": ReplyForm(),
            "new_in_round": sum(1 for t in threads if t.comment.round == reading.round),
            "can_comment": reading.is_open and not reading.assessment.is_confirmed,
        },
        status=status,
    )


@login_required
@require_safe
def reading_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A report as the reader reads it: each part of the letter with the comments on it."""
    return _reading_page(request, reading_for_reader(request.user, pk))


@login_required
@require_POST
def reading_comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The reader comments on a part of the letter or on words of it, perhaps suggesting new text."""
    reading = reading_for_reader(request.user, pk)
    form = CommentForm(request.POST, parts=anchors.parts_of(reading.assessment))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.comment_add(
                reading=reading,
                by=request.user,
                part=data["part"],
                text=data["text"],
                quote=data["quote"],
                start=data["start"],
                end=data["end"],
                suggestion=data["suggestion"] or None,
            )
        except services.ReadingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "Your comment is saved. Send the round's comments to the assessor when you are ready.",
            )
            return redirect("reading_page", pk=reading.pk)
    return _reading_page(request, reading, form=form, status=400)


@login_required
@require_POST
def reading_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the round's comments to the assessors, in one email."""
    reading = reading_for_reader(request.user, pk)
    try:
        count = services.round_send(reading=reading, by=request.user)
    except services.ReadingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"{count} comment{'s' if count != 1 else ''} sent: the assessors have been emailed."
        )
    return redirect("reading_page", pk=reading.pk)


@login_required
@require_POST
def reading_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    """The reader signs the report off."""
    reading = reading_for_reader(request.user, pk)
    try:
        services.reading_sign_off(reading=reading, by=request.user)
    except services.ReadingError as error:
        messages.error(request, str(error))
        return redirect("reading_page", pk=reading.pk)
    messages.success(request, "Signed off: the directors have been emailed, and the report may be confirmed.")
    return redirect("reading_queue")


# A comment's thread, for everyone in it ------------------------------------------------------------


def _comment_for(user, comment_id: int) -> Comment:
    comment = Comment.objects.select_related("reading__assessment").filter(pk=comment_id).first()
    if (
        comment is None
        or not user.is_authenticated
        or not services.may_answer(user, comment.reading.assessment)
    ):
        raise Http404("No such comment.")
    return comment


def _back(request, comment: Comment):
    assessment = comment.reading.assessment
    if assessment.is_assigned(request.user):
        return redirect("reading_assessor", pk=assessment.pk)
    if services.may_read(request.user, assessment) and (
        comment.reading.is_open or not request.user.is_director
    ):
        return redirect("reading_page", pk=comment.reading_id)
    return redirect("review_assessment", pk=assessment.pk)


@login_required
@require_POST
def comment_reply(request: HttpRequest, comment: int) -> HttpResponse:
    """A reply in a comment's thread."""
    found = _comment_for(request.user, comment)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write the reply: it is empty. Nothing was saved.")
        return _back(request, found)
    try:
        services.reply_add(comment=found, by=request.user, text=form.cleaned_data["text"])
    except services.ReadingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Your reply is saved.")
    return _back(request, found)


@login_required
@require_POST
def comment_resolve(request: HttpRequest, comment: int, resolved: bool) -> HttpResponse:
    """Resolve a comment, or open it again."""
    found = _comment_for(request.user, comment)
    try:
        services.comment_resolve(comment=found, by=request.user, resolved=resolved)
    except services.ReadingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The comment is resolved." if resolved else "The comment is open again.")
    return _back(request, found)


# The assessor's page ---------------------------------------------------------------------------------


@login_required
@require_safe
def reading_assessor(request: HttpRequest, pk: int) -> HttpResponse:
    """The reader's comments and suggestions as the visit's assessors see them."""
    assessment = assessment_for_editor(request.user, pk)
    reading = Reading.objects.filter(assessment=assessment).first()
    return render(
        request,
        "reading/assessor.html",
        {
            "assessment": assessment,
            "reading": reading,
            "threads": selectors.threads(reading) if reading else [],
            "reply_form": ReplyForm(),
            "reject_form": RejectForm(),
        },
    )


def _assessor_comment(request, pk: int, comment: int) -> Comment:
    assessment = assessment_for_editor(request.user, pk)
    found = Comment.objects.filter(pk=comment, reading__assessment=assessment).first()
    if found is None:
        raise Http404("No such comment.")
    return found


@login_required
@require_POST
def suggestion_accept(request: HttpRequest, pk: int, comment: int) -> HttpResponse:
    """The assessor accepts the reader's suggestion: the letter is changed."""
    found = _assessor_comment(request, pk, comment)
    version = request.POST.get("version", "")
    try:
        services.suggestion_accept(
            comment=found, by=request.user, version=int(version) if version.isdigit() else None
        )
    except services.ReadingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The suggestion is accepted: {found.part_label} is changed.")
    return redirect("reading_assessor", pk=pk)


@login_required
@require_POST
def suggestion_reject(request: HttpRequest, pk: int, comment: int) -> HttpResponse:
    """The assessor rejects the reader's suggestion, with a reason."""
    found = _assessor_comment(request, pk, comment)
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.suggestion_reject(comment=found, by=request.user, reason=reason)
    except services.ReadingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The suggestion is rejected; the reader sees your reason.")
    return redirect("reading_assessor", pk=pk)


# The director's ------------------------------------------------------------------------------------


@director_required
@require_POST
def reading_ask(request: HttpRequest, pk: int) -> HttpResponse:
    """A director asks for a second reading of a report."""
    assessment = assessment_for_director(request.user, pk)
    try:
        services.reading_ask(assessment=assessment, by=request.user)
    except services.ReadingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The report is in the readers' queue for a second reading.")
    return redirect("review_assessment", pk=pk)


@director_required
@require_POST
def reading_override(request: HttpRequest, pk: int) -> HttpResponse:
    """A director lets a report be confirmed without its second reading, with a reason."""
    assessment = assessment_for_director(request.user, pk)
    reading = Reading.objects.filter(assessment=assessment).first()
    if reading is None:
        raise Http404("No such reading.")
    form = OverrideForm(request.POST)
    try:
        services.reading_override(
            reading=reading, by=request.user, reason=form.cleaned_data["reason"] if form.is_valid() else ""
        )
    except services.ReadingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The second reading is overridden; your reason is recorded.")
    return redirect("review_assessment", pk=pk)


@director_required
@require_http_methods(["GET", "POST"])
def reading_rule(request: HttpRequest) -> HttpResponse:
    """Which reports need a second reading: the director's rule."""
    rule = ReadingRule.current()
    if request.method == "POST":
        form = RuleForm(request.POST)
        if form.is_valid():
            try:
                services.rule_save(by=request.user, **form.cleaned_data)
            except services.ReadingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "The rule is saved: it applies to reports submitted from now on.")
                return redirect("reading_rule")
    else:
        form = RuleForm(
            initial={
                "first_reports": rule.first_reports,
                "percentage": rule.percentage,
                "kinds": rule.kinds.all(),
            }
        )
    return render(
        request, "reading/rule.html", {"form": form, "rule": rule}, status=400 if form.errors else 200
    )


@director_required
@require_safe
def reading_figures(request: HttpRequest) -> HttpResponse:
    """Per assessor: reports read, comments per report and the days reports waited, as a table and
    a small chart."""
    rows = selectors.assessor_figures()
    top = max((row["per_report"] for row in rows), default=0) or 1
    for index, row in enumerate(rows):
        row["bar"] = round(row["per_report"] / top * 300)
        row["y"] = index * 28
    return render(request, "reading/figures.html", {"rows": rows, "chart_height": len(rows) * 28})
