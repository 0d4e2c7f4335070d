"""Bad input, catalogued: every kind of broken file a real office produces, fed to the real ``pufa`` command.

Each case runs ``python -m generator …`` as a separate process inside a copy
of the shipped site (docs/ + mkdocs.yml) that was first built with ``build --strict --source
xinfang-gongzuo-tiaoli=good.txt``. The bad input goes through the path a user would take: ``parse FILE --strict``,
``build --strict --source xinfang-gongzuo-tiaoli=FILE``, a file planted in docs/, or a broken mkdocs.yml. Every
case asserts a non-zero exit, no traceback, the exact message parts below (file, ``:line`` where there is one, and
``Hint:`` where the code gives one), and that site/ and the index are byte for byte those of the first build.

What each input gets (``F`` is the file's name; the build prints it as an absolute path after ``ERROR - pufa:``;
parse prints ``Error: …`` or, for problems, ``error:/warning: …`` then ``Error: 1 problem(s) in F; nothing printed.``):

Official text (``parse F --strict`` and ``build --strict --source xinfang-gongzuo-tiaoli=F``, exit 1):

- empty file: ``F:1: the file is empty Hint: expected the regulation's title on the first line.``
- .docx renamed .txt: ``F:1: this is a .docx/.xlsx/.zip archive, not a plain-text file Hint: export or copy the
  text into a .txt file saved as UTF-8.``
- PDF renamed .txt: ``F:1: this is a PDF document, not a plain-text file Hint: (same)``
- UTF-16 with BOM, and UTF-16LE without BOM: ``F:1: looks like UTF-16 or binary data (NUL bytes); tried UTF-8,
  UTF-8 with BOM, GB18030 (GBK, GB2312) Hint: save the file as UTF-8 (WPS/Word: 另存为 → 纯文本 → UTF-8) and try
  again.``
- Big5 (traditional characters): ``F:1: not valid text in any accepted encoding (tried UTF-8, UTF-8 with BOM,
  GB18030 (GBK, GB2312)) Hint: save the file as UTF-8 (…) and try again.``
- truncated mid-article: ``F:<line>: the text ends mid-sentence: …<last 12 characters> [truncated] Hint: the file
  may have been cut off; check that the whole regulation was copied.`` (a warning, fatal under --strict; the build
  also lists every content reference to the articles that were cut off)
- duplicate article: ``F:<line>: 第十条 appears again (first on line <n>) [duplicate-article] Hint: an article
  number may appear only once; delete the copy or fix its number.``
- numbering gap: ``F:<line>: expected 第十条 after 第九条; found 第十一条 [numbering-gap] Hint: is 第十条 missing,
  or is the number mistyped?``
- 目录 with no body: ``F:3: the text ends inside the 目录 block; expected the body (第一章 / 第一条) after it Hint:
  the file may be truncated: paste the whole regulation, not only its table of contents.``
- headings only: ``F:3: no article found: expected lines starting with 第一条 (or 一、 in a text without 第X条)
  Hint: is this the regulation's text? Articles must start a line: 第一条　…``
- a 10 MB single line: ``F:1: no article found: … Hint: …`` (the same message, in about 2 s)
- missing file: parse ``Error: F: file not found Hint: check the path and the file name.``; build ``--source
  xinfang-gongzuo-tiaoli=<abs F>: file not found Hint: check the path; without --source the configured source is
  used.``
- a directory given as the file: parse (click, exit 2) ``Error: Invalid value for 'FILE': File 'F' is a
  directory.``; build: the same "file not found" message as a missing file (it names the path; the wording is
  inaccurate for a folder that exists)
- a file with mode 000: ``F: cannot read the file (Permission denied) Hint: check the file's permissions.`` (skipped
  when the tests run as root, who can read it anyway; the FIFO and directory cases still run)
- a FIFO given as the file: build as a missing file; **parse hangs forever** (``read_source`` opens the FIFO and
  waits for a writer) — this test fails: see BUG 1 below.
- a reference with a mistyped numeral in an article (本条例第十十条): **build exits 2 with ``Error: internal error
  (ValueError: units out of order in '十十'). Please report it; …``**, naming neither file nor line — fails: BUG 2.

Content planted in docs/ (``build --strict --source xinfang-gongzuo-tiaoli=good.txt``, exit 1, after ``ERROR - pufa:
1 error(s):``):

- malformed YAML front matter: ``docs/wenda/bad-yaml.md:4: invalid YAML front matter: expected ',' or ']', but got
  ':' [front-matter] Hint: check indentation, colons and brackets; quote values containing ':' or '#'.``
- front matter date 2022-13-45: ``docs/anli/bad-date.md:3: date '2022-13-45' is not a calendar date [bad-date]
  Hint: write YYYY-MM-DD, e.g. 2023-04-18.``
- a Q&A citing an unknown article: ``docs/wenda/unknown-article.md:3: '99': 《信访工作条例》 has no such article
  [unknown-article] Hint: check the number against the official text.``
- a Q&A saved as GBK: ``docs/wenda/gbk.md:2: not valid UTF-8 [encoding] Hint: save the file as UTF-8.``
- a folder named like a page (docs/wenda/dir.md/): ``docs/wenda/dir.md: cannot read the file (Is a directory)
  [unreadable]`` (no hint)
- a FIFO named like a page: **the build hangs forever** — fails: BUG 1.
- symlink loop ``docs/loop -> ..``: ``<abs>/docs/loop: symbolic link to <project>, a folder that contains it: the
  site would be endless Hint: remove the link, or link to a folder outside docs/.``
- symlink cycle ``docs/a -> b -> a``: ``<abs>/docs/a: symbolic link loops or points to nothing Hint: remove the link
  or point it at a real file.`` (or docs/b, whichever os.walk lists first)
- a mistyped numeral in a Q&A body (依照本条例第十十条): **exit 2, ``Error: internal error (ValueError: …)``** — fails:
  BUG 2.

Configuration:

- mkdocs.yml that is not YAML: ``Error: mkdocs.yml: invalid configuration: MkDocs encountered an error parsing the
  configuration file: … in "<abs>/mkdocs.yml", line 3, column 17`` (no hint)
- an invalid pufa option (status: 作废): **``ERROR - Config value 'plugins': Plugin 'pufa' option 'regulations':
  Sub-option 'status': Expected one of: (…) but received: '作废'`` then ``Error: Aborted with a configuration
  error!``** — mkdocs.yml is never named — fails: BUG 3.
- ``--source good.txt`` (no SLUG=): ``Error: --source 'good.txt' is not SLUG=PATH Hint: e.g. --source
  xinfang-gongzuo-tiaoli=texts/xinfang-gongzuo-tiaoli-2022.txt``
- ``--source nope=good.txt``: ``<abs>/mkdocs.yml: --source names nope, which is not a configured regulation Hint:
  configured slugs: xinfang-gongzuo-tiaoli, xinfang-tiaoli-2005, zhejiang-xinfang-tiaoli.``

Bugs these cases keep failing on: (1) a FIFO (or any non-regular file) as the source of ``parse`` or as a docs/ page
blocks the command forever; (2) find_references raises ValueError on a malformed Chinese numeral in a reference
(第十十条, 第十万万条), which the CLI can only report as an internal error; (3) plugin option errors found by MkDocs
never name mkdocs.yml (``_load_mkdocs_config`` wraps ConfigurationError, but load_config raises Abort).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from tests.helpers import SHIPPED_SLUG, copy_shipped_site, good_regulation_bytes, output_snapshot, run_pufa

TIMEOUT = 15
"""Seconds any one command may take: a failing build stops within about 1 s, the 10 MB line within about 3 s."""

SOURCE = f"{SHIPPED_SLUG}="
GOOD = good_regulation_bytes().decode("utf-8")
GOOD_LINES = GOOD.split("\n")


def _line_of(prefix: str) -> int:
    """1-based line of the good text that starts with ``prefix``."""
    return next(number for number, line in enumerate(GOOD_LINES, 1) if line.startswith(prefix))


# --- the bad official texts ----------------------------------------------------------------------------------------

def _docx() -> bytes:
    """A .docx is a zip archive: what a renamed Word file starts with."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document><w:t>{GOOD[:200]}</w:t></w:document>")
    return buffer.getvalue()


