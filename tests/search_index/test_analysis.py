"""The Chinese analyzer, token by token: normalisation, segmentation, stop words, user words and synonyms."""

from __future__ import annotations

import pickle

import pytest
from whoosh.analysis import LowercaseFilter
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.query import Term

from search_index.analysis import SYNONYM_WEIGHT, Analyzer, ChineseTokenizer, normalize
from search_index.schema import make_schema


@pytest.fixture(scope="module")
def ana():
    """The analyzer with the shipped synonyms and stop words and no user words."""
    return Analyzer()


def spans(analyzer: Analyzer, text: str) -> list[tuple[str, str]]:
    """Each term beside the slice of ``text`` its span covers."""
    return [(t.text, text[t.start:t.end]) for t in analyzer.terms(text)]


# --- normalize ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["六十日", "60日", "六十天", "60天", "６０日", "６０天"])
def test_sixty_days_in_every_form_normalise_alike(written):
    """六十日, 60日, 六十天 (and their full-width forms) all normalise to 60日."""
    assert normalize(written)[0] == "60日"


@pytest.mark.parametrize("written", ["六十日", "60日", "六十天"])
def test_sixty_days_in_every_form_give_the_same_terms(ana, written):
    """The terms of 六十日 = 60日 = 六十天."""
    assert ana.words(written) == ["60", "日"]


@pytest.mark.parametrize("written, normalized", [
    ("十五日", "15日"),
    ("十五日内", "15日内"),
    ("5个工作日", "5个工作日"),
    ("五个工作日", "5个工作日"),
    ("二十个工作日内", "20个工作日内"),
    ("三个月", "3个月"),
    ("一百二十日", "120日"),
])
def test_counted_units_become_arabic(written, normalized):
    """A numeral before a unit (日, 天, 个工作日, 个月 …) becomes Arabic digits; 天 becomes 日."""
    assert normalize(written)[0] == normalized


@pytest.mark.parametrize("written", ["第三十一条", "第31条", "31条", "第３１条", "３１条"])
def test_article_numbers_normalise_to_one_form(written):
    """第三十一条 = 第31条 = 31条 (and full-width digits) → 第31条."""
    assert normalize(written)[0] == "第31条"


@pytest.mark.parametrize("written", ["第三十一条", "第31条", "31条", "第３１条"])
def test_article_number_is_a_single_term(ana, written):
    """Every way of writing article 31 analyses to the single term 第31条."""
    assert ana.words(written) == ["第31条"]


def test_article_number_inside_a_sentence_stays_one_term(ana):
    """第三十一条 in running text is one term, not 第/31/条."""
    assert "第31条" in ana.words("依照本条例第三十一条规定处理")
    assert not {"第", "31", "条"} & set(ana.words("依照本条例第三十一条规定处理"))


def test_bare_numbers_are_not_rewritten():
    """A number that is not an article number or a count (a year, a phone number) is left as written."""
    assert normalize("2022年")[0] == "2022年"
    assert normalize("12345热线")[0] == "12345热线"
    assert normalize("第二十二章")[0] == "第22章"


def test_full_width_letters_and_digits_become_ascii_lower_case():
    """Full-width digits and letters become ASCII, letters lower case; the ideographic space becomes a space."""
    assert normalize("ＡＢＣｄｅｆ１２３")[0] == "abcdef123"
    assert normalize("ＰＤＦ　格式")[0] == "pdf 格式"


def test_full_width_letters_give_ascii_terms(ana):
    """ＰＤＦ格式 is searched as pdf + 格式."""
    assert ana.words("ＰＤＦ格式") == ["pdf", "格式"]


@pytest.mark.parametrize("text", ["信访人应当在六十日内提出", "第三十一条", "３１条规定", "ＡＢＣ", "五个工作日内答复",
                                  "一百二十日内", ""])
def test_offset_map_has_one_entry_per_character_plus_end(text):
    """The map has an entry for every normalised character plus one end index, all within the original."""
    normalized, mapping = normalize(text)
    assert len(mapping) == len(normalized) + 1
    assert mapping[-1] == len(text)
    assert all(0 <= m <= len(text) for m in mapping)
    assert mapping == sorted(mapping)


@pytest.mark.parametrize("text, expected", [
    ("信访人应当在六十日内提出意见", "信访人应当在60日内提出意见"),
    ("依照第三十一条处理", "依照第31条处理"),
    ("一百二十日内", "120日内"),
])
def test_offset_map_points_back_to_unchanged_characters(text, expected):
    """Every non-digit character of the normalised text (第, 条, 日 included) maps to that same character as written."""
    normalized, mapping = normalize(text)
    assert normalized == expected
    pointed = [(char, text[mapping[index]]) for index, char in enumerate(normalized) if not char.isdigit()]
    assert pointed == [(char, char) for char, _ in pointed]


