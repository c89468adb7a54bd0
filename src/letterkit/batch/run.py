"""The batch run: each row checked, rendered, written, compared and recorded, in sheet order.

Rows stream through one at a time. Nothing grows with the number of rows but the
fingerprints of signers met (on disk, to spot duplicate signers) and a capped
index (to spot letters that read alike), so a hundred thousand signers fit in the
memory of thirty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

from letterkit.batch.duplicates import SeenSigners
from letterkit.batch.folder import EarlierLetters, claimed_folder, file_name
from letterkit.batch.jsonl import json_line
from letterkit.batch.prints import Prints
from letterkit.batch.report import BatchReport
from letterkit.batch.rows import RowError, drafts_for_signer
from letterkit.batch.signers import SignerRow, SignersSheet
from letterkit.errors import ChoiceError, NotComposableError, OutputError, Problem
from letterkit.journal import Journal
from letterkit.message import Draft, Message, Notice, NoticeKind
from letterkit.models import Case, Channel
from letterkit.output import write_atomic
from letterkit.pdf import letters_pdf
from letterkit.render import render, to_ascii
from letterkit.similarity import NearIdentical


@dataclass(frozen=True)
class BatchSettings:
    """How the batch runs; a row's own `channel` and `to` win over these."""

    channel: str | None
    to: str | None
    date: dt.date
    out_dir: Path | None = None
    """One file per signer here; None writes JSON Lines to *sink*."""
    sink: BinaryIO | None = None
    force: bool = False
    ascii_only: bool = False
    """Plain ASCII, for fax gateways."""
    dry_run: bool = False
    paper: str | None = None
    """PDF files on this paper size (a4, letter) instead of text files."""


class BatchListener(Protocol):
    """Told of each row as it is done, for progress and for errors as they happen."""

    def row_failed(self, problem: Problem) -> None:
        """A row could not be made into a message; it is skipped."""

    def row_done(self, row: int, path: Path | None, already: bool) -> None:
        """A row's message was written (or was already there, when *already*)."""

    def row_warning(self, sheet: str, row: int, notice: Notice) -> None:
        """A row's message was made, with something its signer should know."""


def run_batch(
    case: Case,
    sheet: SignersSheet,
    settings: BatchSettings,
    listener: BatchListener,
    journal: Journal | None = None,
    report: BatchReport | None = None,
    prints: Prints | None = None,
) -> BatchReport:
    """Make a message for every row of *sheet*; report bad rows and carry on.

    With *prints*, every letter is also added to the combined PDF, in sheet order,
    and an envelope made for each letter that goes by post.
    """
    report = report if report is not None else BatchReport()
    folder = settings.out_dir
    with ExitStack() as stack:
        if folder is not None:
            # Absolute once, not per letter: the journal records where each letter is.
            folder = folder.absolute()
            if not settings.dry_run:
                stack.enter_context(claimed_folder(folder))
        seen = SeenSigners()
        stack.callback(seen.close)
        batch = _Run(
            case=case,
            settings=settings,
            folder=folder,
            journal=journal,
            report=report,
            prints=prints or Prints(),
            similar=stack.enter_context(NearIdentical()),
            seen=seen,
            earlier=EarlierLetters(folder if not settings.force else None),
        )
        batch.run(sheet, listener)
    if journal is not None:
        journal.commit()
    return report


