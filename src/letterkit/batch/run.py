"""The batch run: each row checked, rendered, written, compared and recorded, in sheet order.

Rows stream through one at a time. Nothing grows with the number of rows but the
fingerprints of signers met (on disk, to spot duplicate signers) and a capped
index (to spot letters that read alike), so a hundred thousand signers fit in the
memory of thirty.

A row is written whole or not at all: everything that can fail (rendering, the
PDF, a character the printer's font lacks) is done for all of a row's messages
before the first is written, and a write that fails takes back the row's others.
Only then is the row counted, printed, compared and recorded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO, Protocol

from letterkit.batch.duplicates import SeenSigners, fingerprint
from letterkit.batch.folder import (
    EarlierLetters,
    NotALetterError,
    claimed_folder,
    file_name,
    read_earlier,
)
from letterkit.batch.jsonl import json_line
from letterkit.batch.prints import Prints
from letterkit.batch.report import BatchReport
from letterkit.batch.rows import RowError, drafts_for_signer
from letterkit.batch.signers import SignerRow, SignersSheet
from letterkit.compose import ALL, choose_channel, choose_language, choose_recipient
from letterkit.errors import (
    ChoiceError,
    DiskFullError,
    Hint,
    NotComposableError,
    OutputError,
    Problem,
)
from letterkit.journal import Journal
from letterkit.layout import wrap
from letterkit.message import Draft, Message, Notice, NoticeKind, notice
from letterkit.models import Case, Channel
from letterkit.output import write_atomic
from letterkit.pdf import check_printable, letters_pdf
from letterkit.render import render, to_ascii
from letterkit.similarity import NearIdentical
from letterkit.wording import case_paragraphs


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
    choose_language(case, settings.language)  # before any folder is made
    if settings.out_dir is not None:
        # Absolute once, not per letter: the journal records where each letter is.
        settings = replace(settings, out_dir=settings.out_dir.absolute())
    with ExitStack() as stack:
        if settings.out_dir is not None and not settings.dry_run:
            stack.enter_context(claimed_folder(settings.out_dir))
        seen = SeenSigners()
        stack.callback(seen.close)
        batch = _Run(
            case=case,
            settings=settings,
            journal=journal,
            report=report,
            prints=prints or Prints(),
            similar=stack.enter_context(NearIdentical()),
            seen=seen,
            earlier=EarlierLetters(settings.out_dir if not settings.force else None),
        )
        batch.run(sheet, listener)
    if journal is not None:
        journal.commit()
    return report


@dataclass(frozen=True)
class _Letter:
    """One message of a row, made and checked, ready to be written (or found written)."""

    draft: Draft
    path: Path | None
    message: Message | None = None
    """None for a letter an earlier run wrote, unless it is printed again."""
    data: str | bytes = ""
    """What is written: the text, or a PDF."""
    done: Path | None = None
    """Where an earlier run wrote it whole, if it did."""
    earlier_text: str | None = None
    """What the earlier run wrote, for comparing; None for a PDF."""


@dataclass
class _Run:
    """One batch as it runs: what it was given, and what it has met so far."""

    case: Case
    settings: BatchSettings
    journal: Journal | None
    report: BatchReport
    prints: Prints
    similar: NearIdentical
    seen: SeenSigners
    earlier: EarlierLetters
    case_text: dict[str, frozenset[str]] = field(default_factory=dict)
    """By language, the case's paragraphs every letter prints (see :meth:`_signers_part`)."""

    def run(self, sheet: SignersSheet, listener: BatchListener) -> None:
        for signer in self._checked_rows(sheet):
            self.report.rows += 1
            try:
                path, already, warnings = self.row(signer)
            except RowError as error:
                self.report.failed += 1
                listener.row_failed(
                    Problem(sheet.name, error.detail, signer.row, None, error.column, error.hint)
                )
                continue
            for warning in warnings:
                listener.row_warning(sheet.name, signer.row, warning)
            listener.row_done(signer.row, path, already)
        self.report.alike = self.similar.found()

    def _signers_part(self, draft: Draft, text: str) -> str:
        """*text* less the case's own paragraphs: alike or not by what the signer chose.

        Every letter prints the case's concern; what sets a letter apart is the rest.
        """
        language = draft.letter_language
        shared = self.case_text.get(language)
        if shared is None:  # as the built-in templates print them
            paragraphs = case_paragraphs(self.case.texts(language))
            shared = self.case_text[language] = frozenset(map(wrap, paragraphs))
        if not shared:
            return text
        return "\n\n".join(one for one in text.split("\n\n") if one not in shared)

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

    def row(self, signer: SignerRow) -> tuple[Path | None, bool, list[Notice]]:
        """Make one row's messages: where the last went, whether all were made before, warnings."""
        settings = self.settings
        drafts = drafts_for_signer(self.case, signer, settings)
        duplicated = self.seen.first_row(fingerprint(drafts[0].writer), signer.row)
        if duplicated is not None:
            raise RowError(
                "name", f"the same name and sentence as row {duplicated}; skipped as a duplicate"
            )
        warnings: list[Notice] = []
        letters = [self._letter(signer, draft, len(drafts), warnings) for draft in drafts]
        if not settings.dry_run:
            self._write(signer, letters)
        for letter in letters:
            self._count(signer, letter)
        last = letters[-1]
        return last.done or last.path, all(letter.done for letter in letters), warnings

    def _letter(
        self, signer: SignerRow, draft: Draft, count: int, warnings: list[Notice]
    ) -> _Letter:
        """One message of the row, made and checked; or the letter an earlier run wrote."""
        settings = self.settings
        if settings.paper and draft.channel not in (Channel.LETTER, Channel.FAX):
            raise RowError("channel", f"a PDF is made for letters and faxes, not a {draft.channel}")
        path = None
        if settings.out_dir is not None:
            official = draft.recipient.id if count > 1 else None
            suffix = ".pdf" if settings.paper else ".txt"
            path = settings.out_dir / file_name(signer.row, draft.writer.name, suffix, official)
            warnings += [
                notice(NoticeKind.EARLIER_SHEET, text)
                for text in self.earlier.other_signer(path, draft.writer.name)
            ]
            earlier = self._earlier(path, draft, warnings, _plain_ascii(signer))
            if earlier is not None:
                return earlier
        message = self._render(draft, _plain_ascii(signer))
        warnings += message.warnings
        text = message.text if message.text.endswith("\n") else message.text + "\n"
        data: str | bytes = text
        if settings.paper:
            try:
                posted = draft.channel is Channel.LETTER  # a fax: no envelope, no serif
                typeset = settings.typeset
                if path is not None and not settings.dry_run:
                    data = letters_pdf([text], settings.paper, posted=posted, typeset=typeset)
                else:  # a dry run checks it all the same: --strict must see it
                    check_printable(text, typeset=typeset and posted)
            except NotComposableError as error:  # a character the printer's font cannot show
                raise _unprintable(error) from None
        self._check_prints(draft, text)
        return _Letter(draft, path, message, data)

    def _earlier(
        self, path: Path, draft: Draft, warnings: list[Notice], ascii_only: bool = False
    ) -> _Letter | None:
        """The letter an earlier run wrote whole for this draft, if it did."""
        found = path if not self.settings.force and os.path.lexists(path) else None
        if found is None:
            found = self.earlier.same_signer(path, draft)
            if found is None:
                return None
            moved = f"already written as {found.name}, before the sheet's rows moved"
            warnings.append(notice(NoticeKind.ROWS_MOVED, moved))
        try:
            earlier = read_earlier(found)
        except NotALetterError as error:
            raise RowError.of(error) from None
        if earlier is None:
            cut = f"{found.name} was cut short when it was written before; it is written again"
            warnings.append(notice(NoticeKind.CUT_SHORT, cut))
            return None
        if isinstance(earlier, str) and not earlier.endswith("\n"):
            raise RowError(
                None,
                f"{found.name} does not end with a line break, as letterkit ends every letter: "
                "it may have been cut short; look at it, and delete it to have it written again",
                Hint.FORCE,
            )
        message = None
        if self.prints.active and not self.settings.new_only:  # printed again: checked again
            message = self._render(draft, ascii_only)
            self._check_prints(draft, message.text)
        text = earlier if isinstance(earlier, str) else None
        return _Letter(draft, path, message, done=found, earlier_text=text)

    def _check_prints(self, draft: Draft, text: str) -> None:
        try:
            self.prints.check(draft, text)
        except NotComposableError as error:  # a character the printer's font cannot show
            raise _unprintable(error) from None

    def _render(self, draft: Draft, ascii_only: bool = False) -> Message:
        try:
            message = render(draft)
        except NotComposableError as error:
            raise RowError.of(error, "about") from None
        plain = ascii_only or self.settings.ascii_only
        return to_ascii(draft, message) if plain else message

    def _write(self, signer: SignerRow, letters: list[_Letter]) -> None:
        """Write the row's new letters, all or none."""
        written: list[Path] = []
        for letter in letters:
            if letter.done is not None or letter.message is None:
                continue
            if letter.path is None:
                if self.settings.sink is not None:
                    self.settings.sink.write(json_line(signer, letter.draft, letter.message))
                continue
            try:
                write_atomic(letter.path, letter.data, durable=False, claimed=True)
            except OutputError as error:
                for path in written:  # a row is written whole or not at all
                    with contextlib.suppress(OSError):
                        os.unlink(path)
                if isinstance(error, DiskFullError):
                    raise  # no letter after it would fit either: the batch stops
                raise RowError.of(error) from None
            written.append(letter.path)

    def _count(self, signer: SignerRow, letter: _Letter) -> None:
        """Count, compare, print and record a letter of a row that was made whole."""
        report, draft = self.report, letter.draft
        if letter.done is not None:
            report.already_done += 1
            if letter.earlier_text is not None:
                self.similar.add(signer.row, self._signers_part(draft, letter.earlier_text))
        elif letter.message is not None:
            report.written += 1
            self.similar.add(signer.row, self._signers_part(draft, letter.message.text))
        if self.settings.dry_run:
            return
        printed = not (self.settings.new_only and letter.done is not None)
        if letter.message is not None and printed:
            self.prints.add(draft, letter.message.text)
        if draft.channel is Channel.LETTER and printed:
            report.count_posted(draft.recipient.id)
        if self.journal is not None:
            output = letter.done or letter.path
            self.journal.record_draft(
                draft,
                output=str(output) if output is not None else None,
                how="batch",
                rewritten=self.settings.force and letter.done is None,
            )


