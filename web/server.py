"""Serving the app for real: gunicorn, pre-fork worker processes of a few threads each.

gunicorn's arbiter (this process) binds the socket, forks ``workers`` processes and keeps them:
a worker that dies is replaced, one that stops checking in for ``timeout`` seconds (stuck) is
killed and replaced, ``SIGHUP`` starts fresh workers and retires the old ones gracefully once their
requests are answered, ``SIGTERM`` stops them all gracefully. Each worker builds its own app after
the fork (:func:`web.create_app`: its own live index, corpus view and caches, its own open index
files, since an open file shared across a fork would share its read offset) and serves it with
gunicorn's ``gthread`` worker: one thread accepting connections, ``threads`` answering requests.

Few threads per process: Python runs one thread of a process at a time (the GIL), and a search
releases it many times (file reads, numpy); each release hands the core to another thread, so a
process of 8 busy threads spent about twice the CPU per request of a single-threaded one (measured,
Flask test client, 1200 distinct queries: 2.4-3.0 ms with 1 thread, 4.3-4.6 ms with 4, 5.2-6.2 ms
with 8). One thread per process, on the other hand, lets one slow request hold up the connections
queued behind it; 4 is the default. A query's cost is bounded by :mod:`searchlib.search.budget`.

What is ours here: the options, and a worker whose own error responses (a malformed request line
or header, answered by gunicorn before the app sees it) carry the app's security headers.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.workers.gthread import ThreadWorker

log = logging.getLogger(__name__)

#: Seconds without a heartbeat after which gunicorn replaces a worker (its default).
TIMEOUT = 30

#: Seconds a worker has to finish its requests on SIGHUP or SIGTERM before it is killed.
GRACEFUL_TIMEOUT = 20


def _security_header_lines() -> bytes:
    from .errors import SECURITY_HEADERS

    return b"".join(f"{k}: {v}\r\n".encode("latin-1") for k, v in SECURITY_HEADERS.items())


class _HeaderedSocket:
    """A client socket whose error response gets the security headers before ``Connection``."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def sendall(self, data: bytes) -> None:
        if data.startswith(b"HTTP/1.1 "):
            data = data.replace(b"\r\nConnection:", b"\r\n" + _security_header_lines()
                                + b"Connection:", 1)
        self._sock.sendall(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class SecureThreadWorker(ThreadWorker):
    """gunicorn's ``gthread`` worker; its error pages carry the app's security headers."""

    def init_process(self) -> None:
        # Check in before booting (importing, opening the index), not only once serving:
        # gunicorn compares its heartbeat file's time with the monotonic clock, and until the
        # first check-in that file holds its creation's wall-clock time, far ahead of it, so a
        # worker that hangs while booting would never be found stuck.
        self.notify()
        super().init_process()

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        super().handle_error(req, _HeaderedSocket(client), addr, exc)


class Server(BaseApplication):  # type: ignore[misc]
    """gunicorn running ``make_app()`` with our options (no command line, no config file)."""

    def __init__(self, make_app: Callable[[], Any], options: dict[str, Any]) -> None:
        self.make_app = make_app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.make_app()


def check_address(host: str, port: int) -> None:
    """Bind ``host:port`` once: gunicorn would retry a busy port for seconds, then exit.

    :raises OSError: when the address cannot be bound (port in use, no such address).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))


def options(host: str, port: int, threads: int = 4, workers: int = 1,
            timeout: int = TIMEOUT) -> dict[str, Any]:
    """The gunicorn settings of ``searchlib serve``."""
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return {
        "bind": [bind],
        "workers": workers,
        "threads": threads,
        "worker_class": "web.server.SecureThreadWorker",
        "timeout": timeout,
        "graceful_timeout": GRACEFUL_TIMEOUT,
        "backlog": 1024,
        "proc_name": "searchlib",
        # gunicorn's own log (workers started, replaced) on stderr; no access log by default.
        "errorlog": "-",
        "loglevel": "info",
        # One control socket per user by default ($HOME/.gunicorn): two servers would share it.
        "control_socket_disable": True,
    }


def serve(make_app: Callable[[], Any], host: str, port: int, threads: int = 4,
          workers: int = 1, timeout: int = TIMEOUT) -> None:
    """Serve ``make_app()`` on ``host:port`` with ``workers`` processes of ``threads`` threads.

    :param make_app: builds the WSGI app; called once in each worker, after the fork.
    :param timeout: seconds after which a worker that stopped answering gunicorn is replaced.
    :raises OSError: when the address cannot be bound (port in use).
    """
    check_address(host, port)
    Server(make_app, options(host, port, threads, workers, timeout)).run()
