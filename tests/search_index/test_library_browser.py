"""The library's browser index: each text's analysis is cached by key, so an edit re-segments only its text."""

from __future__ import annotations

import search_index.library_browser as library_browser
from search_index.analysis import Analyzer
from search_index.documents import SearchDocument
from search_index.library_browser import analyse, analyse_texts

DOCUMENTS = [SearchDocument(f"t{text}/{n}", "article", f"第{n}条", f"fagui/t{text}/{n}/", body, context=title)
             for text, title, bodies in [(0, "调解法", ["调解应当自愿", "调解不收费"]),
                                         (1, "信访条例", ["信访人可以申请复查", "复查机关三十日内答复", "复核"])]
             for n, body in enumerate(bodies, 1)]
TEXT_OF = [0, 0, 1, 1, 1]


def _counting(monkeypatch) -> list[int]:
    analysed: list[int] = []

    def counted(documents, analyzer, jobs=None):
        analysed.append(len(documents))
        return analyse(documents, analyzer, jobs=1)

    monkeypatch.setattr(library_browser, "analyse", counted)
    return analysed


def test_each_text_is_analysed_once_per_key(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    analysed = _counting(monkeypatch)
    analyzer = Analyzer()
    expected = analyse(DOCUMENTS, analyzer, jobs=1)
    assert analyse_texts(DOCUMENTS, analyzer, TEXT_OF, ["a", "b"]) == expected
    assert analyse_texts(DOCUMENTS, analyzer, TEXT_OF, ["a", "b"]) == expected
    assert analysed == [5, 0]
    edited = [*DOCUMENTS[:1], SearchDocument("t0/2", "article", "第2条", "fagui/t0/2/", "调解收费", context="调解法"),
              *DOCUMENTS[2:]]
    assert analyse_texts(edited, analyzer, TEXT_OF, ["a*", "b"]) == analyse(edited, analyzer, jobs=1)
    assert analysed == [5, 0, 2]


def test_a_damaged_or_mismatched_entry_is_analysed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    analysed = _counting(monkeypatch)
    analyzer = Analyzer()
    analyse_texts(DOCUMENTS, analyzer, TEXT_OF, ["a", "b"])
    for entry in (tmp_path / "pufa" / "analysis").iterdir():
        entry.write_bytes(b"\x80garbage")
    assert analyse_texts(DOCUMENTS, analyzer, TEXT_OF, ["a", "b"]) == analyse(DOCUMENTS, analyzer, jobs=1)
    assert analysed == [5, 5]
    assert analyse_texts(DOCUMENTS[:4], analyzer, TEXT_OF[:4], ["a", "b"]) == analyse(DOCUMENTS[:4], analyzer, jobs=1)
    assert analysed == [5, 5, 2]  # text b has 2 documents now, its entry 3: analysed again
