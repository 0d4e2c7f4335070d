"""新旧对照: the alignment on made-up regulations (kept, moved, merged, new and removed articles), the editors'
corrections, the word diff, ``pufa compare`` on the real 2005/2022 texts, and the published page."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.compare import align, read_overrides, word_diff
from generator.errors import ContentError
from tests.helpers import CORPUS, make_regulation, pufa_environment

OLD = """示范条例

第一条　为了规范社区停车管理，维护居民合法权益，制定本条例。
第二条　业主委员会负责停车位的登记和分配，每年公布一次分配结果。
第三条　车辆应当停放在划定的停车位内，不得占用消防通道和绿地。
第四条　违反规定占用消防通道的，物业服务企业应当劝阻并报告有关部门。
第五条　居民对停车位分配有异议的，可以向业主委员会书面提出复核申请。
第六条　本条例自公布之日起施行。
"""
NEW = """示范条例

第一条　为了规范社区停车管理，维护居民合法权益，促进邻里和谐，制定本条例。
第二条　社区党组织领导停车管理工作，统筹协调各方力量。
第三条　车辆应当停放在划定的停车位内，不得占用消防通道和绿地。
第四条　居民对停车位分配有异议的，可以向业主委员会书面提出复核申请，业主委员会应当在十五日内答复。
第五条　业主委员会负责停车位的登记和分配，每年公布一次分配结果。违反规定占用消防通道的，物业服务企业应当劝阻并报告有关部门。
第六条　本条例自公布之日起施行。
"""


@pytest.fixture(scope="module")
def alignment():
    return align("old", make_regulation(OLD).regulation, "new", make_regulation(NEW).regulation)


def _pairs(alignment) -> dict:
    return {pair.new: pair.old for pair in alignment.pairs}


def test_kept_and_new_articles(alignment):
    """Unchanged articles map to their old number; a rule that did not exist before is 新增."""
    pairs = _pairs(alignment)
    assert pairs[1] == (1,) and pairs[3] == (3,) and pairs[6] == (6,)
    assert pairs[2] == ()
    assert alignment.added == [2]


def test_moved_and_merged_articles(alignment):
    """An article that moved is found at its new place; two old articles merged into one are both predecessors."""
    pairs = _pairs(alignment)
    assert pairs[4] == (5,)
    assert set(pairs[5]) == {2, 4}


def test_every_new_article_once_and_removed_listed():
    """Each new article appears exactly once; old articles no new one continues are listed as removed."""
    old = make_regulation(OLD + "第七条　本条例由示范社区居民委员会负责解释。\n".replace("第七条", "第七条")).regulation
    result = align("old", old, "new", make_regulation(NEW).regulation)
    assert [pair.new for pair in result.pairs if pair.new is not None] == [1, 2, 3, 4, 5, 6]
    assert result.removed == [7]
    assert all(pair.as_dict()["new"] is None for pair in result.pairs if pair.new is None)


def test_overrides_set_the_predecessors(tmp_path):
    """The editors' file replaces the computed predecessors of the articles it lists, and only those."""
    path = tmp_path / "o.yml"
    path.write_text("- new: 2\n  old: [2]\n  note: 改写\n- new: 4\n  old: []\n", encoding="utf-8")
    old, new = make_regulation(OLD).regulation, make_regulation(NEW).regulation
    result = align("old", old, "new", new, read_overrides(path, old, new))
    pairs = _pairs(result)
    assert pairs[2] == (2,) and pairs[4] == () and pairs[1] == (1,)
    assert [pair.new for pair in result.pairs if pair.overridden] == [2, 4]


@pytest.mark.parametrize(("text", "expected"), [
    ("- new: 99\n  old: [1]\n", "o.yml:1: the new regulation has no article 99"),
    ("- new: 2\n  old: [77]\n", "o.yml:2: the old regulation has no article 77"),
    ("- new: 2\n  old: 3\n", "o.yml:1: expected an entry 'new: <number>'"),
    ("- new: 2\n  previous: [3]\n", "o.yml:1: expected an entry 'new: <number>'"),
])
def test_bad_overrides_name_file_and_line(tmp_path, text, expected):
    path = tmp_path / "o.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_overrides(path, make_regulation(OLD).regulation, make_regulation(NEW).regulation)
    assert str(caught.value).startswith(f"{path.parent}/{expected}")


def test_word_diff_marks_insertions_and_deletions():
    """Joining the same/del pieces gives the old text, the same/ins pieces the new one."""
    old_text, new_text = "居民可以书面提出复核申请。", "居民可以书面或者口头提出复查申请，十五日内答复。"
    pieces = word_diff(old_text, new_text)
    assert "".join(text for op, text in pieces if op != "ins") == old_text
    assert "".join(text for op, text in pieces if op != "del") == new_text
    assert {op for op, _ in pieces} == {"same", "del", "ins"}


def test_word_diffs_are_kept_in_the_cache_and_made_again_for_a_changed_text(tmp_path, monkeypatch):
    """word_diffs gives word_diff of every pair; a second build reads them from the cache, and a changed text is
    diffed again (never a stale diff)."""
    import generator.compare as compare

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    pairs = [("居民可以书面提出复核申请。", "居民可以书面或者口头提出复查申请。"), ("甲乙。", "甲丙。")]
    first = compare.word_diffs(pairs)
    assert first == [word_diff(old, new) for old, new in pairs]
    calls = []
    monkeypatch.setattr(compare, "word_diff", lambda old, new: calls.append(old) or word_diff(old, new))
    assert compare.word_diffs(pairs) == first and calls == []
    changed = [pairs[0], ("甲乙。", "甲丁。")]
    assert compare.word_diffs(changed) == [word_diff(old, new) for old, new in changed] and len(calls) == 2


# --- the real texts ---------------------------------------------------------------------------------------------

OFFICIAL = CORPUS / "official"


def test_pufa_compare_json_on_the_real_texts(tmp_path):
    """``pufa compare … --json`` on 2005/2022: every 2022 article once, in order, predecessors among 1..51, the
    removed ones with new null; the editors' corrections of the shipped site apply."""
    old, new = OFFICIAL / "xinfang-tiaoli-2005.txt", OFFICIAL / "xinfang-gongzuo-tiaoli-2022.txt"
    if not old.is_file() or not new.is_file():
        pytest.skip(f"official texts not found in {OFFICIAL}")
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-m", "generator", "compare", "xinfang-tiaoli-2005",
                             "xinfang-gongzuo-tiaoli", "--json", "--source", f"xinfang-tiaoli-2005={old}",
                             "--source", f"xinfang-gongzuo-tiaoli={new}"], cwd=root, env=pufa_environment(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    pairs = json.loads(result.stdout)
    assert [p["new"] for p in pairs if p["new"] is not None] == list(range(1, 51))
    assert all(set(p) == {"new", "old", "score"} and all(1 <= o <= 51 for o in p["old"]) for p in pairs)
    assert all(len(p["old"]) == 1 for p in pairs if p["new"] is None)
    by_new = {p["new"]: p["old"] for p in pairs}
    assert by_new[2] == [49]  # docs/duizhao/…yml corrects it
    assert by_new[26] == [20]  # moved: 2005 第二十条 (走访) is 2022 第二十六条 … order alone would miss it
    assert by_new[36][0] == 35 and by_new[35][0] == 34
