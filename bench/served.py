"""Served requests/s: ``searchlib serve`` beside a minimal Flask + SQLite FTS5 app, same server.

Both apps run under the same server code (:func:`web.server.serve`: gunicorn, ``--workers``
processes of 4 threads sharing one socket) on 127.0.0.1, one after the other, on the same
paragraphs. The peer is the smallest honest search page: FTS5 ``MATCH``, ``bm25`` order,
``snippet()``, the top 10 rendered by a Jinja template (loaded by name, so compiled once, as a
Flask app's templates are: ``render_template_string`` recompiled it for every request, which made
the peer several times slower than it should be). The client (Python threads, keep-alive
connections) requests ``/search?q=...`` for the 25 queries of ``bench_search.py`` in rotation, so
after the first round searchlib answers from its results cache: this measures the page, not the
search. The client shares the machine's cores with the servers, the same for both apps; the load
alternates between the apps in rounds of :data:`ROUND` seconds, so that other processes' load on
the machine weighs on both. Before the servers start, :mod:`pages` measures a results page's CPU
before and after its fragments were kept, and its weight, in process.

    .venv/bin/python bench/served.py            # 10 s per app
    .venv/bin/python bench/served.py --quick    # 4 s per app (rounds of 2 s)

Writes ``bench/results/served.md`` and ``served.json`` (the README quotes its ratio).
"""

from __future__ import annotations

import argparse
import http.client
import json
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_search import QUERIES, build_fts, fts_query, load_books  # noqa: E402
from figures import update_readme  # noqa: E402
from pages import markdown, page_costs  # noqa: E402
from serving import free_port, served  # noqa: E402

PEER = r"""
import sqlite3, sys
from flask import Flask, render_template, request
from jinja2 import DictLoader
sys.path.insert(0, {repo!r})
sys.path.insert(0, {bench!r})
from bench_search import fts_query
from readers import FTS_SQL
from web.server import serve

PAGE = '''<!doctype html><title>{{{{ q }}}}</title><form><input name=q value="{{{{ q }}}}"></form>
<ol>{{% for id, snippet, score in hits %}}<li><a href="/p/{{{{ id }}}}">{{{{ id }}}}</a>
<p>{{{{ snippet | safe }}}}</p></li>{{% endfor %}}</ol>'''

def make_app():
    app = Flask(__name__)
    # A template Flask loads by name is compiled once (render_template_string compiles per call).
    app.jinja_loader = DictLoader({{"page.html": PAGE}})
    db = sqlite3.connect({db!r}, check_same_thread=False)
    @app.route("/search")
    def search():
        q = request.args.get("q", "")
        hits = db.execute(FTS_SQL, (fts_query(q),)).fetchall()
        return render_template("page.html", q=q, hits=hits)
    return app

serve(make_app, "127.0.0.1", int(sys.argv[1]), threads=4, workers=int(sys.argv[2]))
"""


#: Seconds of one round of load on one app.
ROUND = 2.0


def load(base: str, seconds: float, clients: int) -> tuple[int, int]:
    """(requests answered 200, errors) by ``clients`` keep-alive connections for ``seconds``."""
    host, port = base.removeprefix("http://").split(":")
    paths = [f"/search?q={quote(q)}" for q in QUERIES]
    counts = [[0, 0] for _ in range(clients)]
    stop = time.monotonic() + seconds

    def client(n: int) -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        i = n
        while time.monotonic() < stop:
            conn.request("GET", paths[i % len(paths)])
            response = conn.getresponse()
            response.read()
            counts[n][0 if response.status == 200 else 1] += 1
            i += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(c[0] for c in counts), sum(c[1] for c in counts)


def peer_server(db: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    code = PEER.format(repo=str(REPO), bench=str(REPO / "bench"), db=str(db))
    proc = subprocess.Popen([sys.executable, "-c", code, str(port), str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/search?q=" + quote(fts_query("Kostanay")))
            if conn.getresponse().status == 200:
                return proc, base
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError("the Flask + FTS5 app did not start") from None
            time.sleep(0.1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="4 s per app")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    seconds = 4.0 if args.quick else 10.0
    from searchlib.index.generations import build_index

    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        books, corpus = load_books(tmp)
        build_index(corpus, tmp / "index")
        build_fts(books, tmp / "fts.db")
        pages = page_costs(corpus, tmp / "index", **({"rounds": 3, "first_views": 2}
                                                     if args.quick else {}))
        ours, theirs = [0, 0], [0, 0]
        with served(corpus, tmp / "index", threads=4, workers=args.workers) as base:
            proc, peer_base = peer_server(tmp / "fts.db", args.workers)
            try:
                load(base, 1.0, args.clients)  # warm-up: every worker opens its index
                load(peer_base, 1.0, args.clients)
                # Rounds alternate between the apps, so that a change of load on the machine
                # (other processes) weighs on both.
                for _ in range(round(seconds / ROUND)):
                    for total, url in ((ours, base), (theirs, peer_base)):
                        answered, failed = load(url, ROUND, args.clients)
                        total[0] += answered
                        total[1] += failed
            finally:
                proc.terminate()
                proc.wait(timeout=10)
    rate, peer_rate = ours[0] / seconds, theirs[0] / seconds
    data = {"produced": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "workers": args.workers, "clients": args.clients, "seconds": seconds,
            "searchlib": rate, "peer": peer_rate, "ratio": round(rate / peer_rate, 2),
            "errors": [ours[1], theirs[1]], "pages": pages}
    out = REPO / "bench" / "results" / "served.md"
    out.write_text(
        f"# Served requests/s: searchlib vs a minimal Flask + FTS5 app\n\n"
        f"Produced by `bench/served.py` on {platform.node()}, {data['produced']}: "
        f"{args.workers} workers × 4 threads each (`web.server.serve`: gunicorn), "
        f"{args.clients} keep-alive connections for {seconds:.0f} s per app in rounds of "
        f"{ROUND:.0f} s alternating between the apps, the 25 queries of "
        f"`bench_search.py` in rotation.\n\n"
        f"| app | requests/s | errors |\n|---|---|---|\n"
        f"| searchlib | {rate:.0f} | {ours[1]} |\n| Flask + FTS5 | {peer_rate:.0f} | "
        f"{theirs[1]} |\n\nratio (searchlib / peer): {rate / peer_rate:.2f}\n\n"
        + markdown(pages),
        encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    update_readme(REPO / "README.md")
    print(out.read_text(encoding="utf-8"))
    if pages.get("ratios"):
        print(f"results page CPU ratio (after / before): {pages['ratios']['kept']:.2f}")
    print(f"served requests/s ratio: {rate / peer_rate:.2f}")


if __name__ == "__main__":
    main()
