"""``letterkit batch``: a letter for everyone in the room, and the postage to buy.

Bad rows are printed as they happen (``SIGNERS:ROW: column: message``); a progress
bar runs only when standard error is a terminal; the run ends with one summary
line and, where letters read alike, a warning naming both rows.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from letterkit.batch import BatchReport, BatchSettings, Prints, SheetError, open_signers, run_batch
from letterkit.batch.folder import check_outside_letters
from letterkit.batch.rows import check_settings
from letterkit.cases import case_dirs, case_inputs, find_case, load_case
from letterkit.cli.boundary import discard_output, fail, reading_from_terminal, say
from letterkit.cli.vocabulary import notice_line, problem_line
from letterkit.compose import parse_date
from letterkit.errors import ChoiceError, DiskFullError, ExitStatus, Problem
from letterkit.journal import Journal, JournalError, default_path
from letterkit.models import Case
from letterkit.output import atomic_stream, check_distinct, check_writable, write_atomic
from letterkit.text import counted, inert
from letterkit.timing import may_be_closed

if TYPE_CHECKING:
    from letterkit.batch import SignersSheet
    from letterkit.message import Notice, NoticeKind

FORMATS = ("files", "pdf", "jsonl")
SHOWN_NEAR_IDENTICAL = 20


@dataclass(frozen=True)
class BatchOptions:
    """What the command line gave ``batch``."""

    case: str
    signers: str
    cases_dirs: list[Path]
    out_dir: Path | None
    output_format: str
    channel: str | None
    to: str | None
    date: str | None
    language: str | None
    force: bool
    paper: str | None
    combined: Path | None
    envelopes: Path | None
    envelope: str
    ascii_only: bool
    dry_run: bool
    strict: bool
    journal: Path | None
    use_journal: bool
    columns: list[str] = field(default_factory=list)
    """``HEADER=COLUMN`` readings of the sheet's header, as given."""
    new_only: bool = False
    typeset: bool = False


def run_batch_command(options: BatchOptions) -> None:
    """Run a batch and exit with 1 if any row failed, 130 if interrupted."""
    if options.signers != "-" and not Path(options.signers).exists():
        raise SheetError(Problem(options.signers, "no such file"))  # named before all else
    columns = _columns(options.columns)
    case = load_case(find_case(options.case, case_dirs(options.cases_dirs)))
    settings = _settings(options)
    check_settings(case, settings)
    journal_path = options.journal or default_path() if options.use_journal else None
    inputs = [
        *case_inputs(case),
        ("the signers sheet", None if options.signers == "-" else Path(options.signers)),
        ("the journal", journal_path),
    ]
    outputs = [
        ("combined", "the combined PDF", options.combined),
        ("envelopes", "the envelopes", options.envelopes),
    ]
    check_distinct(outputs, inputs)
    if options.out_dir is not None:
        check_outside_letters(
            options.out_dir, [*inputs, *((what, path) for _, what, path in outputs)]
        )
    closed = may_be_closed(case, settings.date)
    if closed is not None:
        fail(f"warning: {closed}")
    report = BatchReport()
    listener = _Listener(case.id)
    envelopes = None
    if options.envelopes is not None and not options.dry_run:
        from letterkit.pdf import EnvelopesPdf, check_envelope

        envelopes = EnvelopesPdf(check_envelope(options.envelope))
    shown = "<stdin>" if options.signers == "-" else options.signers
    if options.signers == "-":
        reading_from_terminal("the signers sheet")
    with ExitStack() as stack:
        source = stack.enter_context(_rereadable(options.signers, options.strict))
        if options.channel is None:
            _check_channels_given(case, source, shown, columns)
        journal = None
        if options.use_journal and not options.dry_run:
            journal = stack.enter_context(Journal(options.journal or default_path()))
        combined = None
        if options.combined is not None and settings.paper is not None and not options.dry_run:
            from letterkit.pdf import LettersPdf

            # Written as the letters come; put in place only when the batch ends well.
            stream = stack.enter_context(atomic_stream(options.combined, force=options.force))
            combined = LettersPdf(settings.paper, stream, typeset=settings.typeset)
        try:
            with listener.progress(_rows_in(source, shown, columns)):
                if options.strict:
                    listener.checking = True
                    dry = replace(settings, dry_run=True)
                    # The checking pass says how the header is read: its errors name columns.
                    checked = _run(case, source, shown, dry, listener, None, columns=columns)
                    if checked.failed:
                        _summary(checked, strict_stop=True)
                        raise typer.Exit(ExitStatus.INVALID_DATA)
                    listener.reset()
                _run(
                    case,
                    source,
                    shown,
                    settings,
                    listener,
                    journal,
                    report,
                    quiet=options.strict,  # said once, by the checking pass
                    prints=Prints(combined, envelopes, typeset=settings.typeset),
                    columns=columns,
                )
            if combined is not None:
                combined.close()
                if not combined.pages:
                    stream.abandon()  # a PDF of no pages: said below
                stream.flush()  # a full disk is said here, with the summary, not after it
        except KeyboardInterrupt:
            _close_after_stop(journal)
            _summary(report, stopped="interrupted: run the same command again to finish")
            raise typer.Exit(ExitStatus.INTERRUPTED) from None
        except DiskFullError as error:
            _close_after_stop(journal)
            fail(str(error))
            _summary(report, stopped="make room, then run the same command again to finish")
            raise typer.Exit(ExitStatus.NOT_WRITTEN) from None
        except JournalError as error:
            fail(str(error))
            _close_after_stop(journal, said=True)
            _summary(
                report,
                stopped="the journal could not be written: make room (or give --no-journal), "
                "then run the same command again to finish",
            )
            raise typer.Exit(ExitStatus.NOT_WRITTEN) from None
        except BrokenPipeError:
            # A pipeline's reader went away: the messages after it were not delivered.
            discard_output()
            _close_after_stop(journal)
            _summary(report, stopped="standard output was closed before the end")
            raise typer.Exit(ExitStatus.NOT_WRITTEN) from None
        except SheetError as error:
            fail(problem_line(error.problem))  # the rest cannot be read; what was done stays
            if report.rows:
                _summary(report, stopped="the sheet could not be read to the end")
            raise typer.Exit(ExitStatus.INVALID_DATA) from None
    _summary(report, dry_run=options.dry_run, took=listener.took)
    if combined is not None and combined.pages:
        say(f"{counted(combined.pages, 'page')} for the printer in {options.combined}")
    elif combined is not None:
        fail(f"warning: no letters to print, so no PDF: {options.combined} not made")
    if envelopes is not None and options.envelopes is not None:
        if envelopes.pages:
            write_atomic(options.envelopes, envelopes.output(), force=options.force)
            say(f"{counted(envelopes.pages, 'envelope')} in {options.envelopes}")
        else:
            fail(f"warning: no letters to post, so no envelopes: {options.envelopes} not made")
    if listener.repeated_warnings:
        more = counted(listener.repeated_warnings, "more warning")
        fail(f"warning: {more} like those above")
    if case.contact is not None and not options.dry_run and report.written:
        lines = "\n".join(f"  {line}" for line in case.contact.lines)
        say(f"Tell the organisers how many letters went out:\n{inert(lines)}")
    postage = report.postage(case)
    if postage:  # last: what the organiser takes to the post office
        say("Postage to buy:\n" + "\n".join(f"  {line}" for line in postage))
    if report.failed:
        raise typer.Exit(ExitStatus.INVALID_DATA)


