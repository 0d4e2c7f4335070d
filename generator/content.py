"""The editors' own pages (Q&A, cases, interpretations) and the glossary, read for the listing pages.

This module reads front matter only; the pages themselves are ordinary MkDocs pages. Listing pages
(``/wenda/``, ``/anli/``) and the glossary page (``/cidian/``) are generated from what it reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.utils.meta import get_data

from .errors import ContentError

SECTIONS = {"wenda": "问答", "anli": "以案释法"}


@dataclass(frozen=True, slots=True)
class ContentPage:
    section: str
    """``wenda`` or ``anli``."""
    src_uri: str
    title: str
    meta: dict


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    term: str
    definition: str
    articles: tuple[int, ...]
    aliases: tuple[str, ...]


def collect_pages(docs_dir: Path, section: str) -> list[ContentPage]:
    pages = []
    for path in sorted((docs_dir / section).glob("*.md")):
        if path.name == "index.md":
            continue
        _, meta = get_data(path.read_text(encoding="utf-8"))
        src_uri = f"{section}/{path.name}"
        pages.append(ContentPage(section, src_uri, str(meta.get("title") or path.stem), meta))
    return pages


def load_glossary(path: Path) -> list[GlossaryTerm]:
    """Read ``cidian.yml``.

    Raises:
        ContentError: the file is not a YAML list of terms with term and definition.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ContentError(f"invalid YAML: {getattr(error, 'problem', error)}", path=path,
                           lineno=mark.line + 1 if mark else None, hint="check the indentation and colons.") from None
    if not isinstance(data, list):
        raise ContentError("expected a list of terms", path=path, lineno=1, hint="each entry starts with '- term: …'.")
    terms = []
    for index, entry in enumerate(data, 1):
        if not isinstance(entry, dict) or not entry.get("term") or not entry.get("definition"):
            raise ContentError(f"entry {index} needs 'term' and 'definition'", path=path,
                               hint="- term: 信访人\n  definition: …")
        terms.append(GlossaryTerm(str(entry["term"]), str(entry["definition"]),
                                  tuple(int(a) for a in entry.get("articles") or ()),
                                  tuple(str(a) for a in entry.get("aliases") or ())))
    return terms