@pytest.mark.parametrize("text, piece, original", [
    ("信访人应当在六十日内提出", "60日", "六十日"),
    ("依照第三十一条处理", "第31条", "第三十一条"),
    ("依照31条处理", "第31条", "31条"),
    ("五个工作日内答复", "5个工作日", "五个工作日"),
    ("一百二十日内", "120日", "一百二十日"),
])
def test_offset_map_slices_a_normalised_piece_back_to_the_text_as_written(text, piece, original):
    """normalized[a:b] corresponds to original[map[a]:map[b]], the words as the reader wrote them."""
    normalized, mapping = normalize(text)
    start = normalized.index(piece)
    assert text[mapping[start]:mapping[start + len(piece)]] == original


# --- Analyzer.terms -----------------------------------------------------------------------------------------------

def test_term_spans_slice_the_original_text(ana):
    """Each term's span is where it stands in the text as written (numerals included)."""
    assert spans(ana, "信访人应当在六十日内提出") == [
        ("信访", "信访"), ("人", "人"), ("应当", "应当"), ("60", "六十"), ("日内", "日内"), ("提出", "提出")]


def test_term_spans_of_full_width_and_article_numbers(ana):
    """Spans of 第三十一条 and full-width ３０日 cover the original characters."""
    assert spans(ana, "第三十一条") == [("第31条", "第三十一条")]
    assert spans(ana, "３０日") == [("30", "３０"), ("日", "日")]
    assert spans(ana, "31条") == [("第31条", "31条")]


def test_term_span_of_a_long_numeral_covers_the_whole_numeral(ana):
    """In 一百二十日内 the term 120 spans 一百二十 and 日内 spans 日内 (not 一百二 / 十日内)."""
    assert spans(ana, "一百二十日内") == [("120", "一百二十"), ("日内", "日内")]


def test_stop_words_are_removed(ana):
    """Function words (我, 的, 怎么办, 吗) never become terms."""
    assert ana.words("我的信访事项怎么办吗") == ["信访", "事项"]


def test_punctuation_and_spaces_are_not_terms(ana):
    """Punctuation, brackets and spaces give no terms."""
    assert ana.words("（）， 。！？、《》：；") == []


def test_search_mode_also_yields_the_shorter_words(ana):
    """jieba's search mode: 信访工作联席会议 also yields 联席会议 and 信访."""
    words = ana.words("信访工作联席会议")
    assert {"信访", "联席会议"} <= set(words)


def test_user_word_is_one_term_only_when_given():
    """A made-up six-character term is one term only when given as a user word."""
    assert "蓝鲸泡泡机制" not in Analyzer().words("建立蓝鲸泡泡机制")
    assert "蓝鲸泡泡机制" in Analyzer(["蓝鲸泡泡机制"]).words("建立蓝鲸泡泡机制")


def test_user_word_span_covers_the_term():
    """A user word's span slices exactly that word from the text."""
    assert ("蓝鲸泡泡机制", "蓝鲸泡泡机制") in spans(Analyzer(["蓝鲸泡泡机制"]), "建立蓝鲸泡泡机制")


def test_one_character_user_words_are_ignored():
    """User words shorter than two characters are dropped."""
    assert Analyzer(["调", "蓝鲸泡泡机制"]).user_words == ("蓝鲸泡泡机制",)


def test_analysis_is_deterministic(ana):
    """The same text analyses to the same terms every time."""
    text = "上访以后多久能给我答复"
    assert ana.terms(text) == ana.terms(text) == Analyzer().terms(text)


# --- Analyzer.query -----------------------------------------------------------------------------------------------

def test_query_adds_synonyms_at_the_synonym_weight(ana):
    """上访 keeps weight 1.0 and adds 信访 and 走访 at SYNONYM_WEIGHT."""
    assert ana.query("上访") == [("上访", 1.0), ("信访", SYNONYM_WEIGHT), ("走访", SYNONYM_WEIGHT)]


def test_query_adds_review_words_for_disagreement(ana):
    """不服 adds 复查 and 复核 at SYNONYM_WEIGHT."""
    weights = dict(ana.query("不服"))
    assert weights == {"不服": 1.0, "复查": SYNONYM_WEIGHT, "复核": SYNONYM_WEIGHT}


def test_synonym_weight_is_lower_than_a_typed_word():
    """A synonym counts less than a word the user typed."""
    assert 0 < SYNONYM_WEIGHT < 1.0


def test_query_keeps_a_typed_word_at_full_weight_even_if_it_is_also_a_synonym(ana):
    """上访 信访: 信访 was typed, so it stays at 1.0 though 上访 would add it at a lower weight."""
    weights = dict(ana.query("上访 信访"))
    assert weights["上访"] == 1.0 and weights["信访"] == 1.0
    assert weights["走访"] == SYNONYM_WEIGHT


