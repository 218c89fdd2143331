from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "get_full_name", "email", "role", "school", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_superuser"]
    search_fields = ["username", "first_name", "last_name", "email", "school__name"]
    autocomplete_fields = ["school"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("IQM", {"fields": ("role", "school", "post_nominals", "job_title")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("IQM", {"fields": ("first_name", "last_name", "email", "role", "school")}),
    )
