"""Text → :class:`~generator.model.Regulation`: a line classifier and a small state machine.

Two source shapes give the same tree: the official plain text (title line, issuing note in ``（…）``, optional
目录, ``第一章　总　　则``, ``第一条　…``) and LawRefBook Markdown (``# title``, dated info lines up to
``<!-- INFO END -->``, ``## 第一章 总则``, ``### 第一节 …``, blank lines between paragraphs).

The parser expects text that went through :func:`generator.normalize.normalize_text`. It raises
:class:`~generator.errors.ParseError` only when no tree can be built; everything else it finds (a gap in the
numbering, a repeated article, text outside any article) is returned as a :class:`~generator.errors.Problem`,
and :data:`DEFAULT_SEVERITY` says which of those are errors.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from .errors import ParseError, Problem
from .model import (Article, Chapter, Division, Item, Metadata, Paragraph, Part, Regulation, Section, SubItem,
                    TextBlock, article_label)
from .normalize import normalize_text, read_source
from .numerals import CN_NUMERAL, NUMBER, cn_to_int, int_to_cn

NUM = NUMBER
_DIVISION = re.compile(rf"^第(?P<num>{NUM})(?P<unit>[编章节])(?:\s+(?P<title>.*)|(?P<bare>[^\s，。；、].*))?$")
_ARTICLE = re.compile(rf"^第(?P<num>{NUM}) ?条(?:之(?P<suffix>{CN_NUMERAL}))?(?P<sep>\s|$)?(?P<text>.*)$")
_POINT = re.compile(rf"^(?P<num>{CN_NUMERAL})、\s*(?P<text>.*)$")
_ITEM = re.compile(rf"^（(?P<num>{CN_NUMERAL})）")
_SUBITEM = re.compile(r"^(?P<num>[0-9]{1,2})[．.](?![0-9])")
_ENUMERATED_HEADING = re.compile(rf"^(?P<num>{CN_NUMERAL})、\s*(?P<title>.+)$")
_MD_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*$")
_DATE = re.compile(r"(?P<y>[0-9]{4})年(?P<m>[0-9]{1,2})月(?P<d>[0-9]{1,2})日")
_EFFECTIVE = re.compile(r"自(?P<date>[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日)起施行")
_TOC = {"目录", "目 录", "目 次", "目次"}
_PREAMBLE = {"序言", "序 言"}
_INFO_END = "<!-- INFO END -->"
# Words that may follow 第X条 inside a sentence that merely cites it (第十条规定的…); an article line
# without a separating space is only accepted when it does not continue like this.
_CITING_CONTINUATION = tuple("的、，。；：至和或及与第中规所之")

_SENTENCE_END = tuple("。；;：:！!？?”」』）)…")

DEFAULT_SEVERITY = {
    "no-articles": "error",
    "duplicate-article": "error",
    "article-order": "error",
    "numbering-gap": "error",
    "empty-article": "error",
    "division-order": "error",
    "missing-title": "warning",
    "first-article": "warning",
    "stray-text": "warning",
    "unclosed-note": "warning",
    "truncated": "warning",
}
"""Which problem kinds stop a build. ``pufa`` reports warnings and fails on errors (and on warnings with --strict).
A campaign's own regulations are checked this strictly: its Q&A and cases cite their articles."""

PROBLEM_KINDS = (*DEFAULT_SEVERITY, "unresolved-reference")
"""Every kind of problem found in an official text (the last by the link stage), for the ``severity`` option."""

TOLERANT_SEVERITY = {kind: "warning" for kind in DEFAULT_SEVERITY}
"""For a library of texts published as they are: every defect of the source is a warning, and a text without
articles (an amendment, a notice) is published as paragraphs."""


@dataclass(frozen=True, slots=True)
class ParseResult:
    regulation: Regulation
    problems: tuple[Problem, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity != "error")


def parse_file(path: str | Path, severity: Mapping[str, str] | None = None) -> ParseResult:
    """Read, normalise and parse one source file (any accepted encoding)."""
    source = read_source(path)
    return parse(source.text, path=source.path, severity=severity)


