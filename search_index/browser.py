"""The in-browser engine's index: the same documents, analysed by the same analyzer, exported as small
JavaScript files that the site's client (``assets/pufa/pufa-search.js``) loads when a search needs them.
``<script>`` files rather than JSON so that search also works when the site is opened from ``file://``.

``search/index.js`` (``window.PUFA_SEARCH_INDEX``), loaded on the first search: ``fields``/``boosts`` (BM25F, as
in :mod:`search_index.schema`), ``avg`` (mean field lengths), ``docs`` (type, title, url, regulation, article,
field lengths; passages null until loaded), plus the analyzer's data the client needs for queries: synonyms,
stop words, regulation titles for article lookups, and the default regulation. Then, only as a query needs them:

* ``search/v/<n>.js``: the index terms whose first character falls in shard n of ``vocabShards``: a query
  fetches the shards of its own characters and segments itself with exactly the words the index has (the broad
  match, for a query that matched nothing, fetches them all);
* ``search/p/<n>.js``: the postings (term → flat ``[doc, field, tf, …]``) of the terms whose crc32 falls in
  shard n of ``termShards``;
* ``search/d/<n>.js``: the passages of documents ``n × passageChunk …``, for the snippets of the hits shown.

:func:`export_index` returns ``{path under the site: file content}``.
"""

from __future__ import annotations

import json
import zlib
from collections import Counter, defaultdict

from generator.grammar import browser_grammar

from .analysis import BROAD_LIMIT, BROAD_WEIGHT, SYNONYM_WEIGHT, Analyzer
from .engine import STATUS_WEIGHTS
from .documents import SearchDocument
from .schema import FIELD_BOOSTS

FIELDS = tuple(FIELD_BOOSTS)
PASSAGE_CHARS = 200
"""Passages are cut to this many characters for snippets: enough for context, small enough for phones."""


TERM_SHARDS = 128
VOCAB_SHARDS = 256
PASSAGE_CHUNK = 2
"""Documents per passage file: a results page of 20 hits fetches at most 20 small files."""


def export_index(documents: list[SearchDocument], analyzer: Analyzer, titles: dict[str, str],
                 default_regulation: str | None, regulations: dict[str, dict] | None = None) -> dict[str, str]:
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
        docs.append([doc.type, doc.title, doc.url, doc.regulation, doc.article, lengths, None])
    data = {
        "version": 2, "fields": list(FIELDS), "boosts": [FIELD_BOOSTS[f] for f in FIELDS], "k1": 1.2, "b": 0.75,
        "avg": [round(total / max(1, len(documents)), 2) for total in totals],
        "docs": docs, "vocabShards": VOCAB_SHARDS, "termShards": TERM_SHARDS, "passageChunk": PASSAGE_CHUNK,
        # Synonym targets go out already analysed, so the client adds exactly the terms Whoosh would.
        "synonyms": {word: list(terms) for word, terms in analyzer.expansions.items()},
        "synonymWeight": SYNONYM_WEIGHT, "broadWeight": BROAD_WEIGHT, "broadLimit": BROAD_LIMIT, "stopwords": sorted(analyzer.stopwords),
        "userWords": list(analyzer.user_words), "titles": titles, "defaultRegulation": default_regulation,
        "grammar": browser_grammar(), "regulations": regulations or {}, "statusWeights": STATUS_WEIGHTS,
    }
    files = {"search/index.js": f"window.PUFA_SEARCH_INDEX={_json(data)};\n"}
    shards: dict[int, dict[str, list[int]]] = defaultdict(dict)
    vocabulary: dict[int, list[str]] = defaultdict(list)
    for term in sorted(postings):
        shards[term_shard(term)][term] = postings[term]
        vocabulary[vocab_shard(term)].append(term)
    for number, terms in vocabulary.items():
        files[f"search/v/{number}.js"] = f"PUFA_SEARCH_PART(\"v\",{number},{_json(terms)});\n"
    for number, terms in shards.items():
        files[f"search/p/{number}.js"] = f"PUFA_SEARCH_PART(\"p\",{number},{_json(terms)});\n"
    for start in range(0, len(documents), PASSAGE_CHUNK):
        chunk = [[[p.text[:PASSAGE_CHARS], p.anchor] for p in doc.passages]
                 for doc in documents[start:start + PASSAGE_CHUNK]]
        files[f"search/d/{start // PASSAGE_CHUNK}.js"] = f"PUFA_SEARCH_PART(\"d\",{start // PASSAGE_CHUNK},{_json(chunk)});\n"
    return files


def term_shard(term: str) -> int:
    """crc32 of the term's UTF-8 bytes modulo TERM_SHARDS: the client computes the same (pufa-search.js)."""
    return zlib.crc32(term.encode("utf-8")) % TERM_SHARDS


def vocab_shard(term: str) -> int:
    """The vocabulary shard of a term: crc32 of its first character modulo VOCAB_SHARDS."""
    return zlib.crc32(term[0].encode("utf-8")) % VOCAB_SHARDS


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
