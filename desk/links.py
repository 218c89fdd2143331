"""Addresses of many objects of one kind on a page, built once (assessments.links)."""

from collections.abc import Callable

from assessments.links import reversed_once


def id_link(name: str) -> Callable[[int], str]:
    """A function from an object's key to the address of the URL pattern `name` (one integer
    argument) for it: the same address `reverse(name, args=[pk])` gives, the pattern reversed once."""
    return reversed_once(name)
