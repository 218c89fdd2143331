"""Every signed-in request reads its session's row and its user's row; without a shared cache
both are read by queries compiled once (accounts.sessions, pagecache.rows.read_user), and read
what Django's own database store and model backend read."""

import datetime

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import sessions
from accounts.sessions import SessionStore
from pagecache import rows
from pagecache.rows import CachedUserBackend, read_device, read_user
from tests.factories import AssessorFactory, DirectorFactory

pytestmark = pytest.mark.django_db


def _saved(data: dict) -> str:
    store = db.SessionStore()
    store.update(data)
    store.create()
    return store.session_key


def test_it_loads_what_djangos_database_store_loads():
    key = _saved({"colour": "teal", "n": 3})
    assert SessionStore(key).load() == db.SessionStore(key).load() == {"colour": "teal", "n": 3}
    assert SessionStore(key).session_key == key


def test_an_expired_session_loads_nothing_and_forgets_its_key():
    key = _saved({"colour": "teal"})
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None


def test_an_unknown_or_missing_key_loads_nothing():
    assert SessionStore("x" * 32).load() == {}
    assert SessionStore(None).load() == {}


def test_the_user_read_is_the_model_backends():
    user = AssessorFactory(first_name="Ada", last_name="Lovelace")
    ours, djangos = read_user(user.pk), ModelBackend().get_user(user.pk)
    assert ours == djangos
    assert {f.attname: getattr(ours, f.attname) for f in type(ours)._meta.concrete_fields} == {
        f.attname: getattr(djangos, f.attname) for f in type(djangos)._meta.concrete_fields
    }
    assert ours._state.adding is False and ours._state.db == "default"
    assert read_user(str(user.pk)) == user


def test_no_user_for_a_missing_or_malformed_key():
    assert read_user(987654) is None
    assert read_user("not a number") is None
    assert read_user(None) is None


def test_an_inactive_user_is_not_signed_in():
    user = AssessorFactory(is_active=False)
    assert read_user(user.pk) == user
    assert CachedUserBackend().get_user(user.pk) is None


def test_a_signed_in_request_reads_its_session_and_user_through_them(client, monkeypatch):
    user = AssessorFactory()
    client.force_login(user)
    called = []
    for module, name in ((sessions, "_SESSION"), (rows, "_USER")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, _Counted(real, name, called))
    response = client.get(reverse("account"))
    assert response.status_code == 200
    assert response.context["user"] == user
    assert called == ["_SESSION", "_USER"]


class _Counted:
    def __init__(self, real, name, called):
        self.real, self.name, self.called = real, name, called

    def __call__(self, **values):
        self.called.append(self.name)
        return self.real(**values)


def test_the_device_read_is_django_otps():
    device = TOTPDevice.objects.create(user=DirectorFactory(), name="phone", confirmed=True)
    ours, theirs = read_device(device.persistent_id), Device.from_persistent_id(device.persistent_id)
    assert ours == theirs == device
    assert isinstance(ours, TOTPDevice)
    assert ours.key == device.key and ours.confirmed is True and ours._state.adding is False
    for wrong in (
        "otp_totp.totpdevice/987654",
        "otp_totp.totpdevice/seven",
        "nothing.here/1",
        "no-slash",
        "accounts.user/1",
    ):
        assert read_device(wrong) is None, wrong
