"""Whose unsaved text a signed-out form post carried.

A form post that arrives after its session ended has its text kept in the session, to show it
back after signing in (assessments.views.kit.editor_login_required). The session is then no one's,
so the text is bound to the person who typed it by a field of the form itself: the editor's
forms carry `{% unsaved_owner %}`, the user's id signed with the secret key when the page was
rendered for them. Only that user, signed in again on that browser, is shown the text.
"""

from django.core import signing

FIELD = "iqm_unsaved_owner"
_SALT = "assessments.unsaved.owner"


def owner_token(user) -> str:
    """The signed id of the user a form is rendered for; "" for no one."""
    if user is None or not user.is_authenticated:
        return ""
    return signing.dumps(user.pk, salt=_SALT)


def owner_of(token) -> int | None:
    """The user id a form's token names, or None if there is none or it is not genuine."""
    if not isinstance(token, str) or not token:
        return None
    try:
        owner = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    return owner if isinstance(owner, int) and not isinstance(owner, bool) else None