def parse(text: str, path: str = "<text>", severity: Mapping[str, str] | None = None) -> ParseResult:
    """Parse normalised text into a :class:`Regulation` and the problems found on the way.

    ``severity`` maps problem kinds to ``error`` or ``warning`` (default :data:`DEFAULT_SEVERITY`). When
    ``no-articles`` is not an error, a text without any article is returned with all its lines as preamble.

    Raises:
        ParseError: the text is empty, ends inside its 目录, or (when ``no-articles`` is an error) holds no article.
    """
    text = normalize_text(text)
    severity = {**DEFAULT_SEVERITY, **(severity or {})}
    try:
        return _Parser(text, path, severity).run()
    except _NoArticles as error:
        # A decision or amendment has no 第X条 of its own (the ones it quotes don't start a provision):
        # its provisions are numbered 一、二、…
        try:
            return _Parser(text, path, severity, points=True).run()
        except _NoArticles:
            if severity["no-articles"] == "error":
                raise error from None
            return _Parser(text, path, severity, paragraphs_only=True).run()


class _NoArticles(ParseError):
    """Raised by one parsing pass so that :func:`parse` can try the other numbering style."""


# --- building blocks -------------------------------------------------------------------------------------------

@dataclass
class _OpenDivision:
    cls: type[Division]
    number: int
    title: str
    lineno: int
    children: list = field(default_factory=list)

    def freeze(self) -> Division:
        return self.cls(number=self.number, title=self.title, lineno=self.lineno,
                        children=tuple(_freeze(child) for child in self.children))


@dataclass
class _OpenArticle:
    number: int
    suffix: int | None
    lineno: int
    paragraphs: list[list] = field(default_factory=list)
    """[text, lineno, [[number, text, lineno, [SubItem…]], …]] per paragraph."""
    point: bool = False
    """Numbered ``一、`` in a decision or interpretation that has no 第X条."""

    def freeze(self) -> Article:
        paragraphs = tuple(
            Paragraph(text=text, lineno=lineno,
                      items=tuple(Item(number=n, text=t, lineno=ln, subitems=tuple(subs))
                                  for n, t, ln, subs in items))
            for text, lineno, items in self.paragraphs)
        label = f"{int_to_cn(self.number)}、" if self.point else _label((self.number, self.suffix or 0))
        return Article(number=self.number, suffix=self.suffix, label=label, paragraphs=paragraphs,
                       lineno=self.lineno)


def _freeze(node):
    return node if isinstance(node, TextBlock) else node.freeze()


def _compact_title(title: str) -> str:
    """``总　　则`` → ``总则``: spaces between Chinese characters in a heading are only for display."""
    return re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", title.strip())


MAX_NUMBER = 99_999_999


def _number(text: str, path: str, lineno: int) -> int:
    try:
        number = cn_to_int(text)
    except ValueError:
        number = -1
    if not 0 <= number <= MAX_NUMBER:
        raise ParseError(f"cannot read the number {text!r}", path=path, lineno=lineno,
                         hint="numbers are written 一 … 九十九, 一百零一, or in Arabic digits.")
    return number


def _number_or_none(text: str) -> int | None:
    try:
        number = cn_to_int(text)
    except ValueError:
        return None
    return number if 0 <= number <= MAX_NUMBER else None


