"""Time `letterkit batch` as whole processes against the floors it cannot go below, and mailmerge.

For each size it writes a signers sheet (CSV, UTF-8, non-ASCII names, seeded) to a
temporary folder and runs, interleaved in the same run so that machine load hits
all alike:

- `letterkit batch CASE SHEET --channel letter --out-dir DIR --no-journal` against
  `floor_batch.py --out-dir DIR`, a bare loop rendering the same letter template
  and writing each letter with open/write (a fresh, empty DIR for each run);
- `letterkit batch ... --format jsonl --no-journal > /dev/null` against
  `floor_batch.py` without --out-dir (render only), and against
  `mailmerge --dry-run --no-limit --output-format raw > /dev/null` on the same rows
  (its own copy of the sheet, with an `email` column; its server is 127.0.0.1,
  never reached in a dry run).

Letters per second are rows divided by the whole process's wall time, start-up
included; peak memory is the child's own maximum resident set (os.wait4). With
--runs N each figure is the best of N. mailmerge is the project's `bench` extra:
taken from beside this Python if installed there (`pip install -e '.[bench]'`),
else installed once into bench/out/mailmerge-venv (git-ignored).

    python bench/batch.py [--sizes 1000,10000,100000] [--runs 1] [--keep]
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import shutil
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

# Names as sign-up sheets have them, in three scripts; a number keeps them apart.
NAMES = [
    (["Мария", "Анна", "Ольга", "Елена", "Наталья"], ["Иванова", "Смирнова", "Кузнецова"]),
    (["Дмитрий", "Алексей", "Сергей", "Иван"], ["Иванов", "Петров", "Соколов", "Попов"]),
    (["Ζωή", "Ελένη", "Μαρία", "Κατερίνα"], ["Παπαδοπούλου", "Γεωργίου", "Οικονόμου"]),
    (["Γιώργος", "Νίκος", "Δημήτρης", "Κώστας"], ["Παπαδόπουλος", "Γεωργίου", "Νικολάου"]),
    (
        ["Zoë", "Renée", "José", "François", "Łukasz", "Søren", "Ángela", "Jürgen", "Çağla"],
        ["Ünïcödé", "Müller", "Núñez", "Ødegård", "Brontë", "Šimková", "Wójcik", "Lefèvre"],
    ),
    (["Maria", "John", "Aisha", "Wei", "Priya", "Kofi"], ["Example", "Smith", "Okafor", "Chen"]),
]
PLACES = [
    "Ottawa, Canada",
    "Montréal, Québec, Canada",
    "Zürich, Switzerland",
    "Kraków, Poland",
    "Thessaloniki, Greece",
    "Санкт-Петербург, Россия",
    "Αθήνα, Ελλάδα",
    "São Paulo, Brazil",
    "Malmö, Sweden",
    "Nairobi, Kenya",
    "",
]
JOBS = [
    "nurse",
    "teacher",
    "student of law",
    "retired engineer",
    "librarian",
    "bus driver",
    "software developer",
    "social worker",
    "pharmacist",
    "farmer",
    "musician",
    "parent of two",
    "doctor",
    "journalist",
]
TOWNS = ["Ottawa", "Montréal", "Zürich", "Kraków", "Thessaloniki", "Malmö", "São Paulo", "Nairobi"]
BELIEFS = [
    "I care for people whatever their sexual orientation",
    "I believe no one should be detained for who they love",
    "I have friends who fear for their safety because of who they are",
    "I teach that human rights belong to everyone, without exception",
    "I have written letters for people at risk for ten years",
    "I stand with LGBTI people in Chechnya and everywhere",
    "I cannot stay silent while people are tortured for who they are",
    "I know how much a letter from a stranger can mean to a family",
    "I see every day what fear does to people and their families",
    "I was shocked to read that the 2017 abductions went unpunished",
    "I want the families of the disappeared to get answers",
    "I believe that justice delayed is justice denied",
]
ABOUTS = [
    "As a {job} in {town}, {belief}.",
    "I am a {job} from {town}, and {belief}.",
    "{belief} — and as a {job} in {town} I will keep writing.",
]


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


def write_sheets(rows: int, folder: Path) -> tuple[Path, Path]:
    """The signers sheet and mailmerge's copy of it (with an email column), seeded by size."""
    chooser = random.Random(rows)
    sheet, peer = folder / f"signers-{rows}.csv", folder / f"mailmerge-{rows}.csv"
    seen: set[tuple[str, str]] = set()
    with (
        sheet.open("w", encoding="utf-8", newline="") as ours,
        peer.open("w", encoding="utf-8", newline="") as theirs,
    ):
        out, out_peer = csv.writer(ours), csv.writer(theirs)
        out.writerow(["name", "about", "place", "asks"])
        out_peer.writerow(["name", "about", "place", "asks", "email"])
        for row in range(rows):
            while True:
                firsts, lasts = chooser.choice(NAMES)
                name = f"{chooser.choice(firsts)} {chooser.choice(lasts)} {chooser.randint(1, 999)}"
                about = chooser.choice(ABOUTS).format(
                    job=chooser.choice(JOBS), town=chooser.choice(TOWNS), belief=chooser.choice(BELIEFS)
                )
                if (name.casefold(), about.casefold()) not in seen:
                    seen.add((name.casefold(), about.casefold()))
                    break
            asks = ""
            if chooser.random() < 0.8:  # the others leave it to letterkit
                numbers = chooser.sample(range(1, 5), chooser.randint(2, 3))
                asks = chooser.choice([" ", ";", ",", "; "]).join(map(str, numbers))
            place = chooser.choice(PLACES)
            out.writerow([name, about, place, asks])
            out_peer.writerow([name, about, place, asks, f"signer{row + 1}@example.org"])
    return sheet, peer


