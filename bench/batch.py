"""Time `letterkit batch` as whole processes against the floors it cannot go below, and mailmerge.

For each size it writes a signers sheet (CSV, UTF-8, non-ASCII names, seeded) to a
temporary folder and runs, interleaved in the same run so that machine load hits
all alike:

- `letterkit batch CASE SHEET --channel letter --out-dir DIR` with its defaults (the
  journal on: a fresh journal file beside the sheet for each run) against
  `floor_batch.py --out-dir DIR`, a bare loop rendering the same letters from a
  Jinja2 template (`floor_message.txt.j2`, letterkit's own template until its letters
  were laid out in Python) and writing each letter with open/write (a fresh, empty DIR
  for each run);
- `letterkit batch ... --format jsonl > /dev/null`, the journal on likewise, against
  `floor_batch.py` without --out-dir (render only), and against
  `mailmerge --dry-run --no-limit > /dev/null` with its default text output, on the
  same rows (its own copy of the sheet, with an `email` column; its server is
  127.0.0.1, never reached in a dry run);
- both letterkit commands again with `--no-journal`, to show what the journal costs.

Letters per second are rows divided by the whole process's wall time, start-up
included; peak memory is the child's own maximum resident set (os.wait4). With
--runs N each figure is the best of N. mailmerge is the project's `bench` extra:
taken from beside this Python if installed there (`pip install -e '.[bench]'`),
else installed once into bench/out/mailmerge-venv (git-ignored).

    python bench/batch.py [--sizes 1000,10000,100000] [--runs 1] [--keep] [--tmp /tmp]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "out"
BIN = Path(sys.executable).parent
LETTERKIT = str(BIN / "letterkit")
PYTHON = sys.executable
FLOOR = [PYTHON, str(HERE / "floor_batch.py")]
MAKE_SHEETS = [PYTHON, str(HERE / "make_sheets.py")]
CASE = "ua-2-19-russia"
DATE = "2026-11-25"
ENV = {**os.environ, "NO_COLOR": "1"}

FILES_TARGET = 0.6
"""letterkit writing files, against the render+write floor: at least this ratio."""
JSONL_TARGET = 0.5
"""letterkit writing JSON Lines, against the render-only floor."""
MAILMERGE_TARGET = 4.0
"""letterkit writing JSON Lines, against mailmerge's dry run."""
MEMORY_TARGET = 1.2
"""Peak memory at the largest size over that at the smallest: at most this."""


@dataclass(frozen=True)
class Run:
    seconds: float
    rss_kib: int


@dataclass(frozen=True)
class Best:
    seconds: float
    rss_mib: float

    def rate(self, rows: int) -> float:
        return rows / self.seconds


def mailmerge() -> str:
    """mailmerge from beside this Python, or from a venv of its own under bench/out/."""
    beside = BIN / "mailmerge"
    if beside.exists():
        return str(beside)
    venv = OUT / "mailmerge-venv"
    program = venv / "bin" / "mailmerge"
    if not program.exists():
        with (HERE.parent / "pyproject.toml").open("rb") as project:
            wanted = tomllib.load(project)["project"]["optional-dependencies"]["bench"]
        print(f"installing {' '.join(wanted)} into {venv}", file=sys.stderr)
        subprocess.run([PYTHON, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "--quiet", *wanted],
            check=True,
            stderr=subprocess.DEVNULL,
        )
    return str(program)


def run(command: list[str], workdir: Path, out_dir: Path | None = None) -> Run:
    """Run *command* to the end; its wall time and its peak resident memory.

    Why this process must stay small: the child's ru_maxrss from os.wait4 is at least
    this process's own peak, since the child is this process until it runs its
    program (vfork or fork, then exec). So nothing here imports letterkit or holds a
    sheet; main() prints this process's peak so that it can be checked.
    """
    if out_dir is not None:
        out_dir.mkdir()
    with tempfile.TemporaryFile(dir=workdir) as errors:
        started = time.perf_counter()
        child = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env=ENV,
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace").strip()
            raise SystemExit(f"{' '.join(command)}: exit {child.returncode}\n{message}")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if usage.ru_maxrss <= own:
        print(f"warning: {command[0]}: its peak memory may be this process's", file=sys.stderr)
    return Run(seconds, usage.ru_maxrss)  # KiB on Linux


def remove(*folders: Path) -> None:
    """Remove folders in another process: shutil.rmtree lists a folder whole (see run())."""
    subprocess.run(["rm", "-rf", "--", *map(str, folders)], check=True)


def best(runs: list[Run]) -> Best:
    return Best(min(one.seconds for one in runs), min(one.rss_kib for one in runs) / 1024)


def same_letters(ours: Path, floor: Path, rows: int) -> str | None:
    """Why the letters letterkit wrote differ from the floor's, or None (streamed: see run())."""
    written = 0
    with os.scandir(ours) as entries:
        for entry in entries:
            if not entry.name.endswith(".txt"):
                continue
            written += 1
            other = floor / f"{entry.name[:6]}.txt"
            if Path(entry.path).read_bytes() != other.read_bytes():
                return f"{entry.name} differs from the floor's {other.name}"
    if written != rows:
        return f"letterkit wrote {written} letters for {rows} rows"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--tmp", default="/tmp", help="where the temporary folder goes (e.g. /dev/shm: no disk)"
    )
    options = parser.parse_args()
    sizes = [int(size.replace("_", "")) for size in options.sizes.split(",")]
    peer = mailmerge()
    work = Path(tempfile.mkdtemp(prefix="letterkit-bench-", dir=options.tmp))
    try:
        return measure(sizes, options.runs, peer, work)
    finally:
        if options.keep:
            print(f"\nkept {work}", file=sys.stderr)
        else:
            remove(work)


