"""Batch: one message per signer of a sheet, through the same checks and templates as compose.

Rows stream through one at a time: checked as ``letterkit compose`` checks its
options, rendered, written (each file atomically) and recorded in the journal.
Nothing grows with the number of rows but the fingerprints of signers met (on
disk, to spot duplicate signers) and a capped index (to spot letters that read
alike), so a hundred thousand signers fit in the memory of thirty.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import BinaryIO, Protocol

from letterkit.compose import Draft, make_drafts, make_writer, parse_ask_numbers
from letterkit.errors import ChoiceError, LetterkitError, NotComposableError, OutputError, Problem
from letterkit.journal import Journal
from letterkit.models import Case, Channel, postage_total
from letterkit.output import write_atomic
from letterkit.pdf import EnvelopesPdf, PdfFile, goes_abroad, letters_pdf
from letterkit.render import Message, render, to_ascii
from letterkit.signers import SignerRow, SignersSheet
from letterkit.similarity import Found, NearIdentical

_COLUMN_OF_OPTION = {
    "--name": "name",
    "--about": "about",
    "--place": "place",
    "--ask": "asks",
    "--channel": "channel",
    "--to": "to",
}
_STALE_TEMPORARY = re.compile(r"\.\d{6,}-[a-z0-9-]+\.\w+\.\w+\.tmp")
LOCK_NAME = ".letterkit-batch.lock"


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

    def postage(self, case: Case) -> list[str]:
        """For each official letters go to: how many, and the stamps the case says to buy."""
        lines = []
        for official_id, count in self.posted.items():
            official = case.official(official_id)
            if official is None:
                continue
            country = official.address.country if official.address else None
            where = f" ({country.upper()})" if country else ""
            letters = "letter" if count == 1 else "letters"
            line = f"{count:,} {letters} to {official.display_name}{where}"
            if official.postage:
                line += f": {official.postage} each"
                total = postage_total(official.postage, count)
                if total:
                    line += f", {total} in all"
            else:
                line += ": the case gives no postage"
            lines.append(line)
        return lines


class BatchListener(Protocol):
    """Told of each row as it is done, for progress and for errors as they happen."""

    def row_failed(self, problem: Problem) -> None:
        """A row could not be made into a message; it is skipped."""

    def row_done(self, row: int, path: Path | None, already: bool) -> None:
        """A row's message was written (or was already there, when *already*)."""

    def row_warning(self, problem: Problem) -> None:
        """A row's message was made, with something its signer should know."""


class RowError(LetterkitError):
    """One row cannot be made into a message."""

    def __init__(self, column: str | None, message: str) -> None:
        self.column = column
        self.detail = message
        super().__init__(message)


def drafts_for_signer(case: Case, signer: SignerRow, settings: BatchSettings) -> list[Draft]:
    """Check a row as compose checks its options; choose asks for a row that gives none.

    One draft, or one for each official when the row's `to` (or --to) is `all`.
    """
    if signer.problem is not None:
        raise RowError(signer.column, signer.problem)
    fields = signer.fields
    try:
        writer = make_writer(fields.get("name"), fields.get("about"), fields.get("place"))
        seed = signer_seed(writer.name, writer.about)
        asks = fields.get("asks", "")
        numbers = parse_ask_numbers(asks) if asks else varied_asks(case, seed)
        return make_drafts(
            case,
            writer,
            numbers,
            fields.get("channel") or settings.channel,
            fields.get("to") or settings.to,
            settings.date,
            variant=seed,
        )
    except ChoiceError as error:
        raise RowError(_COLUMN_OF_OPTION.get(error.option, error.option), error.detail) from None


def signer_seed(name: str, about: str) -> int:
    """A number fixed by the signer's own words: the same sheet gives the same letters."""
    return zlib.crc32(f"{name}\x00{about}".encode())


def varied_asks(case: Case, seed: int) -> list[int]:
    """Asks for a signer who chose none: how many, which and in what order, from *seed*.

    The seed is read as digits in mixed bases (how many, then each pick from what is
    left), so signers spread over every choice the case allows without listing them.
    """
    least, most = case.asks.choose.min, case.asks.choose.max
    seed, extra = divmod(seed, most - least + 1)
    left = list(range(1, len(case.asks.items) + 1))
    chosen = []
    for _ in range(least + extra):
        seed, index = divmod(seed, len(left))
        chosen.append(left.pop(index))
    return chosen


