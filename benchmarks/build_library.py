"""National scale: ``pufa build --library`` of ../shared/corpus/scale against plain MkDocs, page per *law*.

Usage: python benchmarks/build_library.py [CORPUS_DIR] [--skip-baseline]

Baseline, measured in the same run: MkDocs + Material, ``theme.language: zh``, the search plugin on with
``lang: zh``, one Markdown page per law (the LawRefBook files as they are: headings kept, each article a
paragraph), the default nav from the folder tree. Then ``pufa build --library DIR`` from a copy of the project
with its usual mkdocs.yml: the campaign site, its search index, and a page per text *and per article*.

Prints wall time, output size (bytes of all files, and disk usage) and peak RSS of the whole process tree
(sampled from /proc every 0.1 s: the build's worker processes count), and the ratios against the baseline.
Targets (issue 11): time <= 1.0x baseline, output <= 300 MB, peak RSS <= 2 GB.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "scale"


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack.extend(children.get(current, []))
    return total


def measured(command: list[str], cwd: Path, env: dict) -> tuple[float, int]:
    """Run ``command``; return (seconds, peak RSS of its process tree)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.1):
            peak = max(peak, tree_rss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode:
        sys.exit(f"{' '.join(command[:4])} … failed:\n{stderr.decode(errors='replace')[-3000:]}")
    return seconds, peak


def output_size(folder: Path) -> tuple[int, int, int]:
    """(files, bytes of all files, bytes of disk used) under ``folder``."""
    files = size = used = 0
    for directory, _, names in os.walk(folder):
        for name in names:
            info = os.stat(os.path.join(directory, name))
            files += 1
            size += info.st_size
            used += info.st_blocks * 512
    return files, size, used


def plain_project(work: Path, corpus: Path) -> Path:
    plain = work / "plain"
    shutil.copytree(corpus, plain / "docs", ignore=shutil.ignore_patterns("README.md"))
    (plain / "docs" / "index.md").write_text("# 法规库\n\n全国法律法规。\n", encoding="utf-8")
    (plain / "mkdocs.yml").write_text(
        "site_name: 法规库\ntheme:\n  name: material\n  language: zh\n"
        "plugins:\n  - search:\n      lang: zh\n", encoding="utf-8")
    return plain


def main(argv: list[str]) -> int:
    skip_baseline = "--skip-baseline" in argv
    args = [arg for arg in argv if not arg.startswith("--")]
    corpus = Path(args[0]) if args else CORPUS
    if not corpus.is_dir():
        print(f"skipped: corpus not found at {corpus} (needs ../shared/corpus/scale)")
        return 0
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        project = work / "pufa"
        shutil.copytree(ROOT / "docs", project / "docs")
        shutil.copy(ROOT / "mkdocs.yml", project)
        pufa_seconds, pufa_rss = measured(
            [sys.executable, "-m", "generator", "build", "--library", str(corpus.resolve())], project, env)
        pufa_files, pufa_bytes, pufa_used = output_size(project / "site")
        text_dirs = [path for path in (project / "site" / "fagui").iterdir() if re.fullmatch(r"[0-9a-f]{8,16}", path.name)]
        texts = len(text_dirs)
        articles = sum(1 for folder in text_dirs for _ in folder.glob("*/index.html"))
        if not skip_baseline:
            plain = plain_project(work, corpus)
            plain_seconds, plain_rss = measured([sys.executable, "-m", "mkdocs", "build", "-q"], plain, env)
            plain_files, plain_bytes, plain_used = output_size(plain / "site")
    print(f"corpus: {corpus}")
    print(f"pufa build --library: {texts} text pages + {articles} article pages; {pufa_files} files")
    if not skip_baseline:
        print(f"plain MkDocs, page per law (baseline): {plain_seconds:7.1f} s  {plain_bytes / 1e6:7.0f} MB "
              f"(disk {plain_used / 1e6:.0f} MB)  peak RSS {plain_rss / 1e9:.2f} GB  files {plain_files}")
    print(f"pufa build --library:                  {pufa_seconds:7.1f} s  {pufa_bytes / 1e6:7.0f} MB "
          f"(disk {pufa_used / 1e6:.0f} MB)  peak RSS {pufa_rss / 1e9:.2f} GB")
    if not skip_baseline:
        print(f"ratio time {pufa_seconds / plain_seconds:.2f}x baseline (target <= 1.0x); "
              f"output {pufa_bytes / plain_bytes:.2f}x baseline")
    print(f"targets: output {pufa_bytes / 1e6:.0f} MB (<= 300 MB), peak RSS {pufa_rss / 1e9:.2f} GB (<= 2 GB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
