"""Impact-ordered postings for a large Whoosh index: computed once from the committed index, summed at query time.

Whoosh answers a query by walking every posting of every (field, term) clause in pure Python: at national scale
(65,000 articles) a title query walks tens of thousands and takes a second. The score of a document is a sum over
the query's terms, ``weight × Σ_field BM25(field, term, document)``, and the inner sum does not depend on the
query. So :func:`compute_impacts` works it out for every (term, document) pair from the committed segments, with
the statistics the searcher uses (per-field idf, the stored field lengths, the field boosts in the postings'
weights, :data:`K1` and :data:`B`), and keeps each term's best :data:`POSTINGS_KEPT` documents (impact-ordered
pruning, as large search engines do: a top-10 list of a term found in 20,000 articles is made from its best).
:func:`Impacts.rank` then sums a few thousand precomputed numbers instead of walking postings; the searcher
fetches the stored fields of the winners only.

What it does not own: the analysis (the index's terms are the analyser's), snippets and hits
(:mod:`search_index.engine`).
"""

from __future__ import annotations

import heapq
import multiprocessing
import os
import pickle
from array import array
from collections import defaultdict
from dataclasses import dataclass
from math import log
from operator import itemgetter
from pathlib import Path

from whoosh import index as whoosh_index

from .schema import B, FIELD_BOOSTS, K1

IMPACT_FILE = "pufa-impacts.pickle"
FORMAT = 1
POSTINGS_KEPT = 1000
"""Documents kept per term. Measured on the national library against Whoosh's own query (300 of the benchmark's
sampled title queries): with 1,000, the title's law is in the top 10 for 90% (Whoosh: 87%), p95 7 ms, and the
judged queries' top 10 share 82% with Whoosh's; with 500, 89%, p95 4 ms, but only 72% shared."""


@dataclass(frozen=True, slots=True)
class Impacts:
    """Every term's best documents with their score contributions, and what the filters need per document."""

    documents: int
    postings: dict[str, tuple[bytes, bytes]]
    """term → (document numbers as ``array('i')`` bytes, impacts as ``array('d')`` bytes), best first."""
    cut: frozenset[str]
    """Terms found in more documents than were kept."""
    types: tuple[str, ...]
    """Each document's ``type`` field, by document number."""
    regulations: tuple[str, ...]
    """Each document's ``regulation`` field ("" for none), by document number."""

    def rank(self, terms: list[tuple[str, float]], count: int, type: str | None = None,
             regulation: str | None = None) -> list[tuple[int, float]]:
        """The ``count`` best (document number, score) for weighted ``terms`` among the documents of ``type`` and
        ``regulation`` (when given), best first, ties by number as Whoosh orders them.

        As the exact query does at this scale (``engine.Searcher._query``), the rare terms select and the common
        ones only refine: when some terms were cut and others were not, only documents with an uncut term are
        ranked. Without that, a title query's common words (法院, 规定) outvote its rare, telling ones.
        """
        scores: dict[int, float] = defaultdict(float)
        for term, weight in terms:
            numbers, impacts = self.entries(term)
            for number, impact in zip(numbers, impacts):
                scores[number] += weight * impact
        candidates = scores.items()
        rare = self._rare(terms)
        if rare and any(term in self.cut for term, _ in terms):
            selected = {number for term in rare for number in self.entries(term)[0]}
            candidates = [(number, score) for number, score in candidates if number in selected]
        if type or regulation:
            candidates = [(number, score) for number, score in candidates
                          if (not type or self.types[number] == type)
                          and (not regulation or self.regulations[number] == regulation)]
        return heapq.nsmallest(count, candidates, key=lambda entry: (-entry[1], entry[0]))

    def exhaustive(self, terms: list[tuple[str, float]]) -> bool:
        """Whether :meth:`rank` sees every document it would select for ``terms``: some term's postings were
        kept whole (uncut terms select), or no term is in the index at all."""
        return bool(self._rare(terms)) or not any(term in self.postings for term, _ in terms)

    def _rare(self, terms: list[tuple[str, float]]) -> list[str]:
        return [term for term, _ in terms if term in self.postings and term not in self.cut]

    def entries(self, term: str) -> tuple[memoryview, memoryview]:
        numbers, impacts = self.postings.get(term, (b"", b""))
        return memoryview(numbers).cast("i"), memoryview(impacts).cast("d")


def compute_impacts(folder: Path, kept: int = POSTINGS_KEPT) -> Impacts:
    """The impacts of the committed index in ``folder``, each segment read on a core of its own.

    A document lies in one segment, so a segment's sums are whole and its best ``kept`` documents per term
    hold the term's overall best that lie in it: merging the segments' lists and cutting again is exact.
    """
    with whoosh_index.open_dir(str(folder)).reader() as reader:
        total, segments = reader.doc_count_all(), len(reader.leaf_readers())
        types, regulations = _column(reader, "type", total), _column(reader, "regulation", total)
    jobs = [(folder, segment, kept) for segment in range(segments)]
    processes = min(segments, os.cpu_count() or 1)
    if processes < 2 or "fork" not in multiprocessing.get_all_start_methods():
        parts = [_segment_impacts(*job) for job in jobs]
    else:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            parts = pool.starmap(_segment_impacts, jobs)
    postings, cut = _merge(parts, kept)
    return Impacts(total, postings, cut, types, regulations)


