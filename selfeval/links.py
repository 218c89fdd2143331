"""Links a school gives as evidence: http or https addresses only."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

MAX_URL_LENGTH = 2000

_validate = URLValidator(schemes=["http", "https"])


class EvidenceLinkError(ValueError):
    """A link refused as evidence; the message says why."""


def check_link(url: str) -> str:
    """The link as typed (without surrounding spaces), if it is a web address that starts
    with http:// or https://; otherwise EvidenceLinkError with the reason."""
    url = url.strip()
    if not url:
        raise EvidenceLinkError("Enter the link's address.")
    if len(url) > MAX_URL_LENGTH:
        raise EvidenceLinkError(f"A link may be at most {MAX_URL_LENGTH} characters; this one is {len(url)}.")
    if not url.lower().startswith(("http://", "https://")):
        raise EvidenceLinkError("A link must be a web address starting with http:// or https://.")
    try:
        _validate(url)
    except ValidationError as error:
        raise EvidenceLinkError("This is not a valid web address; check it and try again.") from error
    return url
