"""Running the schedule: every reminder and digest due today, each sent once per occasion and
recipient, and the people's choices of what they get.

run_schedule is the one entry point, for the management command (cron) and for the task queue's
scheduler alike. Each email is sent inside the transaction that records it: a second run, or a
second scheduler at the same moment, finds the record (or hits its unique constraint) and sends
nothing; a send that fails rolls its record back, so the next run tries again.
"""

import dataclasses
import datetime
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import emails
from accounts.models import SCHOOL_ROLES, User
from assessments.kinds import AwardLevel
from cycle import occasions as found
from cycle.categories import Category, categories_for
from cycle.digest import assessor_digest, director_digest
from cycle.models import KIND_CATEGORY, ExpiryNotice, Kind, OptOut, Reminder
from cycle.tokens import unsubscribe_url

logger = logging.getLogger(__name__)

# The furthest ahead an award-expiry reminder may go (ExpiryNotice's check constraint).
MAX_NOTICE_MONTHS = 36


@dataclasses.dataclass(frozen=True)
class Planned:
    """One email the schedule sends (or, with no recipient, a school it found no one to email)."""

    occasion: found.Occasion
    recipient: User | None

    @property
    def category(self) -> str:
        return KIND_CATEGORY[Kind(self.occasion.kind)].value

    def line(self) -> str:
        """What the dry run prints: to whom, what, why."""
        o = self.occasion
        if self.recipient is None:
            return (
                f"NO ONE TO EMAIL at {o.school.name}: {o.subject} (because {o.why}; listed for the director)"
            )
        who = f"{self.recipient.get_full_name() or self.recipient.username} <{self.recipient.email}>"
        return f"{who}: {o.subject} (because {o.why}; due {o.occasion.isoformat()})"


@dataclasses.dataclass
class Outcome:
    """What a run did: the emails sent (or that a dry run would send), the schools with no one
    to email, and the emails that failed (retried on the next run)."""

    today: datetime.date
    planned: list[Planned]
    sent: int = 0
    unreached: int = 0
    failed: int = 0


def _key(kind, object_id, occasion, recipient_id) -> tuple:
    return (str(kind), int(object_id), occasion, recipient_id)


def plan(today: datetime.date) -> list[Planned]:
    """Every email due today and not yet sent, to each person who has not turned its category
    off, and every school occasion with no one to email that is not yet listed. Five queries
    beyond the finders', whatever the number of schools."""
    due = found.due_on(today)
    if not due:
        return []
    earliest = min(o.occasion for o in due)
    done = {
        _key(*row)
        for row in Reminder.objects.filter(occasion__gte=earliest, occasion__lte=today).values_list(
            "kind", "object_id", "occasion", "recipient_id"
        )
    }
    school_ids = {o.school_id for o in due if o.user is None and o.school_id is not None}
    people: dict[int, list[User]] = {}
    for person in (
        User.objects.filter(school_id__in=school_ids, role__in=SCHOOL_ROLES, is_active=True)
        .exclude(email="")
        .order_by("pk")
    ):
        people.setdefault(person.school_id, []).append(person)
    recipients = {p.pk for group in people.values() for p in group} | {o.user.pk for o in due if o.user}
    off = set(OptOut.objects.filter(user_id__in=recipients).values_list("user_id", "category"))
    planned = []
    for occasion in due:
        category = KIND_CATEGORY[Kind(occasion.kind)].value
        if occasion.user is not None:
            targets = [occasion.user]
        else:
            targets = people.get(occasion.school_id, [])
            if not targets:
                if _key(occasion.kind, occasion.object_id, occasion.occasion, None) not in done:
                    planned.append(Planned(occasion, None))
                continue
        for person in targets:
            if (person.pk, category) in off:
                continue
            if _key(occasion.kind, occasion.object_id, occasion.occasion, person.pk) in done:
                continue
            planned.append(Planned(occasion, person))
    return planned


class Digests:
    """The digests of one run, each read once: the director's is the same for every director,
    and every assessor's is read together (assessor_digest takes many)."""

    def __init__(self, today: datetime.date, planned: list[Planned]):
        self.today = today
        self.assessor_ids = [
            item.recipient.pk
            for item in planned
            if item.occasion.kind == Kind.DIGEST_ASSESSOR and item.recipient
        ]
        self._director: dict | None = None
        self._assessors: dict[int, dict] | None = None

    def director(self) -> dict:
        if self._director is None:
            self._director = director_digest(self.today)
        return self._director

    def assessor(self, user_id: int) -> dict:
        if self._assessors is None:
            self._assessors = assessor_digest(self.assessor_ids, self.today)
        return self._assessors[user_id]


