"""Search quality and speed, for both engines, against a plain Whoosh + jieba baseline — in one run.

Usage: python benchmarks/search_quality.py [--scale] [--no-browser]

Quality, over the article hits of 《信访工作条例》 (as ``--regulation xinfang-gongzuo-tiaoli``), on two judged sets:
the dev set ../shared/search/queries_dev.json (tuned on) and benchmarks/queries/unseen.json (107 queries written
from the official text alone by someone who never saw the code or the dev set; frozen, never tuned on). For each:
recall@5 and MRR@10 per query kind, and the share of number queries answered at rank 1, for
1. the baseline: Whoosh BM25F, jieba (rjieba) segmentation with no user words, no normalisation, no synonyms,
   articles only, OR over title/chapter/text — the strongest plain setup measured when the bar was set;
2. pufa's Whoosh engine (``pufa search``);
3. pufa's in-browser engine, driven by Playwright in Debian's chromium on the built site.
Speed: index build time and query latency p50/p95 of the Whoosh engine on the shipped site; the first-search
payload of the browser engine (gzip bytes of everything the search page loads); with --scale, index build time,
size and p95 on all of ../shared/corpus/scale.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from whoosh.analysis import Token, Tokenizer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
QUERY_SETS = {"dev": SHARED / "search" / "queries_dev.json",
              "unseen": ROOT / "benchmarks" / "queries" / "unseen.json"}
OFFICIAL = SHARED / "corpus" / "official"
SLUG = "xinfang-gongzuo-tiaoli"
SOURCES = {SLUG: OFFICIAL / "xinfang-gongzuo-tiaoli-2022.txt", "xinfang-tiaoli-2005": OFFICIAL / "xinfang-tiaoli-2005.txt",
           "zhejiang-xinfang-tiaoli": OFFICIAL / "zhejiang-xinfang-tiaoli-2016.txt"}


def metrics(queries, rankings) -> dict[str, tuple[float, float, int]]:
    """recall@5 and MRR@10 per kind (and 'all'), from the article numbers each engine returned; 'number@1' is the
    share of number queries whose first article is a relevant one."""
    by_kind: dict[str, list[int | None]] = {}
    for query, articles in zip(queries, rankings):
        rank = next((i + 1 for i, a in enumerate(articles[:10]) if a in query["relevant"]), None)
        by_kind.setdefault(query["kind"], []).append(rank)
    by_kind["all"] = [r for ranks in by_kind.values() for r in ranks]
    result = {kind: (sum(1 for r in ranks if r and r <= 5) / len(ranks), sum(1 / r for r in ranks if r) / len(ranks),
                     len(ranks)) for kind, ranks in by_kind.items()}
    numbers = by_kind.get("number", [])
    result["number@1"] = (sum(1 for r in numbers if r == 1) / len(numbers) if numbers else 0.0, 0.0, len(numbers))
    return result


def misses(queries, rankings) -> list[str]:
    """The queries whose relevant article is not in the first five article hits (for reading, not tuning)."""
    return [query["q"] for query, articles in zip(queries, rankings)
            if not any(a in query["relevant"] for a in articles[:5])]


def load_site():
    from generator.config import RegulationSpec
    from generator.content import Vocabulary, load_content
    from generator.project import load_project

    specs = [RegulationSpec(slug, path, slug, (), "现行有效", None) for slug, path in SOURCES.items()]
    project = load_project(specs)
    content = load_content(ROOT / "docs", project, Vocabulary(privacy_allow=frozenset({"12345", "12368"})), SLUG)
    return project, content


class JiebaTokenizer(Tokenizer):
    """jieba's search-mode tokens, as they come: the baseline's whole analysis."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, mode="", **kwargs):
        import rjieba

        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for position, (word, start, end) in enumerate(rjieba.tokenize(value, "search", True)):
            if not word.strip():
                continue
            token.text, token.boost, token.stopped = word, 1.0, False
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


def baseline_rankings(project, queries, workdir: Path):
    """Plain Whoosh + jieba: the reference point of the issue (no pufa analysis at all)."""
    from whoosh import index, scoring
    from whoosh.fields import ID, STORED, TEXT, Schema
    from whoosh.qparser import OrGroup, MultifieldParser

    analyzer = JiebaTokenizer()
    schema = Schema(id=ID(stored=True), article=STORED, title=TEXT(analyzer=analyzer),
                    chapter=TEXT(analyzer=analyzer), text=TEXT(analyzer=analyzer))
    path = workdir / "baseline"
    path.mkdir(parents=True)
    ix = index.create_in(str(path), schema)
    writer = ix.writer()
    regulation = project.get(SLUG).regulation
    for article in regulation.articles():
        chapter = " ".join(d.heading for d in regulation.ancestors(article))
        writer.add_document(id=article.slug, article=article.number, title=article.label, chapter=chapter,
                            text=article.text)
    writer.commit()
    parser = MultifieldParser(["title", "chapter", "text"], schema, group=OrGroup)
    rankings = []
    with ix.searcher(weighting=scoring.BM25F()) as searcher:
        for query in queries:
            rankings.append([hit["article"] for hit in searcher.search(parser.parse(query["q"]), limit=10)])
    return rankings


def whoosh_rankings(index_dir: Path, queries, repeat: int = 5):
    """Article rankings (top 30 hits, for the metrics) and latencies of ``pufa search``'s default top 10."""
    from search_index.engine import Searcher

    rankings, latencies = [], []
    with Searcher(index_dir) as searcher:
        for query in queries:
            rankings.append([h.article for h in searcher.search(query["q"], limit=30, regulation=SLUG)
                             if h.type == "article"])
        for _ in range(repeat):
            for query in queries:
                started = time.perf_counter()
                searcher.search(query["q"])
                latencies.append((time.perf_counter() - started) * 1000)
    return rankings, latencies


