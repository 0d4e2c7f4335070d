"""A time-boxed fuzz run over decode → parse → link → render, with the strategies of tests/generator/test_fuzz.py.

Usage (from the repository root, in the project's virtualenv)::

    python fuzz/fuzz_pipeline.py                 # 60 seconds
    python fuzz/fuzz_pipeline.py --seconds 600   # ten minutes

Hypothesis draws regulation-shaped texts, damages them, encodes them (UTF-8, UTF-8 with BOM, GB18030, UTF-16) or
throws in raw random bytes, and runs :func:`tests.helpers.run_pipeline` on each: ``generator.normalize.decode``,
``generator.parse.parse`` with its invariants, ``generator.link.find_references`` over every paragraph and item,
and ``generator.render.Renderer`` over a project built from the tree. Only ReadError and ParseError are expected;
anything else is a finding. Each finding is shrunk by Hypothesis and its input written to
``fuzz/regressions/<exception>-<hash>.txt`` (raw bytes), which tests/generator/test_fuzz.py replays. A finding with
the same signature (exception type and the innermost generator/ frame) as one already saved is not reported twice,
so a run keeps looking for new bugs after the first.

Exit status: 0 without new findings, 1 with.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, settings, strategies as st  # noqa: E402

from tests.helpers import fuzz_strategies, run_pipeline  # noqa: E402

REGRESSIONS = ROOT / "fuzz" / "regressions"
BATCH = 300
"""Examples per Hypothesis run; the clock is checked between runs."""


def signature(error: BaseException) -> str:
    """Exception type plus the innermost frame in pufa's own code that is not a shared utility (numerals.py): one
    bug, one signature, while a second caller of cn_to_int that crashes still counts as a new finding."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if ("/generator/" in frame.filename or "/search_index/" in frame.filename)
              and not frame.filename.endswith("numerals.py")]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].name}" if frames else "tests"
    return f"{type(error).__name__}@{where}"


def inputs():
    """Raw bytes to feed the pipeline: mostly encoded damaged regulations, some plain UTF-8, a few random bytes."""
    strategies = fuzz_strategies()
    return st.one_of(
        strategies["encoded"].map(lambda case: case[2]),
        strategies["damaged"].map(lambda text: text.encode("utf-8", "surrogatepass")),
        st.binary(max_size=400),
    )


class Run:
    def __init__(self, seconds: float, regressions: Path):
        self.deadline = time.monotonic() + seconds
        self.regressions = regressions
        self.outcomes: Counter[str] = Counter()
        self.known: set[str] = set()
        self.last_failure: tuple[bytes, BaseException] | None = None
        self.findings: list[tuple[str, Path, BaseException]] = []

    def learn_saved(self) -> None:
        """Signatures of the saved regressions that still fail, so they are not reported again."""
        for path in sorted(self.regressions.glob("*.txt")):
            try:
                run_pipeline(path.read_bytes())
            except Exception as error:  # noqa: BLE001
                self.known.add(signature(error))

    def check(self, raw: bytes) -> None:
        try:
            self.outcomes[run_pipeline(raw)] += 1
        except Exception as error:  # noqa: BLE001 — any exception is a finding
            if signature(error) in self.known:
                self.outcomes["known-bug"] += 1
                return
            self.last_failure = (raw, error)
            raise

    def batch(self, number: int) -> None:
        @settings(max_examples=BATCH, deadline=None, database=None, derandomize=False, report_multiple_bugs=False,
                  phases=[Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck))
        @given(inputs())
        def fuzz(raw):
            self.check(raw)

        self.last_failure = None
        try:
            fuzz()
        except Exception:  # noqa: BLE001 — Hypothesis re-raises the shrunk failure; we saved its input
            if self.last_failure is None:
                raise
            raw, error = self.last_failure
            self.save(raw, error)

    def save(self, raw: bytes, error: BaseException) -> None:
        key = signature(error)
        self.known.add(key)
        self.regressions.mkdir(parents=True, exist_ok=True)
        name = f"{type(error).__name__.lower()}-{hashlib.sha256(raw).hexdigest()[:8]}.txt"
        path = self.regressions / name
        path.write_bytes(raw)
        self.findings.append((key, path, error))
        print(f"FINDING {key}: {type(error).__name__}: {error}\n  shrunk input ({len(raw)} bytes) → "
              f"{path.relative_to(ROOT)}: {raw!r}", flush=True)

    def run(self) -> int:
        self.learn_saved()
        number = 0
        started = time.monotonic()
        while time.monotonic() < self.deadline:
            number += 1
            self.batch(number)
            print(f"[{time.monotonic() - started:6.0f} s] {sum(self.outcomes.values())} examples: "
                  f"{dict(self.outcomes)}", flush=True)
        total = sum(self.outcomes.values())
        print(f"\n{total} examples in {time.monotonic() - started:.0f} s ({dict(self.outcomes)}); "
              f"{len(self.findings)} new finding(s); {len(self.known)} known signature(s): {sorted(self.known)}")
        for key, path, error in self.findings:
            print(f"  {key}: {error} → {path.relative_to(ROOT)}")
        return 1 if self.findings else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="How long to fuzz (default 60).")
    parser.add_argument("--regressions", type=Path, default=REGRESSIONS,
                        help="Where shrunk crash inputs are written (default fuzz/regressions/).")
    args = parser.parse_args(argv)
    return Run(args.seconds, args.regressions).run()


if __name__ == "__main__":
    sys.exit(main())
