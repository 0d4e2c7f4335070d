"""What the first search on /sousuo/ downloads, for the shipped site and for the same site with the national 法规库.

Usage: python benchmarks/first_search.py [--site DIR] [CORPUS_DIR]

Builds the shipped site twice in a scratch folder (without a library, then with ``--library`` over
../shared/corpus/scale; ``--site DIR`` reuses a built national site), serves each over HTTP and, in a fresh
headless Chromium per query, opens ``/sousuo/?q=…`` and waits for the results. Every file the browser fetched is
counted at its gzip size (what a server with gzip on sends): the page, the theme's assets, the campaign index,
the library's shards. Queries: the judged dev and frozen unseen queries, plus 20 law titles (fixed seed) for the
national site. Prints median and max, and the three largest.
Targets (issue 11): shipped <= 150 KB, national <= 250 KB.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, unquote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _file(site: Path, path: str) -> Path:
    target = site / unquote(path.split("?")[0].split("#")[0].lstrip("/"))
    return target / "index.html" if target.is_dir() else target


def measure(site: Path, queries: list[str], library: bool) -> list[tuple[int, int, float]]:
    """(gzip bytes, requests, seconds to results, query) of the first search, one fresh browser per query."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_address[1]}"
    results = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=["--no-sandbox", "--disable-gpu"])
            for query in queries:
                context = browser.new_context(bypass_csp=True)  # lets wait_for_function evaluate
                page = context.new_page()
                loaded: list[str] = []
                page.on("requestfinished", lambda request: loaded.append(request.url))
                started = time.perf_counter()
                page.goto(f"{root}/sousuo/?q={quote(query)}")
                page.wait_for_function("document.getElementById('pufa-status').textContent.indexOf('检索…') < 0")
                if library:
                    page.wait_for_function("document.querySelector('#pufa-library-results').textContent.length > 0"
                                           " && document.querySelector('#pufa-library-results').textContent"
                                           ".indexOf('正在检索') < 0")
                seconds = time.perf_counter() - started
                page.wait_for_load_state("networkidle")
                files = [_file(site, url[len(root):]) for url in loaded if url.startswith(root)]
                size = sum(len(gzip.compress(path.read_bytes())) for path in files if path.is_file())
                results.append((size, len(files), seconds, query))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return results


def build(project: Path, *args: str, site: str = "site") -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    sources = ["--source", f"xinfang-gongzuo-tiaoli={CORPUS / 'official/xinfang-gongzuo-tiaoli-2022.txt'}",
               "--source", f"xinfang-tiaoli-2005={CORPUS / 'official/xinfang-tiaoli-2005.txt'}",
               "--source", f"zhejiang-xinfang-tiaoli={CORPUS / 'lawrefbook/zhejiang-xinfang-tiaoli-2016.md'}"]
    subprocess.run([sys.executable, "-m", "generator", "build", *sources, *args], cwd=project, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return project / site


def report(name: str, results, target: int) -> None:
    sizes = [size for size, _, _, _ in results]
    print(f"{name}: first search over {len(results)} queries: median {statistics.median(sizes) / 1024:.0f} KB, "
          f"max {max(sizes) / 1024:.0f} KB gzip (target <= {target} KB); requests median "
          f"{statistics.median(n for _, n, _, _ in results):.0f}; time to results median "
          f"{statistics.median(s for _, _, s, _ in results) * 1000:.0f} ms")
    worst = sorted(results, reverse=True)[:3]
    print("  largest: " + "; ".join(f"{query} {size / 1024:.0f} KB" for size, _, _, query in worst))


def main(argv: list[str]) -> int:
    given = argv[argv.index("--site") + 1] if "--site" in argv else None
    args = [arg for arg in argv if not arg.startswith("--") and arg != given]
    corpus = Path(args[0]) if args else CORPUS / "scale"
    if not corpus.is_dir() or not Path("/usr/bin/chromium").exists():
        print(f"skipped: needs {corpus} and /usr/bin/chromium")
        return 0
    from generator.library import load_collection

    judged = [entry["q"] for path in (ROOT.parent / "shared/search/queries_dev.json", ROOT / "benchmarks/queries/unseen.json")
              for entry in json.loads(path.read_text(encoding="utf-8"))]
    sampler = random.Random(11)
    titles = [sampler.choice(load_collection(corpus).texts).title.removeprefix("中华人民共和国") for _ in range(20)]
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(ROOT / "docs", project / "docs")
        (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
        shipped = build(project)
        report("shipped site", measure(shipped, judged, library=False), 150)
        national = Path(given) if given else build(project, "--library", str(corpus.resolve()), "-d", "national",
                                                          site="national")
        report("with the national library", measure(national, judged + titles, library=True), 250)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
