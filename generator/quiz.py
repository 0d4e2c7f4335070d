"""学法测试: the question bank editors write under ``docs/ceshi/*.yml``, read and validated, and its exports.

Each file is a YAML list of questions::

    - id: shouli-gaozhi-qixian        # [a-z0-9-], unique across the bank
      type: single                     # single | multiple | judge
      audience: 公众                   # 公众 or 干部
      stem: 不能当场告知是否受理的，应当在多长时间内书面告知？
      options: [7日内, 15日内, 30日内]  # 3-6 options; none for judge (对/错)
      answer: B                        # single: one letter; multiple: two or more (ACD); judge: 对 or 错
      explanation: 收到之日起15日内书面告知……
      articles: [23, "31.6"]           # cited like Q&A: validated, 款/项 included

The reader collects problems with ``file:line`` (never raises for bad content) and never imports MkDocs.
:func:`bank_json` is ``/data/ceshi.json``; :func:`bank_script` the same data as a script for the quiz page (so it
also works from ``file://``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

QUIZ_DIR = "ceshi"
TYPES = ("single", "multiple", "judge")
QUESTION_KEYS = ("id", "type", "audience", "stem", "options", "answer", "explanation", "articles")
JUDGE_OPTIONS = ("对", "错")
LETTERS = "ABCDEF"



@dataclass(frozen=True, slots=True)
class QuizQuestion:
    id: str
    type: str
    audience: str
    stem: str
    options: tuple[str, ...]
    answer: tuple[int, ...]
    """Indexes into ``options``, ascending."""
    explanation: str
    articles: tuple  # tuple[ArticleRef, ...]
    src: str
    """The bank file and line, for messages: ``docs/ceshi/ganbu.yml:12``."""


def parse_answer(kind: str, answer, options: tuple[str, ...]) -> tuple[tuple[int, ...], str]:
    """The answer as option indexes, or () and what is wrong with it."""
    text = str(answer if answer is not None else "").strip()
    if kind == "judge":
        if text not in JUDGE_OPTIONS:
            return (), f"the answer of a judge question is 对 or 错, not {text!r}"
        return (JUDGE_OPTIONS.index(text),), ""
    letters = text.upper().replace(",", "").replace("，", "").replace(" ", "")
    valid = LETTERS[:len(options)]
    if not letters or any(letter not in valid for letter in letters) or len(set(letters)) != len(letters):
        return (), f"answer {text!r} must be letters among {', '.join(valid)}, each once"
    if kind == "single" and len(letters) != 1:
        return (), f"a single-choice question has one answer, not {text!r}"
    if kind == "multiple" and len(letters) < 2:
        return (), f"a multiple-choice question has two or more answers, not {text!r}"
    return tuple(sorted(LETTERS.index(letter) for letter in letters)), ""


def option_bounds(kind: str) -> tuple[int, int]:
    return {"single": (3, 5), "multiple": (4, 6), "judge": (0, 0)}[kind]


def bank_records(questions: list[QuizQuestion], directory_urls: bool = True) -> list[dict]:
    """The bank as ``/data/ceshi.json`` publishes it (fields as in the issue; each cited article also carries its
    label and its page URL relative to the site root)."""
    from .render import article_src, page_url

    records = []
    for question in questions:
        options = list(JUDGE_OPTIONS) if question.type == "judge" else list(question.options)
        articles = []
        for ref in question.articles:
            target = ref.target
            entry = {"regulation": target.regulation, "article": target.article}
            if target.paragraph:
                entry["paragraph"] = target.paragraph
            if target.item:
                entry["item"] = target.item
            entry["label"] = ref.label
            entry["url"] = page_url(article_src(target.regulation, target.article_slug), target.anchor, directory_urls)
            articles.append(entry)
        records.append({"id": question.id, "type": question.type, "stem": question.stem, "options": options,
                        "answer": list(question.answer), "explanation": question.explanation,
                        "articles": articles, "audience": question.audience})
    return records


def bank_json(questions: list[QuizQuestion], directory_urls: bool = True) -> str:
    return json.dumps(bank_records(questions, directory_urls), ensure_ascii=False, indent=1)


def bank_script(questions: list[QuizQuestion], directory_urls: bool = True) -> str:
    body = json.dumps(bank_records(questions, directory_urls), ensure_ascii=False, separators=(",", ":"))
    return f"window.PUFA_QUIZ={body};\n"
