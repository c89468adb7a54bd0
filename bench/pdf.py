"""Time `letterkit batch --format pdf` at 1,000 and 10,000 signers: one PDF, and one a signer.

Each size runs as a whole process (the sheets from make_sheets.py, in a process of
their own so that this one stays small), first `--combined FILE` (every letter in
one PDF, for the printer) and then `--out-dir DIR` (a PDF for each signer), one
after the other, best of `--runs`; the figures are letters a second and the
child's own peak resident memory. Targets: 10,000 one-page letters in one combined
PDF in under a minute on this machine, and a PDF a signer at no less than half the
letters a second of the combined PDF.

    python bench/pdf.py [--sizes 1000,10000] [--runs 2]
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
    parser.add_argument("--runs", type=int, default=2)
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",")]
    ram = Path("/dev/shm")
    work = Path(tempfile.mkdtemp(prefix="letterkit-pdf-", dir=ram if ram.is_dir() else None))
    subprocess.run(
        [sys.executable, str(HERE / "make_sheets.py"), str(work), *map(str, sizes)], check=True
    )
    print(f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"# files in {work.parent}")
    print("| rows | output | seconds | letters/s | peak RSS MiB | MB | per-signer / combined |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    missed = False
    for rows in sizes:
        batch = [LETTERKIT, "batch", "ua-2-19-russia", str(work / f"signers-{rows}.csv")]
        batch += ["--channel", "letter", "--format", "pdf", "--paper", "a4", "--no-journal"]
        combined, folder = work / f"letters-{rows}.pdf", work / f"letters-{rows}"
        results = {}
        for output, where in (
            ("combined", ["--combined", str(combined)]),
            ("per signer", ["--out-dir", str(folder)]),
        ):
            best = (float("inf"), 0.0)
            for _ in range(arguments.runs):
                subprocess.run(["rm", "-rf", str(combined), str(folder)], check=True)
                best = min(best, run([*batch, *where]))
            made = [combined] if output == "combined" else list(folder.iterdir())
            size = sum(path.stat().st_size for path in made) / 1e6
            results[output] = best[0]
            ratio = f"{results['combined'] / best[0]:.2f}x" if output == "per signer" else ""
            print(
                f"| {rows:,} | {output} | {best[0]:.1f} | {rows / best[0]:,.0f} | {best[1]:.1f} "
                f"| {size:.1f} | {ratio} |"
            )
        missed |= rows >= 10_000 and results["combined"] >= 60
        missed |= results["combined"] / results["per signer"] < 0.5
    subprocess.run(["rm", "-rf", str(work)], check=True)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
