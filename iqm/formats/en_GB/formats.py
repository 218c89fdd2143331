"""British English formats, as Django ships them, with one change: a date is written into a form
field as ISO 8601 (2026-12-11) first, because every date field is an <input type="date">, which
takes no other form and shows a d/m/Y value as empty. Typed British dates are still read."""

from django.conf.locale.en_GB.formats import *  # noqa: F403
from django.conf.locale.en_GB.formats import DATE_INPUT_FORMATS as _BRITISH

DATE_INPUT_FORMATS = ["%Y-%m-%d", *(f for f in _BRITISH if f != "%Y-%m-%d")]
