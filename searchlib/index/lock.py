"""The build lock: one index build at a time per index directory.

Whoosh allows one writer per index, but a rebuild writes a *new* generation directory, so Whoosh's
own lock does not keep two builds apart. This lock does: an exclusive ``fcntl.flock`` on
``<index_dir>/LOCK``. The kernel drops a flock when its process dies, however it dies, so a build
killed with SIGKILL never leaves a lock that blocks the next one. The file also records who holds
it (pid, host, start time) — for the "another build is running" message, and so the next build can
tell that the previous one was killed (the record is still there although no one holds the lock)
and clean up after it.
"""

from __future__ import annotations

import errno
import fcntl
import json
import logging
import os
import socket
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from ..errors import IndexLocked

log = logging.getLogger(__name__)

LOCK_FILE = "LOCK"


def _describe(holder: dict[str, Any]) -> str:
    if not holder:
        return "holder unknown"
    started = holder.get("started")
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started)) if started else "?"
    return f"pid {holder.get('pid', '?')} on {holder.get('host', '?')}, started {when}"


class BuildLock:
    """An exclusive, non-reentrant lock on an index directory; use as a context manager.

    :param index_dir: the index directory (created when missing).
    :param wait: block until the lock is free instead of raising :class:`IndexLocked`.
    :param timeout: with ``wait``, give up after this many seconds (``None``: wait forever).

    After entering, :attr:`stale` holds the record of a build that died holding the lock (or
    ``None``): the caller should clean up what that build left behind.
    """

    def __init__(self, index_dir: Path, *, wait: bool = False, timeout: float | None = None):
        self.path = Path(index_dir) / LOCK_FILE
        self.wait = wait
        self.timeout = timeout
        self.stale: dict[str, Any] | None = None
        self._fd: int | None = None

    def holder(self) -> dict[str, Any]:
        """The record of the build that holds (or last held) the lock; ``{}`` when none."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8") or "{}")
        except (FileNotFoundError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _current_holder(self) -> dict[str, Any]:
        """The holder's record, allowing it a moment to write it: a build takes the flock first
        and writes its record just after, so a loser arriving in between would read nothing."""
        deadline = time.monotonic() + 1.0
        while not (holder := self.holder()) and time.monotonic() < deadline:
            time.sleep(0.02)
        return holder

    def _try_flock(self, fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                return False
            raise
        return True

    def acquire(self) -> BuildLock:
        """Take the lock.

        :raises IndexLocked: when another build holds it (and ``wait`` is false or timed out).
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = None if self.timeout is None else time.monotonic() + self.timeout
            while not self._try_flock(fd):
                if not self.wait or (deadline is not None and time.monotonic() >= deadline):
                    raise IndexLocked(
                        f"another build is running on {self.path.parent} "
                        f"({_describe(self._current_holder())}); retry later or use --wait"
                    )
                # Polling (rather than a blocking flock) keeps the timeout and Ctrl-C working.
                time.sleep(0.1)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        # A record left in the file means its writer died without releasing: a killed build.
        previous = self.holder()
        if previous:
            self.stale = previous
            log.warning("recovering from a build that did not finish (%s)", _describe(previous))
        record = {"pid": os.getpid(), "host": socket.gethostname(), "started": time.time()}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(record).encode("utf-8"), 0)
        os.fsync(fd)
        return self

    def release(self) -> None:
        """Clear the record and drop the lock."""
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)  # a clean exit leaves no record: nothing to recover
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> BuildLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