def measure(sizes: list[int], runs: int, peer: str, work: Path) -> int:
    # In a process of its own: this one must stay small (see run()).
    subprocess.run([*MAKE_SHEETS, str(work), *map(str, sizes)], check=True, env=ENV)
    template, config = work / "mailmerge_template.txt", work / "mailmerge_server.conf"
    sheets = {
        rows: (work / f"signers-{rows}.csv", work / f"mailmerge-{rows}.csv") for rows in sizes
    }

    def commands(rows: int) -> dict[str, list[str]]:
        sheet, peer_sheet = sheets[rows]
        batch = [LETTERKIT, "batch", CASE, str(sheet), "--channel", "letter", "--date", DATE]
        return {
            "floor files": [*FLOOR, CASE, str(sheet), "--date", DATE, "--out-dir", "OUT"],
            "files": [*batch, "--out-dir", "OUT", "--journal", "JOURNAL"],
            "files, no journal": [*batch, "--out-dir", "OUT", "--no-journal"],
            "floor render": [*FLOOR, CASE, str(sheet), "--date", DATE],
            "jsonl": [*batch, "--format", "jsonl", "--journal", "JOURNAL"],
            "jsonl, no journal": [*batch, "--format", "jsonl", "--no-journal"],
            "mailmerge": [
                peer,
                "--dry-run",
                "--no-limit",
                "--template",
                str(template),
                "--database",
                str(peer_sheet),
                "--config",
                str(config),
            ],
        }

    def once(name: str, command: list[str]) -> Run:
        """Run one command; a fresh, empty folder stands for OUT (kept for the check), a
        journal that does not exist yet for JOURNAL."""
        journal = work / "journal.sqlite3"
        remove(journal, journal.with_name(journal.name + "-journal"))
        command = [str(journal) if part == "JOURNAL" else part for part in command]
        if "OUT" not in command:
            return run(command, work)
        out_dir = work / name.replace(" ", "-").replace(",", "")
        return run([str(out_dir) if part == "OUT" else part for part in command], work, out_dir)

    # Warm the file cache, .pyc files and the template bytecode cache.
    for name, command in commands(sizes[0]).items():
        once(name, command)
        remove(work / name.replace(" ", "-").replace(",", ""))

    figures: dict[int, dict[str, Best]] = {}
    problems = []
    for rows in sizes:
        taken: dict[str, list[Run]] = {}
        for attempt in range(runs):
            for name, command in commands(rows).items():
                taken.setdefault(name, []).append(once(name, command))
            if attempt == 0:
                why = same_letters(work / "files", work / "floor-files", rows)
                if why is not None:
                    problems.append(f"{rows:,} rows: {why}")
            remove(work / "files", work / "files-no-journal", work / "floor-files")
        figures[rows] = {name: best(each) for name, each in taken.items()}

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; whole processes, best of {runs}; "
        f"letters/s = rows / wall time, start-up included; "
        f"the measuring process peaked at {own:.1f} MiB; files in {work.parent}"
    )
    print(
        "| mode | rows | letterkit s | letters/s | peak RSS MiB | against | letters/s "
        "| peak RSS MiB | ratio | target |"
    )
    print("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|")
    failed = False
    for rows, each in figures.items():
        for mode, against, label, target in [
            ("files", "floor files", "render+write floor", FILES_TARGET),
            ("jsonl", "floor render", "render-only floor", JSONL_TARGET),
            ("jsonl", "mailmerge", "mailmerge --dry-run", MAILMERGE_TARGET),
            ("files, no journal", "floor files", "render+write floor", None),
            ("jsonl, no journal", "floor render", "render-only floor", None),
        ]:
            ours, theirs = each[mode], each[against]
            ratio = ours.rate(rows) / theirs.rate(rows)
            failed |= target is not None and ratio < target
            print(
                f"| {mode} | {rows:,} | {ours.seconds:.2f} | {ours.rate(rows):,.0f} | "
                f"{ours.rss_mib:.1f} | {label} | {theirs.rate(rows):,.0f} | "
                f"{theirs.rss_mib:.1f} | {ratio:.2f}x | {f'≥ {target}x' if target else ''} |"
            )
    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        for mode in ("files", "jsonl"):
            low, high = figures[small][mode].rss_mib, figures[large][mode].rss_mib
            ratio = high / low
            failed |= ratio > MEMORY_TARGET
            print(
                f"\nPeak memory, letterkit {mode}: {high:.1f} MiB at {large:,} rows, "
                f"{low:.1f} MiB at {small:,}: {ratio:.2f}x (target ≤ {MEMORY_TARGET}x)"
            )
    for problem in problems:
        print(f"\nwarning: letterkit's letters differ from the floor's: {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
