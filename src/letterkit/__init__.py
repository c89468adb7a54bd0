"""letterkit: turn a human-rights case into a ready-to-send letter, fax, email or tweet.

The package is a library first: load a case with :func:`letterkit.cases.load_case`,
make a draft with :func:`letterkit.compose.make_draft` and render it with
:func:`letterkit.render.render`. The command line in :mod:`letterkit.cli` is a thin
shell around those.
"""

__version__ = "0.1.0"