def write_mailmerge_inputs(folder: Path) -> tuple[Path, Path]:
    """A mailmerge template whose body is the case's letter, and a server config."""
    from letterkit.cases import case_dirs, find_case, load_case
    from letterkit.compose import make_draft, make_writer, parse_date
    from letterkit.render import render

    case = load_case(find_case(CASE, case_dirs()))
    writer = make_writer("{{name}}", "{{about}}", "{{place}}")
    draft = make_draft(case, writer, [1, 3], "letter", None, parse_date(DATE))
    body = render(draft).text.replace("{{about}}.", "{{about}}")
    template = folder / "mailmerge_template.txt"
    template.write_text(
        "TO: president@example.org\n"
        f"SUBJECT: Re: {case.title}\n"
        "FROM: {{email}}\n"
        "\n"
        f"{body}",
        encoding="utf-8",
    )
    config = folder / "mailmerge_server.conf"
    config.write_text("[smtp_server]\nhost = 127.0.0.1\nport = 25\nratelimit = 0\n")
    return template, config


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
    """Run *command* to the end; its wall time and its own peak resident memory."""
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
    return Run(seconds, usage.ru_maxrss)  # KiB on Linux


def best(runs: list[Run]) -> Best:
    return Best(min(one.seconds for one in runs), min(one.rss_kib for one in runs) / 1024)


def same_letters(ours: Path, floor: Path, rows: int) -> str | None:
    """Why the letters letterkit wrote differ from the floor's, or None."""
    written = sorted(entry.name for entry in os.scandir(ours) if entry.name.endswith(".txt"))
    if len(written) != rows:
        return f"letterkit wrote {len(written)} letters for {rows} rows"
    for name in written:
        other = floor / f"{name[:6]}.txt"
        if (ours / name).read_bytes() != other.read_bytes():
            return f"{name} differs from the floor's {other.name}"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    options = parser.parse_args()
    sizes = [int(size.replace("_", "")) for size in options.sizes.split(",")]
    peer = mailmerge()
    work = Path(tempfile.mkdtemp(prefix="letterkit-bench-", dir="/tmp"))
    try:
        return measure(sizes, options.runs, peer, work)
    finally:
        if options.keep:
            print(f"\nkept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def measure(sizes: list[int], runs: int, peer: str, work: Path) -> int:
    template, config = write_mailmerge_inputs(work)
    sheets = {rows: write_sheets(rows, work) for rows in sizes}

    def commands(rows: int) -> dict[str, list[str]]:
        sheet, peer_sheet = sheets[rows]
        batch = [LETTERKIT, "batch", CASE, str(sheet), "--channel", "letter", "--date", DATE]
        return {
            "floor files": [*FLOOR, CASE, str(sheet), "--date", DATE, "--out-dir", "OUT"],
            "files": [*batch, "--out-dir", "OUT", "--no-journal"],
            "floor render": [*FLOOR, CASE, str(sheet), "--date", DATE],
            "jsonl": [*batch, "--format", "jsonl", "--no-journal"],
            "mailmerge": [
                peer,
                "--dry-run",
                "--no-limit",
                "--output-format",
                "raw",
                "--template",
                str(template),
                "--database",
                str(peer_sheet),
                "--config",
                str(config),
            ],
        }

    def once(name: str, command: list[str]) -> Run:
        if "OUT" not in command:
            return run(command, work)
        out_dir = work / name.replace(" ", "-")
        try:
            return run([str(out_dir) if part == "OUT" else part for part in command], work, out_dir)
        finally:
            if name != "files" and name != "floor files":
                shutil.rmtree(out_dir, ignore_errors=True)

    # Warm the file cache, .pyc files and the template bytecode cache.
    for name, command in commands(sizes[0]).items():
        once(name, command)
        shutil.rmtree(work / name.replace(" ", "-"), ignore_errors=True)

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
            shutil.rmtree(work / "files", ignore_errors=True)
            shutil.rmtree(work / "floor-files", ignore_errors=True)
        figures[rows] = {name: best(each) for name, each in taken.items()}

    print(
        f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; whole processes, best of {runs}; "
        f"letters/s = rows / wall time, start-up included"
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
        ]:
            ours, theirs = each[mode], each[against]
            ratio = ours.rate(rows) / theirs.rate(rows)
            failed |= ratio < target
            print(
                f"| {mode} | {rows:,} | {ours.seconds:.2f} | {ours.rate(rows):,.0f} | "
                f"{ours.rss_mib:.1f} | {label} | {theirs.rate(rows):,.0f} | "
                f"{theirs.rss_mib:.1f} | {ratio:.2f}x | ≥ {target}x |"
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