def file_name(row: int, name: str, suffix: str = ".txt", official: str | None = None) -> str:
    """A safe, unique file name for a row: its number and a slug of the signer's name.

    Why the row number first: it makes the name unique whatever the slug, sorts the
    files in sheet order, and no name made this way is reserved on any system.
    """
    from slugify import slugify

    slug = slugify(
        name, max_length=60, word_boundary=True, save_order=True, backend="text-unidecode"
    )
    slug = slug or "signer"
    to = f"-{official}" if official else ""  # one letter per official: `--to all`
    return f"{row:06d}-{slug}{to}{suffix}"


def run_batch(
    case: Case,
    sheet: SignersSheet,
    settings: BatchSettings,
    listener: BatchListener,
    journal: Journal | None = None,
    report: BatchReport | None = None,
    combined: PdfFile | None = None,
    envelopes: EnvelopesPdf | None = None,
) -> BatchReport:
    """Make a message for every row of *sheet*; report bad rows and carry on.

    With *combined*, every letter is also added to that PDF, in sheet order; with
    *envelopes*, an envelope for each letter that goes by post.
    """
    report = report if report is not None else BatchReport()
    if settings.out_dir is not None:
        # Absolute once, not per letter: the journal records where each letter is.
        settings = replace(settings, out_dir=settings.out_dir.absolute())
    seen = _SeenSigners()
    with _claimed(settings), NearIdentical() as similar:
        earlier = _EarlierLetters(settings.out_dir if not settings.force else None)
        prints = _Prints(combined, envelopes)
        rows = iter(sheet)
        first = next(rows, None)
        if first is not None:
            _check_defaults(case, sheet, settings)
        for signer in chain([first] if first is not None else [], rows):
            report.rows += 1
            try:
                path, already, warnings = _one_row(
                    case,
                    signer,
                    settings,
                    journal,
                    report,
                    similar,
                    seen,
                    earlier,
                    prints,
                )
            except RowError as error:
                report.failed += 1
                listener.row_failed(
                    Problem(sheet.name, error.detail, signer.row, None, error.column)
                )
                continue
            for warning in warnings:
                listener.row_warning(Problem(sheet.name, warning, signer.row))
            listener.row_done(signer.row, path, already)
        report.alike = similar.found()
    if journal is not None:
        journal.commit()
    return report


def _one_row(
    case: Case,
    signer: SignerRow,
    settings: BatchSettings,
    journal: Journal | None,
    report: BatchReport,
    similar: NearIdentical,
    seen: _SeenSigners,
    earlier: _EarlierLetters,
    prints: _Prints,
) -> tuple[Path | None, bool, list[str]]:
    """Make one row's messages; return where they went, whether done before, warnings."""
    drafts = drafts_for_signer(case, signer, settings)
    duplicated = seen.first_row(_fingerprint(drafts[0]), signer.row)
    if duplicated is not None:
        raise RowError(
            "name", f"the same name and sentence as row {duplicated}; skipped as a duplicate"
        )
    last: Path | None = None
    all_done, warnings = True, []
    for draft in drafts:
        path = None
        if settings.out_dir is not None:
            official = draft.recipient.id if len(drafts) > 1 else None
            suffix = ".pdf" if settings.paper else ".txt"
            name = file_name(signer.row, draft.writer.name, suffix, official)
            path = settings.out_dir / name
        last, done, said = _one_message(
            signer, draft, path, settings, journal, report, similar, earlier, prints
        )
        all_done &= done
        warnings += said
    return last, all_done, warnings