def _close_after_stop(journal: Journal | None, *, said: bool = False) -> None:
    """Close the journal of a batch that stopped, before the summary of what it wrote.

    A journal that cannot be written is said (unless *said* already), not raised:
    the letters are on disk, and the summary says how many.
    """
    if journal is None:
        return
    try:
        journal.close()
    except JournalError as error:
        if not said:
            fail(str(error))


def _settings(options: BatchOptions) -> BatchSettings:
    if options.output_format not in FORMATS:
        raise ChoiceError(
            "format", f"`{options.output_format}` is not a format; use files, pdf or jsonl"
        )
    if options.combined is not None:
        if options.output_format != "pdf":
            raise ChoiceError("combined", "goes with --format pdf")
        check_writable(options.combined, force=options.force)
    if options.envelopes is not None:
        from letterkit.pdf import check_envelope

        check_envelope(options.envelope)
        check_writable(options.envelopes, force=options.force)
    if options.output_format == "files" and options.out_dir is None and not options.dry_run:
        raise ChoiceError("out_dir", "give the folder for the letters (or --format jsonl)")
    needs_folder = options.combined is None and not options.dry_run
    if options.output_format == "pdf" and options.out_dir is None and needs_folder:
        raise ChoiceError("out_dir", "give the folder for the letters, or --combined FILE")
    if options.new_only and options.out_dir is None:
        raise ChoiceError("new_only", "needs --out-dir, where the letters already written are")
    if options.output_format == "jsonl" and options.out_dir is not None:
        raise ChoiceError("out_dir", "--format jsonl writes to standard output, not a folder")
    if options.out_dir is not None and options.out_dir.exists() and not options.out_dir.is_dir():
        raise ChoiceError("out_dir", f"{options.out_dir} is a file, not a folder")
    return BatchSettings(
        channel=options.channel,
        language=options.language,
        to=options.to,
        date=parse_date(options.date),
        out_dir=options.out_dir,
        sink=sys.stdout.buffer if options.output_format == "jsonl" else None,
        force=options.force,
        ascii_only=options.ascii_only,
        dry_run=options.dry_run,
        paper=_paper(options),
        typeset=options.typeset,
        new_only=options.new_only,
    )


