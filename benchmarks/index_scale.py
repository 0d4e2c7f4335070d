"""Whoosh at national scale: index every article of ../shared/corpus/scale as ``pufa index --library`` does, then
query it with snippets.

Usage: python benchmarks/index_scale.py [CORPUS_DIR] [--baseline]

Prints the index build time (after the parse, which is reported on its own), the index size, and query latency
p50/p95 **with snippets** (``Searcher.search`` always makes them) for the judged queries of the campaign's query
sets and for 1,000 queries sampled (fixed seed) from the texts' titles. ``--baseline`` also indexes the same
documents with plain Whoosh + jieba (the default analyzer of the Whoosh/jieba recipe, one TEXT field, no
parallelism) in the same run, for the ratio. Targets (issue 11): index <= 45 s, p95 <= 15 ms.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "scale"
QUERY_FILES = [ROOT.parent / "shared" / "search" / "queries_dev.json", ROOT / "benchmarks" / "queries" / "unseen.json"]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def latencies(index: Path, queries: list[str]) -> list[float]:
    from search_index.engine import Searcher

    measured = []
    with Searcher(index) as searcher:
        searcher.search("信访")  # open the segments and read the vocabulary once, as a long-running server would
        for query in queries:
            started = time.perf_counter()
            searcher.search(query, limit=10)
            measured.append((time.perf_counter() - started) * 1000)
    return measured


def baseline_seconds(documents, folder: Path) -> float:
    """Plain Whoosh + jieba (search-mode tokens as they come, benchmarks/search_quality.py's baseline): title,
    headings and text of every document in one stored field, one writer."""
    from whoosh import index
    from whoosh.fields import ID, TEXT, Schema

    from benchmarks.search_quality import JiebaTokenizer

    schema = Schema(id=ID(stored=True, unique=True), body=TEXT(analyzer=JiebaTokenizer(), stored=True))
    started = time.perf_counter()
    writer = index.create_in(str(folder), schema).writer(limitmb=256)
    for doc in documents:
        writer.add_document(id=doc.id, body=f"{doc.title}\n{doc.context}\n{doc.body}")
    writer.commit()
    return time.perf_counter() - started


def main(argv: list[str]) -> int:
    args = [arg for arg in argv if not arg.startswith("--")]
    corpus = Path(args[0]) if args else CORPUS
    if not corpus.is_dir():
        print(f"skipped: corpus not found at {corpus} (needs ../shared/corpus/scale)")
        return 0
    from generator.library import load_collection
    from search_index.documents import library_documents, library_labels
    from search_index.engine import build_index

    started = time.perf_counter()
    collection = load_collection(corpus)
    documents = library_documents(collection)
    parsed = time.perf_counter() - started
    judged = [entry["q"] for path in QUERY_FILES if path.is_file()
              for entry in json.loads(path.read_text(encoding="utf-8"))]
    sampler = random.Random(11)
    titles = [sampler.choice(collection.texts).title.removeprefix("中华人民共和国") for _ in range(1000)]
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        path = build_index(documents, Path(tmp) / "index", regulations=library_labels(collection))
        built = time.perf_counter() - started
        size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        judged_ms = latencies(Path(tmp) / "index", judged)
        title_ms = latencies(Path(tmp) / "index", titles)
        base = None
        if "--baseline" in argv:
            (Path(tmp) / "baseline").mkdir()
            base = baseline_seconds(documents, Path(tmp) / "baseline")
    print(f"corpus: {len(collection.texts)} texts, {len(documents)} documents; parse {parsed:.1f} s")
    print(f"index build: {built:.1f} s (target <= 45 s), size {size / 1e6:.0f} MB"
          + (f"; plain Whoosh+jieba baseline {base:.1f} s = {built / base:.2f}x baseline" if base else ""))
    for name, measured in (("judged queries", judged_ms), ("1,000 title queries", title_ms)):
        print(f"{name} ({len(measured)}), snippets included: p50 {statistics.median(measured):.1f} ms, "
              f"p95 {percentile(measured, 95):.1f} ms (target <= 15 ms), max {max(measured):.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
