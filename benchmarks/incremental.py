"""Incremental rebuilds at national scale: ``pufa build --incremental`` after one edit, against a full build.

Usage: python benchmarks/incremental.py [CORPUS_DIR]

A copy of the project and of the library (../shared/corpus/scale, copied to a temporary folder so it can be
edited) is built four times, each timed, with a build cache of its own (``XDG_CACHE_HOME`` in the temporary folder):
a full build into an empty folder with an empty cache (the first build anyone does); a full rebuild over it (what
``pufa build`` does every time: the whole site rendered and swapped, the parsed texts and their analyses now taken
from the cache); after editing one Q&A, ``--incremental``; after editing one article of one law, ``--incremental``.
Each incremental result is then checked against a full build of the same inputs into another folder (every file
byte for byte), so speed never hides a stale page.
Target (issue 11): an incremental rebuild <= 10% of a full build.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.build_site import CORPUS, SOURCES  # noqa: E402  (the shipped site's three official texts)

QUESTION = "docs/wenda/duojiu-dafu.md"
LAW = "民法典/合同编.md"


def build(project: Path, library: Path, site: str, *extra: str) -> float:
    """Seconds of ``pufa build`` of ``project`` into ``site``, with the benchmark's own build cache."""
    sources = [arg for slug, path in SOURCES.items() for arg in ("--source", f"{slug}={path}")]
    command = [sys.executable, "-m", "generator", "build", "-d", site, "--library", str(library), *sources, *extra]
    started = time.perf_counter()
    subprocess.run(command, cwd=project, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1",
                        "HOME": str(Path.home()), "XDG_CACHE_HOME": str(project.parent / "cache")})
    return time.perf_counter() - started


def identical(one: Path, other: Path) -> bool:
    result = subprocess.run(["diff", "-rq", str(one), str(other)], stdout=subprocess.PIPE, text=True)
    if result.stdout:
        print(result.stdout[:2000])
    return result.returncode == 0


def edit(path: Path, count: int) -> None:
    """Change one sentence of ``path`` (the first Chinese full stop gets a word before it)."""
    text = path.read_text(encoding="utf-8")
    index = text.index("。", len(text) // 3)
    path.write_text(text[:index] + f"（修改{count}）" + text[index:], encoding="utf-8")


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS / "scale"
    if not corpus.is_dir():
        print(f"skipped: corpus not found at {corpus}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        project, library = work / "project", work / "library"
        shutil.copytree(ROOT / "docs", project / "docs")
        shutil.copy(ROOT / "mkdocs.yml", project)
        shutil.copytree(corpus, library)
        full = build(project, library, "site", "--incremental")  # no manifest yet: a full build
        rebuild = build(project, library, "site")
        edit(project / QUESTION, 1)
        question = build(project, library, "site", "--incremental")
        build(project, library, "check")
        question_ok = identical(project / "site", project / "check")
        edit(library / LAW, 2)
        law = build(project, library, "site", "--incremental")
        shutil.rmtree(project / "check")
        build(project, library, "check")
        law_ok = identical(project / "site", project / "check")
    print(f"full build (empty folder, empty cache):        {full:6.1f} s")
    print(f"full rebuild (site swapped whole, warm cache): {rebuild:6.1f} s")
    print(f"one Q&A edited, --incremental:                 {question:6.1f} s = {question / full:.0%} of the full build, "
          f"{question / rebuild:.0%} of the rebuild; same as a full build: {question_ok}")
    print(f"one law edited, --incremental:                 {law:6.1f} s = {law / full:.0%} of the full build, "
          f"{law / rebuild:.0%} of the rebuild; same as a full build: {law_ok}")
    return 0 if question_ok and law_ok else 1


if __name__ == "__main__":
    sys.exit(main())
