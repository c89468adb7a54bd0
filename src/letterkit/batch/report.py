"""What a batch did, counted as it runs, and the postage an organiser takes to the post office."""

from __future__ import annotations

from dataclasses import dataclass, field

from letterkit.models import Case
from letterkit.postage import totals_by_currency
from letterkit.similarity import Found
from letterkit.text import counted


@dataclass
class BatchReport:
    """What a batch did, kept up to date as it runs (so an interrupted one can report)."""

    rows: int = 0
    written: int = 0
    already_done: int = 0
    failed: int = 0
    alike: Found = field(default_factory=Found)
    """Rows whose letters read like an earlier row's; known when the batch ends."""
    posted: dict[str, int] = field(default_factory=dict)
    """Letters to post (written or already done) per official id, for the postage to buy."""

    def count_posted(self, official_id: str) -> None:
        """One more letter to post to *official_id*."""
        self.posted[official_id] = self.posted.get(official_id, 0) + 1

    def postage(self, case: Case) -> list[str]:
        """For each official letters go to: how many, and the stamps the case says to buy.

        Then the sum in each currency, where more than one official has a single rate.
        """
        lines, priced = [], []
        for official_id, count in self.posted.items():
            official = case.official(official_id)
            if official is None:
                continue
            country = official.posted_to.country if official.posted_to else None
            where = f" ({country.upper()})" if country else ""
            line = f"{counted(count, 'letter')} to {official.display_name}{where}"
            rates = official.postage
            if len(rates) == 1:
                line += f": {rates[0]} each, {rates[0].times(count)} in all"
                priced.append((rates[0], count))
            elif rates:
                line += ": " + "; or ".join(
                    f"{rate} each, {rate.times(count)} in all" for rate in rates
                )
            else:
                line += ": the case gives no postage"
            lines.append(line)
        if len(priced) > 1:
            lines.append("In all: " + " and ".join(totals_by_currency(priced)))
        return lines
