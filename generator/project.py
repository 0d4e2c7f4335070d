"""Load every configured regulation and link them: the state the site and the index are built from.

Usable without MkDocs: ``load_project(specs)`` is what ``pufa check`` runs and what the plugin calls once per build.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Mapping

from .config import RegulationSpec
from .errors import ParseError, Problem, PufaError
from .link import Library, LinkGraph, Reference, Target, link_regulation
from .model import Regulation
from .parse import parse_file


@dataclass
class LoadedRegulation:
    spec: RegulationSpec
    regulation: Regulation | None
    """None when the source file is missing: the site then shows a notice instead of the text."""
    references: dict[tuple, list[Reference]] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.spec.slug

    @property
    def title(self) -> str:
        return self.regulation.title if self.regulation else self.spec.title


@dataclass
class Project:
    regulations: list[LoadedRegulation]
    library: Library
    graph: LinkGraph
    problems: list[Problem]
    """Warnings and errors from parsing and linking, in the order found."""

    def get(self, slug: str) -> LoadedRegulation | None:
        return next((r for r in self.regulations if r.slug == slug), None)

    def check_target(self, target: Target) -> str | None:
        """Why ``target`` does not exist, or None. Without the official text only the article count is known."""
        item = self.get(target.regulation)
        if item is None:
            return f"no regulation {target.regulation!r} is configured"
        if item.regulation is None:
            count = item.spec.article_count
            if count and not (1 <= target.article <= count and not target.suffix):
                return f"《{item.title}》 has {count} articles"
            return None
        article = item.regulation.find(target.article, target.suffix)
        if article is None:
            return f"《{item.title}》 has no such article"
        if target.paragraph and target.paragraph > len(article.paragraphs):
            return f"{article.label} has {len(article.paragraphs)} paragraph(s)"
        if target.item:
            paragraphs = [target.paragraph] if target.paragraph else range(1, len(article.paragraphs) + 1)
            if not any(len(article.paragraphs[p - 1].items) >= target.item for p in paragraphs):
                return f"{article.label} has no item {target.item}"
        return None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def missing(self) -> list[LoadedRegulation]:
        return [r for r in self.regulations if r.regulation is None]


def load_project(specs: list[RegulationSpec], severity: Mapping[str, str] | None = None) -> Project:
    """Parse and link every regulation whose source exists; ``severity`` overrides the default per kind.

    Raises:
        PufaError: a source exists but cannot be read or parsed.
    """
    loaded: list[LoadedRegulation] = []
    problems: list[Problem] = []
    library = Library()
    for spec in specs:
        regulation = None
        if spec.source.is_file():
            result = parse_file(spec.source, severity)
            regulation = result.regulation
            problems.extend(result.problems)
        elif spec.source.exists():
            raise ParseError("is not a file", path=spec.source, hint="point the source at the regulation's text file.")
        library.add(spec.slug, regulation, [spec.title, *spec.short_titles], spec.article_count)
        loaded.append(LoadedRegulation(spec, regulation))
    graph = LinkGraph()
    for item in loaded:
        if item.regulation is not None:
            item.references, found = link_regulation(item.slug, item.regulation, library, graph)
            problems.extend(_judged(found, severity))
    return Project(loaded, library, graph, problems)


def _judged(problems: list[Problem], severity: Mapping[str, str] | None) -> list[Problem]:
    if not severity:
        return problems
    return [replace(problem, severity=severity.get(problem.kind, problem.severity)) for problem in problems]


def missing_source_message(item: LoadedRegulation) -> str:
    """The one line a build prints for a regulation whose official text is not there."""
    return (f"pufa: official text of 《{item.spec.title}》 not found: put it at {item.spec.source} "
            f"or pass --source {item.slug}=PATH; its pages show a notice meanwhile.")


__all__ = ["LoadedRegulation", "Project", "load_project", "missing_source_message", "PufaError"]
