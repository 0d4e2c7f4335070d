"""The Whoosh engine: build the index atomically, and search it.

The index directory given to :func:`search` (default ``.pufa-index``) is a symbolic link to a generation
directory ``.pufa-index.<n>``; :func:`build_index` writes generation n+1 completely, then replaces the link in one
rename, and removes generations older than the previous one. A search that opened generation n keeps reading it
while n+1 is built and swapped in, so a search during a rebuild never fails.
A generation of a large index also holds its impacts (:mod:`search_index.impacts`), written before the rename.
"""

from __future__ import annotations

import html
import json
import os
import pickle
import re
import shutil
import struct
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import scoring
from whoosh.query import AndMaybe, Or, Term

from generator.atomic import make_folder, remove_abandoned
from generator.errors import PufaError
from generator.lock import output_lock
from generator.link import Target

from .analysis import Analyzer, analyzer_for, normalize
from .documents import LABELS, SearchDocument
from .generations import DEFAULT_INDEX, next_generation, publish_generation
from .impacts import Impacts, compute_impacts, read_impacts, write_impacts
from .lookup import find_lookup
from .schema import B, FIELD_BOOSTS, K1, make_schema

_META = "pufa-index.json"
STATUS_WEIGHTS = {"现行": 1.0, "地方性法规": 0.85, "已废止": 0.7}
"""Word matches of a current national provision rank above the same match in a local or a repealed one."""
COMMON_DF = 2000
"""Documents a (field, term) pair may be found in before it only refines the ranking (see Searcher._query)."""
IMPACTS_FROM = 5000
"""Documents from which an index ranks by precomputed impacts (:mod:`search_index.impacts`).

Below it (a campaign site, hundreds of documents) Whoosh's own matchers answer in a few milliseconds and rank
exactly, so the shipped site's quality is Whoosh's by construction and its build writes no extra file. Where no
term is cut the two rank the same (tests/search_index/test_impacts.py): impacts forced on the shipped site give
the same benchmarks/search_quality.py figures (dev 1.00/0.96, unseen 0.98/0.91)."""


class DamagedIndexError(PufaError):
    """The index exists but cannot be read (a file truncated, overwritten or deleted)."""


# What opening a damaged Whoosh index or its metadata raises: truncated or garbled files surface as any of these.
_DAMAGE = (whoosh_index.IndexError, json.JSONDecodeError, OSError, EOFError, struct.error, ValueError, KeyError,
           IndexError, TypeError, pickle.UnpicklingError, zlib.error)
# What reading a damaged segment raises while searching (narrower: a bug in pufa must not pass for damage).
_READ_DAMAGE = (whoosh_index.IndexError, OSError, EOFError, struct.error, pickle.UnpicklingError, zlib.error)


def _damaged(path: Path, error: Exception) -> DamagedIndexError:
    return DamagedIndexError(f"the index is damaged ({type(error).__name__}: {error})", path=path,
                             hint="run pufa index (or pufa build) to write it again.")


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    """The document's id in the index: ``xinfang-gongzuo-tiaoli/22``, ``wenda/duojiu-dafu``."""
    type: str
    regulation: str | None
    article: int | None
    title: str
    url: str
    snippet: str
    """Escaped HTML; matched terms wrapped in <mark>."""
    score: float
    regulation_title: str | None = None
    """The regulation's short title (信访工作条例), for results of a regulation."""
    status: str | None = None
    """现行, 已废止 or 地方性法规: never leave a reader unsure whether a provision is in force."""
    note: str = ""
    """Said about a lookup that could not be followed exactly: 第三十一条 has no 第九项."""
    broad: bool = False
    """Found by the broad match (nothing matched the query's words): shown as 相近内容, not as an answer."""

    @property
    def label(self) -> str:
        return LABELS[self.type]

    def as_dict(self) -> dict:
        return {"type": self.type, "label": self.label, "regulation": self.regulation,
                "regulation_title": self.regulation_title, "status": self.status, "article": self.article,
                "title": self.title, "url": "/" + self.url, "snippet": self.snippet, "score": round(self.score, 3),
                **({"note": self.note} if self.note else {}), **({"broad": True} if self.broad else {})}


