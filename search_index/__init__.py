"""pufa's full-text search: one Chinese analyzer, a Whoosh index with CLI search, and the in-browser index.

``analysis`` (the analyzer) → ``documents`` (project + content as search records) → ``engine`` (Whoosh index,
atomic rebuild, search; ``impacts`` ranks a large index by precomputed scores) and ``browser`` (the static index
the site's own client searches). Never imports MkDocs.
"""

from __future__ import annotations

from pathlib import Path

from generator.content import ContentPack
from generator.project import Project


def index_project(project: Project, content: ContentPack, index_dir: str | Path, default_regulation: str | None,
                  directory_urls: bool = True, publish: bool = True, collection=None) -> Path:
    """Build the Whoosh index of a loaded project, its content pack and its 法规库 ``collection`` (what ``pufa
    index`` runs); with ``publish=False`` the new generation is left for
    :func:`search_index.engine.publish_generation`."""
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
