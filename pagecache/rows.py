"""The rows every request of a signed-in user reads, read through the shared cache: the user
(CachedUserBackend) and the two-factor device that verified the session
(SharedCacheOTPMiddleware). pagecache.invalidation clears them on every write.

Imported once the apps are ready (settings name these classes; pagecache.apps imports it in
ready()): Django's model backend reads the user model when it is imported.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

from pagecache.redis import now_and_on_commit
from prepared import Prepared

# The user -------------------------------------------------------------------------------------


def user_cache_key(user_id) -> str:
    return f"user:{user_id}"


def forget_cached_users(user_ids) -> None:
    """Drop these users from the shared cache, so the next request reads them afresh."""
    if settings.IQM_SHARED_CACHE and user_ids:
        cache.delete_many([user_cache_key(pk) for pk in user_ids])


_USER_MODEL = get_user_model()
_USER_COLUMNS = [field.attname for field in _USER_MODEL._meta.concrete_fields]
# The signed-in user's row, read at every request without a shared cache: compiled once.
_USER = Prepared(lambda pk: _USER_MODEL._default_manager.filter(pk=pk).values_list(*_USER_COLUMNS))


def read_user(user_id):
    """The user `user_id` as ModelBackend reads it (the default manager's row, as a model
    instance), or None for no such user."""
    try:
        pk = int(user_id)
    except (TypeError, ValueError):
        return None
    rows = _USER(pk=pk)
    return _USER_MODEL.from_db(DEFAULT_DB_ALIAS, _USER_COLUMNS, rows[0]) if rows else None


class CachedUserBackend(ModelBackend):
    """Django's model backend, with the signed-in user read from the shared cache.

    Every request of a signed-in user reads their row; with a cache that all app servers share
    (IQM_CACHE_URL), it is read from there, for IQM_USER_CACHE_SECONDS at most. Saving or
    deleting a user through the model or its querysets clears the entry at once
    (pagecache.invalidation), so a deactivated account, a new password or a new role counts on
    the next request. Without a shared cache the row is read from the database (read_user, the
    row Django's backend reads, by a query compiled once): a cache of each process's own could
    not be cleared by the others."""

    def get_user(self, user_id):
        if not settings.IQM_SHARED_CACHE:
            user = read_user(user_id)
        else:
            key = user_cache_key(user_id)
            user = cache.get(key)
            if user is None:
                user = read_user(user_id)
                if user is not None:
                    cache.set(key, user, settings.IQM_USER_CACHE_SECONDS)
        return user if user is not None and self.user_can_authenticate(user) else None


# The two-factor device ------------------------------------------------------------------------


def _device_key(persistent_id: str) -> str:
    return f"otp-device:{persistent_id}"


def forget_cached_device(persistent_id: str) -> None:
    """Drop a two-factor device from the shared cache, now and once the transaction commits:
    the next request reads it afresh, or finds it gone (pagecache.invalidation connects this to
    every save and delete of a device)."""
    if settings.IQM_SHARED_CACHE:
        now_and_on_commit(lambda: cache.delete(_device_key(persistent_id)))


_DEVICES: dict[type, tuple[list[str], Prepared]] = {}


def read_device(persistent_id: str):
    """The device a (normalized) persistent id names, as django_otp's Device.from_persistent_id
    reads it (the model's row by its id, as a model instance), or None: for an id that names
    no device, or a model that is not a device. Each device model's query is compiled once."""
    try:
        label, device_id = persistent_id.rsplit("/", 1)
        model = apps.get_model(*label.split("."))
        pk = int(device_id)
    except (ValueError, LookupError, TypeError):
        return None
    if not issubclass(model, Device):
        return None
    if model not in _DEVICES:
        columns = [field.attname for field in model._meta.concrete_fields]
        _DEVICES[model] = (
            columns,
            Prepared(lambda pk: model.objects.filter(id=pk).order_by("pk").values_list(*columns)[:1]),
        )
    columns, query = _DEVICES[model]
    rows = query(pk=pk)
    return model.from_db(DEFAULT_DB_ALIAS, columns, rows[0]) if rows else None


class SharedCacheOTPMiddleware(OTPMiddleware):
    """django-otp's middleware, with the device that verified the session read through the
    shared cache for IQM_USER_CACHE_SECONDS at most, as the user is (CachedUserBackend): every
    request of a director signed in with two factors otherwise reads it from the database.
    Without a shared cache it is django-otp's own."""

    def _device_from_persistent_id(self, persistent_id: str):
        if not settings.IQM_SHARED_CACHE:
            return read_device(self._normalize_persistent_id(persistent_id))
        key = _device_key(self._normalize_persistent_id(persistent_id))
        device = cache.get(key)
        if device is None:
            device = read_device(self._normalize_persistent_id(persistent_id))
            if device is not None:
                cache.set(key, device, settings.IQM_USER_CACHE_SECONDS)
        return device