def build_index(documents: list[SearchDocument], index_dir: str | Path, user_words: tuple[str, ...] = (),
                titles: dict[str, str] | None = None, default_regulation: str | None = None,
                publish: bool = True, regulations: dict[str, dict] | None = None,
                impacts_from: int = IMPACTS_FROM) -> Path:
    """Write a new generation of the index and (unless ``publish`` is False) swap it in; return its directory.

    ``pufa build`` publishes the generation with :func:`publish_generation` right after it swaps in the site, so
    the site and its index change together.

    The generation is written under a temporary name and renamed to ``<index>.<n>`` only when complete, so a
    build killed mid-way leaves no half-written generation that could be kept as "the previous one".
    ``titles`` (title → slug) and ``default_regulation`` are kept with the index so that 信访条例第21条 and a bare
    第22条 resolve the same way in ``pufa search`` as on the site; ``regulations`` (slug → short title and status
    label, :func:`search_index.documents.regulation_labels`) names each result's regulation. An index of
    ``impacts_from`` documents or more also gets its impact file (:data:`IMPACTS_FROM`).
    """
    link = Path(index_dir)
    with output_lock(link.parent):
        link.parent.mkdir(parents=True, exist_ok=True)
        remove_abandoned(link.parent, f"{link.name}.tmp-")
        working = make_folder(link.parent, f"{link.name}.tmp-")
        try:
            ix = whoosh_index.create_in(str(working), make_schema(tuple(user_words)))
            writer = _writer(ix, len(documents))
            write_documents(writer, documents)
            writer.commit()
            # A finished generation is never written again; Whoosh's lock file (mode 0777 & ~umask) goes.
            for lock in working.glob("*_WRITELOCK"):
                lock.unlink()
            ranked_by_impact = len(documents) >= impacts_from
            if ranked_by_impact:
                write_impacts(compute_impacts(working), working)
            generation = next_generation(link)
            meta = {"generation": generation, "titles": titles or {}, "default_regulation": default_regulation,
                    "regulations": regulations or {}, "documents": len(documents),
                    "impacts": ranked_by_impact}
            (working / _META).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
            target = link.with_name(f"{link.name}.{generation}")
            working.rename(target)
        finally:
            shutil.rmtree(working, ignore_errors=True)
        if publish:
            publish_generation(link, target)
    return target


def write_documents(writer, documents: list[SearchDocument]) -> None:
    """Add search records to a Whoosh writer of :func:`search_index.schema.make_schema`'s schema."""
    for doc in documents:
        writer.add_document(
            id=doc.id, type=doc.type, regulation=doc.regulation or "", article=doc.article,
            chapter=str(doc.chapter) if doc.chapter else "", title=doc.title,
            extra=doc.extra, context=doc.context, body=doc.body, url=doc.url,
            passages=[(p.text, p.anchor, normalize(p.text)[0]) for p in doc.passages])


PARALLEL_FROM = 5000
"""Documents from which indexing is spread over every core (a national library; a campaign site is done first)."""


def _writer(ix, documents: int):
    """One writer for a small index; at national scale one sub-writer per core, each writing its own segment
    (``multisegment``: no merge at the end; a search reads the segments together)."""
    procs = os.cpu_count() or 1
    if documents < PARALLEL_FROM or procs < 2:
        return ix.writer(limitmb=256)
    return ix.writer(procs=procs, multisegment=True, limitmb=256, batchsize=500)


