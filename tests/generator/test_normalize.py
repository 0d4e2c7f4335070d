"""Tests for generator.normalize: bytes → clean text, and the errors for files we cannot read."""

from __future__ import annotations

import pytest

from generator.errors import PufaError, ReadError
from generator.normalize import TRIED_ENCODINGS, decode, normalize_text, read_source

SAMPLE = "示范管理办法\n\n第一条　为了规范示范管理，制定本办法。\n第二条　本办法自公布之日起施行。\n"
# Big5 cannot encode simplified characters; a traditional-script text is what a Taiwan or Hong Kong export holds.
SAMPLE_CLEAN = SAMPLE.replace("\u3000", " ")
"""What SAMPLE reads as after normalisation: the ideographic space after 第N条 becomes an ASCII space."""
SAMPLE_TRADITIONAL = "示範管理辦法\n\n第一條　為了規範示範管理，制定本辦法。\n第二條　本辦法自公佈之日起施行。\n"


def read_bytes(tmp_path, raw: bytes, name: str = "source.txt"):
    path = tmp_path / name
    path.write_bytes(raw)
    return read_source(path)


def read_error(tmp_path, raw: bytes, name: str = "source.txt") -> ReadError:
    path = tmp_path / name
    path.write_bytes(raw)
    with pytest.raises(ReadError) as info:
        read_source(path)
    return info.value


# --- accepted encodings ---

@pytest.mark.parametrize(("encoding", "prefix", "expected"), [
    ("utf-8", b"", "utf-8"),
    ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
    ("gb18030", b"", "gb18030"),
])
def test_accepted_encodings_decode_to_the_same_text(tmp_path, encoding, prefix, expected):
    """UTF-8, UTF-8 with BOM and GB18030 all decode to the same text, and the encoding used is reported."""
    source = read_bytes(tmp_path, prefix + SAMPLE.encode(encoding))
    assert source.text == SAMPLE_CLEAN
    assert source.encoding == expected


def test_gbk_text_with_rare_characters_decodes_as_gb18030(tmp_path):
    """GB18030 bytes for characters outside GB2312 (镕, 堃) still decode when the text is mostly common Han."""
    text = SAMPLE + "第三条　朱镕基、王堃等同志参加会议。\n"
    assert read_bytes(tmp_path, text.encode("gb18030")).text == text.replace("\u3000", " ")


def test_bom_is_removed(tmp_path):
    """A UTF-8 BOM does not survive into the text (the title must not start with U+FEFF)."""
    source = read_bytes(tmp_path, b"\xef\xbb\xbf" + SAMPLE.encode())
    assert not source.text.startswith("\ufeff")
    assert source.lines[0] == "示范管理办法"


# --- newlines and line numbers ---

@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_newlines_become_lf_and_keep_line_numbers(newline):
    """CRLF and lone CR become LF; line N of the file is line N of the text."""
    lines = ["标题", "", "第一条 甲。", "乙。", "", "第二条 丙。"]
    text = normalize_text(newline.join(lines))
    assert "\r" not in text
    assert text.split("\n") == lines


def test_mixed_newlines_keep_line_count():
    """A file mixing CRLF, CR and LF keeps one line per original line break."""
    assert normalize_text("一\r\n二\r三\n四\r\n\r\n六").split("\n") == ["一", "二", "三", "四", "", "六"]


def test_normalisation_never_adds_or_removes_lines():
    """Blank lines, 目录 lines and white-space-only lines all stay, so parser line numbers match the file."""
    raw = "标题\n\n目　　录\n\n第一章　总　　则\n　　\n\t\n第一章　总　　则\n第一条　甲。\n"
    assert len(normalize_text(raw).split("\n")) == len(raw.split("\n"))


# --- white space and character widths ---

@pytest.mark.parametrize("space", ["\u3000", "\u00a0", "\t", "  ", "\u2002", "\u3000\u3000", " \u3000 "])
def test_every_horizontal_space_run_becomes_one_ascii_space(space):
    """Ideographic space, NBSP, tabs and runs of them inside a line become a single ASCII space."""
    assert normalize_text(f"第一条{space}为了规范管理。") == "第一条 为了规范管理。"


def test_leading_and_trailing_white_space_is_stripped():
    """Lines carry no leading or trailing white space (indentation with 　　 is common in official texts)."""
    assert normalize_text("　　第一条　甲。 \t\n\u00a0乙。\u3000") == "第一条 甲。\n乙。"


@pytest.mark.parametrize("zero_width", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])
def test_zero_width_characters_are_removed(zero_width):
    """Zero-width spaces and joiners (often pasted from web pages) disappear, also in mid-line."""
    assert normalize_text(f"{zero_width}第一{zero_width}条 甲。{zero_width}") == "第一条 甲。"


def test_a_line_holding_only_a_zero_width_space_becomes_blank():
    """A line with only U+200B (as in one official text) becomes an empty line, not a paragraph."""
    assert normalize_text("甲\n\u200b\n乙") == "甲\n\n乙"


def test_fullwidth_digits_and_letters_become_ascii():
    """Full-width digits and Latin letters are ASCII, so 自２０２２年５月１日 reads as a date."""
    assert normalize_text("自２０２２年５月１日起施行，ＡＢＣａｂｃ") == "自2022年5月1日起施行，ABCabc"


