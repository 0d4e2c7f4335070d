"""The campaign's own material — Q&A, case stories, interpretations, glossary — read and validated.

Editors write Markdown with YAML front matter under ``docs/`` (formats in DESIGN.md). This module turns those files
into small frozen records tied to articles, and checks everything a build would otherwise publish wrong: unknown
articles or regulations, bad dates, missing fields, duplicates, tags outside the vocabulary, and (through
:mod:`generator.privacy`) anything that identifies a petitioner. Every problem names ``file:line`` — the line of
the offending front-matter key — and a hint. It never imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError, Problem, PufaError
from .config import DEFAULT_OUTCOMES, DEFAULT_TOPICS
from .frontmatter import FrontMatter, glossary_entries, read_front_matter
from .link import Context, Target, find_references
from .grammar import LOOKUP, MAX_ARTICLE, MAX_SUBDIVISION, compact_query, in_bounds
from .numerals import cn_to_int
from .privacy import scan
from .quiz import QUESTION_KEYS as QUIZ_KEYS, QUIZ_DIR, TYPES as QUIZ_TYPES, QuizQuestion, option_bounds, parse_answer
from .project import Project

AUDIENCES = ("公众", "干部")
BASES = ("公开报道", "综合示例")
"""What a case story rests on: a public report (named in ``source``), or a composite example."""
SECTIONS = {"wenda": "问答", "anli": "以案释法"}
INTERPRETATIONS = "jiedu"
GLOSSARY = "cidian.yml"

_REF_CN = re.compile(LOOKUP)
_REF_NUM = re.compile(r"^(?P<art>[0-9]+)(?:-(?P<suffix>[0-9]+))?(?:\.(?P<item>[0-9]+))?$")
_REF_FORMS = "22, 第二十二条, 31.6 (第三十一条第六项), 第三十一条第二款, or 信访条例:21 for another regulation"

_CONTENT_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_QUIZ_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_TARGET = re.compile(r"^(?:[a-z0-9_-]+/)*[a-z0-9_-]+\.md(?:#[A-Za-z0-9_:-]+)?$")
POSTERS = "haibao"
POSTER_KEYS = ("id", "headline", "points", "target", "articles")
MAX_HEADLINE, MAX_POINTS, MAX_POINT = 16, 5, 30
_PAGE_NAME = re.compile(r"^[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*$")
_MARKUP = re.compile(r"[<>]")

# Front-matter keys each kind of page may use. Theme settings (template, location, hide, search, status …)
# change what a page is or where it sends readers: only pages listed in plugins.pufa.trusted_pages may use them.
QUESTION_KEYS = ("title", "articles", "tags", "audience", "description")
CASE_KEYS = ("title", "date", "region", "tags", "articles", "outcome", "summary", "basis", "source", "description")
INTERPRETATION_KEYS = ("article", "title", "summary", "questions")
GLOSSARY_KEYS = ("term", "definition", "articles", "aliases")
PAGE_KEYS = ("title", "description", "tags", "regulation", "hide")
POST_KEYS = ("title", "date", "categories", "tags", "description", "slug", "draft", "pin")
"""A campaign news post (Material's blog plugin): under ``<blog_dir>/posts/``."""
CONTENT_FOLDERS = ("wenda", "anli", "jiedu")


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """A front-matter reference to an article (or one of its paragraphs or items)."""

    target: Target
    written: str
    """As the editor wrote it: ``31.6``, ``第二十二条``, ``信访条例:21``."""
    lineno: int

    @property
    def label(self) -> str:
        from .model import article_label
        from .numerals import int_to_cn

        label = article_label(self.target.article, self.target.suffix)
        if self.target.paragraph and not self.target.item:
            label += f"第{int_to_cn(self.target.paragraph)}款"
        if self.target.item:
            label += f"第{int_to_cn(self.target.item)}项"
        return label


@dataclass(frozen=True, slots=True)
class Question:
    """问答: one question per file under ``docs/wenda/``."""

    id: str
    src_uri: str
    title: str
    articles: tuple[ArticleRef, ...]
    tags: tuple[str, ...]
    audience: str
    body: str = ""
    """The Markdown body, for the search index."""


@dataclass(frozen=True, slots=True)
class Case:
    """以案释法: one case story per file under ``docs/anli/``."""

    id: str
    src_uri: str
    title: str
    date: dt.date
    region: str
    tags: tuple[str, ...]
    articles: tuple[ArticleRef, ...]
    outcome: str
    summary: str
    body: str = ""
    """The Markdown body, for the search index."""
    basis: str = "综合示例"
    """公开报道 (retells a public report, named in ``source``) or 综合示例 (a composite example)."""
    source: str = ""

    @property
    def province(self) -> str:
        """The first part of the region (浙江省 of 浙江省衢州市柯城区), used to filter the case index."""
        match = re.match(r"^(.+?(?:省|自治区|市))", self.region)
        return match.group(1) if match else self.region


@dataclass(frozen=True, slots=True)
class Interpretation:
    """条文解读 under ``docs/jiedu/<slug>/<n>.md``: merged into the article's page."""

    src_uri: str
    article: ArticleRef
    title: str
    """条旨: a short heading of the article."""
    summary: str
    body: str
    body_lineno: int
    questions: tuple[str, ...] = ()
    """常见问法: how people ask about the article in everyday words (shown on its page, and indexed)."""


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    term: str
    definition: str
    articles: tuple[ArticleRef, ...]
    aliases: tuple[str, ...]
    lineno: int

    @property
    def names(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)

    @property
    def anchor(self) -> str:
        """The id of the term's heading on /cidian/: the term itself (validated to have no spaces or markup)."""
        return self.term


@dataclass(frozen=True, slots=True)
class Poster:
    """码上知: a printable A4 poster — a headline in plain words, a few key points and a QR code to ``target``."""

    id: str
    headline: str
    points: tuple[str, ...]
    target: str
    """A page of the site, relative to docs/, with an optional anchor: ``wenda/duojiu-dafu.md``, ``index.md#shixian``."""
    articles: tuple[ArticleRef, ...]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What tags and facets content may use (configured in mkdocs.yml)."""

    topics: tuple[str, ...] = DEFAULT_TOPICS
    outcomes: tuple[str, ...] = DEFAULT_OUTCOMES
    privacy_allow: frozenset[str] = frozenset({"12345"})
    trusted_pages: frozenset[str] = frozenset()
    """Pages (paths under docs/) that may use any front-matter key and raw HTML."""
    blog_dir: str | None = None
    """The blog plugin's folder (campaign news), whose ``posts/`` hold dated posts."""


@dataclass
class ContentPack:
    questions: list[Question] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    interpretations: dict[tuple[str, int, int], Interpretation] = field(default_factory=dict)
    """By article key (slug, number, suffix or 0)."""
    terms: list[GlossaryTerm] = field(default_factory=list)
    quiz: list[QuizQuestion] = field(default_factory=list)
    """学法测试 questions from docs/ceshi/*.yml, in file order."""
    posters: list[Poster] = field(default_factory=list)
    """Posters from docs/haibao/*.yml."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def citing(self, key: tuple[str, int, int]) -> tuple[list[Question], list[Case]]:
        """Q&A and cases whose ``articles`` name this article (any paragraph or item of it)."""
        def cites(record) -> bool:
            return any(ref.target.article_key == key for ref in record.articles)
        return [q for q in self.questions if cites(q)], [c for c in self.cases if cites(c)]

    def has_page(self, src_uri: str) -> bool:
        return self.record(src_uri) is not None

    def record(self, src_uri: str) -> Question | Case | None:
        """The Q&A or case whose page is ``src_uri``."""
        return next((record for record in [*self.questions, *self.cases] if record.src_uri == src_uri), None)

    def interpretation(self, slug: str, number: int, suffix: int | None = None) -> Interpretation | None:
        return self.interpretations.get((slug, number, suffix or 0))


def site_vocabulary(options, blog_dir: str | None) -> Vocabulary:
    """What content may use, from the pufa options and the blog's folder (news posts), if the site has a blog."""
    return Vocabulary(tuple(options.topics), tuple(options.outcomes), frozenset(options.privacy_allow),
                      frozenset(options.trusted_pages), blog_dir)


def check_docs_tree(docs_dir: Path) -> None:
    """Refuse a docs folder MkDocs would loop in or crash on: a symbolic link to a folder that contains it
    (an endless tree), a link that loops, or a link to nothing.

    Raises:
        ContentError: naming the link and where it points.
    """
    if not docs_dir.is_dir():
        raise ContentError("docs folder not found", path=docs_dir, hint="check docs_dir in mkdocs.yml.")
    for folder, subfolders, names in os.walk(docs_dir):
        for name in subfolders + names:
            path = Path(folder) / name
            if not path.is_symlink():
                if not path.is_file() and not path.is_dir():
                    raise ContentError("is not a regular file (a pipe or device?); the build would wait on it forever",
                                       path=path, hint="remove it from docs/.")
                continue
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                raise ContentError("symbolic link loops or points to nothing", path=path,
                                   hint="remove the link or point it at a real file.") from None
            if target.is_dir() and (path.parent.resolve() == target or target in path.parent.resolve().parents):
                raise ContentError(f"symbolic link to {target}, a folder that contains it: the site would be endless",
                                   path=path, hint="remove the link, or link to a folder outside docs/.")


def load_content(docs_dir: Path, project: Project, vocabulary: Vocabulary = Vocabulary(),
                 default_regulation: str | None = None) -> ContentPack:
    """Read and validate every content file under ``docs_dir``; problems are collected, not raised."""
    reader = _Reader(docs_dir, project, vocabulary, default_regulation or _first_slug(project))
    return reader.run()


def _first_slug(project: Project) -> str | None:
    return project.regulations[0].slug if project.regulations else None


class _Reader:
    def __init__(self, docs_dir: Path, project: Project, vocabulary: Vocabulary, default: str | None):
        self.docs_dir = docs_dir
        self.project = project
        self.vocabulary = vocabulary
        self.default = default
        self.pack = ContentPack()

    def run(self) -> ContentPack:
        for section in SECTIONS:
            for path in sorted((self.docs_dir / section).glob("*.md")):
                if path.name != "index.md" and self.content_id(path):
                    self.guarded(path, self.read_question if section == "wenda" else self.read_case)
        for path in sorted((self.docs_dir / INTERPRETATIONS).glob("*/*.md")):
            if self.content_id(path):
                self.guarded(path, self.read_interpretation)
        for path in self.other_pages():
            self.guarded(path, self.read_page)
        for path in self.posts():
            if self.content_id(path):
                self.guarded(path, self.read_post)
        glossary = self.docs_dir / GLOSSARY
        if glossary.is_file():
            self.guarded(glossary, self.read_glossary)
        for path in sorted((self.docs_dir / QUIZ_DIR).glob("*.yml")):
            self.guarded(path, self.read_quiz)
        for path in sorted((self.docs_dir / POSTERS).glob("*.yml")):
            self.guarded(path, self.read_posters)
        return self.pack

    # --- helpers ---

    def rel(self, path: Path) -> str:
        return path.relative_to(self.docs_dir).as_posix()

    def error(self, path: Path, lineno: int | None, kind: str, message: str, hint: str = "") -> None:
        self.pack.problems.append(Problem(f"docs/{self.rel(path)}", lineno, message, hint, kind, "error"))

    def guarded(self, path: Path, read) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            self.error(path, text_line(path.read_bytes(), error.start), "encoding", "not valid UTF-8",
                       "save the file as UTF-8.")
            return
        except OSError as error:
            self.error(path, None, "unreadable", f"cannot read the file ({error.strerror})")
            return
        try:
            read(path, text)
        except PufaError as error:
            self.error(path, error.lineno, "front-matter", error.message, error.hint)

    def content_id(self, path: Path) -> bool:
        """File names of content become URLs and ids: lowercase letters, digits and hyphens only."""
        if _CONTENT_ID.match(path.stem):
            return True
        self.error(path, 1, "bad-id", f"the file name {path.stem!r} is not a content id",
                   "file names become URLs: use lowercase letters, digits and hyphens, e.g. fucha-qixian.md.")
        return False

    def other_pages(self) -> list[Path]:
        """Every Markdown page outside the content folders (home, about, topic pages …) and the blog's posts."""
        pages = []
        for path in sorted(self.docs_dir.rglob("*.md")):
            parts = path.relative_to(self.docs_dir).parts
            if len(parts) > 1 and parts[0] in CONTENT_FOLDERS and not (len(parts) == 2 and parts[1] == "index.md"):
                continue
            if self.is_post(path):
                continue
            pages.append(path)
        return pages

    def is_post(self, path: Path) -> bool:
        blog = self.vocabulary.blog_dir
        return bool(blog) and path.relative_to(self.docs_dir).as_posix().startswith(f"{blog}/posts/")

    def posts(self) -> list[Path]:
        blog = self.vocabulary.blog_dir
        return sorted((self.docs_dir / blog / "posts").rglob("*.md")) if blog else []

    def allowed_keys(self, path: Path, matter: FrontMatter, allowed: tuple[str, ...], kind: str) -> None:
        if self.rel(path) in self.vocabulary.trusted_pages:
            return
        for key in matter.data:
            if key not in allowed:
                self.error(path, matter.line_of(str(key)), "unknown-key", f"front-matter key {key!r} is not allowed "
                           f"on {kind}", f"{kind} takes: {', '.join(allowed)}. Theme settings such as template or "
                           "location are for pages listed under plugins.pufa.trusted_pages in mkdocs.yml.")
        for key in ("title", "description", "summary", "region", "source"):
            value = matter.data.get(key)
            if value is not None and not isinstance(value, (str, int)):
                self.error(path, matter.line_of(key), "bad-value", f"{key} must be text, not a list or mapping",
                           f"write {key}: followed by one line of text.")
            elif key == "title" and isinstance(value, str) and "\n" in value.strip():
                self.error(path, matter.line_of(key), "bad-value", "the title must be one line",
                           "remove the line break from the title.")

    def front_matter(self, path: Path, text: str, required: tuple[str, ...], allowed: tuple[str, ...] = (),
                     kind: str = "a page") -> FrontMatter | None:
        matter = read_front_matter(text, path)
        if allowed:
            self.allowed_keys(path, matter, allowed, kind)
        missing = [key for key in required if matter.data.get(key) in (None, "", [])]
        for key in missing:
            self.error(path, matter.lines.get(key, 1), "missing-field", f"missing required field '{key}'",
                       f"add '{key}: …' to the front matter.")
        return None if missing else matter

    def articles(self, path: Path, matter: FrontMatter, key: str, regulation: str | None = None
                 ) -> tuple[ArticleRef, ...]:
        values = matter.data.get(key)
        if values is None:
            return ()
        if not isinstance(values, list):
            values = [values]
        refs = []
        for index, value in enumerate(values):
            lineno = matter.line_of(key, index)
            ref = self.article_ref(path, value, lineno, regulation or self.default)
            if ref is not None:
                refs.append(ref)
        return tuple(refs)

    def article_ref(self, path: Path, value, lineno: int, regulation: str | None) -> ArticleRef | None:
        written = str(value).strip()
        slug, _, number = written.replace("：", ":").rpartition(":")
        if slug:
            found = self.project.get(slug.strip()) or self.project.get(
                self.project.library.slug_for_title(slug.strip().strip("《》")) or "")
            if found is None:
                known = ", ".join(r.slug for r in self.project.regulations)
                self.error(path, lineno, "unknown-regulation", f"unknown regulation {slug!r} in {written!r}",
                           f"use a configured slug or title ({known}).")
                return None
            regulation = found.slug
        if regulation is None:
            self.error(path, lineno, "unknown-regulation", "no regulation is configured to cite",
                       "add the regulation under plugins.pufa.regulations in mkdocs.yml.")
            return None
        target = _target(regulation, number.strip())
        if target is not None and not in_bounds(target.article, target.suffix, target.paragraph, target.item):
            self.error(path, lineno, "bad-article", f"{written!r}: article, paragraph and item numbers start at 1 "
                       f"(at most {MAX_ARTICLE} articles, {MAX_SUBDIVISION} paragraphs or items)",
                       f"write {_REF_FORMS}.")
            return None
        if target is None:
            self.error(path, lineno, "bad-article", f"cannot read the article reference {written!r}",
                       f"write {_REF_FORMS}.")
            return None
        problem = self.project.check_target(target)
        if problem:
            self.error(path, lineno, "unknown-article", f"{written!r}: {problem}",
                       "check the number against the official text.")
            return None
        return ArticleRef(target, written, lineno)

    def tags(self, path: Path, matter: FrontMatter) -> tuple[str, ...]:
        tags = matter.data.get("tags") or []
        if not isinstance(tags, list):
            tags = [tags]
        valid = []
        for index, tag in enumerate(tags):
            if str(tag) in self.vocabulary.topics:
                valid.append(str(tag))
            else:
                self.error(path, matter.line_of("tags", index), "unknown-tag", f"unknown tag {tag!r}",
                           f"tags come from plugins.pufa.topics: {'、'.join(self.vocabulary.topics)}.")
        return tuple(valid)

    def choice(self, path: Path, matter: FrontMatter, key: str, allowed: tuple[str, ...]) -> str:
        value = str(matter.data.get(key, "")).strip()
        if value not in allowed:
            self.error(path, matter.line_of(key), f"bad-{key}", f"{key} {value!r} is not one of {'、'.join(allowed)}",
                       f"write one of: {'、'.join(allowed)}.")
        return value

    def references(self, path: Path, matter: FrontMatter, regulation: str | None) -> None:
        """Every 第X条 in the body that names one of our regulations must exist (the build links them)."""
        for offset, line in enumerate(matter.body.split("\n")):
            context = Context(regulation or self.default, path=f"docs/{self.rel(path)}",
                              lineno=matter.body_lineno + offset)
            self.pack.problems.extend(find_references(line, self.project.library, context)[1])

    def privacy(self, path: Path, text: str) -> None:
        for finding in scan(text, self.vocabulary.privacy_allow):
            self.error(path, finding.lineno, "privacy", f"published content reveals a {finding.describe()}",
                       "people appear only as 王某 (surname + 某); remove numbers, e-mails and addresses, "
                       "or add a public number to plugins.pufa.privacy_allow.")

    # --- readers ---

    def read_question(self, path: Path, text: str) -> None:
        self.privacy(path, text)
        matter = self.front_matter(path, text, ("title", "articles", "audience"), QUESTION_KEYS, "a Q&A page")
        if matter is None:
            return
        audience = self.choice(path, matter, "audience", AUDIENCES)
        self.references(path, matter, None)
        self.pack.questions.append(Question(path.stem, self.rel(path), str(matter.data["title"]),
                                            self.articles(path, matter, "articles"), self.tags(path, matter),
                                            audience, matter.body))

    def read_case(self, path: Path, text: str) -> None:
        self.privacy(path, text)
        matter = self.front_matter(path, text, ("title", "date", "region", "articles", "outcome", "summary", "basis"),
                                   CASE_KEYS, "a case page")
        if matter is None:
            return
        date = self.date(path, matter)
        self.references(path, matter, None)
        outcome = self.choice(path, matter, "outcome", self.vocabulary.outcomes)
        basis = self.choice(path, matter, "basis", BASES)
        source = str(matter.data.get("source") or "").strip()
        if basis == "公开报道" and not source:
            self.error(path, matter.line_of("basis"), "missing-field", "a case based on a public report must name it",
                       "add 'source: …' naming the report (who published it, when).")
        self.text_field(path, matter, "region")
        self.pack.cases.append(Case(path.stem, self.rel(path), str(matter.data["title"]), date,
                                    str(matter.data["region"]), self.tags(path, matter),
                                    self.articles(path, matter, "articles"), outcome, str(matter.data["summary"]),
                                    matter.body, basis, source))

    def text_field(self, path: Path, matter: FrontMatter, key: str) -> None:
        """Short labels (regions) are plain text: markup characters in them are typing errors."""
        if _MARKUP.search(str(matter.data.get(key, ""))):
            self.error(path, matter.line_of(key), "bad-value", f"{key} contains markup (< or >)",
                       f"write {key} as plain text, e.g. 浙江省某县.")

    def date(self, path: Path, matter: FrontMatter) -> dt.date:
        value = str(matter.data.get("date"))
        try:
            date = dt.date.fromisoformat(value)
        except ValueError:
            self.error(path, matter.line_of("date"), "bad-date", f"date {value!r} is not a calendar date",
                       "write YYYY-MM-DD, e.g. 2023-04-18.")
            return dt.date.min
        if date > dt.date.today():
            self.error(path, matter.line_of("date"), "bad-date", f"date {value} is in the future",
                       "a case tells what happened: give the date it was handled.")
        return date

    def read_interpretation(self, path: Path, text: str) -> None:
        slug = path.parent.name
        if self.project.get(slug) is None:
            known = ", ".join(r.slug for r in self.project.regulations)
            self.error(path, 1, "unknown-regulation", f"folder jiedu/{slug}/ names no configured regulation",
                       f"interpretations live in jiedu/<slug>/ with a configured slug ({known}).")
            return
        matter = self.front_matter(path, text, ("article",), INTERPRETATION_KEYS, "an interpretation")
        if matter is None:
            return
        ref = self.article_ref(path, matter.data["article"], matter.line_of("article"), slug)
        if ref is None:
            return
        self.references(path, matter, slug)
        key = ref.target.article_key
        if key in self.pack.interpretations:
            other = self.pack.interpretations[key]
            self.error(path, matter.line_of("article"), "duplicate", f"{ref.label} already has an interpretation "
                       f"(docs/{other.src_uri})", "keep one interpretation per article.")
            return
        self.pack.interpretations[key] = Interpretation(
            self.rel(path), ref, str(matter.data.get("title") or ""), str(matter.data.get("summary") or ""),
            matter.body, matter.body_lineno, self.questions(path, matter))

    def questions(self, path: Path, matter: FrontMatter) -> tuple[str, ...]:
        values = matter.data.get("questions") or []
        if not isinstance(values, list):
            self.error(path, matter.line_of("questions"), "bad-value", "questions must be a list",
                       "write one question per line, each starting with '  - '.")
            return ()
        kept = []
        for index, value in enumerate(values):
            if not isinstance(value, str) or not value.strip() or "\n" in value.strip():
                self.error(path, matter.line_of("questions", index), "bad-value", "a question must be one line of text",
                           "write one question per line, each starting with '  - '.")
            else:
                kept.append(value.strip())
        return tuple(kept)

    def read_post(self, path: Path, text: str) -> None:
        """A campaign news post: dated, in categories, linking the articles it is about."""
        self.privacy(path, text)
        matter = self.front_matter(path, text, ("title", "date", "categories"), POST_KEYS, "a news post")
        if matter is None:
            return
        value = str(matter.data.get("date"))
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            self.error(path, matter.line_of("date"), "bad-date", f"date {value!r} is not a calendar date",
                       "write YYYY-MM-DD, e.g. 2026-05-06.")
        categories = matter.data.get("categories")
        if not isinstance(categories, list) or not all(isinstance(c, str) and c.strip() for c in categories):
            self.error(path, matter.line_of("categories"), "bad-value", "categories must be a list of words",
                       "write categories: [宣讲].")
        if "tags" in matter.data:
            self.tags(path, matter)
        self.references(path, matter, None)

    def read_page(self, path: Path, text: str) -> None:
        """Other pages: only the general keys, unless the operator trusts the page."""
        matter = self.front_matter(path, text, (), PAGE_KEYS, "a page")
        if not _PAGE_NAME.match(path.stem):
            self.error(path, 1, "bad-id", f"the file name {path.stem!r} has characters a URL cannot keep",
                       "use letters, digits, hyphens and underscores in page file names.")
        if matter is not None and "tags" in matter.data and self.rel(path) not in self.vocabulary.trusted_pages:
            self.tags(path, matter)

    def read_glossary(self, path: Path, text: str) -> None:
        seen: dict[str, int] = {}
        for entry, lines, item_lines in glossary_entries(text, path):
            lineno = lines.get("term", lines.get("", 1))
            if not isinstance(entry, dict):
                self.error(path, lineno, "bad-entry", "a glossary entry must be a mapping",
                           "each entry starts with '- term: …' followed by '  definition: …'.")
                continue
            term, definition = entry.get("term"), entry.get("definition")
            if not term or not definition:
                self.error(path, lineno, "missing-field", "a glossary entry needs 'term' and 'definition'",
                           "- term: 信访人\n    definition: …")
                continue
            matter = FrontMatter(entry, lines, {key: item_lines.get(key, []) for key in ("articles", "aliases")})
            for key in entry:
                if key not in GLOSSARY_KEYS:
                    self.error(path, matter.line_of(str(key)), "unknown-key", f"glossary key {key!r} is not allowed",
                               f"a glossary entry takes: {', '.join(GLOSSARY_KEYS)}.")
            aliases = entry.get("aliases") or []
            if not isinstance(aliases, list):
                aliases = [aliases]
            names = [(str(term), lineno), *((str(alias), matter.line_of("aliases", i)) for i, alias in enumerate(aliases))]
            if not all(self.glossary_name(path, name, line, seen) for name, line in names):
                continue
            if "\n" in str(definition).strip():
                self.pack.problems.append(Problem(f"docs/{self.rel(path)}", matter.line_of("definition"),
                                                  "the definition spans several lines; it is shown as one line",
                                                  "write the definition on one line.", "multiline", "warning"))
            if _MARKUP.search(str(definition)):
                self.error(path, matter.line_of("definition"), "bad-value", "the definition contains markup (< or >)",
                           "definitions are shown as tooltips on every page: write plain text.")
                continue
            for name, line in names:
                seen[name] = line
            self.pack.terms.append(GlossaryTerm(str(term), " ".join(str(definition).split()),
                                                self.articles(path, matter, "articles"),
                                                tuple(name for name, _ in names[1:]), lineno))

    def read_quiz(self, path: Path, text: str) -> None:
        """One file of the question bank: every question checked with the line of the offending key."""
        seen = {question.id: question.src for question in self.pack.quiz}
        for entry, lines, item_lines in glossary_entries(text, path):
            lineno = lines.get("", 1)
            if not isinstance(entry, dict):
                self.error(path, lineno, "bad-entry", "a question must be a mapping", "each question starts with '- id: …'.")
                continue
            matter = FrontMatter(entry, lines, {"articles": item_lines.get("articles", [])})
            question = self.quiz_question(path, entry, matter, lineno)
            if question is None:
                continue
            if question.id in seen:
                self.error(path, matter.line_of("id"), "duplicate", f"question id {question.id!r} is also used at "
                           f"{seen[question.id]}", "ids must be unique across docs/ceshi/.")
                continue
            seen[question.id] = question.src
            self.pack.quiz.append(question)

    def read_posters(self, path: Path, text: str) -> None:
        """Posters: short enough to read from two metres, pointing at a page of the site."""
        seen = {poster.id for poster in self.pack.posters}
        for entry, lines, item_lines in glossary_entries(text, path):
            lineno = lines.get("", 1)
            matter = FrontMatter(entry if isinstance(entry, dict) else {}, lines,
                                 {key: item_lines.get(key, []) for key in ("articles", "points")})
            before = len(self.pack.problems)
            if not isinstance(entry, dict):
                self.error(path, lineno, "bad-entry", "a poster must be a mapping", "each poster starts with '- id: …'.")
                continue
            for key in entry:
                if key not in POSTER_KEYS:
                    self.error(path, matter.line_of(str(key)), "unknown-key", f"poster key {key!r} is not allowed",
                               f"a poster takes: {', '.join(POSTER_KEYS)}.")
            for key in ("id", "headline", "points", "target"):
                if entry.get(key) in (None, "", []):
                    self.error(path, lineno, "missing-field", f"missing required field '{key}'",
                               f"add '{key}: …' to the poster.")
            if len(self.pack.problems) > before:
                continue
            poster_id, headline, target = str(entry["id"]), str(entry["headline"]).strip(), str(entry["target"])
            points = entry["points"] if isinstance(entry["points"], list) else [entry["points"]]
            if not _CONTENT_ID.match(poster_id) or poster_id in seen:
                self.error(path, matter.line_of("id"), "bad-id", f"poster id {poster_id!r} is not a new content id",
                           "use lowercase letters, digits and hyphens, unique in docs/haibao/.")
            if len(headline) > MAX_HEADLINE or _MARKUP.search(headline):
                self.error(path, matter.line_of("headline"), "bad-value", f"the headline has {len(headline)} "
                           f"characters or markup; a poster headline has at most {MAX_HEADLINE}, plain text",
                           "say it in fewer words: it is read from two metres away.")
            if not 1 <= len(points) <= MAX_POINTS:
                self.error(path, matter.line_of("points"), "bad-value", f"a poster has 1 to {MAX_POINTS} points",
                           "keep the 3-5 that matter most.")
            for index, point in enumerate(points):
                if len(str(point)) > MAX_POINT or _MARKUP.search(str(point)):
                    self.error(path, matter.line_of("points", index), "bad-value", f"a point has at most {MAX_POINT} "
                               "characters of plain text", "shorten it; details belong on the page the QR opens.")
            if not _TARGET.match(target):
                self.error(path, matter.line_of("target"), "bad-target", f"target {target!r} is not a page of the site",
                           "write the page's path under docs/, e.g. wenda/duojiu-dafu.md or index.md#shixian.")
            refs = self.articles(path, matter, "articles")
            if len(self.pack.problems) == before:
                seen.add(poster_id)
                self.pack.posters.append(Poster(poster_id, headline, tuple(str(p).strip() for p in points), target,
                                                refs))

    def quiz_question(self, path: Path, entry: dict, matter: FrontMatter, lineno: int) -> QuizQuestion | None:
        problems_before = len(self.pack.problems)
        for key in entry:
            if key not in QUIZ_KEYS:
                self.error(path, matter.line_of(str(key)), "unknown-key", f"question key {key!r} is not allowed",
                           f"a question takes: {', '.join(QUIZ_KEYS)}.")
        for key in ("id", "type", "audience", "stem", "answer", "explanation", "articles"):
            if entry.get(key) in (None, "", []):
                self.error(path, matter.line_of(key) if key in entry else lineno, "missing-field",
                           f"missing required field '{key}'", f"add '{key}: …' to the question.")
        if len(self.pack.problems) > problems_before:
            return None
        qid, kind = str(entry["id"]), str(entry["type"])
        if not _QUIZ_ID.match(qid):
            self.error(path, matter.line_of("id"), "bad-id", f"question id {qid!r} is not an id",
                       "use lowercase letters, digits and hyphens, starting with a letter.")
        if kind not in QUIZ_TYPES:
            self.error(path, matter.line_of("type"), "bad-type", f"type {kind!r} is not one of {', '.join(QUIZ_TYPES)}",
                       "write single, multiple or judge.")
            return None
        audience = self.choice(path, matter, "audience", AUDIENCES)
        options = entry.get("options") or []
        low, high = option_bounds(kind)
        if not isinstance(options, list) or not low <= len(options) <= high or \
                not all(isinstance(o, (str, int)) and str(o).strip() for o in options):
            wanted = "no options (the answer is 对 or 错)" if kind == "judge" else f"{low} to {high} options"
            self.error(path, matter.line_of("options") if "options" in entry else lineno, "bad-options",
                       f"a {kind} question has {wanted}", "list the options: options: [甲, 乙, 丙].")
            return None
        options = tuple(str(o).strip() for o in options)
        answer, problem = parse_answer(kind, entry.get("answer"), options)
        if problem:
            self.error(path, matter.line_of("answer"), "bad-answer", problem,
                       "single: B; multiple: ACD; judge: 对 or 错.")
        for key in ("stem", "explanation"):
            if not isinstance(entry[key], str) or _MARKUP.search(entry[key]):
                self.error(path, matter.line_of(key), "bad-value", f"{key} must be plain text (no < or >)",
                           f"write the {key} as one or more sentences of text.")
        refs = self.articles(path, matter, "articles")
        if len(self.pack.problems) > problems_before:
            return None
        return QuizQuestion(qid, kind, audience, " ".join(entry["stem"].split()), options, answer,
                            " ".join(entry["explanation"].split()), refs,
                            f"docs/{self.rel(path)}:{matter.line_of('id')}")

    def glossary_name(self, path: Path, name: str, lineno: int, seen: dict[str, int]) -> bool:
        """A term or alias becomes a tooltip wherever it occurs on the site and a heading id on /cidian/: it must
        be a real word (two characters or more, with a letter), on one line, without markup, and unique."""
        if name in seen:
            self.error(path, lineno, "duplicate", f"{name!r} is already a term or alias on line {seen[name]}",
                       "merge the two entries, or drop the alias.")
            return False
        if len(name) < 2 or not any(char.isalpha() for char in name) or re.search(r"[\s<>\[\]*&\"]", name):
            self.error(path, lineno, "bad-term", f"{name!r} cannot be a glossary term",
                       "a term is a word of two or more characters, on one line, without spaces or markup "
                       "characters; it is marked wherever it occurs on the site.")
            return False
        return True


def _target(regulation: str, written: str) -> Target | None:
    match = _REF_NUM.match(written) or _REF_CN.match(compact_query(written))
    if not match or match.groupdict().get("title") or match.groupdict().get("dotted"):
        return None
    groups = match.groupdict()
    try:
        number = cn_to_int(groups["art"])
        suffix = cn_to_int(groups["suffix"]) if groups.get("suffix") else None
        paragraph = cn_to_int(groups["para"]) if groups.get("para") else None
        item = cn_to_int(groups["item"]) if groups.get("item") else None
    except ValueError:
        return None
    return Target(regulation, number, suffix, paragraph, item)


def text_line(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1

