"""Ranking by precomputed impacts (search_index/impacts.py) on the small made-up project, its impacts forced on:
the same results as Whoosh's own matchers while nothing is cut, filters, lookups, and a damaged impact file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from search_index.engine import DamagedIndexError, Searcher, build_index, write_documents
from search_index.impacts import IMPACT_FILE, compute_impacts, write_impacts
from search_index.schema import make_schema
from tests.helpers import MEDIATION_SLUG, SERVICE_SLUG, search_documents

QUERIES = ["调解", "不服", "六十天", "服务 调解 条例 法", "泄露当事人的隐私", "物业 收费", "调解员 回避", "上访 多久",
           "人民调解委员会", "xyz 调解"]


def build(link: Path, **options) -> Path:
    docs, words, titles, default = search_documents()
    return build_index(docs, link, words, titles, default, **options)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    """The made-up project indexed once, with impacts although it is far below IMPACTS_FROM."""
    link = tmp_path_factory.mktemp("index") / ".pufa-index"
    build(link, impacts_from=0)
    return link


@pytest.fixture(scope="module")
def searchers(index_dir):
    with Searcher(index_dir) as by_impact, Searcher(index_dir, exact=True) as exact:
        yield by_impact, exact


def _ranking(hits) -> list[tuple[str, float]]:
    return [(hit.id, round(hit.score, 9)) for hit in hits]


def test_impacts_are_written_into_the_generation(index_dir):
    """The impact file is part of the generation directory, and the metadata says the index has one."""
    generation = index_dir.resolve()
    assert (generation / IMPACT_FILE).is_file()
    assert json.loads((generation / "pufa-index.json").read_text(encoding="utf-8"))["impacts"] is True


def test_a_small_index_has_no_impacts(tmp_path):
    """Below IMPACTS_FROM documents no impact file is written and Whoosh's matchers rank."""
    link = tmp_path / ".pufa-index"
    build(link)
    assert not (link.resolve() / IMPACT_FILE).exists()
    with Searcher(link) as searcher:
        assert searcher.impacts is None


def test_nothing_is_cut_in_a_small_index(searchers):
    """The fixture's postings are all kept, so the comparisons below compare whole rankings."""
    assert searchers[0].impacts is not None
    assert searchers[0].impacts.cut == frozenset()


@pytest.mark.parametrize("query", QUERIES)
def test_impacts_rank_as_whoosh_does(searchers, query):
    """Summed impacts give Whoosh's BM25F ranking: the same documents, in the same order, with the same scores."""
    by_impact, exact = searchers
    assert _ranking(by_impact.search(query, limit=20)) == _ranking(exact.search(query, limit=20))
    assert by_impact.search(query)


@pytest.mark.parametrize("kind", ["article", "qa", "case", "term"])
def test_type_filter(searchers, kind):
    """--type on the impact path keeps only results of that kind, ranked as Whoosh ranks them."""
    by_impact, exact = searchers
    hits = by_impact.search("调解", type=kind)
    assert hits and {hit.type for hit in hits} == {kind}
    assert _ranking(hits) == _ranking(exact.search("调解", type=kind))


@pytest.mark.parametrize("slug", [MEDIATION_SLUG, SERVICE_SLUG])
def test_regulation_filter(searchers, slug):
    """--regulation on the impact path keeps only that regulation's results, ranked as Whoosh ranks them."""
    by_impact, exact = searchers
    hits = by_impact.search("服务 调解 条例 法", regulation=slug)
    assert hits and {hit.regulation for hit in hits} == {slug}
    assert _ranking(hits) == _ranking(exact.search("服务 调解 条例 法", regulation=slug))


@pytest.mark.parametrize("query", ["第二十二条", "第22条", "示范社区调解条例第22条"])
def test_lookup_still_comes_first(searchers, query):
    """A number lookup is answered before any word ranking: article 22 first, as without impacts."""
    first = searchers[0].search(query)[0]
    assert (first.type, first.regulation, first.article) == ("article", MEDIATION_SLUG, 22)


