"""Serving many requests: searchers lent by the live index's pool, reused, retired on rebuilds."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from bench.serving import free_port
from searchlib.corpus import load_book, write_corpus
from searchlib.index import build_index
from searchlib.index.live import LiveIndex
from tests.web_fixtures import write_tiny_corpus
from web import create_app


def _tiny_index(tmp_path):
    corpus_dir = write_tiny_corpus(tmp_path / "corpus")
    build_index(corpus_dir, tmp_path / "index")
    return corpus_dir, tmp_path / "index"


def test_pool_lends_one_searcher_per_borrower_and_reuses_it(tmp_path):
    _corpus, index_dir = _tiny_index(tmp_path)
    live = LiveIndex(index_dir)
    first = live.acquire()
    second = live.acquire()  # the first is still lent: a borrower never shares a searcher
    assert second is not first
    live.release(first)
    live.release(second)
    again = [live.acquire(), live.acquire()]
    assert {id(s) for s in again} == {id(first), id(second)}
    for searcher in again:
        live.release(searcher)
    live.close()
    assert first.is_closed and second.is_closed


def test_pool_retires_the_old_generation_after_a_rebuild(tmp_path):
    corpus_dir, index_dir = _tiny_index(tmp_path)
    live = LiveIndex(index_dir)
    idle, busy = live.acquire(), live.acquire()
    live.release(idle)
    old = live.generation
    build_index(corpus_dir, index_dir, force=True)
    fresh = live.acquire()
    assert live.generation != old and fresh is not idle and fresh is not busy
    assert idle.is_closed  # idle searchers of the old generation are closed at the switch
    # A request still running on the old generation finishes; its searcher is closed after.
    assert busy.doc_count() == fresh.doc_count()
    live.release(busy)
    assert busy.is_closed
    live.release(fresh)
    assert live.acquire() is fresh and not fresh.is_closed
    live.release(fresh)
    live.close()


def test_a_failed_request_does_not_return_its_searcher_to_the_pool(tmp_path):
    _corpus, index_dir = _tiny_index(tmp_path)
    live = LiveIndex(index_dir)
    try:
        with live.borrowed() as searcher:
            raise RuntimeError("request failed")
    except RuntimeError:
        pass
    assert searcher.is_closed
    with live.borrowed() as other:
        assert other is not searcher and not other.is_closed
    live.close()


def test_concurrent_requests_during_rebuilds_all_answer(tmp_path):
    corpus_dir, index_dir = _tiny_index(tmp_path)
    app = create_app({"TESTING": True, "CORPUS_DIR": corpus_dir, "INDEX_DIR": index_dir})
    failures: list[str] = []
    answered: list[int] = []
    stop = threading.Event()

    def reader() -> None:
        client = app.test_client()
        while not stop.is_set():
            response = client.get("/search.json?q=Kostanay")
            data = response.get_json()
            if response.status_code != 200 or data["total"] < 2:
                failures.append(f"{response.status_code} {data}")
            answered.append(1)
            time.sleep(0.002)  # leave the builds some of the GIL

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    b2 = load_book(corpus_dir / "ingested", "b2")
    for n in range(3):
        b2.chapters[0].paragraphs[1].text = f"Une usine de lin numéro {n} ouvre à Vitebsk."
        write_corpus([b2], corpus_dir / "ingested")
        build_index(corpus_dir, index_dir)
    stop.set()
    for t in threads:
        t.join()
    assert failures == [] and len(answered) > 10
    data = app.test_client().get("/search.json?q=Vitebsk").get_json()
    assert "numéro 2" in data["hits"][0]["text"]


def _children(pid: int) -> set[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return {int(p) for p in path.read_text().split()}


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_serve_workers_share_the_port_follow_rebuilds_and_stop_together(tmp_path):
    corpus_dir, index_dir = _tiny_index(tmp_path)
    port = free_port()
    command = [sys.executable, "-m", "searchlib", "serve", "--corpus", str(corpus_dir),
               "--index", str(index_dir), "--port", str(port), "--workers", "2",
               "--threads", "2"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=2).close()
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.1)
        workers = _children(proc.pid)
        assert len(workers) == 2

        def ids(query: str) -> tuple[str, ...]:
            with urllib.request.urlopen(f"{base}/search.json?q={query}", timeout=10) as r:
                return tuple(h["id"] for h in json.load(r)["hits"])

        # Many requests, each on a new connection, so that both workers open the index.
        assert {ids("Kostanay") for _ in range(20)} == {("b1.c01.p001", "b2.c01.p001")}
        assert {ids("Vitebsk") for _ in range(20)} == {()}
        b2 = load_book(corpus_dir / "ingested", "b2")
        b2.chapters[0].paragraphs[1].text = "Une usine de lin ouvre à Vitebsk."
        write_corpus([b2], corpus_dir / "ingested")
        build_index(corpus_dir, index_dir)
        # Every worker follows the new generation without a restart.
        assert {ids("Vitebsk") for _ in range(20)} == {("b2.c01.p002",)}
        assert all(_rss_mb(pid) < 100 for pid in workers)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists()


def test_notes_are_rendered_once_per_corpus_version_and_the_memo_is_bounded(tmp_path,
                                                                            monkeypatch):
    import web.corpus
    from tests.web_fixtures import BELTA

    corpus_dir, index_dir = _tiny_index(tmp_path)
    app = create_app({"TESTING": True, "CORPUS_DIR": corpus_dir, "INDEX_DIR": index_dir})
    client = app.test_client()

    def live_view() -> web.corpus.CorpusView:
        with app.test_request_context():
            return web.corpus.corpus_view()

    first = client.get("/search?q=tracteurs").get_data(as_text=True)
    view = live_view()
    notes = {k[2:4]: html for k, html in view.memo.items() if k[0] == "note"}
    assert set(notes) == {("b1", 1), ("b2", 1)} and BELTA in notes["b1", 1]
    # The same note on another page is the same HTML, rendered once.
    second = client.get("/search?q=tracteurs&book=b1").get_data(as_text=True)
    assert str(notes["b1", 1]) in first and str(notes["b1", 1]) in second
    assert len([k for k in view.memo if k[0] == "note"]) == 2
    assert live_view() is view
    # A new generation gives a new view, with an empty memo (here bounded to 5 entries).
    monkeypatch.setattr(web.corpus, "MEMO_SIZE", 5)
    b1 = load_book(corpus_dir / "ingested", "b1")
    write_corpus([b1], corpus_dir / "ingested")
    build_index(corpus_dir, index_dir, force=True)  # same corpus: a new generation all the same
    client.get("/search?q=tracteurs")
    fresh = live_view()
    assert fresh is not view
    # Filter values come from the browser: past MEMO_SIZE the least recently used go.
    for year in range(2000, 2012):
        assert client.get(f"/search?q=tracteurs&year={year}").status_code == 200
    assert 0 < len(fresh.memo) <= 5
