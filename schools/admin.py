from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from schools.models import School


@admin.register(School)
class SchoolAdmin(SimpleHistoryAdmin):
    list_display = ["name", "town", "postcode", "local_authority", "phase", "number_on_roll"]
    list_filter = ["phase", "local_authority"]
    search_fields = ["name", "addressed_name", "town", "postcode", "headteacher_name"]
    fieldsets = (
        (None, {"fields": ("name", "addressed_name", "phase", "local_authority", "number_on_roll")}),
        ("Address", {"fields": ("address_lines", "town", "county", "postcode")}),
        ("Headteacher as addressed", {"fields": ("headteacher_title", "headteacher_name")}),
    )
