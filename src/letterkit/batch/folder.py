"""The folder a batch writes its letters to: safe file names, letters already there, the lock.

A letter's file is named by its row and a slug of the signer's name, so files
sort in sheet order and no signer's name can reach outside the folder. A re-run
finds what an earlier run wrote, by name and, after rows moved, by signer. One
batch at a time holds the folder.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from letterkit.errors import ChoiceError, OutputError
from letterkit.message import Draft
from letterkit.output import process_running

LOCK_NAME = ".letterkit-batch.lock"
_STALE_TEMPORARY = re.compile(r"\.\d{6,}-[a-z0-9-]+\.\w+\.(\d+)\.tmp")
"""A letter's temporary file (see :mod:`letterkit.output`), and the process that wrote it."""
LETTER_NAME = re.compile(r"(\d{6,})-([a-z0-9-]+)\.(?:txt|pdf)")
"""The name of a letter a batch writes: its row, and a slug of the signer's name."""
MAX_LETTER_BYTES = 1_000_000
"""A letter read back is a few kilobytes; past this it is not one letterkit wrote."""


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
    to = f"-{official}" if official else ""  # one letter per official: to all
    return f"{row:06d}-{slug}{to}{suffix}"


class EarlierLetters:
    """Letters an earlier run left in the folder, by row and by signer.

    Why: a re-run after rows were added, removed or sorted gives signers new row
    numbers; their letters are found again by name and sentence instead of being
    written twice, and a letter whose row now holds someone else is pointed out.
    The folder is read once, when the run that holds it begins: asking for each
    letter's name again cost a thousand-row batch 3% of its time.
    """

    def __init__(self, folder: Path | None) -> None:
        self._by_slug: dict[str, list[str]] = {}
        self._by_row: dict[int, list[str]] = {}
        self._names: set[str] = set()
        self._folded: set[str] = set()
        self._folder = folder
        if folder is None or not folder.is_dir():
            return
        for entry in os.scandir(folder):
            self._names.add(entry.name)
            self._folded.add(entry.name.casefold())
            match = LETTER_NAME.fullmatch(entry.name)
            if match and entry.is_file(follow_symlinks=False):
                self._by_slug.setdefault(match[2], []).append(entry.name)
                self._by_row.setdefault(int(match[1]), []).append(entry.name)

    def taken(self, path: Path) -> bool:
        """Whether something had *path*'s name in the folder when the run began.

        Only this run writes there since (it holds the folder), and never twice to one name.
        """
        if path.name in self._names:
            return True
        # A folder that ignores case (macOS's, Windows') holds it under another case too.
        return path.name.casefold() in self._folded and os.path.lexists(path)

    def same_signer(self, path: Path, draft: Draft) -> Path | None:
        """An earlier letter, under another row number, for the same name and sentence.

        Only in *path*'s format: the same letter as text is no PDF of it. A PDF's text
        is read back only now, for a file under this signer's name.
        """
        if not self._by_slug or self._folder is None:
            return None
        slug = path.stem.split("-", 1)[1]
        sentence = " ".join(draft.writer.about.split())
        for name in self._by_slug.get(slug, []):
            candidate = self._folder / name
            if candidate == path or candidate.suffix != path.suffix:
                continue
            try:
                text = read_earlier(candidate)
            except NotALetterError:  # not a letter, so not this signer's: said if its row comes
                continue
            if isinstance(text, bytes):  # a whole PDF
                text = _pdf_text(candidate)
            if isinstance(text, str) and sentence in " ".join(text.split()):
                return candidate
        return None

    def other_signer(self, path: Path, signer: str) -> list[str]:
        """A warning for each earlier letter under this row number that is someone else's.

        The signer's own are not: in another format (text, then PDF), or to another
        official (``--to all``).
        """
        if not self._by_row:  # a new folder, as nearly always: no name made for nothing
            return []
        row = int(path.name.split("-", 1)[0])
        earlier = self._by_row.get(row, [])
        own = file_name(row, signer, "") if earlier else ""
        return [
            f"{name} is from an earlier version of the sheet: row {row} now holds {signer}"
            for name in earlier
            if name.rpartition(".")[0] != own and not name.startswith(f"{own}-")
        ]


def _pdf_text(path: Path) -> str | None:
    """The text of a PDF an earlier run wrote, read back; None if it cannot be."""
    from pypdf import PdfReader

    try:
        return "\n".join(page.extract_text() for page in PdfReader(path).pages)
    except Exception:  # damaged as it may be (pypdf raises many kinds): not this signer's
        return None


class NotALetterError(OutputError):
    """A name a letter would have in the folder holds something else: a link, a pipe, a device."""


def read_earlier(path: Path) -> str | bytes | None:
    """What an earlier run wrote at *path*: its text, or a PDF's last bytes; None if cut short.

    A PDF is whole when it ends with ``%%EOF``. Why: a disk that filled, or a
    letterkit from before writes were checked, may have left part of one; a PDF is
    never edited by hand, so one cut short is written again. A text file is
    returned as it is, perhaps as an organiser edited it. Only a regular file of a
    letter's size is read: a link, a pipe or a device under a letter's name raises
    :class:`NotALetterError`.
    """
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_LETTER_BYTES:
        raise NotALetterError(
            f"{path.name} is not a letter letterkit wrote (a link, a pipe, a device or a "
            "large file): letterkit does not read it or write over it; move it away"
        )
    try:
        with open(path, "rb") as file:
            if path.suffix.lower() == ".pdf":
                file.seek(max(0, info.st_size - 1024))
                tail = file.read(1024)
                return tail if b"%%EOF" in tail else None
            return file.read(MAX_LETTER_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return None


def check_outside_letters(folder: Path, files: list[tuple[str, Path | None]]) -> None:
    """Refuse a run whose folder holds one of *files* (an input or output) under a letter's name.

    Why: a letter written there with ``--force`` would replace the signers sheet,
    the journal or the envelopes.
    """
    root = os.path.realpath(folder)
    for what, path in files:
        if path is None:
            continue
        real = os.path.realpath(path)
        if os.path.dirname(real) == root and LETTER_NAME.fullmatch(os.path.basename(real)):
            raise ChoiceError(
                "out_dir",
                f"{folder} holds {what} under a letter's name ({os.path.basename(real)}); "
                "name it otherwise or choose another folder",
            )


@contextmanager
def claimed_folder(folder: Path) -> Iterator[None]:
    """Hold *folder* for this run, and clear what a killed run left half-written.

    The lock is the ``filelock`` library's, which works on every system; a second
    batch in the same folder is refused at once rather than made to wait.
    """
    from filelock import FileLock, Timeout

    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = FileLock(folder / LOCK_NAME, timeout=0)
        lock.acquire()
    except Timeout:
        raise OutputError(
            f"{folder}: another batch is writing letters here; wait for it to finish"
        ) from None
    except OSError as error:
        raise OutputError(f"{folder}: cannot write letters here: {error.strerror}") from None
    try:
        for entry in os.scandir(folder):
            stale = _STALE_TEMPORARY.fullmatch(entry.name)
            if stale and not process_running(int(stale[1])):
                with suppress(OSError):
                    os.unlink(entry.path)
        yield
    finally:
        lock.release()