class Searcher:
    """An open index: searches by words, and by article number first.

    Args:
        index_dir: the index link (or a generation directory).
        exact: rank with Whoosh's matchers even where the index has impacts (for comparisons).
    """

    def __init__(self, index_dir: str | Path = DEFAULT_INDEX, exact: bool = False):
        path = Path(index_dir)
        resolved = path.resolve()
        if not (resolved / _META).is_file():
            raise FileNotFoundError(f"no search index at {path}")
        self.path = path
        try:
            self.meta = json.loads((resolved / _META).read_text(encoding="utf-8"))
            self.meta["titles"], self.meta["default_regulation"]  # noqa: B018 — both must be there
            self.ix = whoosh_index.open_dir(str(resolved))
            tokenizer = self.ix.schema["title"].analyzer.items[0]  # ChineseTokenizer | LowercaseFilter (schema.py)
            self.analyzer: Analyzer = analyzer_for(tuple(tokenizer.user_words))
            self.searcher = self.ix.searcher(weighting=scoring.BM25F(B=B, K1=K1))
            self._terms: set[str] | None = None
            # Read now, not at the first search: two rebuilds later this generation's directory is removed.
            self.impacts: Impacts | None = (read_impacts(resolved, self.meta["documents"])
                                            if self.meta.get("impacts") and not exact else None)
        except _DAMAGE as error:
            raise _damaged(path, error) from None

    def close(self) -> None:
        self.searcher.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def search(self, text: str, limit: int = 10, type: str | None = None, regulation: str | None = None) -> list[Hit]:
        """Results for ``text``, best first. Any string is valid input: nothing in it is query syntax.

        Raises:
            DamagedIndexError: a segment of the index cannot be read.
        """
        try:
            return self._search(text, limit, type, regulation)
        except _READ_DAMAGE as error:
            raise _damaged(self.path, error) from None

    def _search(self, text: str, limit: int, type: str | None, regulation: str | None) -> list[Hit]:
        text = text.strip()[:500]
        if not text:
            return []
        lookup = find_lookup(text, self.meta["titles"], regulation or self.meta["default_regulation"])
        hits: list[Hit] = []
        if lookup is not None and type in (None, "article"):
            hits.extend(self._lookup_hits(lookup))
            successor = self.meta.get("regulations", {}).get(lookup.regulation, {}).get("successor")
            if successor and regulation in (None, successor):
                # 信访条例第二十三条 may mean the regulation that replaced it: show that article right after.
                hits.extend(self._lookup_hits(replace(lookup, regulation=successor)))
        hits += self._word_hits(self.analyzer.query(text), limit, type, regulation, {hit.id for hit in hits})
        if not hits:
            broad = self._word_hits(self.analyzer.broad_terms(text, self._vocabulary()), limit, type, regulation, set())
            hits = [replace(hit, broad=True) for hit in broad]
        # A number lookup ranks above everything: give it a finite score just above the best word match.
        lookups = [hit for hit in hits if hit.score == float("inf")]
        words = sorted((hit for hit in hits if hit.score != float("inf")), key=lambda hit: -hit.score)
        top = max((hit.score for hit in words), default=0.0)
        return [replace(hit, score=top + 1.0) for hit in lookups] + words[:limit - len(lookups)]

    def _word_hits(self, terms, limit: int, type, regulation, seen: set[str]) -> list[Hit]:
        if not terms:
            return []
        words = [term for term, _ in terms]
        hits = []
        for fields, score in self._ranked(terms, 2 * limit + len(seen), type, regulation):
            if fields["id"] not in seen:
                hit = self._hit(fields, words, score)
                hits.append(replace(hit, score=hit.score * STATUS_WEIGHTS.get(hit.status, 1.0)))
        return hits

    def _ranked(self, terms, count: int, type, regulation) -> list[tuple[dict, float]]:
        """(stored fields, score) of the ``count`` best documents, by impacts where the index has them.

        Impacts answer unless they found fewer than ``count`` documents while only cut postings selected them:
        the documents a cut dropped may be the only ones the filters let through, so Whoosh walks the full
        postings.
        """
        if self.impacts is not None:
            ranked = self.impacts.rank(terms, count, type, regulation)
            if len(ranked) == count or self.impacts.exhaustive(terms):
                return [(self.searcher.stored_fields(number), score) for number, score in ranked]
        results = self.searcher.search(self._query(terms), limit=count, filter=self._filter(type, regulation))
        return [(result.fields(), result.score) for result in results]

    def _query(self, terms):
        """BM25F over every field of every term; at national scale, the common terms only refine the ranking.

        A (field, term) pair found in more than :data:`COMMON_DF` documents (法院 in the titles of 10,000
        articles' laws) is not allowed to select documents on its own when rarer words are there to do it: the
        rare pairs must match, the common ones add their score (Elasticsearch's "common terms" query). Its idf
        is tiny, so the ranking barely changes, while Whoosh no longer walks tens of thousands of postings.
        An index smaller than COMMON_DF documents (a campaign site) has no common pair: one plain Or.
        """
        reader = self.searcher.reader()
        rare, common = [], []
        for term, weight in terms:
            for field in FIELD_BOOSTS:
                clause = Term(field, term, boost=weight)
                frequency = reader.doc_frequency(field, term)
                if frequency:
                    (common if frequency > COMMON_DF else rare).append(clause)
        if not common:
            return Or(rare) if rare else Or([Term(field, term) for term, _ in terms for field in FIELD_BOOSTS])
        if not rare:
            return Or(common)
        return AndMaybe(Or(rare), Or(common))

    def _vocabulary(self) -> set[str]:
        """Every term of the searchable fields (for the broad match); read once per Searcher."""
        if self._terms is None:
            reader = self.searcher.reader()
            self._terms = {term.decode("utf-8") if isinstance(term, bytes) else term
                           for field in FIELD_BOOSTS for term in reader.lexicon(field)}
        return self._terms

    def _filter(self, type: str | None, regulation: str | None):
        clauses = []
        if type:
            clauses.append(Term("type", type))
        if regulation:
            clauses.append(Term("regulation", regulation))
        if not clauses:
            return None
        from whoosh.query import And

        return And(clauses) if len(clauses) > 1 else clauses[0]

    def _lookup_hits(self, target: Target) -> list[Hit]:
        found = self.searcher.document(id=f"{target.regulation}/{target.article_slug}")
        if not found:
            return []
        passages = found.get("passages") or [("", "")]
        anchor = ""
        if target.item or target.paragraph:
            # 31.6 names item 6 of whichever paragraph lists items; 第三十一条第二款第三项 names it exactly.
            wanted = target.anchor if target.paragraph else rf"-p[0-9]+-i{target.item}"
            anchor = next((p[1] for p in passages if re.search(f"{wanted}$", p[1])), "")
        chosen = next((p for p in passages if anchor and p[1] == anchor), passages[0])
        note = "" if anchor or not (target.item or target.paragraph) else f"{_missing_part(target, found['title'])}，显示整条"
        return [Hit(found["id"], "article", found["regulation"], found.get("article"), found["title"],
                    found["url"] + (f"#{anchor}" if anchor else ""), html.escape(_clip(chosen[0])), float("inf"),
                    *self._regulation(found["regulation"]), note)]

    def _regulation(self, slug: str | None) -> tuple[str | None, str | None]:
        info = self.meta.get("regulations", {}).get(slug or "")
        return (info["title"], info["label"]) if info else (None, None)

    def _hit(self, result, words: list[str], score: float) -> Hit:
        passages = result.get("passages") or []
        text, anchor = best_passage(self.analyzer, passages, words)
        url = result["url"]
        if anchor and result["type"] == "article":
            url = f"{url}#{anchor}"
        regulation = result.get("regulation") or None
        return Hit(result["id"], result["type"], regulation, result.get("article"), result["title"], url,
                   highlight(self.analyzer, text, words), score, *self._regulation(regulation))


