"""Cluster meetings: the gatherings of Flagship schools that IQM holds, in a place or online,
and which schools attended each. The rules for writing them live in clusters.services."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from assessments import limits
from assessments.dates import plain_date

# The longest title and place of a meeting, and the longest notes.
MAX_TITLE_LENGTH = 200
MAX_PLACE_LENGTH = 200
MAX_NOTES_LENGTH = limits.MAX_ITEM_LENGTH


class ClusterMeeting(models.Model):
    """One cluster meeting: on a day, in a place, online, or both (a hybrid meeting)."""

    date = models.DateField(validators=[limits.check_date])
    place = models.CharField(
        max_length=MAX_PLACE_LENGTH, blank=True, help_text="Blank for an online meeting."
    )
    online = models.BooleanField(default=False, help_text="The meeting takes place online.")
    title = models.CharField(max_length=MAX_TITLE_LENGTH, blank=True)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["date", "id"], name="clustermeeting_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(place="") | models.Q(online=True),
                name="clustermeeting_place_or_online",
                violation_error_message="A meeting takes place somewhere or online: give its place, or say it is online.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title or 'Cluster meeting'}, {plain_date(self.date)}"

    @property
    def where(self) -> str:
        """ "Online", the place, or "Brookfield hall and online"."""
        if self.place and self.online:
            return f"{self.place} and online"
        return self.place or "Online"


class Attendance(models.Model):
    """A school attended a cluster meeting."""

    meeting = models.ForeignKey(ClusterMeeting, on_delete=models.CASCADE, related_name="attendances")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="cluster_attendances")

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "school"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "school"],
                name="attendance_meeting_school_unique",
                violation_error_message="The school is already recorded as attending this meeting.",
            )
        ]
        indexes = [models.Index(fields=["school", "meeting"], name="attendance_school_idx")]

    def __str__(self) -> str:
        return f"{self.school} at {self.meeting}"
