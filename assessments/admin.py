"""The admin for frameworks and assessments. A confirmed assessment is read-only here, as
everywhere: its inlines and fields cannot be changed and it cannot be deleted."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from assessments.kinds import AwardLevel, VisitKind
from assessments.models import (
    Assessment,
    Element,
    ElementMapping,
    Event,
    Finding,
    Framework,
    Statement,
    StatementKind,
    Status,
)


class ElementInline(admin.TabularInline):
    """A framework's elements; read-only once a confirmed assessment uses the framework, whose
    letter prints them (Element.save refuses it too): a new version is made instead."""

    model = Element
    extra = 0
    ordering = ["number"]
    fields = ["number", "title", "guidance"]

    def _frozen(self, obj) -> bool:
        return isinstance(obj, Framework) and obj.is_frozen()

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


def _free_version(framework: Framework) -> str:
    """ "2010 copy", or "2010 copy 2", … : a version this framework's name does not have yet."""
    taken = set(Framework.objects.filter(name=framework.name).values_list("version", flat=True))
    candidate, number = f"{framework.version} copy", 1
    while candidate in taken:
        number += 1
        candidate = f"{framework.version} copy {number}"
    return candidate[:50]


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "is_current", "element_count", "in_use"]
    list_filter = ["is_current"]
    search_fields = ["name", "version"]
    inlines = [ElementInline]
    actions = ["make_new_version"]

    @admin.display(description="Elements")
    def element_count(self, obj: Framework) -> int:
        return obj.elements.count()

    @admin.display(description="Used by a confirmed assessment", boolean=True)
    def in_use(self, obj: Framework) -> bool:
        return obj.is_frozen()

    @admin.action(description="Make a new version of the selected frameworks (to change their elements)")
    def make_new_version(self, request, queryset):
        for framework in queryset:
            copy = framework.new_version(_free_version(framework))
            self.message_user(
                request,
                f"Made {copy} with a copy of the elements of {framework}. Rename its version, change "
                "its elements, then mark it current to offer it for new visits.",
                messages.SUCCESS,
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        framework = self.get_object(request, object_id)
        if request.method == "GET" and framework is not None and framework.is_frozen():
            self.message_user(
                request,
                "A confirmed assessment uses this framework, and its letter prints these elements, so "
                "they are read-only. To change them, make a new version (the action on the list of "
                "frameworks).",
                messages.INFO,
            )
        return super().change_view(request, object_id, form_url, extra_context)


class FrozenWhenConfirmedMixin:
    """Makes an inline or model admin read-only once the assessment is confirmed: no change, no
    delete (one at a time or in bulk), no new inline rows, no reverting to an older version
    from the history. The stored status decides, not the form's copy of the object."""

    def _confirmed(self, obj) -> bool:
        if obj is None:
            return False
        assessment_id = obj.pk if isinstance(obj, Assessment) else getattr(obj, "assessment_id", None)
        return bool(
            assessment_id and Assessment.objects.filter(pk=assessment_id, status=Status.CONFIRMED).exists()
        )

    def has_change_permission(self, request, obj=None):
        return not self._confirmed(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._confirmed(obj) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        if self._confirmed(obj):
            return False
        if isinstance(self, admin.options.InlineModelAdmin):
            return super().has_add_permission(request, obj)
        return super().has_add_permission(request)

    def delete_queryset(self, request, queryset):
        # The "delete selected" action asks for permission without an object.
        if queryset.model is Assessment:
            frozen = queryset.filter(status=Status.CONFIRMED).exists()
        else:
            frozen = queryset.filter(assessment__status=Status.CONFIRMED).exists()
        if frozen:
            raise PermissionDenied("A confirmed assessment's content cannot be deleted.")
        super().delete_queryset(request, queryset)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history's "revert" saves an old version over the current one.
        if request.method == "POST":
            current = self.model._default_manager.filter(pk=object_id).first()
            if current is not None and self._confirmed(current):
                raise PermissionDenied("A confirmed assessment's content cannot be changed.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return self._confirmed(obj) or super().revert_disabled(request, obj)


class AssessmentStatementInline(FrozenWhenConfirmedMixin, admin.TabularInline):
    model = Statement
    extra = 0
    ordering = ["kind", "position"]
    fields = ["kind", "position", "text"]
    verbose_name = "key area of success or minor area for development"
    verbose_name_plural = "Key areas of success and minor areas for development"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(finding__isnull=True)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            kwargs["choices"] = [
                (StatementKind.KEY_SUCCESS, StatementKind.KEY_SUCCESS.label),
                (StatementKind.MINOR_AREA, StatementKind.MINOR_AREA.label),
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class FindingInline(FrozenWhenConfirmedMixin, admin.StackedInline):
    model = Finding
    extra = 0
    ordering = ["element__number"]
    fields = ["element", "narrative", "no_significant_areas", "edit_link"]
    readonly_fields = ["edit_link"]
    show_change_link = True

    @admin.display(description="Strengths and areas")
    def edit_link(self, obj: Finding) -> str:
        counts = {StatementKind.STRENGTH: 0, StatementKind.AREA: 0}
        for statement in obj.statements.all():
            counts[statement.kind] += 1
        return f"{counts[StatementKind.STRENGTH]} strengths, {counts[StatementKind.AREA]} areas (open the finding to edit)"


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    fields = ["at", "action", "from_status", "to_status", "by", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(FrozenWhenConfirmedMixin, SimpleHistoryAdmin):
    list_display = ["school", "kind", "visit_start", "status", "lead_assessor", "outcome", "confirmed_at"]
    list_filter = ["status", "kind", "outcome", "framework"]
    search_fields = ["school__name", "school__postcode", "lead_assessor__last_name", "lead_assessor__email"]
    date_hierarchy = "visit_start"
    autocomplete_fields = ["school", "lead_assessor", "co_assessors", "previous_assessment"]
    list_select_related = ["school", "lead_assessor"]
    readonly_fields = [
        "status",
        "submitted_at",
        "confirmed_by",
        "confirmed_at",
        "revision_of",
        "revision",
        "version",
    ]
    fieldsets = (
        (None, {"fields": ("school", "framework", "kind", "status", "previous_assessment")}),
        (
            "Visit and letter",
            {"fields": ("visit_start", "visit_end", "letter_date", "lead_assessor", "co_assessors")},
        ),
        ("Report", {"fields": ("summary", "context", "evidence")}),
        ("Outcome", {"fields": ("outcome", "reassessment_years", "recommendation")}),
        (
            "Workflow",
            {
                "fields": (
                    "return_comment",
                    "submitted_at",
                    "confirmed_by",
                    "confirmed_at",
                    "revision_of",
                    "revision",
                    "version",
                )
            },
        ),
    )
    inlines = [AssessmentStatementInline, FindingInline, EventInline]


class FindingStatementInline(FrozenWhenConfirmedMixin, admin.TabularInline):
    model = Statement
    fk_name = "finding"
    extra = 0
    ordering = ["kind", "position"]
    fields = ["kind", "position", "text"]
    verbose_name = "strength or area for development"
    verbose_name_plural = "Strengths and areas for development"

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            kwargs["choices"] = [
                (StatementKind.STRENGTH, StatementKind.STRENGTH.label),
                (StatementKind.AREA, StatementKind.AREA.label),
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_new_instance(self, parent, obj):  # pragma: no cover - admin plumbing
        obj.assessment_id = parent.assessment_id


@admin.register(Finding)
class FindingAdmin(FrozenWhenConfirmedMixin, SimpleHistoryAdmin):
    list_display = ["assessment", "element", "no_significant_areas"]
    list_filter = ["element__framework", "no_significant_areas"]
    search_fields = ["assessment__school__name", "element__title", "narrative"]
    list_select_related = ["assessment__school", "element"]
    readonly_fields = ["assessment", "element"]
    fields = ["assessment", "element", "narrative", "no_significant_areas"]
    inlines = [FindingStatementInline]

    def has_add_permission(self, request, obj=None):
        return False

    def save_formset(self, request, form, formset, change):
        # A new strength or area belongs to the finding's assessment as well as the finding.
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for instance in instances:
            if isinstance(instance, Statement) and not instance.assessment_id:
                instance.assessment_id = form.instance.assessment_id
            instance.save()
        formset.save_m2m()


@admin.register(AwardLevel)
class AwardLevelAdmin(admin.ModelAdmin):
    """Award levels: their names and renewal words are the administrator's to change."""

    list_display = ("name", "code", "rank", "renewal", "validity_years")
    ordering = ("rank", "name")


@admin.register(VisitKind)
class VisitKindAdmin(admin.ModelAdmin):
    """Kinds of visit: the award each confirms, its interval, its rules and its letter's words.
    A new kind needs no code."""

    list_display = ("name", "code", "award_level", "default_interval_years", "requires_level", "active")
    list_filter = ("award_level", "active")
    ordering = ("position", "name")


# The crosswalk between frameworks ----------------------------------------------------------------


@admin.register(ElementMapping)
class ElementMappingAdmin(admin.ModelAdmin):
    """One line of a crosswalk per row; import_framework writes a whole crosswalk at once."""

    list_display = ["from_element", "from_framework", "to_element", "to_framework"]
    list_filter = ["from_element__framework", "to_element__framework"]
    list_select_related = ["from_element__framework", "to_element__framework"]
    search_fields = ["from_element__title", "to_element__title"]

    @admin.display(description="From framework", ordering="from_element__framework")
    def from_framework(self, obj: ElementMapping) -> str:
        return str(obj.from_element.framework)

    @admin.display(description="To framework", ordering="to_element__framework")
    def to_framework(self, obj: ElementMapping) -> str:
        return str(obj.to_element.framework)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Element titles alone do not say which framework they belong to.
        kwargs["queryset"] = Element.objects.select_related("framework").order_by("framework", "number")
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        field.label_from_instance = lambda element: f"{element.framework}: {element}"
        return field
