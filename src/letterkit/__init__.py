"""letterkit: turn a human-rights case into a ready-to-send letter, fax, email or tweet.

The package is a library first: load a case with :func:`load_case`, check a
writer's choices with :func:`make_writer` and :func:`make_draft`, and render the
draft with :func:`letterkit.render.render`. Batches run through :func:`run_batch`.
The command line in :mod:`letterkit.cli` is a thin shell around those.

The names below are imported from their modules when first used, so that
``import letterkit`` (and ``letterkit --help``) costs nothing. ``render`` is not
among them: it is the name of its module too, which Python binds here once imported.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_HOMES = {
    "load_case": "letterkit.cases",
    "find_case": "letterkit.cases",
    "case_dirs": "letterkit.cases",
    "check_case_file": "letterkit.cases",
    "make_writer": "letterkit.compose",
    "make_draft": "letterkit.compose",
    "make_drafts": "letterkit.compose",
    "finish": "letterkit.render",
    "to_ascii": "letterkit.render",
    "email_file": "letterkit.channels.emails",
    "letters_pdf": "letterkit.pdf",
    "run_batch": "letterkit.batch",
    "open_signers": "letterkit.batch",
    "BatchSettings": "letterkit.batch",
    "BatchReport": "letterkit.batch",
    "Case": "letterkit.models",
    "Channel": "letterkit.models",
    "Official": "letterkit.models",
    "Ask": "letterkit.models",
    "Writer": "letterkit.message",
    "Draft": "letterkit.message",
    "Message": "letterkit.message",
    "Notice": "letterkit.message",
    "NoticeKind": "letterkit.message",
    "Tweet": "letterkit.message",
    "LetterkitError": "letterkit.errors",
    "CaseFileError": "letterkit.errors",
    "ChoiceError": "letterkit.errors",
    "NotComposableError": "letterkit.errors",
    "OutputError": "letterkit.errors",
    "Problem": "letterkit.errors",
}
"""Each public name, and the module it lives in."""

__all__ = [
    "Ask",
    "BatchReport",
    "BatchSettings",
    "Case",
    "CaseFileError",
    "Channel",
    "ChoiceError",
    "Draft",
    "LetterkitError",
    "Message",
    "NotComposableError",
    "Notice",
    "NoticeKind",
    "Official",
    "OutputError",
    "Problem",
    "Tweet",
    "Writer",
    "__version__",
    "case_dirs",
    "check_case_file",
    "email_file",
    "find_case",
    "finish",
    "letters_pdf",
    "load_case",
    "make_draft",
    "make_drafts",
    "make_writer",
    "open_signers",
    "run_batch",
    "to_ascii",
]

if TYPE_CHECKING:
    from letterkit.batch import BatchReport, BatchSettings, open_signers, run_batch
    from letterkit.cases import case_dirs, check_case_file, find_case, load_case
    from letterkit.channels.emails import email_file
    from letterkit.compose import make_draft, make_drafts, make_writer
    from letterkit.errors import (
        CaseFileError,
        ChoiceError,
        LetterkitError,
        NotComposableError,
        OutputError,
        Problem,
    )
    from letterkit.message import Draft, Message, Notice, NoticeKind, Tweet, Writer
    from letterkit.models import Ask, Case, Channel, Official
    from letterkit.pdf import letters_pdf
    from letterkit.render import finish, to_ascii


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'letterkit' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value  # once found, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
