"""Results that depend only on their inputs (a typeset PDF, a QR code) kept between builds.

Entries are named by the SHA-256 of everything that determines them, so a changed input can never be served a stale
result; they are written under a temporary name and renamed, so a killed build leaves no half-written entry. The
cache lives in ``$XDG_CACHE_HOME/pufa`` (``~/.cache/pufa``); if it cannot be written the result is simply made again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path


def cache_dir(kind: str) -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pufa" / kind


def cached(kind: str, key: str, suffix: str, make: Callable[[Path], None]) -> Path | None:
    """The cached file for ``key`` (any text naming every input), made by ``make(path)`` when missing; None when
    the cache cannot be written (the caller then makes the result itself)."""
    folder = cache_dir(kind)
    path = folder / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()}{suffix}"
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
