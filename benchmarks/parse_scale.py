"""Read and parse every text of ../shared/corpus/scale as a 法规库 publishes it; report throughput, texts dropped
and every warning.

Usage: python benchmarks/parse_scale.py [CORPUS_DIR]

Texts are parsed tolerantly (generator.library.load_collection): every defect of a source is a warning with
``file:line`` and the text is published. The baseline measured in the same run is the time to read and
normalise the same files (the floor any parser pays), so the ratio says what parsing itself costs. The build's
parse cache is pointed at an empty temporary folder: what is timed is parsing, then (a second line) describing
the same texts from the cache that parse filled, as a rebuild does.
Targets (issue 11): 0 texts dropped, every warning listed, <= 10 s.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.library import library_files, load_collection  # noqa: E402
from generator.normalize import read_source  # noqa: E402


def main(argv: list[str]) -> int:
    corpus = Path(argv[0]) if argv else ROOT.parent / "shared" / "corpus" / "scale"
    if not corpus.is_dir():
        print(f"skipped: corpus not found at {corpus} (needs ../shared/corpus/scale)")
        return 0
    files = library_files(corpus)
    started = time.perf_counter()
    characters = sum(len(read_source(path).text) for path in files)
    read_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as cache:
        os.environ["XDG_CACHE_HOME"] = cache
        started = time.perf_counter()
        collection = load_collection(corpus)
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        load_collection(corpus)
        cached_seconds = time.perf_counter() - started

    articles = sum(text.article_count for text in collection.texts)
    problems = collection.problems
    dropped = len(files) - len(collection.texts)
    print(f"texts: {len(files)}  published: {len(collection.texts)}  dropped: {dropped}  articles: {articles}  "
          f"characters: {characters:,}")
    print(f"read+normalise (baseline): {read_seconds:.2f} s")
    print(f"read+parse, tolerant: {seconds:.2f} s  = {seconds / read_seconds:.2f}x baseline  (target <= 10 s)")
    print(f"described again from the parse cache (trees read only when needed): {cached_seconds:.2f} s")
    print(f"throughput: {len(files) / seconds:,.0f} texts/s, {articles / seconds:,.0f} articles/s, "
          f"{characters / seconds / 1e6:.1f} M chars/s")
    counts = Counter((problem.severity, problem.kind) for problem in problems)
    print(f"problems: {len(problems)} in {len({p.path for p in problems})} texts: "
          + ", ".join(f"{kind} {count} ({severity})" for (severity, kind), count in counts.most_common()))
    for problem in problems:
        print(f"  {problem.severity}: {problem}")
    return 1 if dropped else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
