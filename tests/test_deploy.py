"""Where people put the output: a web server running as another user, a Pages checkout, a symbolic link to the web
root, a disk that fills up, a folder that cannot be written, and two builds started at once.

Each test runs the real ``pufa build`` as a process on a small site of our own (one made-up regulation), so it
says what a user sees. Tests that need to mount a file system (a full disk, a read-only folder, an old site that
cannot be removed) run as root, as CI does, and are skipped with the reason elsewhere.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.lock import output_lock
from tests.helpers import pufa_environment, small_project, tree_digest, write_files

@pytest.fixture
def project(tmp_path) -> Path:
    """A small pufa project: mkdocs.yml, a home page and a 6-article regulation."""
    return small_project(tmp_path / "project")


def pufa(project: Path, *args: str, umask: int = 0o022, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=project, env=pufa_environment(),
                          capture_output=True, text=True, timeout=timeout, preexec_fn=lambda: os.umask(umask))


def build(project: Path, *args: str, umask: int = 0o022) -> subprocess.CompletedProcess:
    result = pufa(project, "build", *args, umask=umask)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result


def needs_mount():
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("needs root and mount(8) to make a full or read-only file system (CI runs as root)")


class mounted:
    """A small tmpfs at ``path`` for the duration of the block (``options`` as for mount -o)."""

    def __init__(self, path: Path, options: str):
        self.path, self.options = path, options

    def __enter__(self) -> Path:
        self.path.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", self.options, "tmpfs", str(self.path)], check=True)
        return self.path

    def __exit__(self, *exc):
        subprocess.run(["umount", "-l", str(self.path)], check=False)


def modes(folder: Path) -> set[tuple[str, int]]:
    """(kind, permission bits) of the folder and everything under it."""
    found = {("dir", stat.S_IMODE(folder.stat().st_mode))}
    for path in folder.rglob("*"):
        if not path.is_symlink():
            found.add(("dir" if path.is_dir() else "file", stat.S_IMODE(path.stat().st_mode)))
    return found


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_output_modes_follow_the_umask(project, umask):
    """The site and the index are created like ``mkdocs build`` does (0777/0666 less the umask), never 0700: a web
    server running as another user must be able to read them."""
    build(project, umask=umask)
    expected = {("dir", 0o777 & ~umask), ("file", 0o666 & ~umask)}
    assert modes(project / "site") == expected
    assert modes((project / ".pufa-index").resolve()) <= expected


def test_a_pages_checkout_keeps_its_files(project):
    """Dot-files (``.git``, ``.nojekyll``) and ``CNAME`` in the output folder survive every build, as with plain
    MkDocs; a stale page that the build no longer writes is gone."""
    build(project)
    site = project / "site"
    kept = {".git/HEAD": "ref: refs/heads/gh-pages\n", ".git/objects/ab/cdef": "object", ".nojekyll": "",
            "CNAME": "pufa.example.org\n"}
    write_files(site, {**kept, "stale.html": "old page"})
    build(project)
    build(project)
    assert {name: (site / name).read_text() for name in kept} == kept
    assert not (site / "stale.html").exists()
    assert (site / "tiaoli" / "shifan" / "1" / "index.html").is_file()


def test_a_symlinked_site_publishes_into_the_web_root(project, tmp_path):
    """``site -> /srv/www/html``: the link stays, the web root itself gets the new site (and keeps its .git), and
    later builds keep working."""
    web_root = write_files(tmp_path / "srv" / "www" / "html", {"index.html": "old web root", ".git/HEAD": "x"})
    (project / "site").symlink_to(web_root)
    for _ in range(2):
        build(project)
        assert (project / "site").is_symlink() and os.readlink(project / "site") == str(web_root)
        assert "示范普法" in (web_root / "index.html").read_text(encoding="utf-8")
        assert (web_root / ".git" / "HEAD").read_text() == "x"
        assert (web_root / "tiaoli" / "shifan" / "index.html").is_file()
    leftovers = [path.name for path in web_root.parent.iterdir() if path.name != "html"]
    assert leftovers == []


def test_an_old_site_that_cannot_be_removed_never_blocks_a_build(project, tmp_path):
    """The previous site holds a read-only file system: removing it fails. The build names that path and why,
    publishes the new site, and the next build succeeds too (the leftover is reported, not fatal)."""
    needs_mount()
    build(project)
    locked = project / "site" / "locked"
    with mounted(locked, "size=1m"):
        (locked / "kept.txt").write_text("cannot be deleted")
        subprocess.run(["mount", "-o", "remount,ro", str(locked)], check=True)
        try:
            first = build(project)
            assert "could not remove the previous site at" in first.stderr
            assert "Read-only file system" in first.stderr
            assert not (project / "site" / "locked").exists()  # the new site is published
            second = build(project)
            assert "could not remove a leftover of an earlier build" in second.stderr
            assert (project / "site" / "index.html").is_file()
        finally:
            for leftover in project.glob(".site.*"):
                subprocess.run(["umount", "-l", str(leftover / "locked")], check=False)


def test_a_second_build_waits_for_the_first_and_names_it(project):
    """While another process holds the output folder's lock, a build says whose lock it waits for, waits, and then
    completes."""
    build(project)
    with output_lock(project):
        process = subprocess.Popen([sys.executable, "-m", "generator", "build"], cwd=project, env=pufa_environment(),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(4)
        assert process.poll() is None, "the second build did not wait for the lock"
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, out + err
    assert f"another pufa build (PID {os.getpid()})" in err


def test_two_builds_at_once_leave_a_working_index(project):
    """Rounds of two simultaneous builds: afterwards the index link points at a complete generation and
    ``pufa search`` answers; at most two generations are kept."""
    for _ in range(4):
        processes = [subprocess.Popen([sys.executable, "-m", "generator", "build"], cwd=project,
                                      env=pufa_environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True) for _ in range(2)]
        for process in processes:
            out, err = process.communicate(timeout=300)
            assert process.returncode == 0, out + err
        link = project / ".pufa-index"
        assert (link.resolve() / "pufa-index.json").is_file()
        search = pufa(project, "search", "第一条", "--json")
        assert search.returncode == 0, search.stderr
        assert json.loads(search.stdout)[0]["article"] == 1
        assert len(list(project.glob(".pufa-index.[0-9]*"))) <= 2
        assert list(project.glob(".site.*")) == []


def test_a_full_disk_names_the_output_and_keeps_the_site(project, tmp_path):
    """No space left while writing: one line naming the folder the user chose, what happened and what to do; the
    site already there is unchanged."""
    needs_mount()
    with mounted(tmp_path / "disk", "size=24m") as disk:
        build(project, "-d", str(disk / "site"))
        before = tree_digest(disk / "site")
        free = shutil.disk_usage(disk).free
        (disk / "filler").write_bytes(b"\0" * max(free - 256 * 1024, 0))
        result = pufa(project, "build", "-d", str(disk / "site"))
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert f"{disk / 'site'}: cannot write the site: No space left on device" in result.stderr
        assert "Hint: free space on that disk, or build elsewhere with -d DIR." in result.stderr
        assert tree_digest(disk / "site") == before
        assert not list(disk.glob(".site.*"))


def test_a_read_only_output_folder_is_named(project, tmp_path):
    """A folder that cannot be written: the message names the output the user chose and says it must be writable."""
    needs_mount()
    with mounted(tmp_path / "readonly", "ro,size=1m") as folder:
        result = pufa(project, "build", "-d", str(folder / "site"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{folder / 'site'}: cannot write the site: Read-only file system" in result.stderr
    assert "must be writable" in result.stderr
