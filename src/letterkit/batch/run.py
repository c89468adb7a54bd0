"""The batch run: each row checked, rendered, written, compared and recorded, in sheet order.

Rows stream through one at a time. Nothing grows with the number of rows but the
fingerprints of signers met (on disk, to spot duplicate signers) and a capped
index (to spot letters that read alike), so a hundred thousand signers fit in the
memory of thirty.

A row is written whole or not at all: everything that can fail (rendering, the
PDF, a character the printer's font lacks) is done for all of a row's messages
before the first is written, and a write that fails takes back the row's others.
Only then is the row counted, printed, compared and recorded. In a large batch,
files are written by a helper process while the next rows are made
(:mod:`letterkit.letter_files`); rows are still settled one by one, in order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path

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
from letterkit.batch.rows import RowError, drafts_for_signer, plain_ascii
from letterkit.batch.settings import BatchListener, BatchSettings
from letterkit.batch.signers import SignerRow, SignersSheet
from letterkit.compose import choose_language
from letterkit.errors import (
    ChoiceError,
    Hint,
    NotComposableError,
    Problem,
)
from letterkit.journal import Journal, JournalError
from letterkit.layout import window_misfit, wrap
from letterkit.letter_files import LetterFiles, Outcome, RowFiles, row_files
from letterkit.message import Draft, Message, Notice, NoticeKind, notice
from letterkit.models import Case, Channel
from letterkit.render import render, to_ascii
from letterkit.similarity import NearIdentical
from letterkit.wording import case_paragraphs


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
            files=stack.enter_context(LetterFiles()),
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


@dataclass(frozen=True)
class _Row:
    """A row made: counted once its files are in place, or failed."""

    signer: SignerRow
    letters: list[_Letter]
    warnings: list[Notice]
    files: RowFiles = ()
    """What to write for it, all or none."""
    failed: RowError | None = None


@dataclass
class _Run:
    """One batch as it runs: what it was given, and what it has met so far."""

    case: Case
    settings: BatchSettings
    journal: Journal | None
    report: BatchReport
    prints: Prints
    similar: NearIdentical
    files: LetterFiles
    seen: SeenSigners
    earlier: EarlierLetters
    waiting: deque[_Row] = field(default_factory=deque)
    """Rows made whose files are not yet known to be in place, oldest first."""
    outcomes: deque[Outcome] = field(default_factory=deque)
    """The oldest waiting rows' outcomes, come back but not yet settled."""
    case_text: dict[str, frozenset[str]] = field(default_factory=dict)
    """By language, the case's paragraphs every letter prints (see :meth:`_signers_part`)."""
    journal_error: JournalError | None = None
    """Why the journal took no more records: the batch stops once the rows made are settled."""

    def run(self, sheet: SignersSheet, listener: BatchListener) -> None:
        try:
            for signer in self._checked_rows(sheet):
                try:
                    made = self.row(signer)
                except RowError as error:
                    made = _Row(signer, [], [], failed=error)
                self.report.rows += 1  # a row made: counted once settled, as written or not
                self.waiting.append(made)
                self._settle(self.files.add(made.files), sheet.name, listener)
                if self.journal_error is not None:
                    raise self.journal_error
        except BaseException:  # stopped (Ctrl-C, the sheet unreadable): the rows made count
            try:
                self._settle(self.files.stop_short(), sheet.name, listener)
            finally:
                self.report.rows -= len(self.waiting)  # stopped again: not done
                self.waiting.clear()
                self.outcomes.clear()
            raise
        self._settle(self.files.finish(), sheet.name, listener)
        self.report.alike = self.similar.found()
        if self.journal_error is not None:
            raise self.journal_error

    def _settle(self, outcomes: list[Outcome], sheet: str, listener: BatchListener) -> None:
        """Count, record and report the oldest rows, now that their files are in place (or not).

        Outcomes are kept until settled: a batch stopped halfway settles the rest later.
        """
        self.outcomes.extend(outcomes)
        while self.outcomes:
            outcome, made = self.outcomes.popleft(), self.waiting.popleft()
            if outcome is not None and made.failed is None:
                if outcome.disk_full:  # the batch stops: the rows made after it are not done
                    self.report.rows -= len(self.waiting)
                    self.waiting.clear()
                    self.outcomes.clear()
                    self.files.abandon()
                    raise outcome.error()
                made = replace(made, failed=RowError.of(outcome.error()))
            if made.failed is not None:
                error, row = made.failed, made.signer.row
                self.report.failed += 1
                listener.row_failed(
                    Problem(sheet, error.detail, row, None, error.column, error.hint)
                )
                continue
            for letter in made.letters:
                self._count(made.signer, letter)
            for warning in made.warnings:
                listener.row_warning(sheet, made.signer.row, warning)
            last = made.letters[-1]
            already = all(letter.done for letter in made.letters)
            listener.row_done(made.signer.row, last.done or last.path, already)

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

    def row(self, signer: SignerRow) -> _Row:
        """Make one row's messages; JSON Lines are written, files are for :attr:`files`."""
        settings = self.settings
        drafts = drafts_for_signer(self.case, signer, settings)
        duplicated = self.seen.first_row(fingerprint(drafts[0].writer), signer.row)
        if duplicated is not None:
            raise RowError(
                "name", f"the same name and sentence as row {duplicated}; skipped as a duplicate"
            )
        warnings: list[Notice] = []
        letters = [self._letter(signer, draft, len(drafts), warnings) for draft in drafts]
        new = [one for one in letters if one.done is None and one.message is not None]
        if settings.dry_run or not new:
            return _Row(signer, letters, warnings)
        if settings.sink is not None and new[0].path is None:
            for letter in new:
                if letter.message is not None:
                    settings.sink.write(json_line(signer, letter.draft, letter.message))
            return _Row(signer, letters, warnings)
        files = row_files([(letter.path, letter.data) for letter in new if letter.path])
        return _Row(signer, letters, warnings, files)

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
            earlier = self._earlier(path, draft, warnings, plain_ascii(signer))
            if earlier is not None:
                return earlier
        message = self._render(draft, plain_ascii(signer))
        warnings += message.warnings
        text = message.text if message.text.endswith("\n") else message.text + "\n"
        data: str | bytes = text
        if settings.paper:
            from letterkit.pdf import check_printable, letters_pdf  # a batch of text: never

            try:
                posted = draft.channel is Channel.LETTER  # a fax: no envelope, no serif
                typeset = settings.typeset
                misfit = window_misfit(text) if posted else None
                if misfit is not None:
                    warnings.append(notice(NoticeKind.WINDOW, misfit))
                if path is not None and not settings.dry_run:
                    data = letters_pdf([text], settings.paper, posted=posted, typeset=typeset)
                else:  # a dry run checks it all the same: --strict must see it
                    check_printable(text, typeset=typeset and posted)
            except NotComposableError as error:  # a character the printer's font cannot show
                raise RowError.unprintable(error) from None
        self._check_prints(draft, text, plain_ascii(signer))
        return _Letter(draft, path, message, data)

    def _earlier(
        self, path: Path, draft: Draft, warnings: list[Notice], ascii_only: bool = False
    ) -> _Letter | None:
        """The letter an earlier run wrote whole for this draft, if it did."""
        found = path if not self.settings.force and self.earlier.taken(path) else None
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
            self._check_prints(draft, message.text, ascii_only)
        text = earlier if isinstance(earlier, str) else None
        return _Letter(draft, path, message, done=found, earlier_text=text)

    def _check_prints(self, draft: Draft, text: str, ascii_only: bool) -> None:
        try:
            self.prints.check(draft, text, ascii_only=ascii_only or self.settings.ascii_only)
        except NotComposableError as error:  # a character the printer's font cannot show
            raise RowError.unprintable(error) from None

    def _render(self, draft: Draft, ascii_only: bool = False) -> Message:
        try:
            message = render(draft)
        except NotComposableError as error:
            raise RowError.of(error, "about") from None
        plain = ascii_only or self.settings.ascii_only
        return to_ascii(draft, message) if plain else message

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
        if letter.message is not None and printed and self.prints.active:
            plain = plain_ascii(signer) or self.settings.ascii_only
            self.prints.add(draft, letter.message.text, ascii_only=plain)
        if draft.channel is Channel.LETTER and printed:
            report.count_posted(draft.recipient.id)
        if self.journal is not None:
            output = letter.done or letter.path
            try:
                self.journal.record_draft(
                    draft,
                    output=str(output) if output is not None else None,
                    how="batch",
                    rewritten=self.settings.force and letter.done is None,
                )
            except JournalError as error:  # the letter is written: it and the others made count
                self.journal, self.journal_error = None, error
