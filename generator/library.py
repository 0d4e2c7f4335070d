"""A library of texts as configuration: a folder of official texts → :class:`Collection`.

The folder layout gives the category (``行政法规/``) and, one level deeper, the issuing body
(``部门规章/公安部/``); the file name gives the title and the date (``黄河水量调度条例(2006-07-24).md``); optional
front matter and the text's own 发布/施行 notes give the rest. Every text is published: defects of the source are
warnings with ``file:line`` (:data:`~generator.parse.TOLERANT_SEVERITY`), never a reason to drop it.

Usable without MkDocs: ``load_collection(folder)`` is what ``benchmarks/parse_scale.py`` and the build call.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

from .cache import cache_path, code_fingerprint, read_pickled, store_pickled
from .errors import ContentError, Problem, PufaError
from .frontmatter import read_front_matter
from .model import Regulation
from .normalize import read_capped, decode, normalize_text
from .parse import TOLERANT_SEVERITY, parse

SUFFIXES = (".md", ".txt")
_DATED_NAME = re.compile(r"^(?P<title>.+?)\s*[(（](?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[)）]$")
_FRONT_MATTER_KEYS = ("title", "issuer", "date", "status")
_STATUSES = ("现行有效", "已废止", "已修订", "尚未施行")
_ISSUERS = (  # (words in the issuing note or title, the body named) — the first that matches wins
    ("全国人民代表大会常务委员会", "全国人大常委会"),
    ("全国人民代表大会", "全国人民代表大会"),
    ("最高人民法院、最高人民检察院", "最高人民法院、最高人民检察院"),
    ("最高人民法院", "最高人民法院"),
    ("最高人民检察院", "最高人民检察院"),
    ("人民检察院", "最高人民检察院"),
    ("国务院", "国务院"),
)
_CATEGORY_ISSUERS = {"行政法规": "国务院", "宪法": "全国人民代表大会"}
UNKNOWN_ISSUER = "其他机关"


@dataclass(frozen=True, slots=True)
class LibraryText:
    """One published text of the library and what the browse pages know about it."""

    id: str
    """The URL segment of its pages: a short hash of its path in the library, stable across builds."""
    relpath: str
    """Its path inside the library folder, ``/``-separated: what warnings and the build report name."""
    category: str
    issuer: str
    title: str
    date: dt.date | None
    status: str | None
    """Only when front matter says so: the library does not guess whether a text is in force."""
    article_count: int
    problems: tuple[Problem, ...]
    digest: str
    """Hash of the source bytes: part of the key of everything made from the text."""
    tree: ParsedTree = field(compare=False, repr=False)

    @property
    def regulation(self) -> Regulation:
        """The parsed text, read when first needed (browse pages and an incremental build need only the rest)."""
        return self.tree.load()

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None


class ParsedTree:
    """A text's parse tree, kept in memory once loaded; else read from the parse cache, or parsed again from the
    file (whose bytes must still be those the text was described from)."""

    __slots__ = ("path", "relpath", "digest", "severity", "entry", "_regulation")

    def __init__(self, path: Path, relpath: str, digest: str, severity: Mapping[str, str], entry: Path,
                 regulation: Regulation | None = None):
        self.path, self.relpath, self.digest, self.severity, self.entry = path, relpath, digest, dict(severity), entry
        self._regulation = regulation

    def __getstate__(self):
        return self.path, self.relpath, self.digest, self.severity, self.entry  # the tree has its own cache entry

    def __setstate__(self, state) -> None:
        (self.path, self.relpath, self.digest, self.severity, self.entry), self._regulation = state, None

    @property
    def loaded(self) -> bool:
        return self._regulation is not None

    def load(self) -> Regulation:
        if self._regulation is None:
            cached_tree = read_pickled(self.entry)
            self._regulation = cached_tree if isinstance(cached_tree, Regulation) else self._parse_again()
        return self._regulation

    def _parse_again(self) -> Regulation:
        raw = read_capped(self.path)
        if hashlib.sha256(raw).hexdigest() != self.digest:
            raise PufaError("the text changed while the site was being built", path=self.path,
                            hint="build again.")
        text, _ = decode(raw, self.relpath)
        return parse(_body(normalize_text(text)), path=self.relpath, severity=self.severity).regulation


@dataclass(frozen=True, slots=True)
class Collection:
    """Every text of a library folder, in path order, and every warning found reading them."""

    root: Path
    texts: tuple[LibraryText, ...]
    unreadable: tuple[Problem, ...] = ()
    """Files that are not text at all (binary, an unknown encoding): errors, named with their line."""

    @property
    def problems(self) -> list[Problem]:
        return [*self.unreadable, *(problem for text in self.texts for problem in text.problems)]

    @property
    def trees_loaded(self) -> bool:
        """Whether any parse tree is in memory (a gigabyte at national scale)."""
        return any(text.tree.loaded for text in self.texts)

    def grouped(self, key) -> dict:
        """Texts grouped by ``key(text)``, groups in first-seen order and texts by date, newest first."""
        groups: dict = {}
        for text in self.texts:
            groups.setdefault(key(text), []).append(text)
        for texts in groups.values():
            texts.sort(key=lambda text: (text.date or dt.date.min, text.title), reverse=True)
        return groups


def library_files(root: Path) -> list[Path]:
    """The texts under ``root``, in a stable order. Hidden files and folders are skipped.

    Raises:
        PufaError: ``root`` is not a folder.
    """
    if not root.is_dir():
        raise PufaError("the library folder does not exist or is not a folder", path=root,
                        hint="point library: (or --library) at the folder that holds the texts.")
    return sorted(path for path in root.rglob("*")
                  if path.suffix in SUFFIXES and path.is_file()
                  and not any(part.startswith(".") for part in path.relative_to(root).parts)
                  and path.name.lower() != "readme.md")


def load_collection(root: str | Path, severity: Mapping[str, str] | None = None) -> Collection:
    """Read, normalise and parse every text under ``root``; nothing is dropped that can be read at all.
    ``severity`` overrides :data:`~generator.parse.TOLERANT_SEVERITY` per kind (the ``severity`` option).

    Raises:
        PufaError: the folder is missing, or a file cannot be decoded as text (named with its line).
    """
    root = Path(root)
    texts, unreadable = [], []
    for path in library_files(root):
        try:
            texts.append(load_text(root, path, {**TOLERANT_SEVERITY, **(severity or {})}))
        except PufaError as error:
            unreadable.append(Problem(error.path, error.lineno, error.message, error.hint, "unreadable", "error"))
    return Collection(root, tuple(_with_unique_ids(texts)), tuple(unreadable))


def load_text(root: Path, path: Path, severity: Mapping[str, str] = TOLERANT_SEVERITY) -> LibraryText:
    """The text at ``path``: parsed, or, when these very bytes were parsed before by this pufa with these
    severities, described from the cache without its tree (:class:`ParsedTree` reads that when needed): a
    national library is parsed in 4 s and described from the cache in a fraction of a second."""
    relpath = path.relative_to(root).as_posix()
    raw = read_capped(path)
    digest = hashlib.sha256(raw).hexdigest()
    key = f"{code_fingerprint()}\0{relpath}\0{sorted(severity.items())}\0{digest}"
    entry, tree_entry = cache_path("parsed", key, ".text.pickle"), cache_path("parsed", key, ".tree.pickle")
    known = read_pickled(entry)
    if isinstance(known, LibraryText) and known.digest == digest:
        return known
    text = _parse_text(relpath, path, raw, digest, severity, tree_entry)
    store_pickled("parsed", key, ".tree.pickle", text.regulation)
    store_pickled("parsed", key, ".text.pickle", text)
    return text


def _body(text: str) -> str:
    """The text as parsed: front matter (if any) blanked out, lines kept."""
    return _front_matter(text, "")[1] if text.startswith("---") else text


def _parse_text(relpath: str, path: Path, raw: bytes, digest: str, severity: Mapping[str, str],
                tree_entry: Path) -> LibraryText:
    text, _ = decode(raw, relpath)
    text = normalize_text(text)
    problems: list[Problem] = []
    meta = {}
    if text.startswith("---"):
        meta, text, problems = _front_matter(text, relpath)
    result = parse(text, path=relpath, severity=severity)
    regulation = result.regulation
    problems += result.problems
    parts = Path(relpath).parts
    category = parts[0] if len(parts) > 1 else "其他"
    name_title, name_date = _from_file_name(path.stem)
    title = meta.get("title") or _title(regulation, name_title)
    date = _iso_date(meta.get("date")) or name_date or regulation.meta.published or regulation.meta.effective \
        or regulation.meta.adopted
    issuer = meta.get("issuer") or (parts[1] if len(parts) > 2 else _issuer(regulation, title, category))
    return LibraryText(_text_id(relpath), relpath, category, issuer, title, date, meta.get("status"),
                       sum(1 for _ in regulation.articles()), tuple(problems), digest,
                       ParsedTree(path, relpath, digest, severity, tree_entry, regulation))


def _front_matter(text: str, relpath: str) -> tuple[dict, str, list[Problem]]:
    """The allowed keys of a text's front matter; the body keeps its line numbers (the fence becomes blank lines)."""
    try:
        matter = read_front_matter(text, relpath)
    except ContentError as error:
        return {}, text, [Problem(relpath, error.lineno, error.message, error.hint, "front-matter")]
    problems = []
    meta = {}
    for key, value in matter.data.items():
        line = matter.line_of(key)
        if key not in _FRONT_MATTER_KEYS:
            problems.append(Problem(relpath, line, f"unknown front-matter key {key!r}; ignored",
                                    f"a library text may set {', '.join(_FRONT_MATTER_KEYS)}.", "front-matter"))
        elif not isinstance(value, str) or not value.strip() or len(value) > 200 or "\n" in value:
            problems.append(Problem(relpath, line, f"{key} must be one line of text; ignored", "", "front-matter"))
        elif key == "date" and _iso_date(value) is None:
            problems.append(Problem(relpath, line, f"date {value!r} is not a date; ignored",
                                    "write YYYY-MM-DD, e.g. 2022-05-01.", "front-matter"))
        elif key == "status" and value not in _STATUSES:
            problems.append(Problem(relpath, line, f"status {value!r} is not one of {'、'.join(_STATUSES)}; ignored",
                                    "", "front-matter"))
        else:
            meta[key] = value.strip()
    return meta, "\n" * (matter.body_lineno - 1) + matter.body, problems


