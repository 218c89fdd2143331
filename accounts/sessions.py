"""The session store without a shared cache: Django's database sessions, with the session's row
read by a query compiled once (prepared.Prepared) — every request of a signed-in user reads it.
With a shared cache the settings use Django's cached_db store, which reads the cache first."""

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from prepared import Prepared

_COLUMNS = ("session_key", "session_data", "expire_date")
_SESSION = Prepared(
    lambda key, now: Session.objects.filter(session_key=key, expire_date__gt=now).values_list(*_COLUMNS)
)


class SessionStore(db.SessionStore):
    """django.contrib.sessions.backends.db's store; only the read of the row differs."""

    def _get_session_from_db(self):
        # As Django's: the unexpired row of this key, or None (and no key) without one.
        key = self.session_key
        rows = _SESSION(key=key, now=timezone.now()) if isinstance(key, str) else []
        if not rows:
            self._session_key = None
            return None
        return Session.from_db(Session.objects.db, _COLUMNS, rows[0])
