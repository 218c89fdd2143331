"""The record of what was sent: every email for directors, a school's own for its staff."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.decorators import director_required
from outbox.access import school_staff_required
from outbox.forms import EmailFilterForm
from outbox.models import Email
from outbox.selectors import PAGE_SIZE, emails_filtered, emails_for_school


@director_required
@require_GET
def email_list(request: HttpRequest) -> HttpResponse:
    """Every email the app has sent or is still to send, newest first, filtered by status and
    kind, a page at a time. A filter that cannot be read is said so, and everything is listed."""
    form = EmailFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    emails = emails_filtered(
        Email.objects.all(), status=filters.get("status", ""), category=filters.get("category", "")
    )
    page = Paginator(emails, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({name: value for name, value in filters.items() if value})
    return render(request, "outbox/email_list.html", {"form": form, "page": page, "query": query})


@school_staff_required
@require_GET
def school_emails(request: HttpRequest) -> HttpResponse:
    """What the app has emailed the school's people about the school, newest first, a page at
    a time; for its headteacher and school users alone."""
    school = request.user.school
    page = Paginator(emails_for_school(school.pk), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "outbox/school_emails.html", {"school": school, "page": page, "query": ""})
