"""The host-neutral core: everything a build needs, loaded once, without MkDocs.

``load_site(options, config_file, docs_dir, blog_dir)`` reads the configured regulations, the content pack, the
新旧对照 corrections and the 法规库, and returns a :class:`Site` with every problem found. The MkDocs plugin and
the CLI (``check``, ``index``, ``compare``) both call it; a second adapter (another static-site host) would too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .compare import Alignment, load_alignments
from .config import PufaOptions, library_path, regulation_specs, severity_overrides
from .content import ContentPack, check_docs_tree, load_content, site_vocabulary
from .errors import Problem
from .library import Collection, load_collection
from .project import Project, load_project


@dataclass
class Site:
    options: PufaOptions
    project: Project
    content: ContentPack
    alignments: list[Alignment]
    collection: Collection | None
    default_regulation: str | None
    problems: list[Problem]
    """Every problem of the campaign's texts, content and comparisons, in the order found."""

    @property
    def library_problems(self) -> list[Problem]:
        """The defects of the library's sources: listed on its report page, printed only when they fail a build."""
        return self.collection.problems if self.collection else []

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems + self.library_problems if problem.severity == "error"]


def load_site(options: PufaOptions, config_file: Path, docs_dir: Path, blog_dir: str | None = None,
              sources: dict[str, str] | None = None,
              campaign_loaded: Callable[[Project, ContentPack, str | None], None] | None = None) -> Site:
    """Load the site described by the pufa ``options`` of ``config_file``.

    ``sources`` overrides regulations' source paths (``--source``). ``campaign_loaded(project, content, default regulation)`` is
    called before the library is read: work that needs only the campaign can start there, in a process that
    does not carry a national library's gigabyte.

    Raises:
        PufaError: the configuration, the docs folder or a source cannot be read at all.
    """
    check_docs_tree(docs_dir)
    severity = severity_overrides(options, config_file)
    specs = regulation_specs(options, config_file, sources or {})
    project = load_project(specs, severity)
    default = options.default_regulation or (specs[0].slug if specs else None)
    content = load_content(docs_dir, project, site_vocabulary(options, blog_dir), default)
    alignments, compare_problems = load_alignments(project, [(pair.old, pair.new) for pair in options.compare],
                                                   docs_dir)
    if campaign_loaded is not None:
        campaign_loaded(project, content, default)
    folder = library_path(options, config_file)
    collection = load_collection(folder, severity) if folder else None
    return Site(options, project, content, alignments, collection, default,
                project.problems + content.problems + compare_problems)