_BIG5 = ("信訪工作條例\n\n第一條　為了堅持和加強黨對信訪工作的全面領導，做好新時代信訪工作，保持黨和政府同人民群眾的密切聯繫，"
         "制定本條例。\n第二條　本條例適用於各級黨的機關、人大機關、行政機關。\n")

_TRUNCATED_AT = _line_of("第二十条")
_DUPLICATED = _line_of("第十条")
_HEADINGS = [line for line in GOOD_LINES if re.match(r"^第[一二三四五六七八九十]+[章节]", line)]


def _truncated() -> str:
    line = GOOD_LINES[_TRUNCATED_AT - 1]
    return "\n".join(GOOD_LINES[:_TRUNCATED_AT - 1] + [line[:len(line) // 2]])


def _ten_megabytes() -> str:
    one_line = GOOD.replace("\n", " ")
    return one_line * (10_000_000 // len(one_line.encode("utf-8")) + 1)


def _typo_numeral() -> str:
    """The good text with a doubled numeral typed into the reference of one article: 本条例第十十条."""
    lines = list(GOOD_LINES)
    index = _line_of("第三条") - 1
    lines[index] = lines[index].rstrip("。") + "，依照本条例第十十条办理。"
    return "\n".join(lines)


EMPTY = "the file is empty Hint: expected the regulation's title on the first line."
SAVE_AS = "Hint: save the file as UTF-8 (WPS/Word: 另存为 → 纯文本 → UTF-8) and try again."
EXPORT = "Hint: export or copy the text into a .txt file saved as UTF-8."
NO_ARTICLE = ("no article found: expected lines starting with 第一条 (or 一、 in a text without 第X条) "
              "Hint: is this the regulation's text? Articles must start a line: 第一条　…")
SOURCE_NOT_FOUND = "file not found Hint: check the path; without --source the configured source is used."


@dataclass(frozen=True)
class Source:
    """A bad official text: its file name, how to make it, and the message parts parse and build must print."""

    name: str
    make: Callable[[Path], None]
    parse: tuple[str, ...]
    build: tuple[str, ...] | None = None
    """What the build prints, when it differs from parse."""
    needs_unprivileged: bool = False
    parse_ok: bool = False
    """Parsing alone does not look at references: only the build is a bad input."""


def _write(data: bytes | str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return make


def _locked(path: Path) -> None:
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0)


SOURCES = {
    "empty": Source("empty.txt", _write(b""), (f"empty.txt:1: {EMPTY}",)),
    "docx-renamed": Source("tiaoli.txt", _write(_docx()),
                           (f"tiaoli.txt:1: this is a .docx/.xlsx/.zip archive, not a plain-text file {EXPORT}",)),
    "pdf-renamed": Source("tiaoli.txt", _write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
                          (f"tiaoli.txt:1: this is a PDF document, not a plain-text file {EXPORT}",)),
    "utf16-bom": Source("utf16.txt", _write(GOOD.encode("utf-16")),
                        ("utf16.txt:1: looks like UTF-16 or binary data (NUL bytes); tried UTF-8, UTF-8 with BOM, "
                         f"GB18030 (GBK, GB2312) {SAVE_AS}",)),
    "utf16le-no-bom": Source("utf16.txt", _write(GOOD.encode("utf-16-le")),
                             (f"utf16.txt:1: looks like UTF-16 or binary data (NUL bytes); tried UTF-8, UTF-8 with BOM, "
                              f"GB18030 (GBK, GB2312) {SAVE_AS}",)),
    "big5": Source("big5.txt", _write(_BIG5.encode("big5")),
                   ("big5.txt:1: not valid text in any accepted encoding (tried UTF-8, UTF-8 with BOM, GB18030 "
                    f"(GBK, GB2312)) {SAVE_AS}",)),
    "truncated-mid-article": Source("cut.txt", _write(_truncated()), (
        f"cut.txt:{_TRUNCATED_AT}: the text ends mid-sentence: …",
        "[truncated] Hint: the file may have been cut off; check that the whole regulation was copied.")),
    "duplicate-article": Source("dup.txt", _write("\n".join(
        GOOD_LINES[:_DUPLICATED] + [GOOD_LINES[_DUPLICATED - 1]] + GOOD_LINES[_DUPLICATED:])), (
        f"dup.txt:{_DUPLICATED + 1}: 第十条 appears again (first on line {_DUPLICATED}) [duplicate-article] "
        "Hint: an article number may appear only once; delete the copy or fix its number.",)),
    "numbering-gap": Source("gap.txt", _write("\n".join(GOOD_LINES[:_DUPLICATED - 1] + GOOD_LINES[_DUPLICATED:])), (
        f"gap.txt:{_DUPLICATED}: expected 第十条 after 第九条; found 第十一条 [numbering-gap] "
        "Hint: is 第十条 missing, or is the number mistyped?",)),
    "toc-without-body": Source("toc.txt", _write("\n".join([GOOD_LINES[0], "", "目　　录", *_HEADINGS, ""])), (
        "toc.txt:3: the text ends inside the 目录 block; expected the body (第一章 / 第一条) after it "
        "Hint: the file may be truncated: paste the whole regulation, not only its table of contents.",)),
    "headings-only": Source("headings.txt", _write("\n".join([GOOD_LINES[0], "", *_HEADINGS, ""])),
                            (f"headings.txt:3: {NO_ARTICLE}",)),
    "10mb-single-line": Source("long.txt", _write(_ten_megabytes()), (f"long.txt:1: {NO_ARTICLE}",)),
    "missing-file": Source("missing.txt", lambda path: None,
                           ("Error: missing.txt: file not found Hint: check the path and the file name.",),
                           (f"--source {SOURCE}", f"missing.txt: {SOURCE_NOT_FOUND}")),
    "directory-as-file": Source("folder.txt", lambda path: path.mkdir(),
                                ("Error: Invalid value for 'FILE': File 'folder.txt' is a directory.",),
                                (f"--source {SOURCE}", f"folder.txt: {SOURCE_NOT_FOUND}")),
    "mode-000": Source("locked.txt", _locked,
                       ("locked.txt: cannot read the file (Permission denied) Hint: check the file's permissions.",),
                       needs_unprivileged=True),
    "fifo-as-file": Source("pipe.txt", lambda path: os.mkfifo(path), ("pipe.txt",),
                           (f"--source {SOURCE}", f"pipe.txt: {SOURCE_NOT_FOUND}")),
    "reference-typo-numeral": Source("typo.txt", _write(_typo_numeral()),
                                     (), (f"typo.txt:{_line_of('第三条')}:", "Hint:"), parse_ok=True),
    "no-title-line": Source("notitle.txt", _write("\n".join(GOOD_LINES[1:]).lstrip("\n")), (
        "notitle.txt:1: ", "[missing-title] Hint: put the title (e.g. 信访工作条例) on the first line")),
    "2gb-sparse": Source("huge.txt", lambda path: _sparse(path, b"", 2 * 1024 ** 3), (
        "huge.txt: the file is 2048 MB or more; an official text is under 20 MB Hint: check that this is",)),
    "good-text-then-zeros": Source("zeros.txt", lambda path: _sparse(path, GOOD.encode("utf-8"), 2 * 1024 ** 3), (
        "zeros.txt: the file is 2048 MB or more",)),
}


def _sparse(path: Path, start: bytes, size: int) -> None:
    """A file of ``size`` bytes that takes no disk space: ``start``, then zeros (a hole)."""
    path.write_bytes(start)
    os.truncate(path, size)


# --- content planted in docs/ and broken configuration ---------------------------------------------------------------

BUILD = ("build", "--strict", "--source", f"{SOURCE}good.txt")


def _page(relative: str, text: str | bytes) -> Callable[[Path], None]:
    def plant(project: Path) -> None:
        path = project / "docs" / relative
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return plant


def _symlinks(*pairs: tuple[str, str]) -> Callable[[Path], None]:
    def plant(project: Path) -> None:
        for link, target in pairs:
            os.symlink(target, project / "docs" / link)
    return plant


def _config(old: str, new: str) -> Callable[[Path], None]:
    def plant(project: Path) -> None:
        path = project / "mkdocs.yml"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return plant


QUESTION = "---\ntitle: {title}\narticles: {articles}\naudience: 公众\n---\n\n{body}\n"


def _glossary(entries: str) -> Callable[[Path], None]:
    """Append ``entries`` to the shipped glossary."""
    def plant(project: Path) -> None:
        path = project / "docs" / "cidian.yml"
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + entries, encoding="utf-8")
    return plant


@dataclass(frozen=True)
class Planted:
    """A bad content page, link or configuration planted into the built project, then ``args`` run."""

    plant: Callable[[Path], None]
    expected: tuple[str, ...]
    args: tuple[str, ...] = BUILD
    any_of: tuple[str, ...] = field(default=())
    """At least one of these must appear too."""


PLANTED = {
    "yaml-malformed": Planted(_page("wenda/bad-yaml.md", "---\ntitle: 坏的问答\narticles: [1, 2\naudience: 公众\n---\n\n正文。\n"), (
        "docs/wenda/bad-yaml.md:4: invalid YAML front matter: expected ',' or ']', but got ':' [front-matter] "
        "Hint: check indentation, colons and brackets; quote values containing ':' or '#'.",)),
    "date-2022-13-45": Planted(_page("anli/bad-date.md", "---\ntitle: 日期错误的案例\ndate: 2022-13-45\nregion: 浙江省某市\n"
                                     "tags: [网上信访]\narticles: [17]\noutcome: 化解息诉\nsummary: 日期写错了。\nbasis: 综合示例\n---\n\n"
                                     "## 基本案情\n\n正文。\n"), (
        "docs/anli/bad-date.md:3: date '2022-13-45' is not a calendar date [bad-date] "
        "Hint: write YYYY-MM-DD, e.g. 2023-04-18.",)),
    "qa-unknown-article": Planted(_page("wenda/unknown-article.md",
                                        QUESTION.format(title="引用不存在的条文", articles="[99]", body="正文。")), (
        "docs/wenda/unknown-article.md:3: '99': 《信访工作条例》 has no such article [unknown-article] "
        "Hint: check the number against the official text.",)),
    "qa-saved-as-gbk": Planted(_page("wenda/gbk.md", QUESTION.format(title="编码", articles="[1]", body="正文。")
                                     .encode("gbk")),
                               ("docs/wenda/gbk.md:2: not valid UTF-8 [encoding] Hint: save the file as UTF-8.",)),
    "qa-is-a-directory": Planted(lambda project: (project / "docs" / "wenda" / "dir.md").mkdir(),
                                 ("docs/wenda/dir.md: cannot read the file (Is a directory) [unreadable]",)),
    "qa-is-a-fifo": Planted(lambda project: os.mkfifo(project / "docs" / "wenda" / "pipe.md"),
                            ("docs/wenda/pipe.md",)),
    "qa-typo-numeral": Planted(_page("wenda/typo.md", QUESTION.format(title="笔误", articles="[1]",
                                                                      body="依照本条例第十十条办理。")),
                               ("docs/wenda/typo.md:7:", "Hint:")),
    "number-of-5000-digits": Planted(_page("wenda/huge.md", QUESTION.format(title="9" * 5000, articles="[1]",
                                                                             body="正文。")), (
        "docs/wenda/huge.md:2: invalid YAML front matter: the number 99999999999999999999… has more than 18 digits",)),
    "yaml-alias-bomb": Planted(_page("wenda/bomb.md", "---\ntitle: 炸弹\na: &a [x, x, x, x, x, x, x, x, x]\n"
                                     + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, "
                                               f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
                                               for i in range(12))
                                     + "articles: [1]\naudience: 公众\n---\n\n正文。\n"), (
        "docs/wenda/bomb.md:4: invalid YAML front matter: YAML aliases (*name) are not allowed here",)),
    "item-of-a-missing-text": Planted(_page("wenda/item.md", QUESTION.format(
        title="不存在的项", articles='["信访条例:21.100000000"]', body="正文。")), (
        "docs/wenda/item.md:3: '信访条例:21.100000000': article, paragraph and item numbers start at 1",)),
    "item-zero": Planted(_page("wenda/zero.md", QUESTION.format(title="第零项", articles='["31.0"]', body="正文。")), (
        "docs/wenda/zero.md:3: '31.0': article, paragraph and item numbers start at 1",)),
    "paragraph-zero": Planted(_page("wenda/zero.md", QUESTION.format(title="第零款", articles="[第三十一条第零款]",
                                                                     body="正文。")), (
        "docs/wenda/zero.md:3: '第三十一条第零款': article, paragraph and item numbers start at 1",)),
    "paragraph-zero-in-a-body": Planted(_page("wenda/zero.md", QUESTION.format(
        title="正文里的第零款", articles="[31]", body="见第三十一条第零款。")), (
        "docs/wenda/zero.md:7: unresolved reference '第三十一条第零款': paragraphs (款) and items (项) are numbered "
        "from 一",)),
    "case-in-the-future": Planted(_page("anli/future.md", "---\ntitle: 未来的案例\ndate: 2099-01-01\nregion: 浙江省某市\n"
                                        "tags: [网上信访]\narticles: [17]\noutcome: 化解息诉\nsummary: 还没发生。\n"
                                        "basis: 综合示例\n---\n\n## 基本案情\n\n正文。\n"), (
        "docs/anli/future.md:3: date 2099-01-01 is in the future [bad-date] Hint: a case tells what happened",)),
    "case-without-basis": Planted(_page("anli/nobasis.md", "---\ntitle: 没有性质的案例\ndate: 2023-01-01\n"
                                        "region: 浙江省某市\ntags: [网上信访]\narticles: [17]\noutcome: 化解息诉\n"
                                        "summary: 摘要。\n---\n\n## 基本案情\n\n正文。\n"), (
        "docs/anli/nobasis.md:1: missing required field 'basis'",)),
    "glossary-punctuation-term": Planted(_glossary("- term: '，'\n  definition: 逗号。\n"), (
        "docs/cidian.yml:", ": '，' cannot be a glossary term [bad-term]")),
    "glossary-alias-of-a-term": Planted(_glossary("- term: 复查机关\n  definition: 说明。\n  aliases: [信访人]\n"), (
        "'信访人' is already a term or alias on line",)),
    "glossary-term-with-newline": Planted(_glossary("- term: \"两行\\n术语\"\n  definition: 说明。\n"), (
        "cannot be a glossary term [bad-term]",)),
    "glossary-definition-markup": Planted(_glossary("- term: 标记术语\n  definition: <h1>大标题</h1>\n"), (
        "the definition contains markup (< or >) [bad-value]",)),
    "symlink-loop": Planted(_symlinks(("loop", "..")), (
        "docs/loop: symbolic link to ", "a folder that contains it: the site would be endless "
        "Hint: remove the link, or link to a folder outside docs/.")),
    "symlink-cycle": Planted(_symlinks(("a", "b"), ("b", "a")), (
        ": symbolic link loops or points to nothing Hint: remove the link or point it at a real file.",),
        any_of=("docs/a: ", "docs/b: ")),
    "config-not-yaml": Planted(_config("site_name: ", "site_name: [unclosed\n"), (
        "Error: mkdocs.yml: invalid configuration: MkDocs encountered an error parsing the configuration file",
        "mkdocs.yml\", line 4")),
    "config-bad-option": Planted(_config("status: 已废止", "status: 作废"), (
        "Sub-option 'status': Expected one of", "mkdocs.yml")),
    "source-not-slug-path": Planted(lambda project: None, (
        "Error: --source 'good.txt' is not SLUG=PATH "
        "Hint: e.g. --source xinfang-gongzuo-tiaoli=texts/xinfang-gongzuo-tiaoli-2022.txt",),
        args=("build", "--strict", "--source", "good.txt")),
    "source-unknown-slug": Planted(lambda project: None, (
        "mkdocs.yml: --source names nope, which is not a configured regulation "
        "Hint: configured slugs: xinfang-gongzuo-tiaoli, xinfang-tiaoli-2005, zhejiang-xinfang-tiaoli.",),
        args=("build", "--strict", "--source", "nope=good.txt")),
}


# --- fixtures --------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The shipped site built once (strictly) with the good text; returns (project folder, its output snapshot)."""
    project = copy_shipped_site(tmp_path_factory.mktemp("bad-input") / "built")
    (project / "good.txt").write_text(GOOD, encoding="utf-8")
    result = run_pufa(project, *BUILD)
    assert result.returncode == 0, result.stdout + result.stderr
    return project, output_snapshot(project)


@pytest.fixture
def project(built, tmp_path):
    """A private copy of the built project (site/, .pufa-index link and generation included)."""
    source, _ = built
    return Path(shutil.copytree(source, tmp_path / "project", symlinks=True))


def _run(project: Path, args: tuple[str, ...]):
    try:
        return run_pufa(project, *args, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"pufa {' '.join(args)} was still running after {TIMEOUT} s: no message, no exit")


def _assert_clean_failure(result, expected: tuple[str, ...], project: Path, snapshot: dict) -> str:
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    for part in expected:
        assert part in output, f"expected {part!r} in:\n{output}"
    assert output_snapshot(project) == snapshot, "site/ or the index changed"
    assert sorted(path.name for path in project.iterdir() if path.name.startswith(".site.")) == []
    return output


# --- tests -----------------------------------------------------------------------------------------------------------

def _source_cases():
    for case_id, source in SOURCES.items():
        marks = [pytest.mark.skipif(os.geteuid() == 0, reason="root reads a mode-000 file anyway; the FIFO and "
                                    "directory cases cover unreadable sources")] if source.needs_unprivileged else []
        if not source.parse_ok:
            yield pytest.param("parse", case_id, id=f"parse-{case_id}", marks=marks)
        yield pytest.param("build", case_id, id=f"build-{case_id}", marks=marks)


@pytest.mark.parametrize(("command", "case_id"), list(_source_cases()))
def test_bad_official_text(command, case_id, project, built):
    """A bad official text fails parse/build with exit != 0, no traceback, file:line + hint, outputs untouched."""
    source = SOURCES[case_id]
    source.make(project / source.name)
    if command == "parse":
        args, expected = ("parse", source.name, "--strict"), source.parse
    else:
        args, expected = ("build", "--strict", "--source", f"{SOURCE}{source.name}"), source.build or source.parse
    _assert_clean_failure(_run(project, args), expected, project, built[1])


@pytest.mark.parametrize("case_id", list(PLANTED))
def test_bad_content_or_config(case_id, project, built):
    """A bad page, link or configuration fails the build with exit != 0, no traceback, file:line + hint, outputs untouched."""
    case = PLANTED[case_id]
    case.plant(project)
    output = _assert_clean_failure(_run(project, case.args), case.expected, project, built[1])
    if case.any_of:
        assert any(part in output for part in case.any_of), output


def test_ten_megabyte_line_parses_quickly(project):
    """The 10 MB single line is refused by ``parse`` within 15 s (it takes about 2 s)."""
    import time

    SOURCES["10mb-single-line"].make(project / "long.txt")
    started = time.monotonic()
    result = run_pufa(project, "parse", "long.txt", "--strict", timeout=TIMEOUT)
    assert result.returncode == 1
    assert time.monotonic() - started < 15
