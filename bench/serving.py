"""Start ``searchlib serve`` as a subprocess on a free 127.0.0.1 port (browser test, load check)."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

#: How much of the server's log a failure shows (its end: the arbiter's latest decisions).
LOG_TAIL = 20_000


def _read(log: IO[bytes]) -> str:
    log.seek(0)
    return log.read().decode(errors="replace")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(corpus_dir: Path, index_dir: Path, threads: int = 4,
           workers: int = 1) -> Iterator[str]:
    """``searchlib serve`` on a free port; yields its base URL and stops it on exit."""
    with served_process(corpus_dir, index_dir, threads, workers) as (base, _proc):
        yield base


@contextmanager
def served_process(corpus_dir: Path, index_dir: Path, threads: int = 4, workers: int = 1,
                   extra: tuple[str, ...] = ()) -> Iterator[tuple[str, subprocess.Popen]]:
    """``searchlib serve`` on a free port (``extra`` options added); yields its base URL and its
    process (gunicorn's arbiter, whose children are the workers) and stops it on exit."""
    port = free_port()
    cmd = [sys.executable, "-m", "searchlib", "serve", "--corpus", str(corpus_dir),
           "--index", str(index_dir), "--port", str(port), "--threads", str(threads),
           "--workers", str(workers), *extra]
    # The server's log goes to a file: an unread pipe would fill up and block the server.
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"searchlib serve did not start: {_read(log)}") from None
                time.sleep(0.1)
        try:
            yield base, proc
        except BaseException:
            # The server's side of a failed check (pytest shows what a failing test printed).
            print(f"searchlib serve's log:\n{_read(log)[-LOG_TAIL:]}", file=sys.stderr)
            raise
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
