"""Replacing a built folder without ever exposing a half-written one, and cleaning up after killed builds.

A build writes into ``.<name>.new-<pid>-…`` (the site) or ``<index>.tmp-<pid>-…`` (a search index generation)
beside the target and swaps it in with renames only when complete. A build killed mid-way leaves its working
folder behind; the next build removes those whose process is gone.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def swap_in(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` with two renames, so a reader never sees a half-written site."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def remove_abandoned(folder: Path, prefix: str) -> None:
    """Remove ``<prefix><pid>-…`` working folders whose build process is gone (killed mid-way)."""
    for path in folder.glob(f"{prefix}*"):
        pid = path.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return True
