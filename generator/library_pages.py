"""Render stage for a library: a page per text and a page per article, written as HTML straight from the tree.

Sixty-five thousand article pages cannot go through MkDocs' per-page path (Markdown, the theme's full template
with its navigation: ~23 KB and ~10 ms a page). They are rendered here with small Jinja templates that use the
theme's own stylesheets and header classes (:class:`Shell`, taken from a page MkDocs rendered in the same build),
in parallel on every core, into the folder being built. The browse pages (categories, issuing bodies, years,
拼音 index, the build report) are few; they are ordinary generated pages (:func:`browse_pages`) that MkDocs
renders with the full theme.
"""

from __future__ import annotations

import html
import multiprocessing
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import jinja2

from . import ids
from .cache import template_cache
from .library import Collection, LibraryText
from .model import Article, Division, TextBlock
from .numerals import int_to_cn

LIBRARY_DIR = "fagui"
TEMPLATES = Path(__file__).parent / "templates" / "library"


@dataclass(frozen=True, slots=True)
class Shell:
    """What every library page shares with the theme's pages: paths are relative to the site root."""

    site_name: str
    stylesheets: tuple[str, ...]
    scripts: tuple[str, ...]
    site_url: str = ""
    csp: bool = True
    icon: str = ""


def text_dir(text: LibraryText) -> str:
    return f"{LIBRARY_DIR}/{text.id}"


def url_segment(name: str) -> str:
    """A readable ASCII URL segment for a Chinese name: 行政法规 → xingzhengfagui (拼音, letters and digits)."""
    from pypinyin import lazy_pinyin

    segment = re.sub(r"[^a-z0-9]+", "-", "".join(lazy_pinyin(name)).lower()).strip("-")
    return segment or "qita"


def category_url(category: str) -> str:
    """The category's browse page, relative to the library's root page."""
    return f"fenlei/{url_segment(category)}/"


def article_slugs(articles: list[Article]) -> list[str]:
    """URL segments of a text's articles; a repeated number (a defect of the source, published as it is) gets
    ``r2``, ``r3`` … after it so that no two pages share an address."""
    seen: dict[str, int] = {}
    slugs = []
    for article in articles:
        slug = article.slug
        seen[slug] = seen.get(slug, 0) + 1
        slugs.append(slug if seen[slug] == 1 else f"{slug}r{seen[slug]}")
    return slugs


def _environment(template_dirs: list[Path] = ()) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([*template_dirs, TEMPLATES]), autoescape=True, trim_blocks=True, auto_reload=False,
                             lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                             bytecode_cache=template_cache("library"))
    env.globals["cn"] = int_to_cn
    return env


class TextPages:
    """The pages of one text: its full text with a table of contents, and one page per article."""

    def __init__(self, text: LibraryText, shell: Shell, env: jinja2.Environment):
        self.text = text
        self.shell = shell
        self.env = env
        self.articles = list(text.regulation.articles())
        self.slugs = article_slugs(self.articles)
        self.slug_of = {id(article): slug for article, slug in zip(self.articles, self.slugs)}
        self.headings = ids.division_anchors(text.regulation.body)
        """id(division) → (anchor, depth)."""

    def body(self):
        """("heading", division, anchor, level), ("article", article, anchor, slug), ("text", block) in order."""
        def walk(nodes):
            for node in nodes:
                if isinstance(node, Division):
                    anchor, depth = self.headings[id(node)]
                    yield "heading", node, anchor, min(2 + depth, 4)
                    yield from walk(node.children)
                elif isinstance(node, Article):
                    yield "article", node, f"art-{self.slug_of[id(node)]}", self.slug_of[id(node)]
                elif isinstance(node, TextBlock):
                    yield "text", node, "", 0

        return walk(self.text.regulation.body)

    def outline(self):
        """(depth, heading, anchor) for the table of contents."""
        return [(depth, node.heading, anchor) for node in self.text.regulation.divisions()
                for anchor, depth in [self.headings[id(node)]]]

    def rows(self, article: Article):
        """(anchor, css class, text) for every paragraph, item and sub-item."""
        base = f"art-{self.slug_of[id(article)]}"
        for p_index, paragraph in enumerate(article.paragraphs, 1):
            yield f"{base}-p{p_index}", "pufa-para", paragraph.text
            for i_index, item in enumerate(paragraph.items, 1):
                yield f"{base}-p{p_index}-i{i_index}", "pufa-item", item.text
                for sub in item.subitems:
                    yield f"{base}-p{p_index}-i{i_index}-s{sub.number}", "pufa-subitem", sub.text

    def trail(self, article: Article) -> list[tuple[str, str]]:
        return [(node.heading, self.headings[id(node)][0]) for node in self.text.regulation.ancestors(article)]

    def render_text_page(self) -> str:
        return self.env.get_template("text.html.j2").render(
            page=self, text=self.text, shell=self.shell, root="../../", url=f"{text_dir(self.text)}/",
            library=LIBRARY_DIR, category_url=category_url(self.text.category),
            title=self.text.title, description=_description(self.text))

    def render_article_page(self, index: int) -> str:
        article = self.articles[index]
        previous = (self.articles[index - 1], self.slugs[index - 1]) if index else None
        following = (self.articles[index + 1], self.slugs[index + 1]) if index + 1 < len(self.articles) else None
        first = next(iter(article.paragraphs), None)
        return self.env.get_template("article.html.j2").render(
            page=self, text=self.text, shell=self.shell, root="../../../", article=article, slug=self.slugs[index],
            library=LIBRARY_DIR, category_url=category_url(self.text.category),
            url=f"{text_dir(self.text)}/{self.slugs[index]}/", previous=previous, following=following,
            title=f"{article.label} · {self.text.title}",
            description=_shorten(first.text if first else self.text.title, 60))

    def write(self, site_dir: Path) -> tuple[int, int]:
        """Write every page of the text under ``site_dir``; return (pages, bytes)."""
        folder = site_dir / text_dir(self.text)
        folder.mkdir(parents=True, exist_ok=True)
        written = _write(folder / "index.html", self.render_text_page())
        for index, slug in enumerate(self.slugs):
            (folder / slug).mkdir(exist_ok=True)
            written += _write(folder / slug / "index.html", self.render_article_page(index))
        return 1 + len(self.slugs), written


