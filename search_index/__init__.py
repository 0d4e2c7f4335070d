"""pufa's full-text search: one Chinese analyzer, a Whoosh index with CLI search, and the in-browser index.

``analysis`` (the analyzer) → ``documents`` (project + content as search records) → ``engine`` (Whoosh index,
atomic rebuild, search; ``impacts`` ranks a large index by precomputed scores) and ``browser`` (the static index
the site's own client searches). Never imports MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.content import ContentPack
from generator.project import Project


def index_project(project: Project, content: ContentPack, index_dir: str | Path, default_regulation: str | None,
                  directory_urls: bool = True, publish: bool = True, collection=None) -> Path:
    """Build the Whoosh index of a loaded project, its content pack and its 法规库 ``collection`` (what ``pufa
    index`` runs); with ``publish=False`` the new generation is left for
    :func:`search_index.generations.publish_generation`."""
    from .documents import build_documents, library_documents, library_labels, regulation_labels
    from .engine import build_index
    from .words import user_words

    documents = build_documents(project, content, directory_urls)
    labels = regulation_labels(project)
    if collection is not None:
        documents += library_documents(collection, directory_urls)
        labels = {**library_labels(collection), **labels}
    return build_index(documents, index_dir, user_words(project, content), dict(project.library.titles),
                       default_regulation, publish, labels)


@dataclass(frozen=True)
class SiteSearch:
    """What a site build needs from search: the browser index's files, and a Whoosh generation (not published)."""

    browser_files: dict[str, str]
    """Path under the site → file content (``search/index.js`` and its shards)."""
    generation: Path | None


def build_site_search(project: Project, content: ContentPack, default_regulation: str | None,
                      directory_urls: bool, index_dir: str | Path | None) -> SiteSearch:
    """The browser index and (given ``index_dir``) the Whoosh index of the campaign, from one set of documents."""
    from .analysis import Analyzer
    from .browser import export_index
    from .documents import build_documents, regulation_labels
    from .engine import build_index
    from .words import user_words

    documents = build_documents(project, content, directory_urls)
    words = user_words(project, content)
    titles, labels = dict(project.library.titles), regulation_labels(project)
    files = export_index(documents, Analyzer(words), titles, default_regulation, labels)
    generation = None if index_dir is None else build_index(documents, index_dir, words, titles, default_regulation,
                                                            False, labels)
    return SiteSearch(files, generation)