def check_settings(case: Case, settings: BatchSettings) -> None:
    """The batch's channel, recipient and language, checked against the case.

    Before any row is read: a misspelt default would fail every row alike.
    """
    channel = choose_channel(case, settings.channel) if settings.channel else None
    if settings.language:
        choose_language(case, settings.language)
    to = (settings.to or "").strip().lower()
    if not to or to == ALL or case.supplied_recipient(to) is not None:
        return  # a recipient each signer supplies is checked with their details, row by row
    if channel is not None:
        choose_recipient(case, to, channel)
    elif case.official(to) is None:
        choose_recipient(case, to, case.accepted_channels[0])  # says which ids there are


_YES = frozenset({"yes", "y", "true", "1", "x", "oui", "ja", "si", "sí"})
_NO = frozenset({"", "no", "n", "false", "0", "non", "nein", "nee"})


def _plain_ascii(signer: SignerRow) -> bool:
    """Whether the row's `ascii` column asks for its letter in plain ASCII."""
    value = signer.fields.get("ascii", "").strip().casefold()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise RowError("ascii", f"write yes (or leave it empty), not `{value}`")


def _unprintable(error: NotComposableError) -> RowError:
    """A character the font cannot show fails this row, with what mends this row alone."""
    hint = Hint.ASCII_ROW if error.hint is Hint.ASCII else error.hint
    return RowError(None, str(error), hint)
