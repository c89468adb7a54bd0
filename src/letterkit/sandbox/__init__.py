"""The sandbox a case's own templates run in: Jinja2's, with the work itself bounded.

A case file may come from anyone, and its templates with it. Jinja2's sandbox
keeps a template from reaching anything but its variables; this one also bounds
what a template can make the computer do while it renders: the size of every
string, list and number it builds, the characters it makes in all, its steps
(loop turns, calls, operations) and its time. A template past a bound stops with
:class:`TemplateLimitError`, one line naming the bound.

The bounds are checked before the work where it could be large (``'x' * n``,
``'x'.ljust(n)``, ``n ** m``, ``text | replace(...)``, a format that writes its
values many times such as ``("{0}" * n).format(s)``, ``translate``, ``wordwrap``,
``batch``) and after it everywhere else; bytes count as text. One invariant
carries the rest: no value a template can reach is larger, written out, than a
string may be, so that no filter, method, format or output can turn it into one
that is (a list of ten thousand copies of a long string would be a gigabyte once
printed). A value is checked where it is used: given to a call, a filter, an
operator or a format, looped over, or printed.

A template sees plain data only (text, numbers, lists, records), never letterkit's
own objects, and may reach no attribute but those of text, numbers, lists and
Jinja2's own helpers. Templates are read only from inside the case's folder,
never through a symbolic link that leads out of it, and at most 100 KB each;
one nested too deeply for Python's compiler is refused before it is compiled.
Each render starts afresh: what a template imports is made again for it, so
nothing one letter sets reaches the next.
"""

from letterkit.sandbox.bounds import (
    MAX_BITS,
    MAX_ITEMS,
    MAX_MADE,
    MAX_SECONDS,
    MAX_STEPS,
    MAX_STRING,
    MAX_TEMPLATE_BYTES,
    TemplateLimitError,
    budgeted,
)
from letterkit.sandbox.data import Record, plain
from letterkit.sandbox.environment import BoundedSandbox
from letterkit.sandbox.loader import CaseFolderLoader

__all__ = [
    "MAX_BITS",
    "MAX_ITEMS",
    "MAX_MADE",
    "MAX_SECONDS",
    "MAX_STEPS",
    "MAX_STRING",
    "MAX_TEMPLATE_BYTES",
    "BoundedSandbox",
    "CaseFolderLoader",
    "Record",
    "TemplateLimitError",
    "budgeted",
    "plain",
]
