"""British English formats, as Django ships them, with two changes.

One date style on every page and in the admin: "11 December 2026", with the time as 14:05
(the letters keep their own, "11th December 2026": assessments.dates).

A date is written into a form field as ISO 8601 (2026-12-11) first, because every date field is
an <input type="date">, which takes no other form and shows a d/m/Y value as empty. Typed British
dates are still read."""

from django.conf.locale.en_GB.formats import *  # noqa: F403
from django.conf.locale.en_GB.formats import DATE_INPUT_FORMATS as _BRITISH

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", *(f for f in _BRITISH if f != "%Y-%m-%d")]
