"""Floor for `letterkit batch`: a bare loop over a signers sheet, rendering the same letter.

Reads the CSV with csv.DictReader, builds each letter's context as letterkit does
(the case from load_case, the writer, asks, recipient, copies, date and variant),
renders the letter as a Jinja2 template (`floor_message.txt.j2`, beside this file:
letterkit's letter template until letterkit laid its letters out in Python, kept the
same by tests/test_layout.py) in an environment set up as `letterkit.templates` sets
up its own, and writes each letter to its own file with a plain open/write. Nothing
else: no journal, no duplicate or similarity checks, no atomic writes, no safe file
names, no JSON, no checks beyond building the context.

    python bench/floor_batch.py CASE SHEET [--out-dir DIR] [--date YYYY-MM-DD]

Without --out-dir it only renders (the render-only floor). A row without asks gets
the asks letterkit would choose for it (its own signer_seed and varied_asks), so
that both programs render the same letters.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

import jinja2

from letterkit.batch import signer_seed, varied_asks
from letterkit.cases import case_dirs, find_case, load_case
from letterkit.compose import make_draft, make_writer, parse_ask_numbers
from letterkit.layout import wrap
from letterkit.render import template_context

try:
    from letterkit.text import clause, sentence
except ImportError:  # letterkit before its letters were laid out in Python
    from letterkit.templates import clause, sentence  # type: ignore[attr-defined,no-redef]

FLOOR_TEMPLATE = Path(__file__).parent / "floor_message.txt.j2"


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(FLOOR_TEMPLATE.parent),
        bytecode_cache=jinja2.FileSystemBytecodeCache(),  # as letterkit: no compiling per run
        auto_reload=False,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["wrap"] = wrap
    env.filters["clause"] = clause
    env.filters["sentence"] = sentence
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("case")
    parser.add_argument("sheet")
    parser.add_argument("--out-dir", type=Path)
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date.today())
    args = parser.parse_args()
    case = load_case(find_case(args.case, case_dirs()))
    template = environment().get_template(FLOOR_TEMPLATE.name)
    written = 0
    with open(args.sheet, encoding="utf-8-sig", newline="") as sheet:
        for row, fields in enumerate(csv.DictReader(sheet), start=2):
            writer = make_writer(fields["name"], fields["about"], fields["place"])
            seed = signer_seed(writer.name, writer.about)
            asks = fields["asks"]
            numbers = parse_ask_numbers(asks) if asks else varied_asks(case, seed)
            draft = make_draft(case, writer, numbers, "letter", None, args.date, variant=seed)
            text = template.render(template_context(draft)).strip("\n") + "\n"
            if args.out_dir is not None:
                with open(args.out_dir / f"{row:06d}.txt", "w", encoding="utf-8") as out:
                    out.write(text)
            written += 1
    print(f"{written} letters", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
