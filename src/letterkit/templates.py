"""The Jinja2 templates messages are made from: the built-in ones, and a case's own in a sandbox.

Built-in templates are package data, compiled once and kept in Jinja2's per-user
bytecode cache. A case may bring its own templates; they run in a sandbox that
bounds their work (see :mod:`letterkit.sandbox`). Case and writer text reaches
a template only as variables, never as template source, so ``{{ 7*7 }}`` in a
writer's sentence stays those nine characters.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError

from letterkit.errors import TemplateError
from letterkit.layout import wrap
from letterkit.text import clause, plain_text, sentence

TEMPLATES = Path(__file__).parent / "templates"


def render_template(
    name: str, context: dict[str, Any], *, own: str | None = None, case_path: str | None = None
) -> str:
    """Render the built-in template *name*, or the case's own template *own* in its place.

    *own* is a file name relative to the case file at *case_path*. The text ends
    with exactly one newline.
    """
    try:
        if own is not None and case_path is not None:
            text = _render_own(case_path, own, context)
        else:
            # Built-in templates only arrange case and writer text, both already plain.
            text = builtin_template(name).render(context)
        return text.strip("\n") + "\n"
    except jinja2.TemplateSyntaxError as error:
        where = f"{error.filename or error.name}:{error.lineno}"
        raise TemplateError(f"{where}: template error: {_brief(error.message or '')}") from None
    except jinja2.TemplateNotFound as error:
        raise TemplateError(f"template not found: {_brief(str(error.name))}") from None
    except jinja2.TemplateError as error:
        raise TemplateError(f"template {own or name}: {_brief(str(error))}") from None


MAX_MESSAGE = 300
"""Characters of an error's own words kept in letterkit's message: it may echo a long value."""


def _brief(message: str) -> str:
    """*message* cut to :data:`MAX_MESSAGE` characters, ending in `…` where it was cut."""
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


def _render_own(case_path: str, template: str, context: dict[str, Any]) -> str:
    """Render a case's own template in the sandbox; whatever goes wrong is the template's."""
    try:
        from letterkit.sandbox import budgeted, plain

        with budgeted():
            sandbox = _sandbox(str(Path(case_path).parent))
            text = sandbox.get_template(template).render(plain(context))
    except jinja2.TemplateError:
        # Stopped at its time, a render may have stopped inside Jinja2's own caches.
        _sandbox.cache_clear()
        raise
    except RecursionError:
        raise TemplateError(
            f"template {template}: includes or calls itself without end, or nests too deeply"
        ) from None
    except UnicodeDecodeError:
        raise TemplateError(f"template {template}: is not UTF-8 text") from None
    except Exception as error:  # anything else a template can do wrong in the sandbox
        reason = _brief(f"{type(error).__name__}: {error}")
        raise TemplateError(f"template {template}: {reason}") from None
    # A case's template is the case author's text: made plain like any other.
    return plain_text(text)


def check_own_template(case_path: str, template: str) -> str | None:
    """Why a case's own template cannot be used (missing, not UTF-8, bad syntax), or None."""
    fault = _template_fault(case_path, template)
    return None if fault is None else _brief(fault)


def _template_fault(case_path: str, template: str) -> str | None:
    try:
        _sandbox(str(Path(case_path).parent)).get_template(template)
    except jinja2.TemplateNotFound:
        return f"the template {template} does not exist beside the case file"
    except jinja2.TemplateSyntaxError as error:
        return f"the template {template} has an error on its line {error.lineno}: {error.message}"
    except SecurityError as error:
        return str(error)
    except RecursionError:
        return f"the template {template} nests its expressions too deeply to be read"
    except UnicodeDecodeError:
        return f"the template {template} is not UTF-8 text"
    except OSError as error:
        return f"the template {template} cannot be read: {error.strerror}"
    return None


def templates_read(case_path: str, templates: Iterable[str]) -> set[str] | None:
    """Every template file a case's own *templates* read, including those they include.

    None when one names another by a value rather than by its name (which file it
    reads is then only known as it renders).
    """
    from jinja2 import meta

    sandbox = _sandbox(str(Path(case_path).parent))
    seen: set[str] = set()
    pending = list(templates)
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            source = sandbox.loader.get_source(sandbox, name)[0]  # type: ignore[union-attr]
            referenced = list(meta.find_referenced_templates(sandbox.parse(source)))
        except (jinja2.TemplateError, OSError, UnicodeDecodeError, RecursionError):
            continue  # refused when the case is read; nothing more to protect here
        if None in referenced:
            return None
        pending.extend(one for one in referenced if one is not None)
    return seen


def _with_filters(environment: jinja2.Environment) -> jinja2.Environment:
    environment.filters["wrap"] = wrap
    environment.filters["clause"] = clause
    environment.filters["sentence"] = sentence
    return environment


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja2's per-user cache of compiled templates, where a failed write is only a miss.

    Why: compiling the letter templates is most of what rendering one letter costs.
    The cache holds compiled built-in templates only, never a writer's text.
    """

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    try:
        return _QuietBytecodeCache()  # a private folder for this user in the temp folder
    except (OSError, RuntimeError):
        return None


@lru_cache(maxsize=8)
def builtin_template(name: str) -> jinja2.Template:
    """The built-in template *name* (``message``, ``fax_cover``, ``tweet``, ``call``)."""
    return _environment().get_template(f"{name}.txt.j2")


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return _with_filters(
        jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            bytecode_cache=_bytecode_cache(),
            auto_reload=False,  # shipped templates do not change while letterkit runs
            undefined=jinja2.StrictUndefined,
            autoescape=False,  # noqa: S701 - plain-text letters, not HTML
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    )


@lru_cache(maxsize=8)
def _sandbox(folder: str) -> jinja2.Environment:
    # Loaded only for a case that brings templates of its own.
    from letterkit.sandbox import BoundedSandbox, CaseFolderLoader

    sandbox = BoundedSandbox(
        loader=CaseFolderLoader([folder, str(TEMPLATES)]),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    sandbox.add_filter("wrap", wrap)
    sandbox.add_filter("clause", clause)
    sandbox.add_filter("sentence", sentence)
    return sandbox