def _one_message(
    signer: SignerRow,
    draft: Draft,
    path: Path | None,
    settings: BatchSettings,
    journal: Journal | None,
    report: BatchReport,
    similar: NearIdentical,
    earlier: _EarlierLetters,
    prints: _Prints,
) -> tuple[Path | None, bool, list[str]]:
    """Make one message; return where it went, whether it was there, its warnings."""
    warnings: list[str] = []
    if settings.paper and draft.channel not in (Channel.LETTER, Channel.FAX):
        raise RowError("channel", f"a PDF is made for letters and faxes, not a {draft.channel}")
    if draft.channel is Channel.LETTER and not settings.dry_run:
        report.posted[draft.recipient.id] = report.posted.get(draft.recipient.id, 0) + 1
    if path is not None:
        done = path if not settings.force and path.exists() else earlier.same_signer(path, draft)
        warnings = earlier.other_signer(path, draft.writer.name)
        if done is not None:
            report.already_done += 1
            if done != path:
                warnings.append(f"already written as {done.name}, before the sheet's rows moved")
            if done.suffix != ".pdf":  # a PDF's text is not read back to compare
                written = done.read_text(encoding="utf-8", errors="replace")
                similar.add(signer.row, written)
            prints.add(draft, lambda: _message_for(draft, settings).text)
            _record(journal, draft, done)
            return done, True, warnings
    message = _message_for(draft, settings)
    similar.add(signer.row, message.text)
    if settings.dry_run:
        report.written += 1
        return path, False, [*warnings, *message.warnings]
    if path is not None:
        text = message.text if message.text.endswith("\n") else message.text + "\n"
        try:
            data = letters_pdf([text], settings.paper) if settings.paper else text
            write_atomic(path, data, force=settings.force, durable=False, claimed=True)
        except NotComposableError as error:  # a character the font cannot show
            raise RowError(None, str(error)) from None
        except OutputError as error:
            raise RowError(None, str(error)) from None
    elif settings.sink is not None:
        settings.sink.write(_json_line(signer, draft, message))
    prints.add(draft, lambda: message.text)
    _record(journal, draft, path, rewritten=settings.force)
    report.written += 1
    return path, False, [*warnings, *message.warnings]


def _message_for(draft: Draft, settings: BatchSettings) -> Message:
    try:
        message = render(draft)
    except NotComposableError as error:
        raise RowError("about", str(error)) from None
    return to_ascii(draft, message) if settings.ascii_only else message


@dataclass(frozen=True)
class _Prints:
    """What a batch prints beside its files: every letter in one PDF, and envelopes."""

    combined: PdfFile | None
    envelopes: EnvelopesPdf | None

    def add(self, draft: Draft, text: Callable[[], str]) -> None:
        """Add a letter and its envelope; *text* is only made when the PDF needs it."""
        try:
            if self.combined is not None:  # every letter, done before or new
                self.combined.add(text())
            if self.envelopes is not None and draft.channel is Channel.LETTER:
                sender = [draft.writer.name, *draft.writer.address_lines]
                address = draft.recipient.address
                abroad = goes_abroad(sender, address.country if address else None)
                self.envelopes.add(sender, draft.recipient.address_block, abroad)
        except NotComposableError as error:  # a character the font cannot show
            raise RowError(None, str(error)) from None


def _check_defaults(case: Case, sheet: SignersSheet, settings: BatchSettings) -> None:
    """Refuse at once a batch every row of which would fail for want of --channel."""
    if (
        settings.channel is None
        and sheet.columns is not None
        and "channel" not in sheet.columns
        and len(case.accepted_channels) > 1
    ):
        choices = ", ".join(case.accepted_channels)
        raise ChoiceError("--channel", f"choose how to send them: {choices}")


class _EarlierLetters:
    """Letters an earlier run left in the folder, by row and by signer.

    Why: a re-run after rows were added, removed or sorted gives signers new row
    numbers; their letters are found again by name and sentence instead of being
    written twice, and a letter whose row now holds someone else is pointed out.
    """

    _NAME = re.compile(r"(\d{6,})-([a-z0-9-]+)\.\w+")

    def __init__(self, folder: Path | None) -> None:
        self._by_slug: dict[str, list[str]] = {}
        self._by_row: dict[int, list[str]] = {}
        self._folder = folder
        if folder is None or not folder.is_dir():
            return
        for entry in os.scandir(folder):
            match = self._NAME.fullmatch(entry.name)
            if match:
                self._by_slug.setdefault(match[2], []).append(entry.name)
                self._by_row.setdefault(int(match[1]), []).append(entry.name)

    def same_signer(self, path: Path, draft: Draft) -> Path | None:
        """An earlier letter, under another row number, for the same name and sentence."""
        if not self._by_slug or self._folder is None:
            return None
        slug = path.stem.split("-", 1)[1]
        sentence = " ".join(draft.writer.about.split())
        for name in self._by_slug.get(slug, []):
            candidate = self._folder / name
            if candidate != path and sentence in " ".join(
                candidate.read_text(encoding="utf-8", errors="replace").split()
            ):
                return candidate
        return None

    def other_signer(self, path: Path, signer: str) -> list[str]:
        """A warning for each earlier letter under this row number that is someone else's."""
        row = int(path.name.split("-", 1)[0])
        return [
            f"{name} is from an earlier version of the sheet: row {row} now holds {signer}"
            for name in self._by_row.get(row, [])
            if name != path.name
        ]


