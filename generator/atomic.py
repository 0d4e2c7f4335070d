"""Publishing a built folder so that readers never see a half-written one and nothing of the user's is lost.

A build writes into ``.<name>.new-<pid>-…`` beside the *real* target (a symbolic link such as
``site -> /srv/www/html`` is followed, so the web root itself is updated and the link stays) and publishes it with
an atomic exchange of the two folders (``renameat2(RENAME_EXCHANGE)`` on Linux; two renames elsewhere). Before
that, the files a deployment keeps in the output folder and no build writes — dot-files such as ``.git`` and
``.nojekyll``, and ``CNAME`` — are moved into the new folder, as plain MkDocs keeps them.

Folders are created with the process umask, like ``mkdocs build`` (0755/0644 under umask 022), so a web server
running as another user can read them. A build killed mid-way leaves its working folder behind; the next build
returns any kept files from it to the target and removes it. A previous site that cannot be removed never blocks
the next build: it is reported, and the new site stays published.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import secrets
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

KEPT_NAMES = frozenset({"CNAME"})
"""Files a Pages deployment keeps in the output folder that are not dot-files (``CNAME`` names the domain)."""


@dataclass
class Publication:
    """The outcome of publishing: where the site went and what could not be cleaned up."""

    target: Path
    warnings: list[str] = field(default_factory=list)


def real_target(target: Path) -> Path:
    """The folder to replace: ``target`` itself, or where it points if it is a symbolic link."""
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def make_folder(parent: Path, prefix: str) -> Path:
    """A new empty folder ``<prefix><pid>-<token>`` in ``parent``, created with the umask's mode."""
    parent.mkdir(parents=True, exist_ok=True)
    path = parent / f"{prefix}{os.getpid()}-{secrets.token_hex(4)}"
    os.mkdir(path)  # mode 0o777 & ~umask, unlike tempfile.mkdtemp's 0o700
    return path


def make_staging(target: Path) -> Path:
    """The working folder of a new site, beside ``target`` (already resolved by :func:`real_target`)."""
    return make_folder(target.parent, f".{target.name}.new-")


def kept_entries(folder: Path) -> list[Path]:
    """The user's files in an output folder that a build must carry over (dot-files, CNAME)."""
    if not folder.is_dir():
        return []
    return sorted(entry for entry in folder.iterdir() if entry.name.startswith(".") or entry.name in KEPT_NAMES)


def carry_over(source: Path, destination: Path) -> None:
    """Move the kept entries of ``source`` into ``destination`` unless the build wrote one of the same name."""
    for entry in kept_entries(source):
        if not os.path.lexists(destination / entry.name):
            os.rename(entry, destination / entry.name)


def swap_in(staging: Path, target: Path) -> Publication:
    """Publish the complete folder ``staging`` at ``target`` (whose real location it was built beside)."""
    publication = Publication(target)
    if target.exists():
        carry_over(target, staging)
        if not exchange(staging, target):
            old = target.with_name(f".{target.name}.old-{os.getpid()}-{secrets.token_hex(4)}")
            target.rename(old)
            staging.rename(target)
            staging = old
        remove_tree(staging, publication.warnings, "the previous site")
    else:
        staging.rename(target)
    return publication


def discard(staging: Path, target: Path) -> None:
    """Give up a working folder: the user's kept files go back to ``target`` first, then the folder goes."""
    if target.is_dir():
        carry_over(staging, target)
    shutil.rmtree(staging, ignore_errors=True)


def remove_tree(path: Path, warnings: list[str], what: str) -> None:
    """Remove ``path``; if that fails, add one warning saying which path and why instead of failing."""
    failures: list[str] = []

    def note(_function, failed, error):
        failures.append(f"{failed}: {getattr(error, 'strerror', None) or error}")

    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=note)
    else:
        shutil.rmtree(path, onerror=lambda function, failed, info: note(function, failed, info[1]))
    if failures:
        warnings.append(f"could not remove {what} at {path} ({failures[0]}); the new site is published. "
                        f"Remove that folder by hand when convenient.")


def clean_leftovers(target: Path, warnings: list[str]) -> None:
    """Return kept files from abandoned working folders of ``target`` and remove those folders.

    A working folder is abandoned when the build that made it is gone (killed mid-way, or an old site that could
    not be removed). Failures to remove are warnings: a leftover never blocks a build.
    """
    for kind in ("new", "old"):
        for path in abandoned(target.parent, f".{target.name}.{kind}-"):
            if target.is_dir():
                carry_over(path, target)
            remove_tree(path, warnings, "a leftover of an earlier build")


def remove_abandoned(folder: Path, prefix: str) -> None:
    """Remove ``<prefix><pid>-…`` working folders whose build process is gone (killed mid-way)."""
    for path in abandoned(folder, prefix):
        shutil.rmtree(path, ignore_errors=True)


def abandoned(folder: Path, prefix: str) -> list[Path]:
    """``<prefix><pid>-…`` folders no running build owns: their process is gone, or it is this process (whose
    earlier build in the same process ended; the output lock keeps two of them from running at once)."""
    found = []
    for path in sorted(folder.glob(f"{prefix}*")):
        pid = path.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and (int(pid) == os.getpid() or not process_alive(int(pid))):
            found.append(path)
    return found


def process_alive(pid: int) -> bool:
    """Whether ``pid`` runs. A zombie does not: a build's background job killed with its build waits as one until
    some process reaps it, which in a container may be never."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except (OSError, IndexError):  # no /proc (not Linux): trust the signal
        return False


_RENAME_EXCHANGE = 2
_libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
_renameat2 = getattr(_libc, "renameat2", None)


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic step (Linux ``renameat2``); False where the system cannot."""
    if _renameat2 is None:
        return False
    at_cwd = -100
    result = _renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))