def _missing_part(target: Target, title: str) -> str:
    from generator.numerals import int_to_cn

    label = title.split()[0]
    if target.paragraph and target.item:
        return f"{label}第{int_to_cn(target.paragraph)}款没有第{int_to_cn(target.item)}项"
    if target.paragraph:
        return f"{label}没有第{int_to_cn(target.paragraph)}款"
    return f"{label}没有第{int_to_cn(target.item)}项"


def best_passage(analyzer: Analyzer, passages, words: list[str]) -> tuple[str, str]:
    """The passage with the most distinct query words (the first passage if none matches). Passages are
    stored with their normalised text, so choosing one costs no analysis at query time."""
    best, best_count = (passages[0] if passages else ("", "", "")), 0
    for passage in passages:
        count = sum(1 for word in words if word in passage[2])
        if count > best_count:
            best, best_count = passage, count
    return best[0], best[1]


def highlight(analyzer: Analyzer, text: str, words: list[str], width: int = 120) -> str:
    """Escaped snippet of ``text`` around the first match, each matched term wrapped in <mark>."""
    merged: list[list[int]] = []
    for start, end in analyzer.find(text, words):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    begin = max(0, (merged[0][0] - 20) if merged else 0)
    end = min(len(text), begin + width)
    parts, position = [], begin
    for start, stop in merged:
        if start < begin or stop > end:
            continue
        parts.append(html.escape(text[position:start]))
        parts.append(f"<mark>{html.escape(text[start:stop])}</mark>")
        position = stop
    parts.append(html.escape(text[position:end]))
    return ("…" if begin else "") + "".join(parts) + ("…" if end < len(text) else "")


def _clip(text: str, width: int = 120) -> str:
    return text if len(text) <= width else text[:width] + "…"
