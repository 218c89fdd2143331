from django.contrib import admin

from cycle.models import ExpiryNotice, OptOut, Reminder


@admin.register(ExpiryNotice)
class ExpiryNoticeAdmin(admin.ModelAdmin):
    """When the award-expiry reminders go, per award level: data a director or administrator edits."""

    list_display = ("level", "months_before")
    list_filter = ("level",)


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """The record of reminders and digests sent: read only (it is what stops a second send)."""

    list_display = ("occasion", "kind", "email", "school", "created_at")
    list_filter = ("kind",)
    date_hierarchy = "occasion"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ("user", "category", "created_at")
    list_filter = ("category",)
