"""When to write, said to a writer: the deadline, the days left, and what they mean.

`show`, `list`, compose's opening lines and each message's warnings say a case's
timing the same way, from :meth:`letterkit.models.Deadline.standing`.
"""

from __future__ import annotations

import datetime as dt

from letterkit.models import Case, Standing, Timing
from letterkit.models.deadlines import STALE
from letterkit.text import counted


def now() -> dt.datetime:
    """The present moment, with its zone, for deadlines given to the hour."""
    return dt.datetime.now(dt.UTC)


def may_be_closed(case: Case, today: dt.date) -> str | None:
    """Why the action may be over, if it gives no deadline and was issued long ago.

    Said once of a case (compose, batch), not with every message.
    """
    if case.deadline is None and case.issued is not None and (today - case.issued).days > STALE:
        return timing_line(case, today)
    return None


def standing(case: Case, today: dt.date, now: dt.datetime | None = None) -> Standing | None:
    """Where *today* stands against the case's deadline; None if it gives none."""
    return case.deadline.standing(today, now) if case.deadline is not None else None


def days(count: int) -> str:
    """``1 day``, ``36 days``."""
    return counted(count, "day")


def timing_line(case: Case, today: dt.date, now: dt.datetime | None = None) -> str:
    """The case's timing in a sentence: the deadline and the days left, or what is known."""
    where = standing(case, today, now)
    if case.deadline is None or where is None:
        if case.issued is not None and (today - case.issued).days > STALE:
            return (
                f"no deadline given, and issued {days((today - case.issued).days)} ago: this "
                "action may be closed; check with the organisation"
            )
        return "no deadline given"
    if where.timing is Timing.PASSED:
        return f"the deadline ({case.deadline}) has passed: look for an update before sending"
    if where.timing is Timing.EARLY:
        return f"letters are wanted {case.deadline}: that opens in {days(where.opens_in or 0)}"
    left = "today is the last day" if where.days_left == 0 else f"{days(where.days_left or 0)} left"
    return f"send {case.deadline}: {left}"


def deadline_column(case: Case, today: dt.date, now: dt.datetime | None = None) -> str:
    """The last day and how long is left, in a few words, for `list`."""
    where = standing(case, today, now)
    if case.deadline is None or where is None:
        return "none given"
    last = case.deadline.last_day.isoformat()
    if where.timing is Timing.PASSED:
        return f"{last} (passed)"
    if where.timing is Timing.EARLY:
        return f"{last} (opens in {days(where.opens_in or 0)})"
    return f"{last} ({'last day' if where.days_left == 0 else days(where.days_left or 0)})"


def urgency(case: Case, today: dt.date, now: dt.datetime | None = None) -> tuple[int, int]:
    """A key that sorts cases most urgent first.

    Open ones by days left, then those not yet open, those with no deadline, and
    last those past it.
    """
    where = standing(case, today, now)
    if where is None:
        return (2, 0)
    if where.timing is Timing.OPEN:
        return (0, where.days_left or 0)
    if where.timing is Timing.EARLY:
        return (1, where.opens_in or 0)
    return (3, 0)
