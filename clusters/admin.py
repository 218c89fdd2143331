from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clusters.models import Attendance, ClusterMeeting


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["school"]


@admin.register(ClusterMeeting)
class ClusterMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["date", "title", "place", "online", "created_by"]
    list_filter = ["online"]
    search_fields = ["title", "place", "notes"]
    date_hierarchy = "date"
    readonly_fields = ["created_by", "created_at"]
    inlines = [AttendanceInline]


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "school"]
    search_fields = ["school__name", "meeting__title"]
    autocomplete_fields = ["school", "meeting"]
