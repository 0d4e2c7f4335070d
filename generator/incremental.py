"""``pufa build --incremental``: after an edit, only what changed is written into the published site.

A full build renders everything into a staging folder and swaps it in whole (:mod:`generator.atomic`). At national
scale that is 80,000 files, and even linking them into the staging folder costs more than the edit's own pages. An
incremental build renders the campaign (MkDocs, a few seconds) into a staging folder as usual, but renders only
the library texts whose inputs changed, and the library's search index only if any text changed; then it moves
into the site exactly the files that differ and deletes the files nothing produces any more.

What was produced, and from which inputs, is kept in a manifest beside the site folder as configured
(``.pufa-build.<site>.json``; beside the link when site/ links to a web root, whose folder stays untouched; never
published). Every key is a hash of everything that decides the output (the text's bytes, the theme shell,
template overrides, pufa's own code), so a changed input always shows. The manifest is deleted before the site is
touched and written again when the site is complete, so a build killed half-way is followed by a full one. A
manifest from another configuration (mkdocs.yml, sources, options, pufa version) also means a full build.

During the few milliseconds of moving files, a reader may get a new page next to an old one (each file is
replaced in one rename, never half-written); a full build, which swaps the whole site at once, stays the default.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .cache import code_fingerprint

MANIFEST_VERSION = 1


@dataclass(frozen=True)
class LibraryOutputs:
    """The keys of what the library part of a build produced (see :func:`unit_key`)."""

    pages: dict[str, str] = field(default_factory=dict)
    """Text id → key of its pages (``fagui/<id>/``)."""
    search: str | None = None
    """Key of the library's browser index (``search/fagui/``)."""


@dataclass(frozen=True)
class Manifest:
    config: str
    """Hash of the build's configuration: a manifest from another one is not used."""
    campaign: frozenset[str]
    """Site paths of every file outside the library's units (MkDocs' pages, assets, the campaign's index)."""
    library: LibraryOutputs


LIBRARY_SEARCH_DIR = "search/fagui"


def unit_key(*parts: object) -> str:
    """A key over pufa's code and ``parts`` (each rendered with ``repr``)."""
    digest = hashlib.sha256(code_fingerprint().encode("ascii"))
    for part in parts:
        digest.update(b"\0" + repr(part).encode("utf-8"))
    return digest.hexdigest()


def manifest_path(site: Path) -> Path:
    return site.with_name(f".pufa-build.{site.name}.json")


def read_manifest(site: Path, config: str, library_dir: str) -> Manifest | None:
    """The manifest of the build that made ``site``, if it was made with the configuration ``config``. A library
    unit whose folder has lost its first page (someone deleted it by hand) is left out: it is made again."""
    try:
        data = json.loads(manifest_path(site).read_text(encoding="utf-8"))
        if data["version"] != MANIFEST_VERSION or data["config"] != config or not site.is_dir():
            return None
        pages = {text_id: key for text_id, key in dict(data["library"]["pages"]).items()
                 if (site / library_dir / text_id / "index.html").is_file()}
        search = data["library"]["search"] if (site / LIBRARY_SEARCH_DIR / "head.js").is_file() else None
        return Manifest(config, frozenset(data["campaign"]), LibraryOutputs(pages, search))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_manifest(site: Path, manifest: Manifest) -> None:
    """Written under a temporary name and renamed: a reader sees the old manifest, or none, or the new one."""
    data = {"version": MANIFEST_VERSION, "config": manifest.config, "campaign": sorted(manifest.campaign),
            "library": {"pages": manifest.library.pages, "search": manifest.library.search}}
    path = manifest_path(site)
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    partial.replace(path)


def forget_manifest(site: Path) -> None:
    manifest_path(site).unlink(missing_ok=True)


def library_units(library: LibraryOutputs, library_dir: str) -> list[str]:
    """The site folders the library's units own."""
    return [f"{library_dir}/{text_id}" for text_id in library.pages] + \
        ([LIBRARY_SEARCH_DIR] if library.search is not None else [])


def campaign_files(built: Path, library: LibraryOutputs, library_dir: str) -> frozenset[str]:
    """Every file of ``built`` outside the library's units (each unit is a folder two levels deep)."""
    owned = set(library_units(library, library_dir))
    return frozenset(path for path in _files(built) if "/".join(path.split("/", 2)[:2]) not in owned)


def update_site(staging: Path, site: Path, previous: Manifest, current: Manifest, library_dir: str) -> int:
    """Make ``site`` what a full build would have made, given that ``staging`` holds the campaign's files and the
    library units whose keys changed; return the number of files moved in or deleted."""
    changes = 0
    for path in current.campaign:
        changes += _move_if_different(staging / path, site / path)
    for path in previous.campaign - current.campaign:
        changes += _delete(site / path, site)
    old, new = previous.library, current.library
    rebuilt = [f"{library_dir}/{text_id}" for text_id, key in new.pages.items() if old.pages.get(text_id) != key]
    gone = [f"{library_dir}/{text_id}" for text_id in old.pages.keys() - new.pages.keys()]
    if new.search != old.search:
        (rebuilt if new.search is not None else gone).append(LIBRARY_SEARCH_DIR)
    for unit in rebuilt:
        changes += _replace_folder(staging / unit, site / unit)
    for unit in gone:
        if (site / unit).is_dir():
            changes += sum(1 for _ in _files(site / unit))
            shutil.rmtree(site / unit)
    return changes


def _files(folder: Path):
    for base, _, names in os.walk(folder):
        for name in names:
            yield Path(base, name).relative_to(folder).as_posix()


def _move_if_different(new: Path, old: Path) -> int:
    try:
        if old.stat().st_size == new.stat().st_size and old.read_bytes() == new.read_bytes():
            return 0
    except FileNotFoundError:
        old.parent.mkdir(parents=True, exist_ok=True)
    os.replace(new, old)
    return 1


def _delete(path: Path, root: Path) -> int:
    """Delete ``path``, then the folders it leaves empty up to ``root`` (a full build would not have them)."""
    try:
        path.unlink()
    except FileNotFoundError:
        return 0
    for folder in path.parents:
        if folder == root or any(folder.iterdir()):
            break
        folder.rmdir()
    return 1


def _replace_folder(new: Path, old: Path) -> int:
    """Every file of ``new`` moved into ``old`` (one rename each), then the files only ``old`` has deleted."""
    fresh = set(_files(new))
    for path in fresh:
        (old / path).parent.mkdir(parents=True, exist_ok=True)
        os.replace(new / path, old / path)
    stale = set(_files(old)) - fresh
    for path in stale:
        _delete(old / path, old)
    return len(fresh) + len(stale)