def _from_file_name(stem: str) -> tuple[str, dt.date | None]:
    """``黄河水量调度条例(2006-07-24)`` → (``黄河水量调度条例``, 2006-07-24)."""
    match = _DATED_NAME.match(stem)
    if not match:
        return stem.strip(), None
    return match["title"], _iso_date(match["date"])


def _iso_date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _title(regulation: Regulation, name_title: str) -> str:
    """The text's own title when the file name is a short form of it (刑法修正案（二） → 中华人民共和国刑法…);
    a part of a larger law keeps both (中华人民共和国民法典 · 人格权编)."""
    parsed = regulation.title
    if not parsed or parsed == Path(regulation.path).stem:
        return name_title
    if _core(name_title) in _core(parsed) or not re.search(r"[\u4e00-\u9fff]", name_title):
        return parsed  # the file name is a short form, or an ASCII file name that names nothing
    return f"{parsed}·{name_title}"


def _core(title: str) -> str:
    return re.sub(r"\s|中华人民共和国", "", title)


def _issuer(regulation: Regulation, title: str, category: str) -> str:
    """Who issued the text: named by its title or issuing note, else implied by its category."""
    for words, body in _ISSUERS:
        if title.startswith(words) or words in regulation.meta.note:
            return body
    return _CATEGORY_ISSUERS.get(category, UNKNOWN_ISSUER)


def _text_id(relpath: str, length: int = 8) -> str:
    return hashlib.sha1(relpath.encode("utf-8")).hexdigest()[:length]


def _with_unique_ids(texts: list[LibraryText]) -> list[LibraryText]:
    """Lengthen the ids of texts whose short hashes collide (rare, but two pages must never share an address)."""
    counts: dict[str, int] = {}
    for text in texts:
        counts[text.id] = counts.get(text.id, 0) + 1
    if all(count == 1 for count in counts.values()):
        return texts
    return [replace(text, id=_text_id(text.relpath, 16)) if counts[text.id] > 1 else text for text in texts]
