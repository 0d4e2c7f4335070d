"""The 法规库's in-browser index, sharded so that the first search downloads only what the query needs.

A national library (65,000 articles) cannot be one file: its vocabulary alone is a megabyte. The client
(``assets/pufa/pufa-library.js``) fetches, in three rounds, each a few small ``<script>`` files (``<script>``
rather than JSON so that search works from ``file://`` too), all under ``search/fagui/``:

1. ``v/<n>.js`` — the index terms that start with a character hashing to n: enough to segment the query with the
   same words the index has (forward maximum matching, plus the shorter terms inside a long one, as jieba's
   search mode does);
2. ``p/<n>.js`` — for every term hashing to n, its postings **ordered by impact and cut to the best**
   :data:`POSTINGS_KEPT` documents: ``[df, doc, impact, doc, impact, …]``, doc numbers as deltas after sorting
   the kept documents by number. An impact is the term's BM25F contribution to that document (the weights of
   :mod:`search_index.schema`), scaled to an integer, so a query is a sum of impacts: no document lengths or
   field statistics travel;
3. ``d/<n>.js`` — :data:`DOCS_PER_CHUNK` documents each: text number, article label, URL, passages for the
   snippet, and the texts they belong to (id, title, status).

``head.js`` holds only the shard counts and sizes. The analysis is the one of every other
index (:class:`search_index.analysis.Analyzer`), done on every core.
"""

from __future__ import annotations

import heapq
import json
import math
import multiprocessing
import os
import zlib
from collections import Counter, defaultdict
from operator import itemgetter
from pathlib import Path

from generator.cache import cache_path, read_pickled, store_pickled

from .analysis import Analyzer
from .documents import SearchDocument
from .schema import B, FIELD_BOOSTS, K1

VOCAB_SHARDS = 1024
POSTING_SHARDS = 2048
DOCS_PER_CHUNK = 8
POSTINGS_KEPT = 120
"""Documents kept per term, the highest impacts: a term found in 20,000 articles ranks only by its best 120,
which is what a top-10 list can use (impact-ordered pruning, as large search engines do)."""
IMPACT_SCALE = 100
PASSAGE_CHARS = 160
FIELDS = tuple(FIELD_BOOSTS)


def shard_of(text: str, shards: int) -> int:
    """The shard of a term (or of a character): crc32 of its UTF-8 bytes, the same function as the client's."""
    return zlib.crc32(text.encode("utf-8")) % shards


_ANALYZER: Analyzer | None = None
_DOCUMENTS: list[SearchDocument] = []


def _field_counts(numbers: range) -> list[list[Counter]]:
    return [[Counter(_ANALYZER.words(getattr(_DOCUMENTS[n], field))) for field in FIELDS] for n in numbers]


def analyse(documents: list[SearchDocument], analyzer: Analyzer, jobs: int | None = None) -> list[list[Counter]]:
    """Term counts per field of every document, computed on every core (forked workers share the documents)."""
    global _ANALYZER, _DOCUMENTS
    _ANALYZER, _DOCUMENTS = analyzer, documents
    jobs = jobs or os.cpu_count() or 1
    batches = [range(start, min(start + 500, len(documents))) for start in range(0, len(documents), 500)]
    try:
        if jobs == 1 or "fork" not in multiprocessing.get_all_start_methods() or len(batches) < 2:
            return [counts for batch in batches for counts in _field_counts(batch)]
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            return [counts for result in pool.map(_field_counts, batches) for counts in result]
    finally:
        _ANALYZER, _DOCUMENTS = None, []


def analyse_texts(documents: list[SearchDocument], analyzer: Analyzer, text_of: list[int],
                  text_keys: list[str]) -> list[list[Counter]]:
    """:func:`analyse`, with each text's counts kept in the cache under its key (``text_keys[text number]``, a
    hash of its bytes and of the analyzer's inputs): after one law is edited, only its articles are segmented
    again, not 65,000."""
    numbers_of: dict[int, list[int]] = defaultdict(list)
    for number, text in enumerate(text_of):
        numbers_of[text].append(number)
    counts: list[list[Counter] | None] = [None] * len(documents)
    missing: list[int] = []
    for text, numbers in numbers_of.items():
        known = _cached_counts(text_keys[text], len(numbers))
        if known is None:
            missing.append(text)
            continue
        for number, doc_counts in zip(numbers, known):
            counts[number] = doc_counts
    wanted = [number for text in missing for number in numbers_of[text]]
    for number, doc_counts in zip(wanted, analyse([documents[n] for n in wanted], analyzer)):
        counts[number] = doc_counts
    for text in missing:
        found = [counts[number] for number in numbers_of[text]]
        store_pickled("analysis", text_keys[text], ".pickle", found)
    return counts


