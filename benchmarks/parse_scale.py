"""Parse every text of ../shared/corpus/scale and report throughput and every failure.

Usage: python benchmarks/parse_scale.py [CORPUS_DIR]

Prints texts/s, articles/s and characters/s, then one line per text that failed (ParseError) or produced
error-level problems, as ``file:line: reason``. The baseline measured in the same run is the time to read and
normalise the same files (the floor any parser pays), so the ratio says what parsing itself costs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.errors import PufaError  # noqa: E402
from generator.normalize import read_source  # noqa: E402
from generator.parse import parse  # noqa: E402


def main(argv: list[str]) -> int:
    corpus = Path(argv[0]) if argv else ROOT.parent / "shared" / "corpus" / "scale"
    if not corpus.is_dir():
        print(f"skipped: corpus not found at {corpus} (needs ../shared/corpus/scale)")
        return 0
    files = sorted(corpus.rglob("*.md"))
    started = time.perf_counter()
    sources = [read_source(path) for path in files]
    read_seconds = time.perf_counter() - started

    failures: list[str] = []
    articles = characters = 0
    started = time.perf_counter()
    for source in sources:
        characters += len(source.text)
        try:
            result = parse(source.text, path=str(Path(source.path).relative_to(corpus)))
        except PufaError as error:
            failures.append(str(error))
            continue
        articles += sum(1 for _ in result.regulation.articles())
        failures.extend(str(problem) for problem in result.errors)
    parse_seconds = time.perf_counter() - started

    failed_texts = len({line.split(":", 1)[0] for line in failures})
    print(f"texts: {len(files)}  articles: {articles}  characters: {characters:,}")
    print(f"read+normalise (baseline): {read_seconds:.2f} s")
    print(f"parse: {parse_seconds:.2f} s  = {parse_seconds / read_seconds:.2f}x baseline")
    print(f"throughput: {len(files) / parse_seconds:,.0f} texts/s, {articles / parse_seconds:,.0f} articles/s, "
          f"{characters / parse_seconds / 1e6:.1f} M chars/s")
    print(f"texts with failures: {failed_texts} of {len(files)}; failure lines: {len(failures)}")
    for line in failures:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
