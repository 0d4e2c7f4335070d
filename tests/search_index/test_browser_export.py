"""The in-browser index: ``search/index.js`` (``window.PUFA_SEARCH_INDEX={json};``) plus postings shards and passage
chunks fetched as a query needs them, all made by the same analyzer as Whoosh."""

from __future__ import annotations

import json
import re

import pytest

from search_index.analysis import SYNONYM_WEIGHT, Analyzer
from search_index.browser import (FIELDS, PASSAGE_CHARS, PASSAGE_CHUNK, TERM_SHARDS, export_index, term_shard,
                                  vocab_shard)
from search_index.schema import FIELD_BOOSTS
from tests.helpers import MEDIATION_SLUG, search_documents

PREFIX, SUFFIX = "window.PUFA_SEARCH_INDEX=", ";\n"
_PART = re.compile(r'\APUFA_SEARCH_PART\("(?P<kind>[vpd])",(?P<number>[0-9]+),(?P<data>.*)\);\n\Z', re.S)


def assembled(files: dict[str, str]) -> dict:
    """The head with every shard put back: ``terms`` (all postings) and each document's passages."""
    head = files["search/index.js"]
    data = json.loads(head[len(PREFIX):-len(SUFFIX)])
    data["terms"], data["vocab"] = {}, []
    for path, script in files.items():
        if path == "search/index.js":
            continue
        match = _PART.match(script)
        assert match and path == f"search/{match['kind']}/{match['number']}.js", path
        part, number = json.loads(match["data"]), int(match["number"])
        if match["kind"] == "p":
            assert all(term_shard(term) == number for term in part)
            data["terms"].update(part)
        elif match["kind"] == "v":
            assert all(vocab_shard(term) == number for term in part)
            data["vocab"] += part
        else:
            for offset, passages in enumerate(part):
                data["docs"][number * PASSAGE_CHUNK + offset][6] = passages
    return data


@pytest.fixture(scope="module")
def exported():
    """``(files, data, documents, analyzer)`` for the made-up project, ``data`` with every shard put back."""
    documents, words, titles, default = search_documents()
    analyzer = Analyzer(words)
    files = export_index(documents, analyzer, titles, default)
    return files, assembled(files), documents, analyzer


