"""ForkedJob: work done in a forked child while the build goes on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.background import BackgroundJobError, ForkedJob
from generator.errors import PufaError


def _pid_and_sum(*numbers: int) -> tuple[int, int]:
    return os.getpid(), sum(numbers)


def _fails_cleanly() -> None:
    raise PufaError("the index folder is read-only", path="x/.pufa-index")


def _has_a_bug() -> None:
    return {}["missing"]


def _dies() -> None:
    os._exit(3)


def test_the_result_comes_back_from_another_process():
    pid, total = ForkedJob(_pid_and_sum, 1, 2, 3).result()
    assert total == 6 and pid != os.getpid()


def test_without_fork_the_job_runs_here():
    pid, total = ForkedJob(_pid_and_sum, 4, 5, fork=False).result()
    assert (pid, total) == (os.getpid(), 9)


@pytest.mark.parametrize("fork", [True, False])
def test_a_pufa_error_keeps_its_message(fork):
    with pytest.raises(BackgroundJobError, match="x/.pufa-index: the index folder is read-only"):
        ForkedJob(_fails_cleanly, fork=fork).result()


def test_a_bug_comes_back_with_its_traceback():
    with pytest.raises(BackgroundJobError, match=r"(?s)Traceback.*KeyError: 'missing'"):
        ForkedJob(_has_a_bug).result()


def test_a_child_that_dies_is_an_error_not_a_hang():
    with pytest.raises(BackgroundJobError, match="exit code 3"):
        ForkedJob(_dies).result()


CHILD_OF_KILLED_PARENT = """
import os, sys, time
sys.path.insert(0, {root!r})
from generator.background import ForkedJob

def write_later(path):
    time.sleep(3)
    open(path, "w").write("written")

job = ForkedJob(write_later, {marker!r})
print(job._process.pid, flush=True)
time.sleep(30)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_the_child_dies_with_a_killed_parent(tmp_path):
    """A SIGKILLed build must not leave its child writing an index on (Linux: PR_SET_PDEATHSIG)."""
    marker = tmp_path / "marker"
    root = str(Path(__file__).resolve().parents[2])
    parent = subprocess.Popen([sys.executable, "-c", CHILD_OF_KILLED_PARENT.format(root=root, marker=str(marker))],
                              stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    time.sleep(4)
    assert not marker.exists()
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_zombie_owns_no_working_folder(tmp_path):
    """A background job killed with its build may stay a zombie (nobody reaps it in a container): its working
    folder is abandoned all the same, and the next build removes it."""
    from generator.atomic import abandoned, process_alive

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 30
    while Path(f"/proc/{child.pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0] != b"Z":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    (tmp_path / f".pufa-index.tmp-{child.pid}-abcd").mkdir()
    (tmp_path / f".pufa-index.tmp-{os.getppid()}-abcd").mkdir()  # pytest's parent runs: not abandoned
    try:
        assert not process_alive(child.pid)
        assert [path.name for path in abandoned(tmp_path, ".pufa-index.tmp-")] == [f".pufa-index.tmp-{child.pid}-abcd"]
    finally:
        child.wait()
