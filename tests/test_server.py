"""``searchlib serve`` on gunicorn, as processes: a stuck worker replaced, a graceful restart on
SIGHUP, gunicorn's own error pages with the security headers, costly queries beside cheap ones.

Every server listens on 127.0.0.1 only; every loop is bounded.
"""

# ruff: noqa: F811  (pytest fixtures imported from web_fixtures are parameters here)
from __future__ import annotations

import json
import os
import signal
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

from bench.serving import served_process
from searchlib.search.budget import BUSY_MESSAGE, SPENT_MESSAGE
from tests.test_budget import LONG_FUZZY, PREFIXES, TEN_FUZZY
from tests.web_fixtures import tiny_dirs  # noqa: F401
from web.errors import SECURITY_HEADERS


def _children(pid: int) -> set[int]:
    return {int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}


def _wait_for(condition, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.1)


def _get_json(url: str) -> tuple[int, dict]:
    """Status and JSON body; a failed connection is status 0 (threads must not raise)."""
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)
    except (OSError, ValueError) as e:
        return 0, {"error": repr(e)}


def test_a_stuck_worker_is_replaced_and_sighup_restarts_gracefully(tiny_dirs):
    corpus_dir, index_dir = tiny_dirs
    with served_process(corpus_dir, index_dir, threads=2, workers=2,
                        extra=("--timeout", "15")) as (base, proc):
        _wait_for(lambda: len(_children(proc.pid)) == 2)
        first = _children(proc.pid)
        stuck = min(first)
        os.kill(stuck, signal.SIGSTOP)  # alive but silent: what a hung worker looks like
        # gunicorn aborts it after --timeout, then kills it on its next check. The timeout also
        # bounds a worker's boot (importing and building the app), which a machine at load 8
        # stretched past 6 s: a shorter one kills every replacement before it is up.
        _wait_for(lambda: stuck not in _children(proc.pid) and len(_children(proc.pid)) == 2,
                  seconds=150.0)
        assert not Path(f"/proc/{stuck}").exists() or stuck not in _children(proc.pid)
        assert _get_json(base + "/search.json?q=Kostanay")[0] == 200

        # SIGHUP: new workers, the old ones retired; requests meanwhile all answered.
        before = _children(proc.pid)
        failures: list[str] = []
        stop = threading.Event()

        def ask() -> None:
            for _ in range(400):
                if stop.is_set():
                    return
                status, data = _get_json(base + "/search.json?q=Kostanay")
                if status != 200 or data["total"] < 2:
                    failures.append(f"{status} {data}")

        asker = threading.Thread(target=ask)
        asker.start()
        os.kill(proc.pid, signal.SIGHUP)
        _wait_for(lambda: len(_children(proc.pid)) == 2 and not _children(proc.pid) & before)
        stop.set()
        asker.join()
        assert failures == []
        assert proc.poll() is None


def test_an_invalid_request_line_gets_the_security_headers(tiny_dirs):
    corpus_dir, index_dir = tiny_dirs
    with served_process(corpus_dir, index_dir, threads=1, workers=1) as (base, _proc):
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"GARBAGE\r\n\r\n")
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
        head = answer.decode("latin-1").split("\r\n\r\n", 1)[0]
        assert head.startswith("HTTP/1.1 400 ")
        for name, value in SECURITY_HEADERS.items():
            assert f"\r\n{name}: {value}" in head


def test_costly_queries_beside_cheap_ones_all_answer_within_the_budget(real_corpus_dir,
                                                                      real_index_dir):
    costly = [LONG_FUZZY, PREFIXES, TEN_FUZZY, "e~2", "a" * 500, "OR ( ~ -Minsk NOT )",
              " OR ".join(LONG_FUZZY.split()[:30])]
    results: dict[str, list] = {"costly": [], "cheap": []}
    with served_process(real_corpus_dir, real_index_dir, threads=2, workers=2) as (base, _):
        def attack(query: str) -> None:
            # A distinct page each time: the results cache must not answer for the engine.
            for page in (1, 2, 3):
                url = f"{base}/search.json?q={quote(query)}&page={page}"
                results["costly"].append((query, *_get_json(url)))

        def cheap() -> None:
            for n in range(30):
                url = f"{base}/search.json?q=Kostanay&page={n % 3 + 1}&n=1"
                results["cheap"].append(_get_json(url))

        threads = [threading.Thread(target=attack, args=(q,)) for q in costly]
        threads.append(threading.Thread(target=cheap))
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        assert not any(t.is_alive() for t in threads)
    assert len(results["costly"]) == 3 * len(costly) and len(results["cheap"]) == 30
    assert all(status == 200 and data["ok"] for _, status, data in results["costly"])
    assert all(status == 200 and data["total"] >= 3 for status, data in results["cheap"])
    # Stopped by the budget (or by another costly search holding the worker's lane), said so:
    # sixty prefixes look up more terms than any search may. (The 45 fuzzy words of LONG_FUZZY
    # cost 0.15 s of CPU on a quick machine, under the 0.25 s bound, more on a busy one: whether
    # they are stopped is the machine's speed, not a rule; tests/test_budget.py stops them.)
    stopped = {q for q, _, data in results["costly"]
               if any(m in (data["message"] or "") for m in (SPENT_MESSAGE, BUSY_MESSAGE))}
    assert PREFIXES in stopped
    assert TEN_FUZZY not in stopped  # short words are not fuzzied: a cheap query


def test_a_worker_checks_in_before_it_boots(monkeypatch):
    # gunicorn finds a worker stuck when the monotonic clock is `timeout` past its heartbeat
    # file's time; until the first check-in that time is the file's wall-clock creation, so a
    # worker hanging while it boots was never found stuck (and this module's first test was flaky)
    from gunicorn.config import Config
    from gunicorn.workers.gthread import ThreadWorker

    from web.server import SecureThreadWorker

    seen: list[float] = []
    monkeypatch.setattr(ThreadWorker, "init_process",
                        lambda self: seen.append(time.monotonic() - self.tmp.last_update()))
    worker = SecureThreadWorker(0, os.getpid(), [], None, 15, Config(), None)
    try:
        assert time.monotonic() - worker.tmp.last_update() < -1000  # gunicorn's own state
        worker.init_process()
        assert len(seen) == 1 and 0 <= seen[0] < 15
    finally:
        worker.tmp.close()
