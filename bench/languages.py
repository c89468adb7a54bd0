"""Time letters in French against the same letters in English, as whole batches and in process.

French letters come from the frame's catalogue (elision, the closing that repeats
the form of address, Babel's dates); English ones need no catalogue at all. Both
runs use the bundled case, the same signers (names, places and asks) with their
sentences in the letter's language, and are interleaved so that machine load hits
both alike:

- whole processes: `letterkit batch ua-2-19-russia SHEET --channel letter --format
  jsonl --no-journal --language LANG > /dev/null`; the figure is the best wall time
  of --runs;
- in process: `render(make_draft(...))` for --letters letters in each language, best
  of five; the figure is microseconds a letter.

Target: French within 1.1x English.

    python bench/languages.py [--rows 10000] [--runs 3] [--letters 5000]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
CASE = "ua-2-19-russia"
TARGET = 1.1
SENTENCES = {
    "en": ["I am a {job} in {town}", "As a {job} in {town}, I care about justice"],
    "fr": ["Je travaille comme {job} à {town}", "Depuis {town}, je suis {job} et je m'engage"],
}
JOBS = {
    "en": ["nurse", "teacher", "librarian", "bus driver", "pharmacist", "doctor"],
    "fr": ["infirmière", "enseignant", "bibliothécaire", "chauffeur", "pharmacienne", "médecin"],
}
TOWNS = ["Ottawa", "Montréal", "Lyon", "Genève", "Bruxelles", "Québec"]


def write_sheet(path: Path, language: str, rows: int) -> None:
    """*rows* signers whose sentences are in *language*; the same seed gives the same rows."""
    chance = random.Random(2026)
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["name", "about", "place", "asks"])
        for number in range(rows):
            job, town = chance.randrange(6), chance.choice(TOWNS)
            sentence = chance.choice(SENTENCES[language]).format(job=JOBS[language][job], town=town)
            asks = " ".join(map(str, chance.sample(range(1, 5), chance.choice((2, 3)))))
            writer.writerow([f"Signer {number}", f"{sentence} ({number}).", town, asks])


def time_batch(sheet: Path, language: str) -> float:
    """Seconds for one whole `letterkit batch` of *sheet* in *language*."""
    command = [str(BIN / "letterkit"), "batch", CASE, str(sheet), "--channel", "letter"]
    command += ["--format", "jsonl", "--no-journal", "--language", language]
    started = time.perf_counter()
    subprocess.run(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        env={**os.environ},
    )
    return time.perf_counter() - started


def time_renders(language: str, letters: int) -> float:
    """Microseconds to render one letter in *language*, best of five rounds."""
    from letterkit.cases import BUNDLED_CASES, load_case
    from letterkit.compose import make_draft, make_writer
    from letterkit.render import render

    case = load_case(BUNDLED_CASES / f"{CASE}.yaml")
    about = SENTENCES[language][0].format(job=JOBS[language][0], town="Lyon")
    drafts = [
        make_draft(
            case,
            make_writer(f"Signer {number}", f"{about} ({number})", "Lyon"),
            [1, 2, 4],
            "letter",
            "putin",
            dt.date(2026, 11, 25),
            number,
            language=language,
        )
        for number in range(letters)
    ]
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        for draft in drafts:
            render(draft)
        best = min(best, time.perf_counter() - started)
    return best / letters * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--letters", type=int, default=5_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        sheets = {language: Path(folder) / f"{language}.csv" for language in SENTENCES}
        for language, sheet in sheets.items():
            write_sheet(sheet, language, options.rows)
        for language, sheet in sheets.items():  # warm-up: bytecode caches, disk
            time_batch(sheet, language)
        times: dict[str, list[float]] = {language: [] for language in sheets}
        for _ in range(options.runs):
            for language, sheet in sheets.items():
                times[language].append(time_batch(sheet, language))
    renders = {language: time_renders(language, options.letters) for language in SENTENCES}
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; {dt.date.today()}"
    )
    print(f"| letters in | batch of {options.rows:,}: s | letters/s | render: µs a letter |")
    print("|---|---:|---:|---:|")
    for language in sheets:
        best = min(times[language])
        print(f"| {language} | {best:.2f} | {options.rows / best:,.0f} | {renders[language]:.1f} |")
    batch_ratio = min(times["fr"]) / min(times["en"])
    render_ratio = renders["fr"] / renders["en"]
    print(
        f"French over English: batch {batch_ratio:.2f}x, render {render_ratio:.2f}x "
        f"(target ≤ {TARGET}x)"
    )


if __name__ == "__main__":
    main()