def _columns(given: list[str]) -> dict[str, str]:
    """The organiser's ``--column`` readings, checked before anything is read."""
    from letterkit.batch.headers import parse_column_mapping
    from letterkit.batch.signers import COLUMNS

    try:
        return parse_column_mapping(given, COLUMNS)
    except ValueError as error:
        raise ChoiceError("column", str(error)) from None


def _paper(options: BatchOptions) -> str | None:
    """The paper for PDF output; none for other formats, where --paper is a mistake."""
    if options.output_format != "pdf":
        for name, given in (("paper", options.paper is not None), ("typeset", options.typeset)):
            if given:
                raise ChoiceError(name, "goes with --format pdf")
        return None
    from letterkit.pdf import check_paper

    return check_paper(options.paper)


def _check_channels_given(case: Case, source: str, shown: str, columns: dict[str, str]) -> None:
    """Without --channel, refuse a sheet of which some rows name no channel, before any is made.

    Read once more for it (a sheet on standard input cannot be: its rows fail one by one).
    """
    if source == "-" or len(case.accepted_channels) < 2:
        return
    try:
        with open_signers(source, shown_as=shown, columns=columns) as sheet:
            if sheet.columns is not None and "channel" not in sheet.columns:
                return  # said by the run, once the sheet's first row is read
            without = [
                row.row for row in sheet if row.problem is None and not row.fields.get("channel")
            ]
    except (SheetError, ValueError, OSError):
        return  # the run itself says what is wrong with the sheet
    if without:
        others = f" (and {counted(len(without) - 1, 'more row')})" if len(without) > 1 else ""
        choices = ", ".join(case.accepted_channels)
        raise ChoiceError(
            "channel",
            f"row {without[0]}{others} of {shown} names no channel: choose how to send those "
            f"rows' messages: {choices}",
        )


def _rows_in(source: str, shown: str, columns: dict[str, str]) -> int | None:
    """How many rows the sheet holds, for the progress bar's total; None if not known.

    Counted only for a terminal, where the bar is shown: the sheet is read once more
    (a second of a hundred thousand rows). Standard input is read once only.
    """
    if not sys.stderr.isatty() or source == "-":
        return None
    try:
        with open_signers(source, shown_as=shown, columns=columns) as sheet:
            return sum(1 for _ in sheet)
    except (SheetError, ValueError, OSError):
        return None  # the run itself says what is wrong with the sheet


def _run(
    case: Case,
    source: str,
    shown: str,
    settings: BatchSettings,
    listener: _Listener,
    journal: Journal | None,
    report: BatchReport | None = None,
    *,
    quiet: bool = False,
    prints: Prints | None = None,
    columns: dict[str, str] | None = None,
) -> BatchReport:
    sheet = open_signers(source, shown_as=shown, columns=columns)
    header_read = sheet.columns is not None  # a CSV's: said before any row's error names it
    if header_read and not quiet:
        _tell_reading(sheet)
    with sheet:
        done = run_batch(case, sheet, settings, listener, journal, report, prints)
    if not header_read and not quiet:  # a JSON sheet's keys, as its signers gave them
        _tell_reading(sheet)
    if done.rows == 0:
        fail(f"{sheet.name}: has no signers, only a header (or nothing at all)")
        raise typer.Exit(ExitStatus.INVALID_DATA)
    return done


def _tell_reading(sheet: SignersSheet) -> None:
    """Say how the sheet's header cells are read, and which are not."""
    if sheet.read_as:
        read = ", ".join(f"“{cell}” as {column}" for cell, column in sheet.read_as.items())
        say(f"{sheet.name}: reading {read}")
    if sheet.unknown_columns:
        ignored = sheet.unknown_columns
        more = f" and {len(ignored) - 10:,} more" if len(ignored) > 10 else ""
        fail(f"warning: {sheet.name}: columns ignored: {', '.join(ignored[:10])}{more}")


@contextmanager
def _rereadable(signers: str, strict: bool) -> Iterator[str]:
    """The sheet's path; standard input is kept in a temporary file when read twice."""
    if signers != "-" or not strict:
        yield signers
        return
    with tempfile.NamedTemporaryFile(prefix="letterkit-signers-") as spool:
        shutil.copyfileobj(sys.stdin.buffer, spool)
        spool.flush()
        yield spool.name


_EVERY_ONE = frozenset({"earlier-sheet", "rows-moved", "cut-short", "window"})
"""Kinds of warning said every time, for each row they concern (the envelope to address by
hand, the letter already written). Compared as text: the kinds are a StrEnum."""


