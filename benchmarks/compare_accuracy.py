"""新旧对照: accuracy of the computed alignment (before any editors' override) against a hand-judged mapping.

Usage: python benchmarks/compare_accuracy.py [--judged benchmarks/queries/duizhao_judged.json]

The judged mapping (benchmarks/queries/duizhao_judged.json) was written by reading both official texts only, for
all 50 articles of 《信访工作条例》 (2022) against 《信访条例》 (2005). Printed, with a baseline measured in the same run
(each new article paired with the old article of the same number when it exists — what a reader would guess):
- primary accuracy: new articles whose computed primary predecessor is one of the judged predecessors, or which
  both call 新增;
- 新增 precision/recall, pair precision/recall (every new–old link), removed-list agreement;
- the time the alignment takes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OFFICIAL = ROOT.parent / "shared" / "corpus" / "official"


def measure(pairs: dict[int, tuple[int, ...]], judged: dict[int, list[int]], removed: set[int], judged_removed: set[int]):
    primary = sum(1 for n, old in judged.items()
                  if (not old and not pairs.get(n)) or (old and pairs.get(n) and pairs[n][0] in old)) / len(judged)
    computed_new = {n for n in judged if not pairs.get(n)}
    judged_new = {n for n, old in judged.items() if not old}
    links = {(n, o) for n, old in pairs.items() for o in old}
    judged_links = {(n, o) for n, old in judged.items() for o in old}

    def ratio(a, b):
        return len(a & b) / len(a) if a else 1.0

    return {"primary accuracy": primary,
            "新增 precision": ratio(computed_new, judged_new), "新增 recall": ratio(judged_new, computed_new),
            "pair precision": ratio(links, judged_links), "pair recall": ratio(judged_links, links),
            "removed agreement": 1.0 if removed == judged_removed else len(removed & judged_removed) /
            max(1, len(removed | judged_removed))}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--judged", default=str(ROOT / "benchmarks" / "queries" / "duizhao_judged.json"))
    args = parser.parse_args()
    old_path, new_path = OFFICIAL / "xinfang-tiaoli-2005.txt", OFFICIAL / "xinfang-gongzuo-tiaoli-2022.txt"
    if not old_path.is_file() or not new_path.is_file():
        print(f"skipped: needs {old_path} and {new_path}")
        return 0
    from generator.compare import align
    from generator.parse import parse_file

    data = json.loads(Path(args.judged).read_text(encoding="utf-8"))
    judged = {pair["new"]: pair["old"] for pair in data["pairs"]}
    old, new = parse_file(old_path).regulation, parse_file(new_path).regulation
    started = time.perf_counter()
    alignment = align(data["old"], old, data["new"], new)
    seconds = time.perf_counter() - started
    computed = {pair.new: pair.old for pair in alignment.pairs if pair.new is not None}
    old_numbers = {a.number for a in old.articles()}
    baseline = {n: ((n,) if n in old_numbers else ()) for n in judged}
    baseline_removed = old_numbers - {o for olds in baseline.values() for o in olds}
    rows = [("same number (baseline)", measure(baseline, judged, baseline_removed, set(data["removed"]))),
            ("pufa alignment", measure(computed, judged, set(alignment.removed), set(data["removed"])))]
    keys = list(rows[0][1])
    print(f"{'method':24}" + "".join(f"{k:>19}" for k in keys))
    for name, result in rows:
        print(f"{name:24}" + "".join(f"{result[k]:>19.2f}" for k in keys))
    print(f"alignment of {len(list(new.articles()))} × {len(old_numbers)} articles: {seconds * 1000:.0f} ms; "
          f"computed 新增 {sorted(alignment.added)}, judged 新增 {sorted(n for n, o in judged.items() if not o)}; "
          f"computed removed {sorted(alignment.removed)}, judged removed {sorted(data['removed'])}")
    wrong = [(n, list(computed.get(n, ())), judged[n]) for n in judged
             if not ((not judged[n] and not computed.get(n)) or (judged[n] and computed.get(n) and computed[n][0] in judged[n]))]
    print(f"primary predecessor differs from the judged one (new, computed, judged): {wrong}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
