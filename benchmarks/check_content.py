"""How long ``pufa check`` takes on the shipped content pack, against the bare interpreter start in the same run.

Usage: python benchmarks/check_content.py [--runs N]

``pufa check`` should be fast enough to run on every save. The baseline is ``python -c pass`` plus importing
MkDocs' config loader (what any MkDocs-based tool pays before doing anything), so the ratio shows pufa's own cost.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "official" / "xinfang-gongzuo-tiaoli-2022.txt"


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    baseline_cmd = [sys.executable, "-c", "import mkdocs.config"]
    check_cmd = [sys.executable, "-m", "generator", "check"]
    if CORPUS.is_file():
        check_cmd += ["--source", f"xinfang-gongzuo-tiaoli={CORPUS}"]
    baseline, check = [], []
    for _ in range(runs):
        baseline.append(timed(baseline_cmd))
        check.append(timed(check_cmd))
    b, c = statistics.median(baseline), statistics.median(check)
    print(f"python + import mkdocs.config (baseline): {b:.3f} s")
    print(f"pufa check (shipped pack{', with official text' if CORPUS.is_file() else ''}): {c:.3f} s = {c / b:.2f}x baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
