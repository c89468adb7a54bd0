"""Time `letterkit batch --format pdf --combined` at 1,000 and 10,000 signers, with peak memory.

Each size runs as a whole process (the sheets from make_sheets.py, in a process of
their own so that this one stays small); the figure is letters a second and the
child's own peak resident memory. Target: 10,000 one-page letters in one combined
PDF in under a minute on this machine.

    python bench/pdf.py [--sizes 1000,10000]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
LETTERKIT = str(Path(sys.executable).parent / "letterkit")


def run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and the child's peak memory in MiB."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if status:
        raise SystemExit(f"failed: {' '.join(command)}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="letterkit-pdf-"))
    subprocess.run(
        [sys.executable, str(HERE / "make_sheets.py"), str(work), *map(str, sizes)], check=True
    )
    print(f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("| rows | seconds | letters/s | peak RSS MiB | PDF MB |")
    print("|---:|---:|---:|---:|---:|")
    missed = False
    for rows in sizes:
        combined = work / f"letters-{rows}.pdf"
        seconds, peak = run(
            [
                LETTERKIT,
                "batch",
                "ua-2-19-russia",
                str(work / f"signers-{rows}.csv"),
                "--channel",
                "letter",
                "--format",
                "pdf",
                "--combined",
                str(combined),
                "--paper",
                "a4",
                "--no-journal",
            ]
        )
        size = combined.stat().st_size / 1e6
        print(f"| {rows:,} | {seconds:.1f} | {rows / seconds:,.0f} | {peak:.1f} | {size:.1f} |")
        missed |= rows >= 10_000 and seconds >= 60
    subprocess.run(["rm", "-rf", str(work)], check=True)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
