"""Time ``pufa build`` of the three-regulation site against a plain ``mkdocs build`` of the same page count.

Usage: python benchmarks/build_site.py [--runs N]

The baseline is measured in the same run: the same docs/, with the generated pages written out as ordinary
Markdown files and the pufa plugin removed, built by plain MkDocs + Material. The ratio is what parsing,
linking and rendering cost on top of MkDocs itself. Also prints the HTML size of article pages against the
60 KB budget in DESIGN.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SOURCES = {
    "xinfang-gongzuo-tiaoli": CORPUS / "official/xinfang-gongzuo-tiaoli-2022.txt",
    "xinfang-tiaoli-2005": CORPUS / "official/xinfang-tiaoli-2005.txt",
    "zhejiang-xinfang-tiaoli": CORPUS / "lawrefbook/zhejiang-xinfang-tiaoli-2016.md",
}


def timed(command: list[str], cwd: Path, env: dict) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def plain_copy(work: Path) -> Path:
    """A plain MkDocs project with the same pages: every page pufa generates written out as a file, the
    interpretations (merged into article pages by pufa) left out, and the pufa plugin removed."""
    sys.path.insert(0, str(ROOT))
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    from generator.render import insert_fragments

    def as_markdown(fragment: str) -> str:
        """What pufa puts in after Markdown (the official text, one HTML paragraph per line) as the Markdown
        paragraphs pufa wrote before it had fragments: the same page, made by plain MkDocs."""
        rows = []
        for line in fragment.splitlines():
            line = re.sub(r'<a aria-label="([^"]+)" class="pufa-anchor" href="([^"]+)" title="[^"]+">¶</a>',
                          r'[¶](\2){: .pufa-anchor title="\1" aria-label="\1" }', line)
            line = re.sub(r'<a href="([^"]+)">([^<]+)</a>', r"[\2](\1)", line)
            rows.append(re.sub(r'^<p class="([^"]+)" id="([^"]+)">(.*)</p>$', r"\3\n{: #\2 .\1 }\n", line))
        return "\n".join(rows)

    plain = work / "plain"
    shutil.copytree(ROOT / "docs", plain / "docs", ignore=shutil.ignore_patterns("jiedu", "cidian.yml"))
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["pufa"]
    plugin.source_overrides = {slug: str(path) for slug, path in SOURCES.items()}
    config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    for file in files:
        if file.generated_by and file.src_uri.endswith(".md"):
            target = plain / "docs" / file.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            fragments = tuple(as_markdown(fragment) for fragment in plugin.fragments.get(file.src_uri, ()))
            target.write_text(insert_fragments(file.content_string, fragments), encoding="utf-8")
    data = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    data["plugins"] = [p for p in data["plugins"] if p == "tags"]
    data["markdown_extensions"] = [*data["markdown_extensions"], "abbr", "pymdownx.details"]
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return plain


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    if not CORPUS.is_dir():
        print(f"skipped: corpus not found at {CORPUS}")
        return 0
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        project = work / "pufa"
        shutil.copytree(ROOT / "docs", project / "docs")
        shutil.copy(ROOT / "mkdocs.yml", project)
        sources = [arg for slug, path in SOURCES.items() for arg in ("--source", f"{slug}={path}")]
        pufa_cmd = [sys.executable, "-m", "generator", "build", *sources]
        plain = plain_copy(work)
        plain_cmd = [sys.executable, "-m", "mkdocs", "build", "-q"]
        pufa_times, plain_times = [], []
        for _ in range(runs):  # interleaved, so load on the machine hits both alike
            pufa_times.append(timed(pufa_cmd, project, {**env, "PYTHONPATH": str(ROOT)}))
            plain_times.append(timed(plain_cmd, plain, env))
        pages = len(list((project / "site").rglob("*.html")))
        plain_pages = len(list((plain / "site").rglob("*.html")))
        article_pages = sorted((project / "site" / "tiaoli").glob("*/*/index.html"))
        sizes = [page.stat().st_size for page in article_pages]
    pufa_median, plain_median = statistics.median(pufa_times), statistics.median(plain_times)
    print(f"pages: pufa {pages}, plain {plain_pages}; runs: {runs} (median)")
    print(f"plain mkdocs build (baseline): {plain_median:.2f} s")
    print(f"pufa build:                    {pufa_median:.2f} s  = {pufa_median / plain_median:.2f}x baseline")
    print(f"article pages: {len(sizes)}, HTML size median {statistics.median(sizes) / 1024:.1f} KB, "
          f"max {max(sizes) / 1024:.1f} KB (budget 60 KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
