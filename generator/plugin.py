"""The MkDocs plugin: a thin shell that loads the project, adds the generated pages as virtual files and links
references in every page. All the work is done by the pipeline modules; nothing is written into ``docs_dir``.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .config import PufaOptions, overrides_from_environment, regulation_specs
from .content import SECTIONS, collect_pages, load_glossary
from .errors import PufaError
from .project import Project, load_project, missing_source_message
from .render import Renderer, data_src, link_page_markdown, regulation_json

log = get_plugin_logger(__name__)
ASSETS = Path(__file__).parent / "assets"
ASSET_DIR = "assets/pufa"


class PufaPlugin(BasePlugin[PufaOptions]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.project: Project | None = None
        self.specs = []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.config.enabled:
            return config
        config_file = Path(config.config_file_path or "mkdocs.yml").resolve()
        try:
            self.specs = regulation_specs(self.config, config_file, overrides_from_environment())
            self.project = load_project(self.specs)
        except PufaError as error:
            raise PluginError(f"pufa: {error}") from None
        for item in self.project.missing:
            log.info(missing_source_message(item))
        for problem in self.project.problems:
            if problem.severity == "error":
                raise PluginError(f"pufa: {problem}")
            log.warning(str(problem))
        # Generated pages put anchors on paragraphs and items with attr_list and show notices as admonitions:
        # a site that adds "- pufa" to its plugins gets them without editing its markdown_extensions.
        for extension in ("attr_list", "admonition"):
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        config.extra_css.append(f"{ASSET_DIR}/pufa.css")
        config.extra_javascript.append(f"{ASSET_DIR}/pufa.js")
        return config

    # Run before Material's blog/tags plugins so that they see the generated pages as ordinary files.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled or self.project is None:
            return files
        renderer = Renderer(self.project)
        for page in renderer.pages():
            files.append(File.generated(config, page.src_uri, content=page.content))
        for item in self.project.regulations:
            if item.regulation is not None:
                files.append(File.generated(config, data_src(item.slug), content=regulation_json(item.regulation)))
        self.add_content_pages(files, config, renderer)
        for asset in ASSETS.iterdir():
            files.append(File.generated(config, f"{ASSET_DIR}/{asset.name}", abs_src_path=str(asset)))
        return files

    def add_content_pages(self, files: Files, config: MkDocsConfig, renderer: Renderer) -> None:
        docs_dir = Path(config.docs_dir)
        for section, heading in SECTIONS.items():
            if (docs_dir / section).is_dir() and files.get_file_from_path(f"{section}/index.md") is None:
                page = renderer.listing(section, heading, collect_pages(docs_dir, section))
                files.append(File.generated(config, page.src_uri, content=page.content))
        glossary = docs_dir / "cidian.yml"
        if glossary.is_file():
            try:
                terms = load_glossary(glossary)
            except PufaError as error:
                raise PluginError(f"pufa: {error}") from None
            page = renderer.glossary(terms, self.default_regulation())
            files.append(File.generated(config, page.src_uri, content=page.content))

    def default_regulation(self) -> str | None:
        return self.config.default_regulation or (self.specs[0].slug if self.specs else None)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if not self.config.enabled or self.project is None or not self.config.link_pages:
            return markdown
        if page.file.generated_by or page.meta.get("pufa_generated"):
            return markdown
        regulation = self.page_regulation(page)
        source = page.file.content_string
        offset = source.count("\n", 0, max(source.find(markdown[:80]), 0))
        linked, problems = link_page_markdown(markdown, page.file.src_uri, self.project, regulation,
                                              path=page.file.src_uri)
        for problem in problems:
            lineno = (problem.lineno or 0) + offset
            log.warning(f"{Path(config.docs_dir).name}/{problem.path}:{lineno}: {problem.message}. Hint: {problem.hint}")
        return linked

    def page_regulation(self, page: Page) -> str | None:
        """The regulation a bare 第X条 on this page means: front matter, the jiedu/<slug>/ folder, or the default."""
        explicit = page.meta.get("regulation")
        if explicit and self.project.get(explicit):
            return explicit
        parts = page.file.src_uri.split("/")
        if len(parts) > 2 and parts[0] == "jiedu" and self.project.get(parts[1]):
            return parts[1]
        return self.default_regulation()

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.config.enabled:
            for spec in self.specs:
                if spec.source.exists():
                    server.watch(str(spec.source))
        return server