def _write(path: Path, page: str) -> int:
    data = page.encode("utf-8")
    path.write_bytes(data)
    return len(data)


def _shorten(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _description(text: LibraryText) -> str:
    when = f"{text.date:%Y年%-m月%-d日}" if text.date else ""
    return _shorten(f"《{text.title}》全文，{text.issuer}{when}。分条阅读，每条一页。")


# --- writing the whole library, on every core --------------------------------------------------------------------

_JOB: tuple[Collection, Shell, Path, list[Path]] | None = None
"""The work of a writing run, set before the worker processes are forked (they inherit it, nothing is pickled)."""


def _write_texts(indexes: list[int]) -> tuple[int, int]:
    collection, shell, site_dir, template_dirs = _JOB
    env = _environment(template_dirs)
    pages = size = 0
    for index in indexes:
        count, written = TextPages(collection.texts[index], shell, env).write(site_dir)
        pages += count
        size += written
    return pages, size


PRELOAD_FROM = 100
"""Texts to write from which their trees are read before the writers fork (a few: each writer reads its own)."""


def write_library(collection: Collection, site_dir: Path, shell: Shell, jobs: int | None = None,
                  progress: Callable[[int, int], None] | None = None,
                  template_dirs: list[Path] = (), skip: frozenset[str] = frozenset()) -> tuple[int, int]:
    """Write the pages of every text under ``site_dir/fagui/`` but those whose id is in ``skip``; return (pages,
    bytes). Templates are looked up in ``template_dirs`` first (the site's overrides), then pufa's own.

    Texts are dealt to ``jobs`` processes (default: one per core) in small batches, largest first, so both
    cores stay busy to the end; ``progress(done, total)`` is called after each batch.
    """
    global _JOB
    jobs = jobs or os.cpu_count() or 1
    order = sorted((i for i, text in enumerate(collection.texts) if text.id not in skip),
                   key=lambda i: -collection.texts[i].article_count)
    if len(order) > PRELOAD_FROM:  # read the trees once, here: the forked writers inherit them
        for i in order:
            collection.texts[i].regulation  # noqa: B018 — loads it
    batches = [order[start:start + 16] for start in range(0, len(order), 16)]
    _JOB = (collection, shell, site_dir, list(template_dirs))
    pages = size = done = 0
    try:
        if jobs == 1 or len(batches) < 2 or "fork" not in multiprocessing.get_all_start_methods():
            results = map(_write_texts, batches)
            pool = None
        else:
            pool = multiprocessing.get_context("fork").Pool(jobs)
            results = pool.imap_unordered(_write_texts, batches)
        for batch_pages, batch_size in results:
            pages += batch_pages
            size += batch_size
            done += 1
            if progress:
                progress(done, len(batches))
        if pool is not None:
            pool.close()
            pool.join()
    finally:
        _JOB = None
    return pages, size


def terminal_progress(label: str) -> Callable[[int, int], None] | None:
    """A one-line progress bar on standard error when it is a terminal (nothing in logs and CI)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        filled = done * 30 // total
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (30 - filled)}] {done * 100 // total:3d}%")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


# --- the shell, from a page MkDocs rendered ------------------------------------------------------------------------

_STYLESHEET = re.compile(r'<link rel="stylesheet" href="(?P<href>[^"]+)"')
_ICON = re.compile(r'<link rel="icon" href="(?P<href>[^"]+)"')


def shell_from_page(page_html: str, depth: int, site_name: str, site_url: str, scripts: tuple[str, ...],
                    csp: bool) -> Shell:
    """The theme's stylesheets as a page at ``depth`` links them, made relative to the site root."""
    prefix = "../" * depth

    def local(matches) -> list[str]:
        hrefs = [html.unescape(match["href"]) for match in matches]
        # only this site's files: the library pages make no third-party request either
        return [href[len(prefix):] if href.startswith(prefix) else href
                for href in hrefs if "://" not in href and not href.startswith("/")]

    icon = local(_ICON.finditer(page_html))
    return Shell(site_name, tuple(local(_STYLESHEET.finditer(page_html))), scripts,
                 site_url.rstrip("/") + "/" if site_url else "", csp, icon[0] if icon else "")