def test_head_is_one_assignment_of_json_and_shards_are_parts(exported):
    """index.js is exactly window.PUFA_SEARCH_INDEX={json}; every other file one PUFA_SEARCH_PART call."""
    files, data, documents, _ = exported
    head = files["search/index.js"]
    assert head.startswith(PREFIX) and head.endswith(SUFFIX) and head.count("\n") == 1
    assert data["termShards"] == TERM_SHARDS and data["passageChunk"] == PASSAGE_CHUNK
    assert sorted(data["vocab"]) == sorted(data["terms"])
    assert all(doc[6] is not None for doc in data["docs"])
    assert len([path for path in files if path.startswith("search/d/")]) == -(-len(documents) // PASSAGE_CHUNK)


def test_postings_and_passages_are_not_in_the_first_file(exported):
    """index.js holds no postings and no passage text: a query fetches only the shards it needs."""
    files, data, _, _ = exported
    head = json.loads(files["search/index.js"][len(PREFIX):-len(SUFFIX)])
    assert "terms" not in head and "vocab" not in head and all(doc[6] is None for doc in head["docs"])
    passages = {text for doc in data["docs"] for text, _ in doc[6] if len(text) > 20}
    assert passages and not any(text in files["search/index.js"] for text in passages)


def test_passages_hold_the_text_verbatim(exported):
    """Passages carry the text as written, <script> included: escaping is the client's job (it uses textContent)."""
    _, data, _, _ = exported
    passages = [text for doc in data["docs"] for text, _ in doc[6]]
    assert any("<script>alert(1)</script>" in text for text in passages)


def test_layout(exported):
    """fields, boosts and BM25 parameters match the Whoosh schema; analyzer data is included."""
    _, data, _, analyzer = exported
    assert data["version"] == 2
    assert data["fields"] == list(FIELDS) == list(FIELD_BOOSTS)
    assert data["boosts"] == [FIELD_BOOSTS[f] for f in FIELDS]
    assert (data["k1"], data["b"]) == (1.2, 0.75)
    assert data["synonymWeight"] == SYNONYM_WEIGHT
    assert data["stopwords"] == sorted(analyzer.stopwords)
    assert data["userWords"] == list(analyzer.user_words)
    assert data["defaultRegulation"] == MEDIATION_SLUG
    assert data["titles"]["物业法"] == "wuye"


def test_one_doc_per_document(exported):
    """docs lists each search document once, in order: type, title, url, regulation, article, lengths, passages."""
    _, data, documents, _ = exported
    assert len(data["docs"]) == len(documents)
    for doc, document in zip(data["docs"], documents):
        assert doc[:5] == [document.type, document.title, document.url, document.regulation, document.article]
        assert len(doc[5]) == len(FIELDS)
        assert [anchor for _, anchor in doc[6]] == [p.anchor for p in document.passages]
        assert all(len(text) <= PASSAGE_CHARS for text, _ in doc[6])


def test_postings_reference_valid_docs_and_fields(exported):
    """Every posting is a (doc, field, tf) triple with a real doc, a real field and 1 ≤ tf ≤ that field's length."""
    _, data, _, _ = exported
    assert data["terms"]
    for term, postings in data["terms"].items():
        assert postings and len(postings) % 3 == 0, term
        for doc, field, tf in zip(postings[::3], postings[1::3], postings[2::3]):
            assert 0 <= doc < len(data["docs"]), term
            assert 0 <= field < len(FIELDS), term
            assert 1 <= tf <= data["docs"][doc][5][field], term


def test_postings_count_the_analyzer_terms(exported):
    """A document's postings and field lengths are exactly what the analyzer gives for each field."""
    _, data, documents, analyzer = exported
    number = next(i for i, d in enumerate(documents) if d.id == f"{MEDIATION_SLUG}/22")
    for field_number, field in enumerate(FIELDS):
        words = analyzer.words(getattr(documents[number], field))
        assert data["docs"][number][5][field_number] == len(words)
        for word in set(words):
            postings = data["terms"][word]
            triples = list(zip(postings[::3], postings[1::3], postings[2::3]))
            assert (number, field_number, words.count(word)) in triples


def test_numerals_are_indexed_normalised(exported):
    """Article 22's 六十日 and its label 第二十二条 are indexed as 60 and 第22条, as Whoosh has them."""
    _, data, documents, _ = exported
    number = next(i for i, d in enumerate(documents) if d.id == f"{MEDIATION_SLUG}/22")
    assert number in data["terms"]["60"][::3]
    assert number in data["terms"]["第22条"][::3]
    assert "六十" not in data["terms"] and "第二十二条" not in data["terms"]


def test_average_lengths(exported):
    """avg holds each field's mean length over the documents."""
    _, data, _, _ = exported
    for field_number in range(len(FIELDS)):
        mean = sum(doc[5][field_number] for doc in data["docs"]) / len(data["docs"])
        assert data["avg"][field_number] == pytest.approx(mean, abs=0.01)


def test_synonyms_are_analysed_terms(exported):
    """Every synonym target is an analysed term (it analyses to itself), exactly what Whoosh's query adds."""
    _, data, _, analyzer = exported
    assert data["synonyms"]["上访"] == ["信访", "走访"]
    assert data["synonyms"]["不服"] == ["复查", "复核"]
    for word, targets in data["synonyms"].items():
        assert list(targets) == list(analyzer.expansions[word]), word
        for target in targets:
            assert target in analyzer.words(target), (word, target)
            assert not re.search(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]", target)


def test_synonym_expansion_matches_whoosh_query(exported):
    """For a colloquial word, Whoosh's query terms are the word plus exactly the exported synonyms."""
    _, data, _, analyzer = exported
    for word in ("上访", "不服", "多久"):
        assert analyzer.query(word) == [(word, 1.0)] + [(t, SYNONYM_WEIGHT) for t in data["synonyms"][word]
                                                        if t != word]


def test_empty_project_exports_a_valid_index():
    """With no documents the script is still valid, with empty docs and terms and zero averages."""
    data = assembled(export_index([], Analyzer(), {}, None))
    assert data["docs"] == [] and data["terms"] == {} and data["avg"] == [0.0] * len(FIELDS)
    assert data["defaultRegulation"] is None