def test_query_of_a_colloquial_question(ana):
    """上访以后多久能给我答复: the typed words at 1.0, statute words added at SYNONYM_WEIGHT, stop words gone."""
    weights = dict(ana.query("上访以后多久能给我答复"))
    assert {w for w, weight in weights.items() if weight == 1.0} == {"上访", "多久", "答复"}
    assert weights["信访"] == weights["期限"] == weights["日内"] == SYNONYM_WEIGHT
    assert not {"我", "能", "给"} & set(weights)


def test_query_terms_are_unique(ana):
    """A word typed twice is one query term."""
    terms = [term for term, _ in ana.query("上访 上访 上访")]
    assert len(terms) == len(set(terms))


def test_query_with_explicit_synonym_table():
    """A synonym table given to the Analyzer replaces the shipped one, and its targets are analysed."""
    analyzer = Analyzer(synonyms={"吵架": ("纠纷调解",)})
    assert analyzer.query("吵架") == [("吵架", 1.0), *((w, SYNONYM_WEIGHT) for w in analyzer.words("纠纷调解"))]
    assert analyzer.query("上访") == [("上访", 1.0)]


def test_find_locates_normalised_words_in_the_original(ana):
    """find() gives the spans, in the text as written, of words searched in normalised form."""
    text = "应当在六十日内答复"
    assert [text[a:b] for a, b in ana.find(text, ["60", "答复"])] == ["六十", "答复"]


# --- ChineseTokenizer ---------------------------------------------------------------------------------------------

def test_tokenizer_gives_the_analyzer_terms():
    """The Whoosh tokenizer yields the Analyzer's terms, in order."""
    tokenizer = ChineseTokenizer()
    assert [t.text for t in tokenizer("信访人应当在六十日内提出")] == ["信访", "人", "应当", "60", "日内", "提出"]


def test_tokenizer_gives_positions_and_chars():
    """With positions/chars (and start_pos/start_char) tokens carry their position and original character span."""
    text = "依照第三十一条在六十日内办结"
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in ChineseTokenizer()(text, positions=True, chars=True, start_pos=10, start_char=100)]
    assert [text[s - 100:e - 100] for _, _, s, e in tokens] == ["依照", "第三十一条", "六十", "日内", "办结"]
    assert [(t, p) for t, p, _, _ in tokens] == [("依照", 10), ("第31条", 11), ("60", 12), ("日内", 13), ("办结", 14)]


def test_tokenizer_composes_with_whoosh_filters():
    """ChineseTokenizer() | LowercaseFilter() is a Whoosh analyzer."""
    analyzer = ChineseTokenizer() | LowercaseFilter()
    assert [t.text for t in analyzer("ＰＤＦ格式")] == ["pdf", "格式"]


def test_tokenizer_pickles_with_only_its_user_words():
    """Pickling keeps only the user words; the unpickled tokenizer is equal and tokenizes the same."""
    tokenizer = ChineseTokenizer(("蓝鲸泡泡机制",))
    restored = pickle.loads(pickle.dumps(tokenizer))
    assert vars(restored) == {"user_words": ("蓝鲸泡泡机制",)}
    assert tokenizer.__getstate__() == {"user_words": ("蓝鲸泡泡机制",)}
    assert restored == tokenizer and restored != ChineseTokenizer()
    assert "蓝鲸泡泡机制" in [t.text for t in restored("建立蓝鲸泡泡机制")]


def test_schema_pickles_with_its_analyzer():
    """The index schema (with the tokenizer inside) survives pickling with its user words."""
    schema = pickle.loads(pickle.dumps(make_schema(("蓝鲸泡泡机制",))))
    assert "蓝鲸泡泡机制" in [t.text for t in schema["body"].analyzer("建立蓝鲸泡泡机制")]


def test_ram_index_finds_numerals_written_either_way():
    """In a RamStorage index, text saying 第三十一条 / 六十日 is found by 第31条 / 60."""
    analyzer = ChineseTokenizer() | LowercaseFilter()
    schema = Schema(id=ID(stored=True), body=TEXT(analyzer=analyzer))
    ix = RamStorage().create_index(schema)
    with ix.writer() as writer:
        writer.add_document(id="a", body="依照第三十一条在六十日内办结")
        writer.add_document(id="b", body="居民委员会应当做好调解工作")
    with ix.searcher() as searcher:
        assert [hit["id"] for hit in searcher.search(Term("body", "第31条"))] == ["a"]
        assert [hit["id"] for hit in searcher.search(Term("body", "60"))] == ["a"]
        assert [hit["id"] for hit in searcher.search(Term("body", "调解"))] == ["b"]