def build_site(workdir: Path) -> Path:
    project = workdir / "site-project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy(ROOT / "mkdocs.yml", project)
    args = [sys.executable, "-m", "generator", "build"]
    for slug, path in SOURCES.items():
        args += ["--source", f"{slug}={path}"]
    subprocess.run(args, cwd=project, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"})
    return project / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def browser_rankings(site: Path, queries):
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_address[1]}"
    loaded: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
            page = browser.new_page()
            page.on("requestfinished", lambda request: loaded.append(request.url))
            page.goto(f"{root}/sousuo/?q=%E5%A4%8D%E6%9F%A5", wait_until="networkidle")
            page.wait_for_selector("#pufa-results li")
            payload = sum(len(gzip.compress(_served_file(site, url[len(root):]).read_bytes()))
                          for url in loaded if url.startswith(root))
            requests = len(loaded)
            # The page fetched only the shards its query needed; ranking every query needs them all.
            page.evaluate("() => new Promise(resolve => window.pufaSearch.ready(resolve))")
            rankings = {name: page.evaluate("""([queries, slug]) => queries.map(q => window.pufaSearch.search(q, 60)
                .filter(h => h.type === 'article' && h.regulation === slug).map(h => h.article))""",
                                            [[q["q"] for q in queries[name]], SLUG]) for name in queries}
            browser.close()
    finally:
        server.shutdown()
    return rankings, payload, requests


def _served_file(site: Path, path: str) -> Path:
    path = path.split("?")[0].split("#")[0].lstrip("/")
    target = site / path
    return target / "index.html" if target.is_dir() else target


def scale_benchmark(workdir: Path, queries) -> None:
    from generator.config import RegulationSpec
    from generator.content import ContentPack
    from generator.project import load_project
    from search_index.documents import build_documents
    from search_index.engine import build_index

    corpus = SHARED / "corpus" / "scale"
    files = sorted(corpus.rglob("*.md"))
    specs = [RegulationSpec(f"law-{n}", path, path.stem, (), "现行有效", None) for n, path in enumerate(files)]
    started = time.perf_counter()
    from generator.errors import PufaError

    loadable = []
    for spec in specs:
        try:
            load_project([spec])
            loadable.append(spec)
        except PufaError:
            pass
    project = load_project(loadable)
    documents = build_documents(project, ContentPack())
    parsed = time.perf_counter() - started
    started = time.perf_counter()
    path = build_index(documents, workdir / "scale-index", (), dict(project.library.titles), None)
    built = time.perf_counter() - started
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    _, latencies = whoosh_rankings(workdir / "scale-index", queries, repeat=3)
    print(f"scale corpus: {len(files)} texts ({len(loadable)} with articles), {len(documents)} documents; "
          f"parse {parsed:.1f} s, index build {built:.1f} s, index size {size / 1e6:.1f} MB, "
          f"query p50 {statistics.median(latencies):.1f} ms, p95 {percentile(latencies, 95):.1f} ms")


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def print_table(title: str, rows):
    kinds = ["citizen", "cadre", "number", "mixed", "all"]
    print(f"\n{title}")
    print(f"{'engine':26}" + "".join(f"{k + ' R@5':>13}{'MRR':>6}" for k in kinds) + f"{'number@1':>10}")
    for name, result in rows:
        cells = "".join(f"{result[k][0]:>13.2f}{result[k][1]:>6.2f}" if k in result else f"{'-':>13}{'-':>6}"
                        for k in kinds)
        print(f"{name:26}{cells}{result['number@1'][0]:>10.2f}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", action="store_true", help="also index all of ../shared/corpus/scale (minutes)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Playwright run")
    parser.add_argument("--misses", action="store_true", help="list the queries each engine misses at rank 5")
    args = parser.parse_args()
    missing = [str(path) for path in [*QUERY_SETS.values(), OFFICIAL] if not path.exists()]
    if missing:
        print(f"skipped: needs {', '.join(missing)}")
        return 0
    sets = {name: json.loads(path.read_text(encoding="utf-8")) for name, path in QUERY_SETS.items()}
    from search_index import index_project

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        project, content = load_site()
        started = time.perf_counter()
        index_project(project, content, workdir / "index", SLUG)
        build_seconds = time.perf_counter() - started
        rankings = {name: {"baseline Whoosh+jieba": baseline_rankings(project, queries, workdir / name)}
                    for name, queries in sets.items()}
        latencies = []
        for name, queries in sets.items():
            rankings[name]["pufa Whoosh"], measured = whoosh_rankings(workdir / "index", queries)
            latencies += measured
        payload = None
        if not args.no_browser and Path("/usr/bin/chromium").exists():
            browser, payload, requests = browser_rankings(build_site(workdir), sets)
            for name in sets:
                rankings[name]["pufa browser (chromium)"] = browser[name]
        for name, queries in sets.items():
            print_table(f"{name} set ({len(queries)} queries, {QUERY_SETS[name].name})",
                        [(engine, metrics(queries, ranked)) for engine, ranked in rankings[name].items()])
            if args.misses:
                for engine, ranked in rankings[name].items():
                    print(f"  {engine} misses: {misses(queries, ranked)}")
        print(f"shipped site index: build {build_seconds:.2f} s; Whoosh query (top 10, snippets included) "
              f"p50 {statistics.median(latencies):.1f} ms, p95 {percentile(latencies, 95):.1f} ms ({len(latencies)} queries)")
        if payload is not None:
            print(f"browser first search: {requests} requests, {payload / 1024:.0f} KB gzip in total (budget 300 KB)")
        if args.scale:
            scale_benchmark(workdir, sets["dev"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