@dataclass
class _Run:
    """One batch as it runs: what it was given, and what it has met so far."""

    case: Case
    settings: BatchSettings
    folder: Path | None
    journal: Journal | None
    report: BatchReport
    prints: Prints
    similar: NearIdentical
    seen: SeenSigners
    earlier: EarlierLetters
    warnings: list[Notice] = field(default_factory=list)
    """The warnings of the row being made."""

    def run(self, sheet: SignersSheet, listener: BatchListener) -> None:
        for signer in self._checked_rows(sheet):
            self.report.rows += 1
            self.warnings = []
            try:
                path, already = self.row(signer)
            except RowError as error:
                self.report.failed += 1
                listener.row_failed(
                    Problem(sheet.name, error.detail, signer.row, None, error.column, error.cause)
                )
                continue
            for warning in self.warnings:
                listener.row_warning(sheet.name, signer.row, warning)
            listener.row_done(signer.row, path, already)
        self.report.alike = self.similar.found()

    def _checked_rows(self, sheet: SignersSheet) -> Iterator[SignerRow]:
        """The sheet's rows, once the first shows that the sheet can make letters at all."""
        rows = iter(sheet)
        first = next(rows, None)
        if first is None:
            return
        self._check_defaults(sheet)
        yield first
        yield from rows

    def _check_defaults(self, sheet: SignersSheet) -> None:
        """Refuse at once a batch every row of which would fail for want of a channel."""
        if (
            self.settings.channel is None
            and sheet.columns is not None
            and "channel" not in sheet.columns
            and len(self.case.accepted_channels) > 1
        ):
            choices = ", ".join(self.case.accepted_channels)
            raise ChoiceError("channel", f"choose how to send them: {choices}")

    def row(self, signer: SignerRow) -> tuple[Path | None, bool]:
        """Make one row's messages; return where the last went, and whether all were there."""
        settings = self.settings
        drafts = drafts_for_signer(self.case, signer, settings.channel, settings.to, settings.date)
        duplicated = self.seen.first_row(drafts[0].writer, signer.row)
        if duplicated is not None:
            raise RowError(
                "name", f"the same name and sentence as row {duplicated}; skipped as a duplicate"
            )
        last: Path | None = None
        all_done = True
        for draft in drafts:
            path = None
            if self.folder is not None:
                official = draft.recipient.id if len(drafts) > 1 else None
                suffix = ".pdf" if settings.paper else ".txt"
                path = self.folder / file_name(signer.row, draft.writer.name, suffix, official)
            last, done = self.message(signer, draft, path)
            all_done &= done
        return last, all_done

    def message(
        self, signer: SignerRow, draft: Draft, path: Path | None
    ) -> tuple[Path | None, bool]:
        """Make one message; return where it went, and whether it was there already."""
        settings, report = self.settings, self.report
        if settings.paper and draft.channel not in (Channel.LETTER, Channel.FAX):
            raise RowError("channel", f"a PDF is made for letters and faxes, not a {draft.channel}")
        if draft.channel is Channel.LETTER and not settings.dry_run:
            report.count_posted(draft.recipient.id)
        if path is not None:
            done = path if not settings.force and path.exists() else None
            done = done or self.earlier.same_signer(path, draft)
            self.warnings += [
                Notice(kind=NoticeKind.EARLIER_SHEET, text=text)
                for text in self.earlier.other_signer(path, draft.writer.name)
            ]
            if done is not None:
                self._already_done(signer, draft, path, done)
                return done, True
        message = self._render(draft)
        self.similar.add(signer.row, message.text)
        self.warnings += message.warnings
        if settings.dry_run:
            report.written += 1
            return path, False
        if path is not None:
            self._write(path, message.text)
        elif settings.sink is not None:
            settings.sink.write(json_line(signer, draft, message))
        self._print(draft, lambda: message.text)
        self._record(draft, path, rewritten=settings.force)
        report.written += 1
        return path, False

    def _already_done(self, signer: SignerRow, draft: Draft, path: Path, done: Path) -> None:
        """A letter an earlier run wrote: compared, printed and recorded, not written again."""
        self.report.already_done += 1
        if done != path:
            self.warnings.append(
                Notice(
                    kind=NoticeKind.ROWS_MOVED,
                    text=f"already written as {done.name}, before the sheet's rows moved",
                )
            )
        if done.suffix != ".pdf":  # a PDF's text is not read back to compare
            self.similar.add(signer.row, done.read_text(encoding="utf-8", errors="replace"))
        self._print(draft, lambda: self._render(draft).text)
        self._record(draft, done)

    def _render(self, draft: Draft) -> Message:
        try:
            message = render(draft)
        except NotComposableError as error:
            raise RowError("about", str(error), error) from None
        return to_ascii(draft, message) if self.settings.ascii_only else message

    def _write(self, path: Path, text: str) -> None:
        text = text if text.endswith("\n") else text + "\n"
        paper = self.settings.paper
        try:
            data = letters_pdf([text], paper) if paper else text
            write_atomic(path, data, force=self.settings.force, durable=False, claimed=True)
        except (NotComposableError, OutputError) as error:  # a character the font cannot show
            raise RowError(None, str(error), error) from None

    def _print(self, draft: Draft, text: Callable[[], str]) -> None:
        try:
            self.prints.add(draft, text)
        except NotComposableError as error:  # a character the font cannot show
            raise RowError(None, str(error), error) from None

    def _record(self, draft: Draft, path: Path | None, *, rewritten: bool = False) -> None:
        if self.journal is not None:
            output = str(path) if path is not None else None
            self.journal.record_draft(draft, output=output, how="batch", rewritten=rewritten)
