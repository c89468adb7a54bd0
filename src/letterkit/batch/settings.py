"""What a caller gives a batch, and hears from it: how it runs, and each row as it is done.

The run itself is :mod:`letterkit.batch.run`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from letterkit.errors import Problem
from letterkit.message import Notice


@dataclass(frozen=True)
class BatchSettings:
    """How the batch runs; a row's own `channel`, `to` and `language` win over these."""

    channel: str | None
    to: str | None
    date: dt.date
    language: str | None = None
    """The letters' language, one the case gives its texts in; None: the case's own."""
    out_dir: Path | None = None
    """One file per signer here; None writes JSON Lines to *sink*."""
    sink: BinaryIO | None = None
    force: bool = False
    ascii_only: bool = False
    """Plain ASCII, for fax gateways."""
    dry_run: bool = False
    paper: str | None = None
    """PDF files on this paper size (a4, letter) instead of text files."""
    new_only: bool = False
    """Print (and count stamps for) only the letters this run writes: late signers'."""
    typeset: bool = False
    """PDF letters (not faxes) set in the proportional font."""


class BatchListener(Protocol):
    """Told of each row as it is done, for progress and for errors as they happen."""

    def row_failed(self, problem: Problem) -> None:
        """A row could not be made into a message; it is skipped."""

    def row_done(self, row: int, path: Path | None, already: bool) -> None:
        """A row's message was written (or was already there, when *already*)."""

    def row_warning(self, sheet: str, row: int, notice: Notice) -> None:
        """A row's message was made, with something its signer should know."""
