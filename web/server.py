"""Serving the app for real: waitress, in one process or in several sharing one socket.

Python runs one thread of a process at a time (the GIL), so one waitress process uses one core
however many threads it has. :func:`serve` binds the listening socket once, then forks
``workers`` processes that each build their own app (:func:`web.create_app`: their own live
index, corpus view and caches, their own open index files — an open file shared across a fork
would share its read offset) and serve the same socket with waitress's threads; the kernel hands
each new connection to one of them. The parent only supervises: it restarts a worker that dies
and stops them all on SIGTERM or Ctrl-C. ``workers=1`` serves in the calling process.

Few threads per process: a search releases the GIL many times (file reads, numpy), and each
release hands the core to another thread, so a process of 8 busy threads spent about twice the
CPU per request of a single-threaded one (measured, Flask test client, 1200 distinct queries:
2.4-3.0 ms with 1 thread, 4.3-4.6 ms with 4, 5.2-6.2 ms with 8). One thread per process, on the
other hand, lets one slow request hold up the connections queued behind it; 4 is the default.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

#: A worker that dies sooner than this after its start is not restarted (it would die again).
MIN_LIFETIME = 5.0


class _Stop(Exception):
    """SIGTERM or SIGINT reached the supervisor."""


def listening_socket(host: str, port: int, backlog: int = 1024) -> socket.socket:
    """A TCP socket bound to ``host:port`` and listening, ready to be shared by workers."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(backlog)
    except OSError:
        sock.close()  # the caller reports the error; the socket must not leak
        raise
    sock.setblocking(False)
    return sock


def _run_waitress(make_app: Callable[[], Any], sock: socket.socket, threads: int) -> None:
    from waitress import serve as waitress_serve

    waitress_serve(make_app(), sockets=[sock], threads=threads, ident="searchlib",
                   backlog=1024)


def _die_with_parent() -> None:
    # Linux: a worker must not outlive a supervisor killed with SIGKILL (it would keep the port).
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _spawn(make_app: Callable[[], Any], sock: socket.socket, threads: int) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 0
    try:
        _die_with_parent()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        _run_waitress(make_app, sock, threads)
    except BaseException:
        log.exception("worker %d failed", os.getpid())
        code = 1
    finally:
        os._exit(code)


def serve(make_app: Callable[[], Any], host: str, port: int, threads: int = 4,
          workers: int = 1) -> None:
    """Serve ``make_app()`` on ``host:port`` with ``workers`` processes of ``threads`` threads.

    :param make_app: builds the WSGI app; called once in each worker, after the fork.
    :raises OSError: when the address cannot be bound (port in use).
    """
    sock = listening_socket(host, port)
    if workers <= 1:
        _run_waitress(make_app, sock, threads)
        return

    def stop(signum: int, frame: Any) -> None:
        # Raising ends the blocking waitpid below (Python retries a call a handler returns from).
        raise _Stop

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    started: dict[int, float] = {}
    try:
        for _ in range(workers):
            started[_spawn(make_app, sock, threads)] = time.monotonic()
        log.info("%d workers of %d threads each: %s", workers, threads, sorted(started))
        while started:
            pid, status = os.waitpid(-1, 0)
            born = started.pop(pid, None)
            if born is None:
                continue
            lived = time.monotonic() - born
            log.warning("worker %d exited (status %d) after %.1f s", pid, status, lived)
            if lived >= MIN_LIFETIME:
                started[_spawn(make_app, sock, threads)] = time.monotonic()
    except (_Stop, ChildProcessError):
        pass
    finally:
        for pid in started:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for pid in started:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        sock.close()
