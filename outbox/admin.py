from django.contrib import admin

from outbox.models import Email


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    """The record of sent emails, read-only; the bodies are left out (a password reset's link
    is in one)."""

    list_display = ("created", "to_address", "subject", "category", "status", "attempts", "sent_at")
    list_filter = ("status", "category")
    search_fields = ("to_address", "subject")
    fields = (
        "to_address",
        "user",
        "subject",
        "category",
        "school",
        "status",
        "attempts",
        "last_error",
        "last_error_detail",
        "created",
        "next_attempt_at",
        "sent_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