def test_halfwidth_brackets_become_fullwidth():
    """ASCII parentheses become （ ）, so (一) and （一） mark the same item."""
    assert normalize_text("(一)甲；\n（二）乙(丙)。") == "（一）甲；\n（二）乙（丙）。"


def test_chinese_punctuation_is_left_alone():
    """Normalisation does not touch Chinese punctuation or full stops in sub-item markers (1．)."""
    text = "1．甲、乙，丙；丁：“戊”《己》。"
    assert normalize_text(text) == text


def test_normalize_text_is_idempotent():
    """Normalising normalised text changes nothing."""
    once = normalize_text("\ufeff标题\r\n(一)　甲１\u200b\r\n")
    assert normalize_text(once) == once


# --- refused input ---

def assert_names_file_and_line(error: ReadError, path, lineno: int) -> None:
    assert error.path == str(path)
    assert error.lineno == lineno
    assert str(error).startswith(f"{path}:{lineno}: ")


def test_big5_is_refused_with_the_tried_encodings_and_a_hint(tmp_path):
    """Big5 bytes raise ReadError naming the file and line, listing the encodings tried and how to fix it."""
    error = read_error(tmp_path, (SAMPLE_TRADITIONAL * 3).encode("big5"))
    assert_names_file_and_line(error, tmp_path / "source.txt", 1)
    message = str(error)
    for encoding in TRIED_ENCODINGS:
        assert encoding in message
    assert "UTF-8" in error.hint


def test_undecodable_bytes_report_the_line_they_are_on(tmp_path):
    """Invalid bytes after two good lines are reported on line 3."""
    raw = "标题\nabc\n".encode() + "錯誤的編碼內容在這裡，這一行不是簡體中文的文字。".encode("big5")
    error = read_error(tmp_path, raw)
    assert_names_file_and_line(error, tmp_path / "source.txt", 3)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_refused(tmp_path, encoding):
    """UTF-16 (with or without BOM) raises ReadError at line 1 with the tried encodings and a save-as hint."""
    error = read_error(tmp_path, SAMPLE.encode(encoding))
    assert_names_file_and_line(error, tmp_path / "source.txt", 1)
    assert "UTF-16" in str(error)
    assert all(encoding in str(error) for encoding in TRIED_ENCODINGS)
    assert "UTF-8" in error.hint


@pytest.mark.parametrize(("raw", "what"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
    (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", ".docx"),
])
def test_renamed_binary_documents_are_refused(tmp_path, raw, what):
    """A PDF or .docx renamed to .txt raises ReadError that says what the file is and how to get text out."""
    error = read_error(tmp_path, raw, name="tiaoli.txt")
    assert_names_file_and_line(error, tmp_path / "tiaoli.txt", 1)
    assert what in str(error)
    assert "Hint:" in str(error)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_control_characters_are_refused_on_their_line(tmp_path, encoding):
    """A control character (U+0001) raises ReadError naming its line and the code point."""
    error = read_error(tmp_path, "标题\n\n第一条　甲\x01乙。\n".encode(encoding))
    assert_names_file_and_line(error, tmp_path / "source.txt", 3)
    assert "U+0001" in str(error)
    assert "UTF-8" in error.hint


def test_tab_and_form_feed_are_not_control_characters(tmp_path):
    """Tab, vertical tab and form feed are white space, not binary data."""
    assert read_bytes(tmp_path, "第一条\t甲\x0b乙\x0c丙".encode()).text == "第一条 甲 乙 丙"


def test_missing_file_raises_read_error(tmp_path):
    """A path that does not exist raises ReadError naming the path, with a hint."""
    path = tmp_path / "nowhere.txt"
    with pytest.raises(ReadError) as info:
        read_source(path)
    assert str(info.value).startswith(f"{path}: file not found")
    assert info.value.hint


def test_directory_raises_read_error(tmp_path):
    """A directory given as the source raises ReadError, not IsADirectoryError."""
    with pytest.raises(ReadError, match="directory"):
        read_source(tmp_path)


def test_read_error_is_a_pufa_error():
    """ReadError is a PufaError, so the CLI and plugin handle it with all other input errors."""
    assert issubclass(ReadError, PufaError)


def test_decode_without_a_path_names_bytes():
    """decode() without a path still produces a located message (``<bytes>:1:``)."""
    with pytest.raises(ReadError, match=r"^<bytes>:1: "):
        decode(b"%PDF-1.4")


# --- the shared corpus variants ---

VARIANTS = ["xinfang-gongzuo-tiaoli-2022.gb18030.txt", "xinfang-gongzuo-tiaoli-2022.bom-crlf.txt",
            "xinfang-gongzuo-tiaoli-2022.halfwidth.txt"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_corpus_variants_normalise_to_the_official_text(corpus, variant):
    """The GB18030/CRLF, BOM/CRLF and half-width variants normalise to exactly the official text."""
    if not (corpus / "variants").is_dir() or not (corpus / "official").is_dir():
        pytest.skip("shared corpus has no variants/ or official/ folder")
    official = read_source(corpus / "official" / "xinfang-gongzuo-tiaoli-2022.txt")
    other = read_source(corpus / "variants" / variant)
    assert other.text == official.text
