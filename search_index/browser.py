"""The in-browser engine's index: the same documents, analysed by the same analyzer, exported as one small
JavaScript file (``search/index.js``) that the site's client (``assets/pufa/pufa-search.js``) loads on the first
search. A ``<script>`` file rather than JSON so that search also works when the site is opened from ``file://``.

Layout (``window.PUFA_SEARCH_INDEX``): ``fields``/``boosts`` (BM25F, as in :mod:`search_index.schema`), ``avg``
(mean field lengths), ``docs`` (type, title, url, regulation, article, field lengths, passages), ``terms``
(term → flat postings ``[doc, field, tf, …]``), plus the analyzer's data the client needs for queries:
synonyms, stop words, regulation titles for article lookups, and the default regulation.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from generator.grammar import browser_grammar

from .analysis import BROAD_LIMIT, BROAD_WEIGHT, SYNONYM_WEIGHT, Analyzer
from .engine import STATUS_WEIGHTS
from .documents import SearchDocument
from .schema import FIELD_BOOSTS

FIELDS = tuple(FIELD_BOOSTS)
PASSAGE_CHARS = 240
"""Passages are cut to this many characters for snippets: enough for context, small enough for phones."""


def export_index(documents: list[SearchDocument], analyzer: Analyzer, titles: dict[str, str],
                 default_regulation: str | None, regulations: dict[str, dict] | None = None) -> str:
    postings: dict[str, list[int]] = defaultdict(list)
    docs, totals = [], [0] * len(FIELDS)
    for number, doc in enumerate(documents):
        lengths = []
        for field_number, field in enumerate(FIELDS):
            words = analyzer.words(getattr(doc, field))
            lengths.append(len(words))
            totals[field_number] += len(words)
            for word, count in Counter(words).items():
                postings[word].extend((number, field_number, count))
        docs.append([doc.type, doc.title, doc.url, doc.regulation, doc.article, lengths,
                     [[p.text[:PASSAGE_CHARS], p.anchor] for p in doc.passages]])
    data = {
        "version": 1, "fields": list(FIELDS), "boosts": [FIELD_BOOSTS[f] for f in FIELDS], "k1": 1.2, "b": 0.75,
        "avg": [round(total / max(1, len(documents)), 2) for total in totals],
        "docs": docs, "terms": postings,
        # Synonym targets go out already analysed, so the client adds exactly the terms Whoosh would.
        "synonyms": {word: list(terms) for word, terms in analyzer.expansions.items()},
        "synonymWeight": SYNONYM_WEIGHT, "broadWeight": BROAD_WEIGHT, "broadLimit": BROAD_LIMIT, "stopwords": sorted(analyzer.stopwords),
        "userWords": list(analyzer.user_words), "titles": titles, "defaultRegulation": default_regulation,
        "grammar": browser_grammar(), "regulations": regulations or {}, "statusWeights": STATUS_WEIGHTS,
    }
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"window.PUFA_SEARCH_INDEX={body};\n"
