"""The admin for issued reports: read-only. An issued report is never changed or deleted."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from reports.models import IssuedReport


@admin.register(IssuedReport)
class IssuedReportAdmin(admin.ModelAdmin):
    list_display = ["filename", "revision", "assessment", "created_at", "created_by", "size"]
    list_select_related = ["assessment__school", "created_by"]
    search_fields = ["filename", "assessment__school__name", "sha256"]
    date_hierarchy = "created_at"
    fields = ["assessment", "revision", "download", "filename", "sha256", "size", "created_at", "created_by"]
    readonly_fields = fields

    @admin.display(description="File")
    def download(self, obj: IssuedReport) -> str:
        return format_html('<a href="{}">Download</a>', reverse("issued_report_download", args=[obj.pk]))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
