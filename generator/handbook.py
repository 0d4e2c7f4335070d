"""学习手册: one long printable page per regulation (/shouce/<slug>/) and its PDF (/shouce/<slug>.pdf).

The page is Markdown like every generated page: cover, contents, the full text with each article's interpretation
and up to two key Q&A (their 简答), the time-limit timeline (the home page's ``pufa-timeline`` block, so editors
write it once) and the glossary. The PDF is that page's content set in A4 by WeasyPrint, an optional extra
(``pip install "pufa[pdf]"``): bookmarks for chapters and articles, page numbers, a running header and the CJK
fonts embedded. PDFs are cached by the hash of what they are made from, so an unchanged handbook is not typeset
again.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

from .cache import cache_path, cached
from .content import ContentPack, Question
from .errors import PufaError

HANDBOOK_DIR = "shouce"
PDF_HINT = 'the 学习手册 PDF needs WeasyPrint: pip install "pufa[pdf]" (and the fonts-noto-cjk fonts), then build again.'
_TIMELINE = re.compile(r'<div class="pufa-timeline" markdown>\s*\n(?P<body>.*?)\n</div>', re.S)
_SHORT_ANSWER = re.compile(r"^\*\*简答：\*\*\s*(?P<text>.+)$", re.M)


def handbook_src(slug: str) -> str:
    return f"{HANDBOOK_DIR}/{slug}/index.md"


def pdf_path(slug: str) -> str:
    return f"{HANDBOOK_DIR}/{slug}.pdf"


def timeline_markdown(home: Path) -> str:
    """The home page's timeline of time limits (``<div class="pufa-timeline" markdown>`` … ``</div>``), or ""."""
    if not home.is_file():
        return ""
    match = _TIMELINE.search(home.read_text(encoding="utf-8"))
    return match["body"].strip() if match else ""


def short_answer(question: Question) -> str:
    """A Q&A's one-paragraph answer (its **简答：** line), as plain text, or its first paragraph."""
    match = _SHORT_ANSWER.search(question.body)
    text = match["text"] if match else next((p for p in question.body.split("\n\n") if p.strip()), "")
    return re.sub(r"[*_`]", "", text).strip()


def key_questions(content: ContentPack, key: tuple[str, int, int], limit: int = 2) -> list[Question]:
    """Up to ``limit`` Q&A about the article, those for the public first, then those citing it first."""
    questions, _ = content.citing(key)
    ranked = sorted(questions, key=lambda q: (q.audience != "公众", q.articles[0].target.article_key != key, q.title))
    return ranked[:limit]


class PdfUnavailable(PufaError):
    """WeasyPrint was there when the build began and cannot be imported now (Pango removed since)."""


def weasyprint_available() -> bool:
    """Whether WeasyPrint can typeset here.

    Importing it loads Pango and its fonts (a second of every build), so a yes is remembered in the cache under
    the interpreter and the module file that gave it (a new WeasyPrint, another venv or a module shadowing it on
    PYTHONPATH asks again). A no is never remembered: installing it later must be seen by the next build.
    """
    key = _check_key()
    if key is None:
        return False
    try:
        return cached("checks", key, ".ok", _import_weasyprint) is not None or _importable()
    except (ImportError, OSError):  # OSError: the package is there but its system libraries (Pango) are not
        return False


def forget_weasyprint() -> None:
    """Drop a remembered yes that proved wrong."""
    key = _check_key()
    if key is not None:
        cache_path("checks", key, ".ok").unlink(missing_ok=True)


def _check_key() -> str | None:
    from importlib.util import find_spec

    spec = find_spec("weasyprint")
    if spec is None or not spec.origin:
        return None
    origin = Path(spec.origin).resolve()
    try:
        return f"{sys.executable}\0{origin}\0{origin.stat().st_mtime_ns}"
    except OSError:
        return None


def _import_weasyprint(marker: Path) -> None:
    import weasyprint  # noqa: F401

    marker.write_bytes(b"")


def _importable() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


PRINT_CSS = """
@page { size: A4; margin: 20mm 18mm 22mm;
  @top-center { content: string(book); font-size: 9pt; color: #555; }
  @bottom-center { content: "第 " counter(page) " 页"; font-size: 9pt; color: #555; } }
@page :first { @top-center { content: none; } }
html { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 11pt; line-height: 1.7; }
h1 { string-set: book content(); font-size: 24pt; margin-top: 40mm; }
h2 { break-before: page; font-size: 16pt; bookmark-level: 1; }
h3 { font-size: 12.5pt; bookmark-level: 2; break-after: avoid; }
h4, h5, h6 { bookmark-level: none; }
#mulu { break-before: auto; }
a { color: inherit; text-decoration: none; }
a[href^="http"]::after { content: " （" attr(href) "）"; font-size: 8.5pt; color: #555; }
.headerlink, .pufa-anchor, button, .md-button, .pufa-qr-box, script { display: none; }
.pufa-para, .pufa-item { margin: 0.3em 0; }
.pufa-item { padding-left: 1em; }
.pufa-handbook-qa { border-left: 2px solid #999; padding-left: 0.6em; color: #333; }
dt { font-weight: bold; margin-top: 0.4em; }
"""


def handbook_pdf(content_html: str, title: str, target: Path) -> None:
    """Typeset the handbook's content (the page's HTML without the theme) as an A4 PDF at ``target``, taken from
    the cache (:mod:`generator.cache`) when the same content was typeset before. Nothing is fetched: the document has no stylesheet or
    image but its own, and any other URL is refused."""
    document = (f'<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
                f"<style>{PRINT_CSS}</style></head><body>{content_html}</body></html>")

    def typeset(path: Path) -> None:
        try:  # a second of imports, paid only when the cache has not got this document
            import weasyprint
            from weasyprint.urls import URLFetcher
        except (ImportError, OSError) as error:
            raise PdfUnavailable(f"WeasyPrint cannot be loaded ({error})", path=target, hint=PDF_HINT) from None

        fetcher = URLFetcher(allowed_protocols=["data"])  # nothing from the network or the disk
        weasyprint.HTML(string=document, base_url="about:blank", url_fetcher=fetcher).write_pdf(path)

    cached_pdf = cached("pdf", f"weasyprint {_weasyprint_version()}\0{document}", ".pdf", typeset)
    target.parent.mkdir(parents=True, exist_ok=True)
    if cached_pdf is None:
        typeset(target)
    else:
        target.write_bytes(cached_pdf.read_bytes())


def _weasyprint_version() -> str:
    """WeasyPrint's version without importing it (its import loads Pango and takes a second)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("weasyprint")
    except PackageNotFoundError:  # importable without package metadata (vendored, or on PYTHONPATH)
        import weasyprint

        return weasyprint.__version__


def typeset_handbook(content_html: str, title: str, target: Path) -> str | None:
    """:func:`handbook_pdf`, for a background job: None when done, or why WeasyPrint could not be loaded."""
    try:
        handbook_pdf(content_html, title, target)
    except PdfUnavailable as error:
        return str(error)
    return None
