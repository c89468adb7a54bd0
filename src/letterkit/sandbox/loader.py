"""Where a case's own templates are read from: its folder, and nowhere a link leads out to."""

from __future__ import annotations

import os
from collections.abc import Callable

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path

from letterkit.sandbox.bounds import MAX_TEMPLATE_BYTES


class CaseFolderLoader(jinja2.FileSystemLoader):
    """Templates from the case's folder (then the built-in ones), read only from inside it.

    Why: ``git clone`` keeps symbolic links, so a case's ``letter.j2`` could lead to
    ``/etc/passwd``; a FIFO or a device would never end.
    """

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """The template's source, if it is a regular file inside the folder searched."""
        pieces = split_template_path(template)
        for folder in self.searchpath:
            candidate = os.path.join(folder, *pieces)
            if os.path.lexists(candidate):
                _check_inside(folder, candidate, template)
                break
        return super().get_source(environment, template)


def _check_inside(folder: str, candidate: str, template: str) -> None:
    root = os.path.realpath(folder)
    real = os.path.realpath(candidate)
    if os.path.commonpath([root, real]) != root:
        raise SecurityError(f"the template {template} leads outside the case's folder")
    try:
        info = os.stat(real)
    except OSError as error:
        raise SecurityError(f"the template {template} cannot be read: {error.strerror}") from None
    if not os.path.isfile(real):
        raise SecurityError(f"the template {template} is not a regular file")
    if info.st_size > MAX_TEMPLATE_BYTES:
        raise SecurityError(
            f"the template {template} is {info.st_size:,} bytes; a template is at most "
            f"{MAX_TEMPLATE_BYTES:,}"
        )