def _cached_counts(key: str, documents: int) -> list[list[Counter]] | None:
    known = read_pickled(cache_path("analysis", key, ".pickle"))
    return known if isinstance(known, list) and len(known) == documents else None


def impacts(counts: list[list[Counter]]) -> dict[str, list[tuple[int, int]]]:
    """term → [(doc, impact)], the best :data:`POSTINGS_KEPT` by impact, then ordered by doc number."""
    total = len(counts)
    average = [max(1.0, sum(sum(doc[f].values()) for doc in counts) / max(1, total)) for f in range(len(FIELDS))]
    frequency: Counter = Counter()
    for doc in counts:
        frequency.update(set().union(*(field.keys() for field in doc)))
    idf = {term: math.log(1 + (total - df + 0.5) / (df + 0.5)) for term, df in frequency.items()}
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    boosts = [FIELD_BOOSTS[f] for f in FIELDS]
    for number, doc in enumerate(counts):
        scores: dict[str, float] = {}
        for f, field in enumerate(doc):
            if not field:
                continue
            norm, boost = K1 * (1 - B + B * sum(field.values()) / average[f]), boosts[f]
            for term, tf in field.items():
                scores[term] = scores.get(term, 0.0) + boost * tf * (K1 + 1) / (tf + norm)
        for term, score in scores.items():
            postings[term].append((number, max(1, round(score * idf[term] * IMPACT_SCALE))))
    # Each list is in document order already; a long one keeps its best (ties: the lower document, as a stable
    # sort by impact would) and goes back to document order.
    kept = {term: entries if len(entries) <= POSTINGS_KEPT
            else sorted(heapq.nlargest(POSTINGS_KEPT, entries, key=itemgetter(1)))
            for term, entries in postings.items()}
    return kept, frequency


def _part(kind: str, number: int, data) -> str:
    return f"PUFA_LIBRARY_PART({json.dumps(kind)},{number},{json.dumps(data, ensure_ascii=False, separators=(',', ':'))});\n"


def export_library_index(documents: list[SearchDocument], texts: list[tuple[str, str, str]], analyzer: Analyzer,
                         text_of: list[int], folder: Path, text_keys: list[str]) -> int:
    """Write ``folder`` (``search/fagui`` of the site being built); return the number of files written.

    ``texts`` are (id, title, status label) in the order ``text_of`` (document → text number) and ``text_keys``
    (the analysis cache's key of each text, see :func:`analyse_texts`) refer to.
    """
    postings, frequency = impacts(analyse_texts(documents, analyzer, text_of, text_keys))
    for sub in ("v", "p", "d"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    vocab: dict[int, list[str]] = defaultdict(list)
    shards: dict[int, dict[str, list[int]]] = defaultdict(dict)
    for term in sorted(postings):
        vocab[shard_of(term[0], VOCAB_SHARDS)].append(term)
        flat, previous = [frequency[term]], 0
        for doc, impact in postings[term]:
            flat += [doc - previous, impact]
            previous = doc
        shards[shard_of(term, POSTING_SHARDS)][term] = flat
    files = 0
    for number, terms in vocab.items():
        (folder / "v" / f"{number}.js").write_text(_part("v", number, terms), encoding="utf-8")
        files += 1
    for number, terms in shards.items():
        (folder / "p" / f"{number}.js").write_text(_part("p", number, terms), encoding="utf-8")
        files += 1
    for start in range(0, len(documents), DOCS_PER_CHUNK):
        numbers = range(start, min(start + DOCS_PER_CHUNK, len(documents)))
        chunk = {"texts": {text_of[n]: texts[text_of[n]] for n in numbers},
                 "docs": [[text_of[n], documents[n].title, documents[n].url,
                           [[p.text[:PASSAGE_CHARS], p.anchor] for p in documents[n].passages[:6]]] for n in numbers]}
        number = start // DOCS_PER_CHUNK
        (folder / "d" / f"{number}.js").write_text(_part("d", number, chunk), encoding="utf-8")
        files += 1
    head = {"version": 1, "vocabShards": VOCAB_SHARDS, "postingShards": POSTING_SHARDS,
            "docsPerChunk": DOCS_PER_CHUNK, "documents": len(documents),
            "maxWord": max((len(term) for term in postings), default=1)}
    (folder / "head.js").write_text(
        f"window.PUFA_LIBRARY_HEAD={json.dumps(head, ensure_ascii=False, separators=(',', ':'))};\n",
        encoding="utf-8")
    return files + 1
