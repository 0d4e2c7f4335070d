"""Results that depend only on their inputs (a typeset PDF, a QR code) kept between builds.

Entries are named by the SHA-256 of everything that determines them, so a changed input can never be served a stale
result; they are written under a temporary name and renamed, so a killed build leaves no half-written entry. The
cache lives in ``$XDG_CACHE_HOME/pufa`` (``~/.cache/pufa``); if it cannot be written the result is simply made again.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path

from jinja2 import FileSystemBytecodeCache


def cache_dir(kind: str) -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pufa" / kind


def cache_path(kind: str, key: str, suffix: str) -> Path:
    """Where the entry for ``key`` is (or would be) kept."""
    return cache_dir(kind) / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()}{suffix}"


def cached(kind: str, key: str, suffix: str, make: Callable[[Path], None]) -> Path | None:
    """The cached file for ``key`` (any text naming every input), made by ``make(path)`` when missing; None when
    the cache cannot be written (the caller then makes the result itself)."""
    path = cache_path(kind, key, suffix)
    folder = path.parent
    if path.is_file():
        return path
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{path.name}.{os.getpid()}.tmp"
        make(partial)
        partial.replace(path)
    except OSError:
        return None
    return path


class _TemplateCache(FileSystemBytecodeCache):
    """Jinja's compiled templates kept between builds (the theme's and pufa's: a third of a second of every
    build). An entry is checked against its template's source, so an edited template is compiled again; a cache
    that cannot be written only costs the compilation."""

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            pass


def template_cache(environment: str) -> FileSystemBytecodeCache | None:
    """A bytecode cache for the Jinja environment named ``environment``, or None when the cache folder cannot be
    made. Jinja keys an entry on the template's name, file and source but not on the environment's options
    (autoescape, trim_blocks…), so every environment gets its own folder."""
    folder = cache_dir("jinja") / environment
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _TemplateCache(str(folder))


@functools.cache
def code_fingerprint() -> str:
    """A hash of pufa's own code and templates: part of every key whose result the code decides (a parsed text, a
    rendered page), so that a new pufa never reuses what an older one made."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for package in ("generator", "search_index"):
        for path in sorted((root / package).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".j2", ".js", ".css", ".json", ".txt", ".yml"):
                digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def tree_fingerprint(folders: list[Path]) -> str:
    """A hash of every file under ``folders`` (a site's template overrides), with its path."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def read_pickled(entry: Path) -> object | None:
    """The object pickled in cache ``entry``; None when there is none. A damaged entry is removed (it is made
    again by the caller)."""
    try:
        return pickle.loads(entry.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
        entry.unlink(missing_ok=True)
        return None


def store_pickled(kind: str, key: str, suffix: str, value: object) -> None:
    cached(kind, key, suffix, lambda partial: partial.write_bytes(pickle.dumps(value, protocol=5)))
