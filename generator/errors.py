"""The one module of pufa's exceptions and warnings.

Every problem names a file and, where it has one, a line, says what was expected
and how to fix it: ``xinfang.txt:42: expected 第十二条 after 第十条; found 第十三条. Hint: …``.
Only the MkDocs plugin wraps these into ``PluginError``; the CLI prints them as one line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path


def _location(path: str | Path | None, lineno: int | None) -> str:
    if path is None:
        return ""
    return f"{path}:{lineno}: " if lineno else f"{path}: "


@dataclass(frozen=True, slots=True)
class Problem:
    """A non-fatal finding (a gap in numbering, an unresolved reference); gathered, then judged by policy."""

    path: str | None
    lineno: int | None
    message: str
    hint: str = ""
    kind: str = ""
    """A short machine name such as ``numbering-gap`` so callers can filter or escalate."""
    severity: str = "warning"
    """``error`` stops a build and makes ``pufa check`` fail; ``warning`` fails only a --strict build."""

    def moved(self, offset: int) -> "Problem":
        """The same problem with its line shifted, for text that started ``offset`` lines into its file."""
        return replace(self, lineno=self.lineno + offset) if self.lineno else self

    def __str__(self) -> str:
        hint = f" Hint: {self.hint}" if self.hint else ""
        kind = f" [{self.kind}]" if self.kind else ""
        return f"{_location(self.path, self.lineno)}{self.message}{kind}{hint}"


class PufaError(Exception):
    """Base class: a problem in the user's input that stops the current operation."""

    def __init__(self, message: str, *, path: str | Path | None = None, lineno: int | None = None, hint: str = ""):
        self.message = message
        self.path = str(path) if path is not None else None
        self.lineno = lineno
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        hint = f" Hint: {self.hint}" if self.hint else ""
        return f"{_location(self.path, self.lineno)}{self.message}{hint}"


class ReadError(PufaError):
    """A source file is missing, unreadable, or in no encoding we accept."""


class ParseError(PufaError):
    """The text does not have the shape of a regulation."""


class ContentError(PufaError):
    """An editor's content page (Q&A, case, interpretation, glossary) is invalid."""


class ConfigError(PufaError):
    """The pufa section of mkdocs.yml, or a command-line override, is invalid."""
