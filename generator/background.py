"""Work that needs the loaded site but nothing MkDocs makes of it, done on the other core meanwhile.

The Whoosh index of a build reads only the parsed regulations and the content pack; building it in a forked child
while MkDocs renders the pages takes it off the build's critical path (a fork shares the loaded site with the
child: nothing is pickled on the way in, only the result comes back).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable
from typing import Any

from .errors import PufaError


class BackgroundJobError(PufaError):
    """The background job failed; the message is its error (or its traceback, for a bug)."""


class ForkedJob:
    """``function(*args)`` running in a forked child; :meth:`result` waits for it. With ``fork=False``, or
    without ``fork`` (not on Linux/macOS), the function simply runs in the constructor: a process with threads
    (``mkdocs serve``) must not fork."""

    def __init__(self, function: Callable[..., Any], *args: Any, fork: bool = True) -> None:
        self._value: Any = None
        self._error: str | None = None
        self._process = None
        if not fork or "fork" not in multiprocessing.get_all_start_methods():
            self._run_here(function, args)
            return
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_run_and_send, args=(sender, os.getpid(), function, args),
                                        daemon=True)
        self._process.start()
        sender.close()

    def _run_here(self, function: Callable[..., Any], args: tuple) -> None:
        try:
            self._value = function(*args)
        except PufaError as error:
            self._error = str(error)

    def result(self) -> Any:
        """The function's return value.

        Raises:
            BackgroundJobError: the function raised (a PufaError's message, any other error's traceback), or the
                child died without an answer.
        """
        if self._process is not None:
            try:
                status, payload = self._receiver.recv()
                self._process.join()
            except EOFError:
                self._process.join()
                status, payload = "error", f"the background process ended with exit code {self._process.exitcode}"
            self._receiver.close()
            self._process = None
            self._value, self._error = (payload, None) if status == "ok" else (None, payload)
        if self._error is not None:
            raise BackgroundJobError(self._error)
        return self._value

    def abandon(self) -> None:
        """Stop waiting: the child is ended (a build that failed needs no index)."""
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._receiver.close()
            self._process = None


def _run_and_send(sender, parent: int, function: Callable[..., Any], args: tuple) -> None:
    _die_with(parent)
    try:
        sender.send(("ok", function(*args)))
    except PufaError as error:
        sender.send(("error", str(error)))
    except BaseException:  # noqa: BLE001 — a bug in the job is reported by the parent, with its traceback
        sender.send(("error", traceback.format_exc()))
    finally:
        sender.close()


_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """A killed build must not leave its child writing on (Linux: the kernel kills the child with its parent)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the child finishes its work, which nothing publishes
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