class _Listener:
    """Prints each failed row at once and keeps a progress bar on a terminal."""

    def __init__(self, case_id: str) -> None:
        self._case_id = case_id
        self._bar: Any = None
        self._task: Any = None
        self._pending = 0
        self._warned: set[str] = set()
        self._kinds: dict[NoticeKind, int] = {}
        self.repeated_warnings = 0
        self.checking = False
        """True while --strict checks every row first: warnings wait for the real run."""
        self.took: float | None = None
        """How long the batch took, once it has ended."""

    @contextmanager
    def progress(self, total: int | None = None) -> Iterator[None]:
        """A progress bar on a terminal: rows done of *total*, and the time left.

        How long the batch took is kept for the summary, terminal or not.
        """
        if not sys.stderr.isatty():
            started = time.monotonic()
            yield
            self.took = time.monotonic() - started
            return
        # rich only here: a batch in a script or a pipe prints plain lines, and starts sooner.
        from rich.progress import (
            BarColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        from letterkit.cli.consoles import plain_console

        counts = "{task.completed:,} of {task.total:,} rows" if total else "{task.completed:,} rows"
        columns: list[Any] = [SpinnerColumn(), TextColumn(counts)]
        if total:
            columns += [BarColumn(), TimeRemainingColumn()]
        columns += [TextColumn("{task.fields[failed]:,} failed"), TextColumn("{task.fields[rate]}")]
        started = time.monotonic()
        with Progress(
            *columns,
            TimeElapsedColumn(),
            console=plain_console(stderr=True),
            transient=True,
        ) as bar:
            self._bar = bar
            self._task = bar.add_task("batch", total=total, failed=0, rate="")
            yield
            self._flush()
        self.took = time.monotonic() - started

    def reset(self) -> None:
        """The checking is over; the letters are written next."""
        self.checking = False
        if self._bar is not None:
            self._bar.reset(self._task, failed=0)

    def row_warning(self, sheet: str, row: int, notice: Notice) -> None:
        """Say each warning once, and each kind at most a few times, not once per row.

        What an earlier run left in the folder is said of every file: the organiser
        acts on each.
        """
        if self.checking:
            return
        kind = notice.kind
        capped = kind not in _EVERY_ONE
        if notice.text in self._warned or (capped and self._kinds.get(kind, 0) >= 3):
            self.repeated_warnings += 1
            return
        if len(self._warned) < 1_000:
            self._warned.add(notice.text)
        self._kinds[kind] = self._kinds.get(kind, 0) + 1
        where = Problem(sheet, notice_line(notice, self._case_id), row)
        self._print(f"letterkit: warning: {inert(str(where))}")

    def row_failed(self, problem: Problem) -> None:
        self._print(f"letterkit: {inert(problem_line(problem))}")
        if self._bar is not None:
            self._bar.update(self._task, failed=self._bar.tasks[0].fields["failed"] + 1)

    def _print(self, line: str) -> None:
        if self._bar is not None:
            self._bar.console.print(line, soft_wrap=True)
        else:
            sys.stderr.write(line + "\n")

    def row_done(self, row: int, path: Path | None, already: bool) -> None:
        if self._bar is not None:
            self._pending += 1
            if self._pending >= 50:
                self._flush()

    def _flush(self) -> None:
        if self._bar is not None and self._pending:
            self._bar.advance(self._task, self._pending)
            speed = self._bar.tasks[0].speed
            self._bar.update(self._task, rate=f"{speed:,.0f}/s" if speed else "")
            self._pending = 0


def _summary(
    report: BatchReport,
    *,
    dry_run: bool = False,
    stopped: str | None = None,
    strict_stop: bool = False,
    took: float | None = None,
) -> None:
    """One line of counts, then the letters that read alike."""
    written = "would be written" if dry_run or strict_stop else "written"
    line = (
        f"{counted(report.rows, 'row')}: {report.written:,} {written}, "
        f"{report.already_done:,} already done, {report.failed:,} failed"
    )
    if strict_stop:
        line += "; nothing written (--strict): fix the rows above and run again"
    if stopped:
        line += f"; {stopped}"
    if took is not None:
        line += f", in {_duration(took)}"
    say(line)
    for row, other in report.alike.pairs[:SHOWN_NEAR_IDENTICAL]:
        fail(
            f"warning: the message of row {row} shares most of its text with row {other}'s; "
            "some offices discard such messages: a longer sentence of the signer's own, or "
            "other asks, sets it apart"
        )
    more = report.alike.count - SHOWN_NEAR_IDENTICAL
    if more > 0:
        fail(f"warning: {more:,} more messages share most of their text with an earlier one")
    if not report.alike.complete:
        fail(
            "warning: the comparing of letters stopped partway (its helper process ended); "
            "letters that read alike may not all be named above"
        )


def _duration(seconds: float) -> str:
    """How long a batch took, as a person says it: ``0.4 s``, ``2 min 5 s``."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"