def test_cut_postings_keep_their_best_documents(tmp_path):
    """With one document kept per term, a term's postings hold its best document: Whoosh's first result."""
    link = tmp_path / ".pufa-index"
    generation = build(link, impacts_from=0)
    _rewrite_impacts(generation, kept=1)
    with Searcher(link) as by_impact, Searcher(link, exact=True) as exact:
        impacts = by_impact.impacts
        assert "调解" in impacts.cut and not impacts.exhaustive([("调解", 1.0)])
        [(number, _)] = impacts.rank([("调解", 1.0)], 10)
        assert by_impact.searcher.stored_fields(number)["id"] == exact.search("调解")[0].id


def test_rare_terms_select_and_cut_terms_only_refine(tmp_path):
    """With a cut term and an uncut one in the query, only documents with the uncut term are ranked, as in
    Whoosh's query at scale; the answer is then complete although a term was cut."""
    link = tmp_path / ".pufa-index"
    generation = build(link, impacts_from=0)
    _rewrite_impacts(generation, kept=1)
    with Searcher(link) as searcher:
        impacts = searcher.impacts
        rare = next(term for term in sorted(impacts.postings) if term not in impacts.cut and term != "调解")
        terms = [(rare, 1.0), ("调解", 1.0)]
        assert {number for number, _ in impacts.rank(terms, 10)} == set(impacts.entries(rare)[0])
        assert impacts.exhaustive(terms)


def test_a_filter_the_kept_postings_miss_falls_back_to_whoosh(tmp_path):
    """When the filter leaves too few of the kept documents of cut terms, the documents the cut dropped are
    searched too: the results are Whoosh's."""
    link = tmp_path / ".pufa-index"
    generation = build(link, impacts_from=0)
    _rewrite_impacts(generation, kept=1)
    with Searcher(link) as by_impact, Searcher(link, exact=True) as exact:
        assert by_impact.impacts.rank([("调解", 1.0)], 10, type="qa") == []  # the one kept is not a Q&A
        hits = by_impact.search("调解", type="qa")
        assert hits and {hit.type for hit in hits} == {"qa"}
        assert _ranking(hits) == _ranking(exact.search("调解", type="qa"))


def _rewrite_impacts(generation: Path, kept: int) -> None:
    write_impacts(compute_impacts(generation, kept), generation)


@pytest.mark.parametrize("kept", [1000, 3])
def test_segments_read_apart_give_the_impacts_of_one(tmp_path, kept):
    """Impacts of an index in two segments (each read on its own core, then merged) are those of the same
    documents in one segment: the same terms cut, the same best scores."""
    docs, words, _, _ = search_documents()
    whole = _segmented_index(tmp_path / "one", words, [docs])
    split = _segmented_index(tmp_path / "two", words, [docs[:20], docs[20:]])
    with whoosh_index.open_dir(str(split)).reader() as reader:
        assert len(reader.leaf_readers()) == 2
    expected, merged = compute_impacts(whole, kept), compute_impacts(split, kept)
    assert merged.cut == expected.cut and (kept == 3) == bool(merged.cut)
    assert merged.postings.keys() == expected.postings.keys()
    for term in expected.postings:
        assert _rounded(merged.entries(term)[1]) == _rounded(expected.entries(term)[1]), term
    assert (merged.types, merged.regulations) == (expected.types, expected.regulations)


def _segmented_index(folder: Path, words, parts) -> Path:
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), make_schema(tuple(words)))
    for part in parts:
        writer = ix.writer()
        write_documents(writer, part)
        writer.commit(merge=False)
    return folder


def _rounded(impacts) -> list[float]:
    return sorted(round(impact, 9) for impact in impacts)


@pytest.mark.parametrize("damage", ["deleted", "truncated", "zeroed", "another-index"])
def test_a_damaged_impact_file_says_so(tmp_path, damage):
    """A missing, truncated, zeroed or foreign impact file is a damaged index, reported as such."""
    link = tmp_path / ".pufa-index"
    generation = build(link, impacts_from=0)
    impacts = generation / IMPACT_FILE
    if damage == "deleted":
        impacts.unlink()
    elif damage == "truncated":
        impacts.write_bytes(impacts.read_bytes()[:100])
    elif damage == "zeroed":
        impacts.write_bytes(b"\0" * impacts.stat().st_size)
    else:
        other = tmp_path / "other"
        docs, words, titles, default = search_documents()
        build_index(docs[:20], other, words, titles, default, impacts_from=0)
        impacts.write_bytes((other.resolve() / IMPACT_FILE).read_bytes())
    with pytest.raises(DamagedIndexError, match="the index is damaged"):
        Searcher(link)