class _Parser:
    _UNITS = {"编": Part, "章": Chapter, "节": Section}
    _DEPTH = {Part: 0, Chapter: 1, Section: 2}

    def __init__(self, text: str, path: str, severity: Mapping[str, str], points: bool = False,
                 paragraphs_only: bool = False):
        self.path = path
        self.severity = severity
        self.lines = text.split("\n")
        self.problems: list[Problem] = []
        self.title = ""
        self.note_lines: list[str] = []
        self.preamble: list[list] = []
        self.body: list = []
        self.open: list[_OpenDivision] = []
        self.article: _OpenArticle | None = None
        self.articles: dict[tuple[int, int], int] = {}
        self.last_key: tuple[int, int] | None = None
        self.last_division_number: dict[type, int] = {}
        self.points = points
        """A text without any 第X条 line (a decision, an amendment) is numbered 一、二、…: those are its articles."""
        self.seen_numbered_chapter = False
        """Once a 第X章 heading was seen, ``## 一、…`` headings are appendix tables, not chapters."""
        self.paragraphs_only = paragraphs_only
        """The last resort for a text without articles: every line after the title is a preamble paragraph."""

    def problem(self, kind: str, lineno: int, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, lineno, message, hint, kind, self.severity.get(kind, "warning")))

    # --- driver ---

    def run(self) -> ParseResult:
        start = self.read_front_matter()
        lineno = start
        if self.paragraphs_only:
            return self.run_paragraphs_only(start)
        while lineno <= len(self.lines):
            lineno = self.read_line(lineno)
        if not self.articles:
            raise _NoArticles("no article found: expected lines starting with 第一条 (or 一、 in a text without 第X条)",
                             path=self.path,
                             lineno=min(start, len(self.lines)),
                             hint="is this the regulation's text? Articles must start a line: 第一条　…")
        self.close_article()
        self.check_ending()
        regulation = Regulation(
            title=self.title, meta=self.metadata(), path=self.path,
            preamble=tuple(Paragraph(text=t, lineno=n) for t, n, _ in self.preamble),
            body=tuple(_freeze(node) for node in self.body))
        return ParseResult(regulation, tuple(self.problems))

    def run_paragraphs_only(self, start: int) -> ParseResult:
        self.problem("no-articles", min(self.skip_blank(start), len(self.lines)),
                     "no article found (no line starts with 第一条, nor 一、 in a text without 第X条); "
                     "published as paragraphs", "fine for an amendment or a notice; otherwise check the text.")
        for lineno in range(start, len(self.lines) + 1):
            line = self.lines[lineno - 1]
            if line and not line.startswith("<!--"):
                heading = _MD_HEADING.match(line)
                self.preamble.append([heading["text"] if heading else line, lineno, []])
        regulation = Regulation(title=self.title, meta=self.metadata(), path=self.path,
                                preamble=tuple(Paragraph(text=t, lineno=n) for t, n, _ in self.preamble), body=())
        return ParseResult(regulation, tuple(self.problems))

    def read_front_matter(self) -> int:
        """Read the title and issuing note; return the line number where the body starts."""
        lineno = self.skip_blank(1)
        if lineno > len(self.lines):
            raise ParseError("the file is empty", path=self.path, lineno=1,
                             hint="expected the regulation's title on the first line.")
        first = self.lines[lineno - 1]
        heading = _MD_HEADING.match(first)
        title = heading["text"] if heading else first
        if _ARTICLE.match(title) or _DIVISION.match(title):
            self.problem("missing-title", lineno, "expected the regulation's title before the first heading or article",
                         "put the title (e.g. 信访工作条例) on the first line.")
            self.title = Path(self.path).stem
            return lineno
        if title.startswith("（") or title.endswith(_SENTENCE_END):
            self.problem("missing-title", lineno, "the first line of text is not a title: it reads like the issuing "
                         "note or a sentence", "put the title (e.g. 信访工作条例) on the first line, above the （…发布） note.")
            self.title = Path(self.path).stem
            return self.read_issuing_note(lineno)
        self.title = _compact_title(title)
        if any(line.strip() == _INFO_END for line in self.lines[lineno:lineno + 40]):
            return self.read_info_block(lineno + 1)
        return self.read_issuing_note(lineno + 1)

    def read_info_block(self, lineno: int) -> int:
        """LawRefBook: every non-empty line up to ``<!-- INFO END -->`` is one event of the issuing note."""
        while lineno <= len(self.lines) and self.lines[lineno - 1] != _INFO_END:
            line = self.lines[lineno - 1]
            if line:
                self.note_lines.append(re.sub(r"(?<=日) (?=\S)", "", line))
            lineno += 1
        return lineno + 1

    def read_issuing_note(self, lineno: int) -> int:
        """Official text: the note is one or more lines in full-width brackets right after the title."""
        lineno = self.skip_blank(lineno)
        if lineno > len(self.lines) or not self.lines[lineno - 1].startswith("（") or _ITEM.match(self.lines[lineno - 1]):
            return lineno
        start = lineno
        while lineno <= len(self.lines):
            line = self.lines[lineno - 1]
            if lineno > start and (_ARTICLE.match(line) or _DIVISION.match(line) or _compact_title(line) in _TOC):
                self.problem("unclosed-note", start, "the issuing note in （…） is not closed before the body starts",
                             "add the closing bracket ） at the end of the note.")
                break
            self.note_lines.append(line)
            lineno += 1
            if line.endswith("）"):
                break
        note = " ".join(self.note_lines)
        self.note_lines = [note[1:-1] if note.endswith("）") else note[1:]]
        return lineno

    def skip_blank(self, lineno: int) -> int:
        while lineno <= len(self.lines) and not self.lines[lineno - 1]:
            lineno += 1
        return lineno

    def read_line(self, lineno: int) -> int:
        line = self.lines[lineno - 1]
        if not line or line.startswith("<!--"):
            return lineno + 1
        heading = _MD_HEADING.match(line)
        text = heading["text"] if heading else line
        compact = _compact_title(text)
        if compact in _TOC:
            return self.skip_toc(lineno)
        if compact in _PREAMBLE:
            self.close_article()
            return lineno + 1
        division = _DIVISION.match(text)
        if division:
            self.seen_numbered_chapter |= division["unit"] == "章"
            self.open_division(self._UNITS[division["unit"]], _number(division["num"], self.path, lineno),
                               _compact_title(division["title"] or division["bare"] or ""), lineno)
            return lineno + 1
        if heading and len(heading["hashes"]) >= 2 and not self.seen_numbered_chapter:
            enumerated = _ENUMERATED_HEADING.match(text)
            if enumerated:
                self.open_division(Chapter, _number(enumerated["num"], self.path, lineno),
                                   _compact_title(enumerated["title"]), lineno)
                return lineno + 1
        article = self.match_article(text)
        if article:
            self.open_article(article, lineno)
            return lineno + 1
        point = _POINT.match(text) if self.points and not heading else None
        if point and self.is_next_point(point):
            self.open_article(point, lineno)
            return lineno + 1
        self.add_text(text, lineno)
        return lineno + 1

    def match_article(self, text: str) -> re.Match | None:
        match = _ARTICLE.match(text)
        if not match:
            return None
        if match["sep"] is not None:
            return match
        # No space after 第X条: an article only if it is the next one and does not read like a citation.
        rest = match["text"]
        expected = (self.last_key[0] + 1) if self.last_key else 1
        number = _number_or_none(match["num"])
        if number == expected and not rest.startswith(_CITING_CONTINUATION):
            return match
        return None

    def is_next_point(self, match: re.Match) -> bool:
        expected = (self.last_key[0] + 1) if self.last_key else 1
        return _number_or_none(match["num"]) == expected

    def skip_toc(self, lineno: int) -> int:
        """Skip a 目录 block: the headings it lists, up to the line where the body repeats the first of them."""
        toc_start = lineno
        lineno = self.skip_blank(lineno + 1)
        first = None
        while lineno <= len(self.lines):
            line = self.lines[lineno - 1]
            if line:
                compact = _compact_title(line)
                if first is None:
                    first = compact
                elif compact == first:
                    return lineno
                if _ARTICLE.match(line) and not _DIVISION.match(line):
                    raise ParseError(f"the 目录 that starts on line {toc_start} is followed by articles but its "
                                     "headings are never repeated in the body", path=self.path, lineno=lineno,
                                     hint="delete the 目录 block, or restore the chapter headings in the body.")
            lineno += 1
        raise ParseError("the text ends inside the 目录 block; expected the body (第一章 / 第一条) after it",
                         path=self.path, lineno=toc_start,
                         hint="the file may be truncated: paste the whole regulation, not only its table of contents.")

    # --- structure ---

    def open_division(self, cls: type[Division], number: int, title: str, lineno: int) -> None:
        self.close_article()
        depth = self._DEPTH[cls]
        while self.open and self._DEPTH[self.open[-1].cls] >= depth:
            self.open.pop()
        self.check_division_order(cls, number, lineno)
        node = _OpenDivision(cls, number, title, lineno)
        (self.open[-1].children if self.open else self.body).append(node)
        self.open.append(node)

    def check_division_order(self, cls: type[Division], number: int, lineno: int) -> None:
        # Sections restart in every chapter. Chapters usually run on through the parts (刑法, 民事诉讼法) but
        # restart in each part of 民法典, so after a new part both 1 and the next number are accepted.
        allowed_restart = cls is Chapter and self.last_division_number.pop("new-part", False)
        if cls is Part:
            self.last_division_number["new-part"] = True
        if cls is Chapter:
            self.last_division_number.pop(Section, None)
        previous = self.last_division_number.get(cls, 0)
        self.last_division_number[cls] = number
        if number == previous + 1 or (allowed_restart and number == 1):
            return
        unit = cls.unit
        expected = f"第{int_to_cn(previous + 1)}{unit}"
        after = f"第{int_to_cn(previous)}{unit}" if previous else "the start"
        self.problem("division-order", lineno, f"expected {expected} after {after}; found 第{int_to_cn(number)}{unit}",
                     "headings must run in order; check for a missing or repeated heading.")

    def open_article(self, match: re.Match, lineno: int) -> None:
        self.close_article()
        number = _number(match["num"], self.path, lineno)
        suffix = _number(match["suffix"], self.path, lineno) if match.groupdict().get("suffix") else None
        key = (number, suffix or 0)
        self.check_article_order(key, lineno)
        self.articles.setdefault(key, lineno)
        self.article = _OpenArticle(number, suffix, lineno, point=self.points)
        if match["text"].strip():
            self.article.paragraphs.append([match["text"].strip(), lineno, []])

    def check_article_order(self, key: tuple[int, int], lineno: int) -> None:
        label = _label(key)
        if key in self.articles:
            self.problem("duplicate-article", lineno, f"{label} appears again (first on line {self.articles[key]})",
                         "an article number may appear only once; delete the copy or fix its number.")
        elif self.last_key is None:
            if key != (1, 0):
                self.problem("first-article", lineno, f"the first article is {label}, not 第一条",
                             "fine for an excerpt (one 编 of 民法典); otherwise the beginning of the text is missing.")
        elif key < self.last_key:
            self.problem("article-order", lineno, f"{label} comes after {_label(self.last_key)}",
                         "articles must run in ascending order.")
        elif key[1] == 0 and key[0] != self.last_key[0] + 1:
            expected = _label((self.last_key[0] + 1, 0))
            self.problem("numbering-gap", lineno,
                         f"expected {expected} after {_label(self.last_key)}; found {label}",
                         f"is {expected} missing, or is the number mistyped?")
        elif key[1] and (key[0] != self.last_key[0] or key[1] != self.last_key[1] + 1):
            self.problem("article-order", lineno, f"{label} cannot follow {_label(self.last_key)}",
                         "第X条之一 follows 第X条 directly.")
        if self.last_key is None or key > self.last_key:
            self.last_key = key

    def close_article(self) -> None:
        article = self.article
        if article is None:
            return
        if not article.paragraphs:
            self.problem("empty-article", article.lineno, f"{_label((article.number, article.suffix or 0))} has no text",
                         "the article's text should follow its number on the same line.")
        (self.open[-1].children if self.open else self.body).append(article)
        self.article = None

    def add_text(self, text: str, lineno: int) -> None:
        article = self.article
        if article is None:
            if self.open or self.articles:
                self.problem("stray-text", lineno, "text outside any article; kept where it stands",
                             "is the article number at the start of this line missing?")
                (self.open[-1].children if self.open else self.body).append(TextBlock(text, lineno))
                return
            self.preamble.append([text, lineno, []])
            return
        item = _ITEM.match(text)
        if item and _number_or_none(item["num"]) is None:
            item = None
        subitem = _SUBITEM.match(text)
        paragraphs = article.paragraphs
        if item and paragraphs:
            paragraphs[-1][2].append([_number_or_none(item["num"]), text, lineno, []])
        elif subitem and paragraphs and paragraphs[-1][2]:
            paragraphs[-1][2][-1][3].append(SubItem(int(subitem["num"]), text, lineno))
        elif subitem and paragraphs:
            paragraphs[-1][2].append([int(subitem["num"]), text, lineno, []])
        else:
            paragraphs.append([text, lineno, []])

    def check_ending(self) -> None:
        """A text whose last article stops mid-sentence was probably cut off when it was copied."""
        last = self.last_open_article()
        if last is None or not last.paragraphs:
            return
        text, lineno, items = last.paragraphs[-1]
        if items:
            number, text, lineno, subitems = items[-1]
            if subitems:
                text, lineno = subitems[-1].text, subitems[-1].lineno
        if not text.endswith(_SENTENCE_END):
            self.problem("truncated", lineno, f"the text ends mid-sentence: …{text[-12:]}",
                         "the file may have been cut off; check that the whole regulation was copied.")

    def last_open_article(self) -> _OpenArticle | None:
        nodes = self.body
        while nodes:
            last = nodes[-1]
            if isinstance(last, _OpenArticle):
                return last
            if isinstance(last, TextBlock):  # the text ends with lines outside any article (an appendix)
                return None
            nodes = last.children
        return None

    # --- metadata ---

    def metadata(self) -> Metadata:
        note = " ".join(self.note_lines)
        adopted = published = effective = None
        for event in re.split(r"(?=[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日)", note):
            date = _date(event)
            if date is None:
                continue
            if adopted is None and ("通过" in event or "审议批准" in event):
                adopted = date
            if published is None and ("公布" in event or "发布" in event):
                published = date
            if effective is None and "施行" in event:
                effective = date
        if effective is None:
            effective = self.effective_from_articles()
        return Metadata(note=note, adopted=adopted, published=published, effective=effective)

    def effective_from_articles(self) -> dt.date | None:
        for line in reversed(self.lines):
            match = _EFFECTIVE.search(line)
            if match:
                return _date(match["date"])
        return None


def _date(text: str) -> dt.date | None:
    match = _DATE.search(text)
    if not match:
        return None
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def _label(key: tuple[int, int]) -> str:
    return article_label(key[0], key[1] or None)
