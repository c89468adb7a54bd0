"""When to write: a day, a day before which, a window, or a day and a time in a zone.

Actions say it in these forms: "appeals should arrive by 26 February" (a day,
which is itself in time), "before 1 May" (1 May is late), "from April through
June" (a window: not before, not after, as when an official changes), and "by
noon Central time on 16 June" (a time in a zone). A case writes them as:

```yaml
deadline: 2019-02-26
deadline: {before: 2026-05-01}
deadline: {from: 2026-04-01, until: 2026-06-30}
deadline: {until: 2026-06-16, time: "12:00", zone: America/Chicago}
```
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Self

from pydantic import Field, field_validator, model_validator

from letterkit.models.base import Model

FAR = 10
"""Days a letter takes to arrive abroad: fewer left, and a faster channel is better."""
STALE = 60
"""Days after which an action with no deadline may well be closed."""


class Timing(StrEnum):
    """Where today stands against a deadline."""

    EARLY = "early"
    """Before its window opens."""
    OPEN = "open"
    PASSED = "passed"


@dataclass(frozen=True)
class Standing:
    """Where a day (or a moment) stands against a deadline, and how long is left."""

    timing: Timing
    days_left: int | None = None
    """Whole days left before the last day (0: today is the last); None when not open."""
    opens_in: int | None = None


class Deadline(Model):
    """When appeals should arrive: by a day, before one, within a window, or by a time."""

    start: dt.date | None = Field(
        None, alias="from", description="Not before this day (a window's first day)."
    )
    until: dt.date | None = Field(None, description="This day is still in time.")
    before: dt.date | None = Field(None, description="This day is already late.")
    time: dt.time | None = Field(None, description="On the last day, by this time (HH:MM).")
    zone: str | None = Field(
        None, description="The time's zone, as the tz database names it: `America/Chicago`."
    )

    @model_validator(mode="before")
    @classmethod
    def _from_a_day(cls, value: Any) -> Any:
        return {"until": value} if isinstance(value, (str, dt.date)) else value

    @field_validator("zone")
    @classmethod
    def _known_zone(cls, zone: str | None) -> str | None:
        if zone is not None:
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

            try:
                ZoneInfo(zone)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(
                    f"`{zone}` is not a time zone; name it as the tz database does, e.g. "
                    "`Europe/Paris`, `America/Chicago` or `UTC`"
                ) from None
        return zone

    @model_validator(mode="after")
    def _one_end(self) -> Self:
        if self.until is None and self.before is None:
            raise ValueError("a deadline needs its last day: `until` (in time) or `before` (late)")
        if self.until is not None and self.before is not None:
            raise ValueError("give `until` (the last day in time) or `before`, not both")
        if (self.time is None) != (self.zone is None):
            raise ValueError("a deadline's `time` needs its `zone`, and a `zone` its `time`")
        if self.time is not None and self.before is not None:
            raise ValueError("a time is given with `until`, the day it falls on")
        if self.start is not None and self.start > self.last_day:
            raise ValueError(f"the window opens ({self.start}) after it closes ({self.last_day})")
        return self

    @property
    def last_day(self) -> dt.date:
        """The last day appeals are in time."""
        if self.until is not None:
            return self.until
        if self.before is not None:
            return self.before - dt.timedelta(days=1)
        raise ValueError("a deadline needs its last day")  # refused when the case is read

    def standing(self, today: dt.date, now: dt.datetime | None = None) -> Standing:
        """Where *today* (and *now*, for a deadline at a time) stands against it.

        A deadline at a time in a zone is reckoned in that zone: past the moment it
        has passed, whatever the day where the writer is.
        """
        if self.time is not None and self.zone is not None and now is not None:
            from zoneinfo import ZoneInfo

            zone = ZoneInfo(self.zone)
            if now >= dt.datetime.combine(self.last_day, self.time, tzinfo=zone):
                return Standing(Timing.PASSED)
            today = now.astimezone(zone).date()
        if self.start is not None and today < self.start:
            return Standing(Timing.EARLY, opens_in=(self.start - today).days)
        if today > self.last_day:
            return Standing(Timing.PASSED)
        return Standing(Timing.OPEN, days_left=(self.last_day - today).days)

    def __str__(self) -> str:
        """The deadline in words, as `show` and compose say it."""
        if self.time is not None:
            end = f"by {self.time.strftime('%H:%M')} {self.zone} on {self.last_day.isoformat()}"
        elif self.before is not None:
            end = f"before {self.before.isoformat()}"
        else:
            end = f"by {self.last_day.isoformat()}"
        return f"from {self.start.isoformat()}, {end}" if self.start else end
