"""Every write through the models moves on the cached pages it changes (pagecache.topics.TOPICS
says which) and clears the cached rows it changes (pagecache.rows): the models say nothing
about caching. install(), run by PagecacheConfig.ready(), hooks each model of the table:

- saves and deletes of an instance through Django's post_save and post_delete signals, and the
  links of a many-to-many field of the table through m2m_changed;
- bulk writes (update(), delete(), bulk_create(), bulk_update()), which send no signal, through
  InvalidatingQuerySet, put beneath the model's own queryset class: the model's checks (a
  confirmed assessment refuses them) run first, then the write, then the invalidation;
- every two-factor device's save and delete, which clear it from the shared cache;
- a migration or `flush`, which can rewrite rows behind the models' back: every page moves on.

Rows deleted by a cascade move nothing of their own: the delete that caused it says what it
changes, as Model.delete() did. Fixtures loaded with loaddata (raw saves) move nothing either:
run `manage.py clear_page_cache` after.
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from pagecache import rows, topics
from pagecache.redis import now_and_on_commit

# Written ----------------------------------------------------------------------------------------


def _field_names(model, names) -> set | None:
    """The fields' names (an update() may name a foreign key by its column: `school_id`)."""
    if names is None:
        return None
    found = set()
    for name in names:
        try:
            found.add(model._meta.get_field(name).name)
        except FieldDoesNotExist:
            found.add(name)
    return found


def _owner(entry, obj):
    owner = entry.get("owner")
    if owner is None:
        return None
    return obj.pk if owner == "pk" else getattr(obj, owner)


def _forget_rows(entry, ids) -> None:
    if entry.get("rows") == "user" and ids:
        ids = list(ids)
        # rows.forget_cached_users looked up at each call: the tests stand in for it.
        now_and_on_commit(lambda: rows.forget_cached_users(ids))


class _Rows:
    """The rows a bulk write touches, read before it (only with a shared cache, which alone
    keeps anything to clear)."""

    def __init__(self, model, queryset=None, objs=None):
        self.model, self.label = model, model._meta.label
        self.entry = topics.TOPICS[self.label]
        self.owners, self.ids = [], []
        if not settings.IQM_SHARED_CACHE:
            return
        owner = self.entry.get("owner")
        if objs is not None:
            self.owners = {_owner(self.entry, obj) for obj in objs} if owner else set()
            self.ids = [obj.pk for obj in objs]
            return
        if owner == "pk" or self.entry.get("rows"):
            self.ids = list(queryset.values_list("pk", flat=True))
        if owner == "pk":
            self.owners = self.ids
        elif owner:
            self.owners = set(queryset.order_by().values_list(owner, flat=True).distinct())

    def written(self, fields) -> None:
        topics.changed(*topics.written(self.label, self.owners, _field_names(self.model, fields)))
        _forget_rows(self.entry, self.ids)

    def appeared_or_gone(self, *, forget: bool) -> None:
        topics.changed(*topics.appeared_or_gone(self.label, self.owners))
        if forget:
            _forget_rows(self.entry, self.ids)


class InvalidatingQuerySet(models.QuerySet):
    """Bulk writes skip save() and delete(), and send no signal: these say what they change."""

    def update(self, **kwargs) -> int:
        touched = _Rows(self.model, queryset=self)
        count = super().update(**kwargs)
        touched.written(kwargs)
        return count

    def delete(self):
        touched = _Rows(self.model, queryset=self)
        result = super().delete()
        touched.appeared_or_gone(forget=True)
        return result

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        created = super().bulk_create(objs, *args, **kwargs)
        _Rows(self.model, objs=objs).appeared_or_gone(forget=False)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        count = super().bulk_update(objs, fields, *args, **kwargs)
        _Rows(self.model, objs=objs).written(fields)
        return count


# The hooks --------------------------------------------------------------------------------------


def _saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw:
        return
    entry = topics.TOPICS[sender._meta.label]
    fields = _field_names(sender, update_fields)
    topics.changed(*topics.written(sender._meta.label, [_owner(entry, instance)], fields))
    _forget_rows(entry, [instance.pk])


def _deleted(sender, instance, origin=None, **kwargs) -> None:
    # Only the instance deleted itself: a queryset's delete() says what it changes, and a
    # cascade's rows go with the delete that caused it.
    if origin is not instance:
        return
    entry = topics.TOPICS[sender._meta.label]
    topics.changed(*topics.appeared_or_gone(sender._meta.label, [_owner(entry, instance)]))
    _forget_rows(entry, [instance.pk])


def _links_changed(sender, action, **kwargs) -> None:
    """A link of a many-to-many field of the table added or removed, from either side (the
    assessments' co-assessors): the lists move on. (A "content" field's links would move them
    too: more than it needs, never less.)"""
    if action.startswith("post_"):
        topics.changed(topics.LISTS)