def _context(item: Planned, digests: Digests) -> tuple[str, dict]:
    occasion, person = item.occasion, item.recipient
    context = {
        "person": person,
        "occasion": occasion,
        "facts": occasion.facts,
        "link": emails.absolute(occasion.path),
        "unsubscribe": unsubscribe_url(person.pk, item.category),
        "preferences": emails.absolute("/account/emails/"),
        "category_label": Category(item.category).label,
    }
    if occasion.kind == Kind.DIGEST_DIRECTOR:
        context["digest"] = digests.director()
        return "digest_director", context
    if occasion.kind == Kind.DIGEST_ASSESSOR:
        context["digest"] = digests.assessor(person.pk)
        return "digest_assessor", context
    return "reminder", context


def _send(item: Planned, digests: Digests) -> bool:
    """Record and send one email in one transaction; False if another run recorded it first."""
    occasion, person = item.occasion, item.recipient
    try:
        with transaction.atomic():
            Reminder.objects.create(
                kind=occasion.kind,
                object_id=occasion.object_id,
                occasion=occasion.occasion,
                recipient=person,
                email=person.email if person else "",
                school_id=occasion.school_id,
                detail=occasion.why[:300],
            )
            if person is not None:
                template, context = _context(item, digests)
                emails.send(
                    subject=occasion.subject,
                    template=f"cycle/{template}",
                    context=context,
                    to=[person.email],
                    category=item.category,
                    school_id=occasion.school_id,
                )
    except IntegrityError:
        # Another run (a second scheduler) recorded this occasion between our read and now.
        return False
    return True


def run_schedule(*, now: datetime.datetime | None = None, dry_run: bool = False) -> Outcome:
    """Send every reminder and digest due at `now` (the current time unless given), each once;
    with dry_run, send and record nothing and return what would go. The day is the local date
    in Europe/London."""
    # The settings' zone (Europe/London), never a zone a request activated.
    today = timezone.localdate(now or timezone.now(), timezone=timezone.get_default_timezone())
    outcome = Outcome(today=today, planned=plan(today))
    if dry_run:
        return outcome
    digests = Digests(today, outcome.planned)
    for item in outcome.planned:
        try:
            done = _send(item, digests)
        except Exception:
            # The mail server failed: nothing is recorded, so the next run tries again.
            logger.exception("The schedule could not send %s", item.line())
            outcome.failed += 1
            continue
        if done and item.recipient is None:
            outcome.unreached += 1
        elif done:
            outcome.sent += 1
    return outcome


# Choices ---------------------------------------------------------------------------------------


@transaction.atomic
def preferences_set(*, user, receive: list[str]) -> list[str]:
    """Turn on the categories in `receive` and off every other the user can get; returns the
    categories now off."""
    offered = [c.value for c in categories_for(user)]
    unknown = set(receive) - set(offered)
    if unknown:
        raise ValueError("Choose from the emails listed.")
    off = [c for c in offered if c not in receive]
    OptOut.objects.filter(user=user).exclude(category__in=off).delete()
    for category in off:
        OptOut.objects.get_or_create(user=user, category=category)
    return off


@transaction.atomic
def unsubscribe(*, user, category: str) -> None:
    """Turn one category off for the user (from an email's unsubscribe link)."""
    OptOut.objects.get_or_create(user=user, category=category)


# The award-expiry windows -------------------------------------------------------------------


class NoticeError(Exception):
    """A window that cannot be added, with the reason to show."""


@transaction.atomic
def expiry_notice_add(*, level_id, months_before, by) -> ExpiryNotice:
    """Add a reminder `months_before` months before a level's award runs out (0: the day it
    lapses). Directors only; a bad or repeated window is refused with the reason."""
    if not by.is_director:
        raise NoticeError("Only a director can change when award reminders go.")
    try:
        months = int(str(months_before).strip())
    except ValueError as error:
        raise NoticeError("Give the months as a whole number from 0 to 36.") from error
    if not 0 <= months <= MAX_NOTICE_MONTHS:
        raise NoticeError("Give the months as a whole number from 0 to 36.")
    level = AwardLevel.objects.filter(pk=level_id).first() if str(level_id).isdigit() else None
    if level is None:
        raise NoticeError("Choose an award level.")
    if ExpiryNotice.objects.filter(level=level, months_before=months).exists():
        raise NoticeError(f"{level.name} already has a reminder {_months(months)}.")
    return ExpiryNotice.objects.create(level=level, months_before=months)


@transaction.atomic
def expiry_notice_delete(*, notice: ExpiryNotice, by) -> None:
    """Remove one award-expiry reminder. Directors only."""
    if not by.is_director:
        raise NoticeError("Only a director can change when award reminders go.")
    notice.delete()


def _months(months: int) -> str:
    if months == 0:
        return "on the day it lapses"
    return f"{months} month{'s' if months != 1 else ''} before"
