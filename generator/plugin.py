"""The MkDocs plugin: a thin shell that loads the project and the content pack, adds the generated pages as
virtual files, and links references in every page. All the work is done by the pipeline modules; nothing is
written into ``docs_dir``.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from .assets import asset_contents
from .background import ForkedJob
from .config import PufaOptions
from .content import GLOSSARY, INTERPRETATIONS, POSTERS, ContentPack
from .cache import template_cache, tree_fingerprint
from .csp import depth_base_urls, theme_script_hashes, with_policy
from .errors import PufaError
from .pages import PageGlossary, decorate_content_page, glossary_definitions
from .feed import FeedEntry, atom_feed
from .library import Collection
from .library_browse import browse_pages
from .library_pages import LIBRARY_DIR, shell_from_page, terminal_progress, write_library
from .incremental import LIBRARY_SEARCH_DIR, LibraryOutputs, unit_key
from .handbook import (PDF_HINT, forget_weasyprint, handbook_src, pdf_path, timeline_markdown, typeset_handbook,
                       weasyprint_available)
from .qr import SITE_URL_MISSING, absolute_url, qr_block, qr_svg
from .quiz import QUIZ_DIR, bank_json, bank_script
from .project import Project, missing_source_message
from .site import Site, load_site
from .render import (Markdown, Renderer, article_src, data_src, insert_fragments, link_page_markdown, page_url,
                     preview_script, preview_src, regulation_json, relative_link)
from .sanitize import sanitize, sanitize_marked

log = get_plugin_logger(__name__)
ASSET_DIR = "assets/pufa"
# Extensions the generated pages rely on: anchors on paragraphs (attr_list), notices (admonition), the
# collapsible article text on Q&A and case pages (details), lists with a class
# (md_in_html: an attribute list after a list attaches to its last item, not to the list).
REQUIRED_EXTENSIONS = ("attr_list", "admonition", "pymdownx.details", "md_in_html")
ABBR_NAMES = ("abbr", "markdown.extensions.abbr")
_ANCHOR_ID = re.compile(r' id="([^"]+)"')


class PufaPlugin(BasePlugin[PufaOptions]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.project: Project | None = None
        self.content = ContentPack()
        self.site: Site | None = None
        self.source_overrides: dict[str, str] | None = None
        """``--source`` of ``pufa build``; None means the environment ``pufa serve`` sets for its rebuilds."""
        self.alignments = []
        self.pdf = False
        self.feed: list = []
        self.pdf_jobs: list[ForkedJob] = []
        self.serving = False
        self.script_hashes: frozenset[str] = frozenset()
        self.collection: Collection | None = None
        self.library_shell = ""
        self.glossary = PageGlossary()
        self.index_dir: Path | None = None
        """Where ``pufa build`` wants the Whoosh index (None: no index, as with ``mkdocs build``)."""
        self.search_job: ForkedJob | None = None
        self.index_generation: Path | None = None
        self.previous_library: LibraryOutputs | None = None
        """What the last build made of the library (``pufa build --incremental``): unchanged units are not written."""
        self.library_outputs: LibraryOutputs | None = None
        self.fragments: dict[str, tuple[str, ...]] = {}
        """The HTML fragments of generated pages (src_uri → :attr:`GeneratedPage.fragments`)."""
        self.definitions: dict[str, str] = {}
        """The HTML of the library's index page as the theme rendered it: the library pages take its stylesheets."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # mkdocs serve injects its live-reload script inline; a CSP would block it, so previews go without one.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.config.enabled:
            return config
        self.feed = []
        self.pdf_jobs = []
        self.library_outputs = None
        self.fragments = {}
        config_file = Path(config.config_file_path or "mkdocs.yml").resolve()
        blog = config.plugins.get("material/blog")
        try:
            self.site = load_site(self.config, config_file, Path(config.docs_dir),
                                  blog.config.blog_dir if blog is not None else None, self.source_overrides,
                                  lambda project, content, default: self.start_search(config, project, content,
                                                                                      default))
        except PufaError as error:
            raise PluginError(f"pufa: {error}") from None
        site = self.site
        self.project, self.content, self.alignments, self.collection = (site.project, site.content, site.alignments,
                                                                        site.collection)
        for item in self.project.missing:
            log.info(missing_source_message(item))
        if not config.site_url:
            log.warning(f"pufa: {SITE_URL_MISSING}")
        report(site.problems)
        self.report_library(config)
        for extension in REQUIRED_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        self.use_page_glossary(config)
        # The heading permalinks say what they are in the site's language (Python-Markdown: "Permanent link").
        config.mdx_configs.setdefault("toc", {}).setdefault("permalink_title", "本节的链接")
        config.extra_css.append(f"{ASSET_DIR}/pufa.css")
        config.extra_javascript.append(f"{ASSET_DIR}/pufa.js")
        config.extra_javascript.append(f"{ASSET_DIR}/pufa-search.js")
        config.extra_javascript.append(f"{ASSET_DIR}/pufa-preview.js")
        if self.collection is not None:
            config.extra_javascript.append(f"{ASSET_DIR}/pufa-library.js")
        return config

    def use_page_glossary(self, config: MkDocsConfig) -> None:
        """Glossary tooltips on editors' pages: the abbreviation extension is ours (see PageGlossary), configured
        with whatever ``mdx_configs`` gave ``abbr``."""
        options = {}
        for name in ABBR_NAMES:
            options.update(config.mdx_configs.pop(name, {}))
        self.glossary = PageGlossary(**options)
        config.markdown_extensions[:] = [extension for extension in config.markdown_extensions
                                         if extension not in ABBR_NAMES and not isinstance(extension, PageGlossary)]
        config.markdown_extensions.append(self.glossary)
        self.definitions = glossary_definitions(self.content.terms)

    def report_library(self, config: MkDocsConfig) -> None:
        """The 法规库's defects are listed on /fagui/baogao/; they are printed (and fail) only with --strict."""
        if self.collection is None:
            return
        problems = self.site.library_problems
        report([problem for problem in problems if problem.severity == "error" or config.strict])
        articles = sum(text.article_count for text in self.collection.texts)
        log.info(f"pufa: 法规库 {self.collection.root}: {len(self.collection.texts)} texts, {articles} articles; "
                 f"{len(problems)} defects of the sources listed on /{LIBRARY_DIR}/baogao/")
        if config.nav is not None and not any(isinstance(entry, dict) and f"{LIBRARY_DIR}/index.md" in
                                              entry.values() for entry in config.nav):
            config.nav.insert(min(2, len(config.nav)), {"法规库": f"{LIBRARY_DIR}/index.md"})

    # Run before Material's blog/tags plugins so that they see the generated pages as ordinary files.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled or self.project is None:
            return files
        for file in list(files):
            if is_content_data(file.src_uri):
                files.remove(file)
        renderer = Renderer(self.project, self.content, template_dirs=self.template_dirs(config),
                            alignments=self.alignments,
                            compared=[(pair.old, pair.new) for pair in self.config.compare],
                            directory_urls=config.use_directory_urls)
        pages = renderer.pages() + renderer.comparison_pages() + renderer.content_pages(
            self.default_regulation(), has_index=lambda uri: files.get_file_from_path(uri) is not None)
        for page in pages:
            self.add_generated(files, config, page)
        for item in self.project.regulations:
            if item.regulation is not None:
                files.append(File.generated(config, data_src(item.slug), content=regulation_json(item.regulation)))
                files.append(File.generated(config, preview_src(item.slug),
                                            content=preview_script(item.slug, item.regulation)))
        for name, text in asset_contents().items():
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=text))
        self.add_search(files, config, renderer)
        self.add_quiz(files, config, renderer)
        self.add_posters(files, config, renderer)
        self.add_handbooks(files, config, renderer)
        if self.collection is not None:
            for page in browse_pages(self.collection):
                inclusion = InclusionLevel.UNDEFINED if page.src_uri == f"{LIBRARY_DIR}/index.md" \
                    else InclusionLevel.NOT_IN_NAV
                self.add_generated(files, config, page, inclusion)
        return files

    def add_generated(self, files: Files, config: MkDocsConfig, page, inclusion=InclusionLevel.UNDEFINED) -> None:
        files.append(File.generated(config, page.src_uri, content=page.content, inclusion=inclusion))
        if page.fragments:
            self.fragments[page.src_uri] = page.fragments

    def add_handbooks(self, files: Files, config: MkDocsConfig, renderer: Renderer) -> None:
        """/shouce/: the 学习手册 pages, offering their PDF when WeasyPrint can typeset it."""
        self.pdf = weasyprint_available()
        timeline = timeline_markdown(Path(config.docs_dir) / "index.md")
        for page in renderer.handbook_pages(timeline, self.pdf):
            self.add_generated(files, config, page)

    def add_posters(self, files: Files, config: MkDocsConfig, renderer: Renderer) -> None:
        """/haibao/: the A4 posters with large QR codes, and a sheet of small QR labels for every article."""
        if not self.content.posters:
            return
        site_url = config.site_url
        urls = config.use_directory_urls

        def url(src: str) -> str:
            path, _, anchor = src.partition("#")
            return absolute_url(site_url, page_url(path, anchor, urls)) if site_url else ""

        def code(src: str, label: str) -> Markdown:
            return Markdown(qr_svg(url(src), label)) if site_url else Markdown("")

        item = self.project.get(self.default_regulation()) if self.default_regulation() else None
        articles = [(article.label, article_src(item.slug, article.slug)) for article in item.regulation.articles()] \
            if item and item.regulation else []
        page = renderer.page(f"{POSTERS}/index.md", "posters", "海报与二维码", "posters.md.j2",
                             posters=self.content.posters, code=code, url=url, articles=articles,
                             link=lambda target: relative_link(f"{POSTERS}/index.md", target.partition("#")[0],
                                                               target.partition("#")[2]),
                             regulation=item, has_site_url=bool(site_url))
        self.add_generated(files, config, page)

    def add_quiz(self, files: Files, config: MkDocsConfig, renderer: Renderer) -> None:
        """/ceshi/ and the question bank as /data/ceshi.json (and as a script the page loads, for file://)."""
        quiz = self.content.quiz
        if not quiz:
            return
        urls = config.use_directory_urls
        files.append(File.generated(config, "data/ceshi.json", content=bank_json(quiz, urls)))
        files.append(File.generated(config, "data/ceshi.js", content=bank_script(quiz, urls)))
        counts = {audience: sum(1 for q in quiz if q.audience == audience) for audience in ("公众", "干部")}
        page = renderer.page(f"{QUIZ_DIR}/index.md", "quiz", "学法测试", "quiz.md.j2", counts=counts)
        self.add_generated(files, config, page)

    def add_search(self, files: Files, config: MkDocsConfig, renderer: Renderer) -> None:
        """The /sousuo/ page (its index is built by the search job, see :meth:`start_search`)."""
        from search_index.documents import regulation_labels

        page = renderer.page("sousuo/index.md", "search", "搜索", "search.md.j2",
                             regulations=regulation_labels(self.project), library=self.collection is not None)
        self.add_generated(files, config, page)

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """The hashes of the theme's own inline scripts, from its templates, before any page is rendered."""
        if self.config.enabled:
            not_found_base = urlsplit(config.site_url or "/").path or "/"
            self.script_hashes = theme_script_hashes(env, {"config": config}, depth_base_urls([not_found_base]))
            env.bytecode_cache = env.bytecode_cache or template_cache("theme")
        return env

    def collect_post(self, page: Page, config: MkDocsConfig) -> None:
        """Remember a news post (title, date, description, address) for the Atom feed."""
        blog = config.plugins.get("material/blog")
        if blog is None or not page.file.src_uri.startswith(f"{blog.config.blog_dir}/posts/"):
            return
        try:
            date = dt.date.fromisoformat(str(page.meta.get("date"))[:10])
        except ValueError:
            return  # reported with its line by the content check
        self.feed.append(FeedEntry(str(page.meta.get("title") or page.title), page.url, date,
                                   str(page.meta.get("description") or "")))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """The news feed, the 学习手册 PDFs typeset from the built handbook pages (with WeasyPrint), and the search
        index built meanwhile."""
        if not self.config.enabled or self.project is None:
            return
        self.write_library(config)
        blog = config.plugins.get("material/blog")
        if blog is not None and config.site_url and self.feed:
            feed_url = f"{blog.config.blog_dir}/feed.xml"
            (Path(config.site_dir) / feed_url).write_text(
                atom_feed(f"{config.site_name} · 活动动态", config.site_url, feed_url, self.feed), encoding="utf-8")
        self.finish_handbook_pdfs()
        self.finish_search(config)

    def on_build_error(self, *, error: Exception) -> None:
        for job in (self.search_job, *self.pdf_jobs):
            if job is not None:
                job.abandon()
        self.search_job, self.pdf_jobs = None, []

    def start_handbook_pdf(self, page: Page, html: str, config: MkDocsConfig) -> None:
        """Typeset a 学习手册 PDF from its page's content (no theme, no scripts) in a forked child, while MkDocs goes
        on with the other pages (a second or two each, when the cache has not got it)."""
        item = next((item for item in self.project.regulations if handbook_src(item.slug) == page.file.src_uri), None)
        if not self.pdf or item is None or item.regulation is None:
            return
        # Not while a library's trees are in memory: a child forked from a process holding 65,000 parsed articles
        # counts them in its memory too (a build from the parse cache reads them later, in on_post_build).
        holds_trees = self.collection is not None and self.collection.trees_loaded
        self.pdf_jobs.append(ForkedJob(typeset_handbook, html, f"《{item.title}》学习手册",
                                       Path(config.site_dir) / pdf_path(item.slug),
                                       fork=not self.serving and not holds_trees))

    def finish_handbook_pdfs(self) -> None:
        if not self.pdf:
            log.info(f"pufa: {PDF_HINT}")
        jobs, self.pdf_jobs = self.pdf_jobs, []
        for job in jobs:
            try:
                unavailable = job.result()
            except PufaError as error:
                raise PluginError(f"pufa: the 学习手册 PDF could not be made: {error}") from None
            if unavailable:
                forget_weasyprint()
                log.warning(f"pufa: {unavailable}")

    def start_search(self, config: MkDocsConfig, project: Project, content: ContentPack, default: str | None) -> None:
        """The browser index of the campaign and its Whoosh index (to ``index_dir``, set by ``pufa build``), built by
        a child forked as soon as the campaign is loaded (before the library), while MkDocs renders the pages;
        :meth:`finish_search` writes and collects them. Under
        ``serve`` (a threaded server) the job runs in this process. The library's Whoosh index is made by ``pufa
        index --library`` only (it would add half a minute to every build)."""
        from search_index import build_site_search

        self.index_generation = None
        self.search_job = ForkedJob(build_site_search, project, content, default, config.use_directory_urls,
                                    None if self.serving else self.index_dir, fork=not self.serving)

    def finish_search(self, config: MkDocsConfig) -> None:
        job, self.search_job = self.search_job, None
        if job is None:
            return
        try:
            search = job.result()
        except PufaError as error:
            raise PluginError(f"pufa: the search index could not be built: {error}") from None
        for path, script in search.browser_files.items():
            target = Path(config.site_dir) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(script, encoding="utf-8")
        self.index_generation = search.generation

    @staticmethod
    def template_dirs(config: MkDocsConfig, sub: str = "") -> list[Path]:
        """``<theme custom_dir>/pufa/``: the site's own versions of pufa's page templates, looked up first
        (``pufa/library/`` for the library's text and article pages)."""
        custom = config.theme.custom_dir
        folder = Path(custom) / "pufa" / sub if custom else None
        return [folder] if folder is not None and folder.is_dir() else []

    def write_library(self, config: MkDocsConfig) -> None:
        """A page per text and per article, in the theme's look (its stylesheets, from the library's index page),
        and the library's browser index; with ``previous_library`` (an incremental build) only the texts whose
        keys changed, and the index only when a text changed."""
        if self.collection is None:
            return
        from search_index.words import user_words

        shell = shell_from_page(self.library_shell, 1, config.site_name, config.site_url or "",
                                (f"{ASSET_DIR}/pufa.js",), self.config.csp and not self.serving)
        template_dirs = self.template_dirs(config, "library")
        templates = tree_fingerprint(template_dirs)
        previous = self.previous_library or LibraryOutputs()
        keys = {text.id: unit_key(text.relpath, text.digest, self.config.severity, shell, templates)
                for text in self.collection.texts}
        search_key = unit_key(sorted((text.relpath, text.digest) for text in self.collection.texts),
                              self.config.severity, user_words(self.project, self.content))
        self.library_outputs = LibraryOutputs(keys, search_key)
        unchanged = frozenset(text_id for text_id, key in keys.items() if previous.pages.get(text_id) == key)
        pages, size = write_library(self.collection, Path(config.site_dir), shell, skip=unchanged,
                                    progress=terminal_progress("pufa: 法规库页面"), template_dirs=template_dirs)
        files = 0
        if previous.search != search_key:
            files = export_library_search(self.collection, self.project, self.content, Path(config.site_dir),
                                          self.config.severity)
        log.info(f"pufa: 法规库: {pages} pages written ({len(unchanged)} texts unchanged), {size / 1e6:.0f} MB; "
                 f"browser search index: {files} files written")

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if not self.config.enabled or self.project is None:
            return markdown
        self.collect_post(page, config)
        escape_page_meta(page.meta)
        generated = bool(page.file.generated_by or page.meta.get("pufa_generated"))
        self.glossary.use({} if generated else self.definitions)
        if generated:
            return markdown
        if self.config.link_pages:
            markdown = self.link(markdown, page)
        decorated = decorate_content_page(markdown, page.file.src_uri, self.project, self.content, self.definitions,
                                          config.use_directory_urls)
        if decorated.fragments:
            self.fragments[page.file.src_uri] = decorated.fragments
        return decorated.content

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Editors' raw HTML passes only through the allow-list (generated and trusted pages are ours); then the
        page's QR code, which no editor's markup can reach."""
        if not self.config.enabled:
            return html
        fragments = self.fragments.get(page.file.src_uri, ())
        if fragments and page.present_anchor_ids is not None:  # so that MkDocs validates links to them
            page.present_anchor_ids.update(id for fragment in fragments for id in _ANCHOR_ID.findall(fragment))
        if page.file.generated_by or page.meta.get("pufa_generated"):
            html = insert_fragments(sanitize_marked(html), fragments)
        elif page.file.src_uri not in self.config.trusted_pages:
            # Our fragments (the official text of cited articles) need nothing the sanitiser removes.
            html = sanitize(insert_fragments(html, fragments))
        if page.meta.get("pufa_generated") == "handbook":
            self.start_handbook_pdf(page, html, config)
        return html + self.qr_for(page, config) + self.feed_link(page, config)

    def feed_link(self, page: Page, config: MkDocsConfig) -> str:
        """The news index offers its Atom feed (written when the site has a site_url)."""
        blog = config.plugins.get("material/blog")
        if blog is None or not config.site_url or page.file.src_uri != f"{blog.config.blog_dir}/index.md":
            return ""
        return '<p class="pufa-feed"><a href="feed.xml">订阅本栏目（Atom 格式，可用阅读器订阅）</a></p>'


    def qr_for(self, page: Page, config: MkDocsConfig) -> str:
        """Article, Q&A and case pages carry a QR code of their own address (码上知), given a site_url."""
        wanted = page.meta.get("pufa_generated") == "article" or self.content.has_page(page.file.src_uri)
        if not wanted or not config.site_url:
            return ""
        return qr_block(absolute_url(config.site_url, page.url), str(page.title))

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri == f"{LIBRARY_DIR}/index.md":
            self.library_shell = output
        return self.with_csp(output, page.file.src_uri)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """Static templates such as 404.html get the same policy as pages."""
        return self.with_csp(output_content, template_name) if template_name.endswith(".html") else output_content

    def with_csp(self, output: str, page: str) -> str:
        if not self.config.enabled or not self.config.csp or self.serving:
            return output
        try:
            return with_policy(output, self.script_hashes, f"docs/{page}")
        except PufaError as error:
            raise PluginError(f"pufa: {error}") from None

    def link(self, markdown: str, page: Page) -> str:
        offset = body_offset(page.file.content_string)
        linked, problems = link_page_markdown(markdown, page.file.src_uri, self.project, self.page_regulation(page),
                                              path=f"docs/{page.file.src_uri}")
        if not self.content.has_page(page.file.src_uri):  # content pages were checked, with lines, in on_config
            report([problem.moved(offset) for problem in problems])
        return linked

    def default_regulation(self) -> str | None:
        return self.site.default_regulation if self.site else None

    def page_regulation(self, page: Page) -> str | None:
        """The regulation a bare 第X条 on this page means: front matter ``regulation``, or the default."""
        explicit = page.meta.get("regulation")
        if explicit and self.project.get(explicit):
            return explicit
        return self.default_regulation()

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.config.enabled:
            for item in self.project.regulations if self.project else ():
                if item.spec.source.exists():
                    server.watch(str(item.spec.source))
            if self.collection is not None:
                server.watch(str(self.collection.root))
        return server


def export_library_search(collection, project, content, site_dir: Path, severity) -> int:
    """search/fagui/: the library's sharded browser index, analysed like the campaign's (same user words); each
    text's analysis is cached under the hash of its bytes and the analyzer's inputs."""
    from search_index.analysis import analyzer_for
    from search_index.documents import library_documents
    from search_index.library_browser import export_library_index
    from search_index.words import user_words

    numbers = {text.id: number for number, text in enumerate(collection.texts)}
    documents = library_documents(collection)
    texts = [[text.id, text.title, "已废止" if text.status == "已废止" else "现行"] for text in collection.texts]
    words = tuple(user_words(project, content))
    keys = [unit_key(text.relpath, text.digest, severity, words) for text in collection.texts]
    return export_library_index(documents, texts, analyzer_for(words), [numbers[doc.regulation] for doc in documents],
                                site_dir / LIBRARY_SEARCH_DIR, keys)


def body_offset(source: str) -> int:
    """Lines of the file before the Markdown body MkDocs hands to plugins: its front matter and the blank lines
    MkDocs strips after it (the same split as MkDocs' own ``get_data``), so problems name the file's real lines."""
    body, _ = get_data(source)
    return source.count("\n", 0, len(source) - len(body)) if source.endswith(body) else 0


def is_content_data(src_uri: str) -> bool:
    """Editors' files that become parts of generated pages, not pages of their own: interpretations (merged into
    article pages), the glossary (/cidian/), the question bank (/ceshi/) and the 对照 corrections (/duizhao/)."""
    return (src_uri.startswith(f"{INTERPRETATIONS}/") or src_uri == GLOSSARY
            or (src_uri.startswith((f"{QUIZ_DIR}/", "duizhao/", f"{POSTERS}/")) and src_uri.endswith(".yml")))


_SHOWN_META = ("title", "description")
"""Front-matter values the theme prints into the page's HTML as they are (<title>, <meta>, the header)."""


def escape_page_meta(meta: dict) -> None:
    """Make the front-matter values the theme prints raw into HTML text: Markup is printed as it is by the
    theme's ``{{ }}`` and is not escaped again by ``| e``."""
    for key in _SHOWN_META:
        if isinstance(meta.get(key), str) and not isinstance(meta[key], Markup):
            meta[key] = Markup(html.escape(" ".join(meta[key].split())))


def report(problems) -> None:
    """Log warnings (``--strict`` turns them into a failure) and stop on errors, listing all of them."""
    errors = [problem for problem in problems if problem.severity == "error"]
    for problem in problems:
        if problem.severity != "error":
            log.warning(str(problem))
    if errors:
        listing = "\n".join(f"  {problem}" for problem in errors)
        raise PluginError(f"pufa: {len(errors)} error(s):\n{listing}")
