"""学法测试: the shipped question bank, its validation, /data/ceshi.json, and the /ceshi/ page in chromium —
scoring, explanations and article links, fixed papers for a training room, keyboard use, the best score, the
review of wrong answers and the printable paper with its answer key on a separate page."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import build_project, copy_shipped_project, corpus_sources, pufa_environment, small_project

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = {1: range(1, 7), 2: range(7, 17), 3: range(17, 27), 4: range(27, 38), 5: range(38, 48), 6: range(48, 51)}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = copy_shipped_project(tmp_path_factory.mktemp("quiz"))
    return build_project(project, corpus_sources(["xinfang-gongzuo-tiaoli"]))


@pytest.fixture(scope="module")
def bank(site) -> list[dict]:
    return json.loads((site / "data" / "ceshi.json").read_text(encoding="utf-8"))


def test_bank_size_and_coverage(bank):
    """At least 80 questions, 40 per audience, all three types, and every chapter cited by both audiences."""
    assert len(bank) >= 80
    audiences = Counter(q["audience"] for q in bank)
    assert audiences["公众"] >= 40 and audiences["干部"] >= 40
    assert {q["type"] for q in bank} == {"single", "multiple", "judge"}
    for audience in ("公众", "干部"):
        cited = {a["article"] for q in bank if q["audience"] == audience for a in q["articles"]}
        for chapter, articles in CHAPTERS.items():
            assert cited & set(articles), f"{audience}: no question cites chapter {chapter}"


def test_bank_json_has_the_published_shape(bank):
    """Every record: id, type, stem, options, answer (indexes into options), explanation, articles, audience."""
    for q in bank:
        assert {"id", "type", "stem", "options", "answer", "explanation", "articles", "audience"} <= set(q)
        assert q["answer"] and all(0 <= i < len(q["options"]) for i in q["answer"])
        assert len(q["answer"]) == 1 if q["type"] in ("single", "judge") else len(q["answer"]) >= 2
        assert q["options"] == ["对", "错"] if q["type"] == "judge" else 3 <= len(q["options"]) <= 6
        assert q["explanation"] and q["articles"]
        for article in q["articles"]:
            assert article["regulation"] == "xinfang-gongzuo-tiaoli" and 1 <= article["article"] <= 50
            assert article["url"].startswith(f"tiaoli/xinfang-gongzuo-tiaoli/{article['article']}/#art-")


QUESTION = "- id: {id}\n  type: {type}\n  audience: 公众\n  stem: 题干\n{options}  answer: {answer}\n  explanation: 讲解\n  articles: [1]\n"
BAD_BANKS = {
    "answer outside the options": (QUESTION.format(id="a", type="single", options="  options: [甲, 乙, 丙]\n",
                                                   answer="D"), ":6: answer 'D' must be letters among A, B, C"),
    "single with two answers": (QUESTION.format(id="a", type="single", options="  options: [甲, 乙, 丙]\n",
                                                answer="AB"), ":6: a single-choice question has one answer"),
    "multiple with one answer": (QUESTION.format(id="a", type="multiple", options="  options: [甲, 乙, 丙, 丁]\n",
                                                 answer="A"), ":6: a multiple-choice question has two or more"),
    "judge with options": (QUESTION.format(id="a", type="judge", options="  options: [甲, 乙]\n", answer="对"),
                           ":5: a judge question has no options"),
    "judge answered with a letter": (QUESTION.format(id="a", type="judge", options="", answer="A"),
                                     ":5: the answer of a judge question is 对 or 错"),
    "unknown type": (QUESTION.format(id="a", type="essay", options="", answer="A"), ":2: type 'essay' is not one of"),
    "unknown article": (QUESTION.format(id="a", type="judge", options="", answer="对").replace("[1]", "[99]"),
                        ":7: '99': "),
    "duplicate id": (QUESTION.format(id="a", type="judge", options="", answer="对") * 2,
                     ":8: question id 'a' is also used at docs/ceshi/bank.yml:1"),
    "unknown key": (QUESTION.format(id="a", type="judge", options="", answer="对") + "  score: 5\n",
                    ":8: question key 'score' is not allowed"),
    "bad id": (QUESTION.format(id="A_1", type="judge", options="", answer="对"), ":1: question id 'A_1' is not an id"),
}


@pytest.mark.parametrize("case", sorted(BAD_BANKS))
def test_bad_questions_are_errors_in_check_and_build(tmp_path, case):
    """A broken question is a ``docs/ceshi/bank.yml:<line>`` error in ``pufa check`` and ``pufa build`` alike."""
    text, expected = BAD_BANKS[case]
    project = small_project(tmp_path / "project", {"docs/ceshi/bank.yml": text})
    for command in ("check", "build"):
        result = subprocess.run([sys.executable, "-m", "generator", command], cwd=project, env=pufa_environment(),
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 1, (command, result.stdout + result.stderr)
        assert f"docs/ceshi/bank.yml{expected}" in result.stderr, (command, result.stderr)
        assert "Traceback" not in result.stderr


# --- the page -------------------------------------------------------------------------------------------------------

@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    assert tab.errors == []
    context.close()


def _open(page, site: Path, query: str = "") -> list[str]:
    page.goto((site / "ceshi" / "index.html").as_uri() + query)
    if "paper=" not in query:
        page.click("#pufa-quiz-start")
    page.wait_for_selector("#pufa-quiz .pufa-quiz-q")
    return page.eval_on_selector_all("#pufa-quiz .pufa-quiz-q", "nodes => nodes.map(n => n.dataset.id)")


def _answer(page, bank_by_id: dict, ids: list[str], wrong: set[str]) -> None:
    for qid in ids:
        q = bank_by_id[qid]
        choice = q["answer"] if qid not in wrong else [(q["answer"][0] + 1) % len(q["options"])]
        for index in choice:
            page.check(f".pufa-quiz-q[data-id='{qid}'] input[value='{index}']")


def test_scoring_explanations_and_links(page, site, bank):
    """A paper of 10: nine right and one wrong scores 9/10; the wrong one says so with the right answer, its
    explanation and links to the cited articles; 只看答错的题 hides the right ones."""
    by_id = {q["id"]: q for q in bank}
    ids = _open(page, site)
    assert len(ids) == 10 and {by_id[i]["audience"] for i in ids} == {"公众"}
    _answer(page, by_id, ids, {ids[0]})
    page.click("#pufa-quiz-submit")
    assert "9/10" in page.inner_text("#pufa-quiz-score")
    wrong = page.locator(f".pufa-quiz-q[data-id='{ids[0]}']")
    assert "pufa-quiz-q--wrong" in wrong.get_attribute("class")
    feedback = wrong.locator(".pufa-quiz-feedback").inner_text()
    assert feedback.startswith("✗ 回答错误，正确答案：") and by_id[ids[0]]["explanation"] in feedback
    hrefs = wrong.locator(".pufa-quiz-basis a").evaluate_all("links => links.map(a => a.href)")
    assert hrefs and all("/tiaoli/xinfang-gongzuo-tiaoli/" in href and "#art-" in href for href in hrefs)
    right = page.locator(f".pufa-quiz-q[data-id='{ids[1]}']")
    assert right.locator(".pufa-quiz-verdict").inner_text() == "✓ 回答正确"
    page.click("#pufa-quiz-review")
    assert right.is_hidden() and wrong.is_visible()


def test_a_fixed_paper_is_the_same_for_everyone(browser, site):
    """?paper=<seed>&audience=干部&n=20 gives the same 20 questions in the same order in separate browsers; another
    seed gives another paper."""
    papers = []
    for seed in ("2026-05-train", "2026-05-train", "another"):
        context = browser.new_context()
        tab = context.new_page()
        papers.append(_open(tab, site, f"?paper={seed}&audience=干部&n=20"))
        context.close()
    assert len(papers[0]) == 20 and papers[0] == papers[1] and papers[0] != papers[2]


def test_keyboard_only(page, site, bank):
    """Tab to an option, Space to choose, Tab to 交卷, Enter: the paper is scored."""
    _open(page, site)
    page.locator("#pufa-quiz input").first.focus()
    page.keyboard.press("Space")
    page.locator("#pufa-quiz-submit").focus()
    page.keyboard.press("Enter")
    assert "/10" in page.inner_text("#pufa-quiz-score")


def test_best_score_is_kept(page, site, bank):
    """The best score of a paper survives a reload and is shown with the next score."""
    by_id = {q["id"]: q for q in bank}
    ids = _open(page, site, "?paper=best&audience=公众&n=10")
    _answer(page, by_id, ids, set())
    page.click("#pufa-quiz-submit")
    assert "得分 10/10" in page.inner_text("#pufa-quiz-score")
    _open(page, site, "?paper=best&audience=公众&n=10")
    page.click("#pufa-quiz-submit")
    assert "得分 0/10（本卷最好成绩 10/10）" in page.inner_text("#pufa-quiz-score")


def test_printed_paper_has_the_key_on_its_own_page(page, site, bank):
    """Printed: questions without buttons or feedback, then 参考答案 starting on a new page."""
    ids = _open(page, site, "?paper=print&audience=干部&n=10")
    page.emulate_media(media="print")
    assert page.locator("#pufa-quiz-key").is_visible()
    assert page.locator("#pufa-quiz-key li").count() == len(ids)
    assert page.eval_on_selector("#pufa-quiz-key", "e => getComputedStyle(e).breakBefore") == "page"
    for hidden in ("#pufa-quiz-submit", ".pufa-fontsize", ".md-header", "#pufa-quiz-setup"):
        assert page.locator(hidden).first.is_hidden(), hidden
