"""The 新旧对照 page of an :class:`~generator.compare.Alignment`: both texts side by side, an inline word-level diff
(deletions struck through, insertions underlined, each also announced in words for screen readers), a summary and
the lists of new and removed articles. Pure functions returning Markdown (``md_in_html`` blocks, so that MkDocs
resolves the links); every text escaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from .compare import Alignment, Pair, word_diffs
from .model import Article, Regulation
from .render import Markdown, escape_markdown

KEPT = 0.85
"""Similarity from which a continued article counts as 基本保留 rather than 修改."""


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    anchor: str
    heading: str
    status: str
    """新增, 基本保留, 修改 or 删除."""
    new: Article | None
    old: tuple[Article, ...]
    markdown: Markdown


def status(pair: Pair) -> str:
    if pair.new is None:
        return "删除"
    if not pair.old:
        return "新增"
    return "基本保留" if pair.score >= KEPT else "修改"


def _paragraphs(article: Article) -> str:
    return "\n\n".join(escape_markdown(line) for line in article.text.split("\n"))


def diff_html(diff: list[tuple[str, str]]) -> str:
    """A :func:`~generator.compare.word_diff` as inline HTML."""
    pieces = []
    for op, text in diff:
        escaped = "<br>".join(escape_markdown(line) for line in text.split("\n"))
        if op == "same":
            pieces.append(escaped)
        elif op == "del":
            pieces.append(f'<del><span class="pufa-sr">删去：</span>{escaped}</del>')
        else:
            pieces.append(f'<ins><span class="pufa-sr">新增：</span>{escaped}</ins>')
    return "".join(pieces)


def rows(alignment: Alignment, old: Regulation, new: Regulation, old_title: str, new_title: str,
         href) -> list[ComparisonRow]:
    """One row per new article (in order) and per removed old article; ``href(slug, article)`` links an article."""
    old_by_number = {a.number: a for a in old.articles()}
    new_by_number = {a.number: a for a in new.articles()}
    matched = [(pair, tuple(old_by_number[n] for n in pair.old if n in old_by_number),
                new_by_number.get(pair.new) if pair.new is not None else None) for pair in alignment.pairs]
    changed = [(olds[0].text, article.text) for pair, olds, article in matched
               if article is not None and olds and status(pair) == "修改"]
    diffs = iter(word_diffs(changed))
    result = []
    for pair, olds, article in matched:
        kind = status(pair)
        old_cell = "\n\n".join(f"**[{escape_markdown(old_title)}{a.label}]({href(alignment.old_slug, a)})**\n\n"
                               f"{_paragraphs(a)}" for a in olds) or "（无对应条文）"
        new_cell = (f"**[{escape_markdown(new_title)}{article.label}]({href(alignment.new_slug, article)})**\n\n"
                    f"{_paragraphs(article)}") if article else "（未保留）"
        block = ('<div class="pufa-compare-cols" markdown>\n\n'
                 f'<div class="pufa-compare-old" markdown>\n\n原条文\n{{: .pufa-compare-side }}\n\n{old_cell}\n\n</div>\n\n'
                 f'<div class="pufa-compare-new" markdown>\n\n现条文\n{{: .pufa-compare-side }}\n\n{new_cell}\n\n</div>\n\n'
                 "</div>")
        if article is not None and olds and kind == "修改":
            block += ('\n\n<div class="pufa-compare-diff" markdown>\n\n逐词对照（删去的加删除线，新增的加下划线）\n'
                      f'{{: .pufa-compare-side }}\n\n{diff_html(next(diffs))}\n\n</div>')
        if article is not None:
            heading = f"{article.label}（{kind}）" + (f" ← 原{'、'.join(a.label for a in olds)}" if olds else "")
            anchor = f"new-{article.slug}"
        else:
            heading = f"原{olds[0].label}（删除/未保留）"
            anchor = f"old-{olds[0].slug}"
        result.append(ComparisonRow(anchor, heading, kind, article, olds, Markdown(block)))
    return result