class _SeenSigners:
    """The signers met so far, by fingerprint: a Bloom filter in front of a table on disk.

    Why: a set of a hundred thousand fingerprints would be most of what a batch's
    memory grows by. The filter (a fixed MiB of bits) says at once that a signer
    is new, which nearly all are; only when it cannot, is the private temporary
    database asked. Fingerprints reach the database a thousand at a time.
    """

    _BITS = 1 << 23  # 1 MiB; at 100,000 signers, 1 new signer in 1,800 is looked up
    _FLUSH = 1_000

    def __init__(self) -> None:
        self._bits = bytearray(self._BITS // 8)
        self._unsaved: dict[int, int] = {}
        self._db = sqlite3.connect("")  # "": private, temporary, on disk
        self._db.execute("PRAGMA cache_size = -1024")  # KiB
        self._db.execute("CREATE TABLE seen (fingerprint INTEGER PRIMARY KEY, row INTEGER)")

    def first_row(self, fingerprint: int, row: int) -> int | None:
        """Remember *fingerprint* at *row*; the earlier row if it was already met."""
        bits, mask = self._bits, self._BITS - 1
        # Two positions, from two parts of the fingerprint: a bit each.
        first, second = fingerprint & mask, (fingerprint >> 32) & mask
        seen_first = bits[first >> 3] & (1 << (first & 7))
        seen_second = bits[second >> 3] & (1 << (second & 7))
        if seen_first and seen_second:
            earlier = self._earlier_row(fingerprint)
            if earlier is not None:
                return earlier
        bits[first >> 3] |= 1 << (first & 7)
        bits[second >> 3] |= 1 << (second & 7)
        self._unsaved[fingerprint] = row
        if len(self._unsaved) >= self._FLUSH:
            self._db.executemany("INSERT INTO seen VALUES (?, ?)", self._unsaved.items())
            self._unsaved.clear()
        return None

    def _earlier_row(self, fingerprint: int) -> int | None:
        if fingerprint in self._unsaved:
            return self._unsaved[fingerprint]
        found = self._db.execute(
            "SELECT row FROM seen WHERE fingerprint = ?", (fingerprint,)
        ).fetchone()
        return None if found is None else int(found[0])


def _fingerprint(draft: Draft) -> int:
    """Equal for the same signer twice: same name and sentence, ignoring case and spacing."""
    # Python's own string hash: 64 bits, and the same throughout a run, which is as long
    # as fingerprints are kept.
    return hash(
        f"{draft.writer.name.casefold()}\x00{' '.join(draft.writer.about.casefold().split())}"
    )


def _record(
    journal: Journal | None, draft: Draft, path: Path | None, *, rewritten: bool = False
) -> None:
    if journal is not None:
        output = str(path) if path is not None else None
        journal.record_draft(draft, output=output, how="batch", rewritten=rewritten)


def _json_line(signer: SignerRow, draft: Draft, message: Message) -> bytes:
    """The message as one JSON object, with the row and the signer it was made for.

    Bytes, as pydantic serialises to: made text, it would only be encoded again.
    """
    email = signer.fields.get("email")
    head = (
        f'{{"row":{signer.row},"signer":{_json(draft.writer.name)},'
        f'"signer_email":{_json(email) if email else "null"},'
    )
    return head.encode() + _to_json(message)[1:] + b"\n"


_to_json = Message.__pydantic_serializer__.to_json


_json = json.JSONEncoder(ensure_ascii=False).encode


@contextmanager
def _claimed(settings: BatchSettings) -> Iterator[None]:
    """Hold the output folder for this run, and clear what a killed run left half-written."""
    folder = settings.out_dir
    if folder is None or settings.dry_run:
        yield
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise OutputError(f"{folder}: cannot write letters here: {error.strerror}") from None
    try:
        _lock(lock, folder)
        for entry in os.scandir(folder):
            if _STALE_TEMPORARY.fullmatch(entry.name):
                with suppress(OSError):
                    os.unlink(entry.path)
        yield
    finally:
        os.close(lock)


def _lock(descriptor: int, folder: Path) -> None:
    try:
        import fcntl
    except ImportError:  # not POSIX: one batch per folder is then up to the organiser
        return
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise OutputError(
            f"{folder}: another batch is writing letters here; wait for it to finish"
        ) from None