def _device_saved_or_deleted(sender, instance, **kwargs) -> None:
    """A two-factor device saved (each code checked saves it) or deleted (two-factor sign-in
    switched off, or reset by an administrator): the sessions it verified must see it at once.
    django-otp's models are not ours, and devices are added in the admin too."""
    rows.forget_cached_device(instance.persistent_id)


def _pages_changed(**kwargs) -> None:
    """A migration can rewrite rows without their models' save(), and `flush` empties every
    table: either way no cached page may be shown again."""
    topics.changed(topics.LISTS)


def _invalidating_queryset(model, queryset_class):
    """The model's queryset class with InvalidatingQuerySet beneath it, just above Django's."""
    name = f"Invalidating{model.__name__}{queryset_class.__name__}"
    made = globals().get(name)
    # (Django's own QuerySet cannot come before its subclass.)
    bases = (
        (InvalidatingQuerySet,)
        if queryset_class is models.QuerySet
        else (queryset_class, InvalidatingQuerySet)
    )
    if made is None or made.__bases__ != bases:
        # Kept in this module under its name, so that a pickled queryset finds its class.
        made = type(name, bases, {"__module__": __name__, "__qualname__": name})
        globals()[name] = made
    return made


def _equal_to(manager_class):
    def __eq__(self, other):
        # As Django's, so that the migrations' copy of the manager (one of manager_class)
        # still equals the model's: no migration for a manager that did not change.
        return isinstance(other, manager_class) and self._constructor_args == other._constructor_args

    return __eq__


def _hook_bulk_writes(model) -> None:
    """Give each of the model's managers the invalidating queryset. The manager instances are
    given a class of their own (named as before, so migrations see the same manager): a manager
    class, Django's plain Manager above all, can be shared by other models."""
    managers = [*model._meta.local_managers, *model._meta.managers]
    if not model._meta.local_managers:
        raise ImproperlyConfigured(f"{model._meta.label} needs a manager of its own for pagecache.")
    classes = {}
    for manager in managers:
        manager_class = type(manager)
        if issubclass(manager._queryset_class, InvalidatingQuerySet):
            continue
        if manager_class not in classes:
            classes[manager_class] = type(
                manager_class.__name__,
                (manager_class,),
                {
                    "__module__": manager_class.__module__,
                    "_queryset_class": _invalidating_queryset(model, manager._queryset_class),
                    "__eq__": _equal_to(manager_class),
                    "__hash__": manager_class.__hash__,
                },
            )
        manager.__class__ = classes[manager_class]


def _check(model, entry) -> None:
    """A typing error in the table stops start-up instead of missing writes."""
    known = {field.name for field in model._meta.get_fields() if not field.auto_created or field.concrete}
    for group in ("lists", "content", "unshown"):
        named = entry.get(group, set())
        if named != topics.ALL:
            unknown = set(named) - known
            if unknown:
                raise ImproperlyConfigured(
                    f"pagecache.topics.TOPICS[{model._meta.label!r}][{group!r}] names no field of the model: "
                    f"{', '.join(sorted(unknown))}."
                )
    owner = entry.get("owner")
    if owner not in (None, "pk") and owner not in {f.attname for f in model._meta.concrete_fields}:
        raise ImproperlyConfigured(f"pagecache.topics.TOPICS[{model._meta.label!r}]: no field {owner!r}.")


def install() -> None:
    for label, entry in topics.TOPICS.items():
        model = apps.get_model(label)
        _check(model, entry)
        _hook_bulk_writes(model)
        post_save.connect(_saved, sender=model, dispatch_uid=f"pagecache-saved-{label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"pagecache-deleted-{label}")
        for field in model._meta.many_to_many:
            if topics.group_of(label, field.name) != "unshown":
                m2m_changed.connect(
                    _links_changed,
                    sender=field.remote_field.through,
                    dispatch_uid=f"pagecache-links-{label}.{field.name}",
                )

    from django_otp.models import Device

    # Each kind of device by name: a receiver for every model would cost every save a call and
    # take away Django's fast deletes.
    for model in apps.get_models():
        if issubclass(model, Device):
            label = model._meta.label
            post_save.connect(
                _device_saved_or_deleted, sender=model, dispatch_uid=f"pagecache-otp-saved-{label}"
            )
            post_delete.connect(
                _device_saved_or_deleted, sender=model, dispatch_uid=f"pagecache-otp-deleted-{label}"
            )

    post_migrate.connect(
        _pages_changed, sender=apps.get_app_config("pagecache"), dispatch_uid="pagecache-post-migrate"
    )
