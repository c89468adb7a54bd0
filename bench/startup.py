"""Time letterkit's commands as whole processes against the floors they cannot go below.

Each pair runs interleaved (floor, command, floor, command, ...) in the same run, so
both see the same machine load; the figure is the median wall time of each.

    python bench/startup.py [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
BIN = Path(sys.executable).parent
LETTERKIT = str(BIN / "letterkit")
PYTHON = sys.executable

COMPOSE = [
    LETTERKIT,
    "compose",
    "ua-2-19-russia",
    "--name",
    "Maria Example",
    "--place",
    "Ottawa",
    "--about",
    "I am a nurse.",
    "--ask",
    "1 3",
    "--channel",
    "letter",
]
TYPER_FLOOR = [PYTHON, str(HERE / "floor_typer.py")]
COMMAND_FLOOR = [PYTHON, str(HERE / "floor_command.py")]

PAIRS = [
    ("letterkit --version", [LETTERKIT, "--version"], "typer app", TYPER_FLOOR, 1.1),
    ("letterkit --help", [LETTERKIT, "--help"], "typer app --help", [*TYPER_FLOOR, "--help"], 1.1),
    ("letterkit list", [LETTERKIT, "list"], "command floor", COMMAND_FLOOR, 1.2),
    (
        "letterkit show ua-2-19-russia",
        [LETTERKIT, "show", "ua-2-19-russia"],
        "command floor",
        COMMAND_FLOOR,
        1.2,
    ),
    ("letterkit compose (scripted letter)", COMPOSE, "command floor", COMMAND_FLOOR, 1.2),
]


def wall_time(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    print(
        f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {runs} runs each, median wall time"
    )
    print("| command | ms | floor | ms | ratio | target |")
    print("|---|---:|---|---:|---:|---:|")
    failed = False
    for name, command, floor_name, floor, target in PAIRS:
        for _ in range(3):  # warm the file cache and .pyc files
            wall_time(floor), wall_time(command)
        ours, base = [], []
        for _ in range(runs):
            base.append(wall_time(floor))
            ours.append(wall_time(command))
        ratio = statistics.median(ours) / statistics.median(base)
        failed |= ratio > target
        print(
            f"| `{name}` | {statistics.median(ours) * 1000:.0f} | {floor_name} | "
            f"{statistics.median(base) * 1000:.0f} | {ratio:.2f}x | {target}x |"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
