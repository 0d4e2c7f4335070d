"""One build at a time per output folder: an advisory lock file beside the site and the index.

Two ``pufa build`` runs in the same folder would otherwise interleave their swaps and delete each other's index
generations. The lock is ``fcntl.flock`` on ``.pufa.lock``: the kernel releases it when a process dies, so a killed
build never leaves a stale lock. A second run waits and says whose lock it waits for.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

LOCK_NAME = ".pufa.lock"
_held: set[Path] = set()
"""Locks this process holds: taking one again (build → index in the same run) is a no-op, not a deadlock."""


@contextlib.contextmanager
def output_lock(folder: Path, on_wait: Callable[[str], None] = lambda message: None) -> Iterator[None]:
    """Hold the lock of ``folder`` (created if missing) for the duration of the block."""
    folder.mkdir(parents=True, exist_ok=True)
    path = (folder / LOCK_NAME).resolve()
    if path in _held:
        yield
        return
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            on_wait(f"another pufa build (PID {holder}) is writing to {folder}; waiting for it to finish ({path})")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        _held.add(path)
        try:
            yield
        finally:
            _held.discard(path)
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
