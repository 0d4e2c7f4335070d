"""Load every configured regulation and link them: the state the site and the index are built from.

Usable without MkDocs: ``load_project(specs)`` is what ``pufa check`` runs and what the plugin calls once per build.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .config import RegulationSpec
from .errors import ParseError, Problem, PufaError
from .link import Library, LinkGraph, Reference, link_regulation
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

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def missing(self) -> list[LoadedRegulation]:
        return [r for r in self.regulations if r.regulation is None]


def load_project(specs: list[RegulationSpec]) -> Project:
    """Parse and link every regulation whose source exists.

    Raises:
        PufaError: a source exists but cannot be read or parsed.
    """
    loaded: list[LoadedRegulation] = []
    problems: list[Problem] = []
    library = Library()
    for spec in specs:
        regulation = None
        if spec.source.is_file():
            result = parse_file(spec.source)
            regulation = result.regulation
            problems.extend(result.problems)
        elif spec.source.exists():
            raise ParseError("is not a file", path=spec.source, hint="point the source at the regulation's text file.")
        library.add(spec.slug, regulation, [spec.title, *spec.short_titles])
        loaded.append(LoadedRegulation(spec, regulation))
    graph = LinkGraph()
    for item in loaded:
        if item.regulation is not None:
            item.references, found = link_regulation(item.slug, item.regulation, library, graph)
            problems.extend(found)
    return Project(loaded, library, graph, problems)


def missing_source_message(item: LoadedRegulation) -> str:
    """The one line a build prints for a regulation whose official text is not there."""
    return (f"pufa: official text of 《{item.spec.title}》 not found: put it at {item.spec.source} "
            f"or pass --source {item.slug}=PATH; its pages show a notice meanwhile.")


__all__ = ["LoadedRegulation", "Project", "load_project", "missing_source_message", "PufaError"]
