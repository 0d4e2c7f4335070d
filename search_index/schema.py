"""The Whoosh schema: one module-level description of every field, built around one analyzer."""

from __future__ import annotations

from whoosh.analysis import LowercaseFilter
from whoosh.fields import ID, STORED, TEXT, Schema

from .analysis import ChineseTokenizer

FIELD_BOOSTS = {"title": 3.0, "extra": 1.5, "context": 0.5, "body": 1.0}
"""BM25F field weights: a match in the title (article label and 条旨, the question itself) counts most; the
editors' plain-language words attached to an article count more than its statute wording, which often differs
from how people ask."""
K1, B = 1.2, 0.75
"""BM25F's parameters, for the searcher's Whoosh weighting, its impact file and the library's browser index alike:
they must be the same numbers."""


def make_schema(user_words: tuple[str, ...] = ()) -> Schema:
    analyzer = ChineseTokenizer(user_words) | LowercaseFilter()
    return Schema(
        id=ID(stored=True, unique=True),          # "xinfang-gongzuo-tiaoli/22", "wenda/duojiu-dafu"
        type=ID(stored=True),                     # article, interpretation, qa, case, term
        regulation=ID(stored=True),               # slug, or empty for content not tied to one regulation
        article=STORED,                           # article number (int) or None
        chapter=ID(stored=True),                  # chapter number of an article, e.g. "4"
        title=TEXT(analyzer=analyzer, phrase=False, stored=True, field_boost=FIELD_BOOSTS["title"]),
        extra=TEXT(analyzer=analyzer, phrase=False, field_boost=FIELD_BOOSTS["extra"]),
        context=TEXT(analyzer=analyzer, phrase=False, field_boost=FIELD_BOOSTS["context"]),
        body=TEXT(analyzer=analyzer, phrase=False, field_boost=FIELD_BOOSTS["body"]),
        url=STORED,                               # site-relative URL with anchor
        passages=STORED,                          # [(text, anchor), …] for snippets
    )
