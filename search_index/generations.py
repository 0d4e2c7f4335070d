"""Generations of the Whoosh index: ``.pufa-index`` is a link to ``.pufa-index.<n>``, swapped in one rename.

Kept apart from :mod:`search_index.engine` so that publishing a generation (``pufa build``, at the end) does not
import Whoosh and the analyser into the building process: the index itself is built by a background job.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from generator.errors import PufaError

DEFAULT_INDEX = ".pufa-index"


class IndexLocationError(PufaError):
    """The index path is taken by something that is not an index link."""


def publish_generation(link: Path, target: Path) -> None:
    """Point the index link at generation ``target`` and remove all but it and the one before."""
    generation = int(target.name.rsplit(".", 1)[1])
    _swap_link(link, target.name)
    _remove_old_generations(link, keep={generation, generation - 1})


def next_generation(link: Path) -> int:
    numbers = [int(p.name.rsplit(".", 1)[1]) for p in link.parent.glob(f"{link.name}.*")
               if p.name.rsplit(".", 1)[1].isdigit()]
    return max(numbers, default=0) + 1


def _swap_link(link: Path, target_name: str) -> None:
    if link.exists() and not link.is_symlink():
        raise IndexLocationError("exists and is not a pufa index link", path=link,
                                 hint="remove it, or choose another place with --index DIR.")
    temporary = link.with_name(f"{link.name}.link-{os.getpid()}")
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(target_name)
    os.replace(temporary, link)


def _remove_old_generations(link: Path, keep: set[int]) -> None:
    """Remove generations other than ``keep``, never the one the link points to now (a build that raced this
    one may have published it)."""
    current = os.readlink(link) if link.is_symlink() else None
    for path in link.parent.glob(f"{link.name}.*"):
        if path.name == current:
            continue
        suffix = path.name.rsplit(".", 1)[1]
        if suffix.isdigit() and int(suffix) not in keep:
            shutil.rmtree(path, ignore_errors=True)