def _segment_impacts(folder: Path, segment: int, kept: int) -> tuple[dict[str, tuple[array, array]], set[str]]:
    """term → (document numbers, impacts) of one segment, its best ``kept`` first; and the terms cut.

    Opens the index itself: a reader inherited across fork would share its file positions with the parent's.
    """
    with whoosh_index.open_dir(str(folder)).reader() as reader:
        total = reader.doc_count_all()
        leaf, offset = reader.leaf_readers()[segment]
        summed: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
        for field in FIELD_BOOSTS:
            average = reader.field_length(field) / (total or 1) or 1
            # BM25's length normalisation of each document, the same for every term of the field.
            norms = [K1 * (1 - B + B * (leaf.doc_field_length(number, field) or 0) / average)
                     for number in range(leaf.doc_count_all())]
            for raw in leaf.lexicon(field):
                scale = (log(total / (reader.doc_frequency(field, raw) + 1)) + 1) * (K1 + 1)  # idf × (K1 + 1)
                scores = summed[raw.decode("utf-8")]
                matcher = leaf.postings(field, raw)
                while matcher.is_active():
                    number, weight = matcher.id(), matcher.weight()  # weight: frequency × the field's boost
                    scores[number + offset] += scale * weight / (weight + norms[number])
                    matcher.next()
    postings, cut = {}, set()
    for term, by_document in summed.items():
        postings[term] = _best(by_document, kept)
        if len(by_document) > kept:
            cut.add(term)
    return postings, cut


def _merge(parts, kept: int) -> tuple[dict[str, tuple[bytes, bytes]], frozenset[str]]:
    """The segments' postings as one, cut again to the best ``kept``; postings as bytes, ready to store."""
    pieces: dict[str, list[tuple[array, array]]] = defaultdict(list)
    cut: set[str] = set()
    for postings, segment_cut in parts:
        cut |= segment_cut
        for term, entry in postings.items():
            pieces[term].append(entry)
    merged = {}
    for term, entries in pieces.items():
        if len(entries) == 1:
            numbers, impacts = entries[0]
        else:
            by_document = {n: s for numbers, impacts in entries for n, s in zip(numbers, impacts)}
            numbers, impacts = _best(by_document, kept)
            if len(by_document) > kept:
                cut.add(term)
        merged[term] = (numbers.tobytes(), impacts.tobytes())
    return merged, frozenset(cut)


def _best(by_document: dict[int, float], kept: int) -> tuple[array, array]:
    """The best ``kept`` (document, score) of a term, best first, as arrays of numbers and of scores."""
    if len(by_document) > kept:
        best = heapq.nlargest(kept, by_document.items(), key=itemgetter(1))
    else:
        best = sorted(by_document.items(), key=itemgetter(1), reverse=True)
    return array("i", (n for n, _ in best)), array("d", (s for _, s in best))


def _column(reader, field: str, total: int) -> tuple[str, ...]:
    """Each document's value of an ID ``field``, read from its postings (no stored fields are loaded)."""
    values = [""] * total
    for raw in reader.lexicon(field):
        value = raw.decode("utf-8")
        for number in reader.postings(field, raw).all_ids():
            values[number] = value
    return tuple(values)


def write_impacts(impacts: Impacts, folder: Path) -> None:
    state = {"format": FORMAT, "documents": impacts.documents, "postings": impacts.postings,
             "cut": impacts.cut, "types": impacts.types, "regulations": impacts.regulations}
    with open(folder / IMPACT_FILE, "wb") as out:
        pickle.dump(state, out, protocol=pickle.HIGHEST_PROTOCOL)


def read_impacts(folder: Path, documents: int) -> Impacts:
    """The impacts written beside an index of ``documents`` documents.

    Raises:
        OSError, pickle.UnpicklingError, EOFError, ValueError, KeyError: the file is missing, damaged or not
            of this index (the caller reports the index as damaged).
    """
    with open(folder / IMPACT_FILE, "rb") as source:
        state = pickle.load(source)
    if not isinstance(state, dict) or state.get("format") != FORMAT or state["documents"] != documents:
        raise ValueError(f"{IMPACT_FILE} does not belong to this index")
    if len(state["types"]) != documents or len(state["regulations"]) != documents:
        raise ValueError(f"{IMPACT_FILE} is incomplete")
    return Impacts(state["documents"], state["postings"], state["cut"], state["types"], state["regulations"])
