"""The folder a batch writes its letters to: safe file names, letters already there, the lock.

A letter's file is named by its row and a slug of the signer's name, so files
sort in sheet order and no signer's name can reach outside the folder. A re-run
finds what an earlier run wrote, by name and, after rows moved, by signer. One
batch at a time holds the folder.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from letterkit.errors import OutputError
from letterkit.message import Draft

LOCK_NAME = ".letterkit-batch.lock"
_STALE_TEMPORARY = re.compile(r"\.\d{6,}-[a-z0-9-]+\.\w+\.\w+\.tmp")
"""A letter's temporary file (see :mod:`letterkit.output`) left by a killed run."""


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


def read_earlier(path: Path) -> str | bytes | None:
    """What an earlier run wrote at *path*: its text, or a PDF's last bytes; None if cut short.

    A PDF is whole when it ends with ``%%EOF``. Why: a disk that filled, or a
    letterkit from before writes were checked, may have left part of one; a PDF is
    never edited by hand, so one cut short is written again. A text file is
    returned as it is, perhaps as an organiser edited it.
    """
    try:
        if path.suffix.lower() == ".pdf":
            with open(path, "rb") as file:
                file.seek(max(0, os.fstat(file.fileno()).st_size - 1024))
                tail = file.read()
            return tail if b"%%EOF" in tail else None
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


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
            if _STALE_TEMPORARY.fullmatch(entry.name):
                with suppress(OSError):
                    os.unlink(entry.path)
        yield
    finally:
        lock.release()
