"""Which page is each role's home. Each app says which of its views is home for a role, in its
AppConfig.ready(), so accounts never imports another app's views."""

from collections.abc import Callable

from django.utils.module_loading import import_string

_HOMES: dict[str, str] = {}


def register_home(role: str, view_path: str) -> None:
    """Make the view at the dotted path `view_path` the home page of users of `role`."""
    _HOMES[role] = view_path


def home_view_for(user) -> Callable | None:
    """The home view of the user's role, or None when their role has none of its own."""
    path = _HOMES.get(user.role)
    return import_string(path) if path else None
