"""How large and how deeply nested a case's own template is, checked before it is compiled.

Why: Jinja2 turns a template into Python, and Python's compiler has limits of
its own (20 nested loops, 100 levels of indentation, 200 nested brackets, some
thousands of `elif`s) past which it stops with an error that is no template
error, or runs out of memory. A template is refused first, at the line where it
nests too deeply, well within those limits. Its parts are counted too: turning
100 KB of expressions into Python would take seconds.
"""

from __future__ import annotations

from jinja2 import nodes
from jinja2.exceptions import TemplateSyntaxError

MAX_PARTS = 20_000
"""Tags, expressions and their parts in one template (a long letter has a few thousand)."""
MAX_NESTED_TAGS = 12
"""Tags with a body (`for`, `if`, `macro`, `call`, `filter`, `with`, `block`) inside one another."""
MAX_ELIFS = 100
"""The `elif`s of one `if`."""
MAX_NESTED_EXPRESSION = 40
"""Parts of one expression inside one another: `a.b.c`, `1 + 1 + 1`, `f(g(x))`, `x | f | g`."""


def check_shape(template: nodes.Template, name: str | None, filename: str | None) -> None:
    """Refuse *template* (its parsed form) if it nests deeper than the bounds allow."""
    # Each node with the tags around it and the depth of the expression it is in.
    pending: list[tuple[nodes.Node, int, int]] = [(template, 0, 0)]
    parts = 0
    while pending:
        node, tags, depth = pending.pop()
        parts += 1
        if parts > MAX_PARTS:
            raise _refused(f"more than {MAX_PARTS:,} parts", node, name, filename)
        if isinstance(node, nodes.Expr):
            depth += 1
            if depth > MAX_NESTED_EXPRESSION:
                raise _refused(
                    f"an expression nested more than {MAX_NESTED_EXPRESSION} deep",
                    node,
                    name,
                    filename,
                )
        elif isinstance(node, nodes.Stmt):
            depth = 0
            if "body" in node.fields:
                tags += 1
                if tags > MAX_NESTED_TAGS:
                    raise _refused(
                        f"tags nested more than {MAX_NESTED_TAGS} deep", node, name, filename
                    )
        if isinstance(node, nodes.If):
            if len(node.elif_) > MAX_ELIFS:
                raise _refused(f"an if with more than {MAX_ELIFS} elifs", node, name, filename)
            # An elif's body is as deep as its if's.
            pending.extend((elif_, tags - 1, 0) for elif_ in node.elif_)
            children = [node.test, *node.body, *node.else_]
        else:
            children = list(node.iter_child_nodes())
        pending.extend((child, tags, depth) for child in children)


def _refused(
    message: str, node: nodes.Node, name: str | None, filename: str | None
) -> TemplateSyntaxError:
    return TemplateSyntaxError(message, node.lineno, name, filename)
