"""Load check: ``searchlib serve`` under concurrent searches while ``searchlib rebuild`` runs.

Copies the real books into a temporary corpus, ingests and indexes them there, starts the server
(gunicorn, ``--workers`` processes of ``--threads`` threads) on a free 127.0.0.1 port, then sends
``--clients`` keep-alive connections of requests for ``/search?q=...`` (the HTML results page,
with snippets, sources and facets) for ``--seconds``, once per query mix:

``distinct``
    thousands of different queries (words of the books, and pairs of words that follow each other
    in a paragraph), each requested **once**: no answer can come from the web app's results cache,
    so this is the rate of real searches.
``repeat``
    16 queries in rotation: after the first round nearly every answer comes from the results cache
    (per index generation), so this is the rate of rendering pages.

Meanwhile ``searchlib rebuild`` runs again and again in another process, switching the live index
generation and rewriting the corpus under the server. The load generator is ``wrk`` (C, one
thread per core, Lua script below) when installed, so that the client does not eat the server's
CPU; otherwise Python threads. Reports requests/s, latency percentiles and errors (a status other
than 200, a page with neither hits nor the no-result message, or a failed connection), and writes
``bench/results/load.md``.

Usage::

    .venv/bin/python bench/load.py            # 20 s per mix, 16 connections
    .venv/bin/python bench/load.py --quick    # 5 s per mix
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from serving import served  # noqa: E402

#: The repeating mix.
QUERIES = ["Kostanay", "tracteurs", "Gomel", "coopération régionale", '"zone économique libre"',
           "exportations Kazakhstan", "Minsk OR Vitebsk", "investissements", "lait", "tracteur*",
           "un district un projet", "Union économique eurasiatique", "belta", "Ouzbékistan",
           "agriculture", "Kostanai"]


#: How many distinct queries the ``distinct`` mix draws (more than a run can send).
DISTINCT = 40_000


def distinct_queries(corpus: Path, count: int = DISTINCT, seed: int = 7) -> list[str]:
    """Queries a reader might type, all different: book words, and adjacent word pairs."""
    from searchlib.corpus import load_corpus

    words: set[str] = set()
    pairs: set[str] = set()
    for book in load_corpus(corpus):
        for paragraph in book.paragraphs():
            tokens = [w.lower() for w in re.findall(r"\w{4,}", paragraph.text) if not w.isdigit()]
            words.update(tokens)
            pairs.update(f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False))
    queries = sorted(words) + sorted(pairs)
    random.Random(seed).shuffle(queries)
    return queries[:count]


def prepare(root: Path) -> tuple[Path, Path]:
    """A copy of the real corpus, ingested and indexed under ``root``."""
    from bench_search import load_books  # the same copy of the corpus as the search bench

    from searchlib.corpus import write_corpus
    from searchlib.index import build_index

    books, corpus = load_books(root)
    write_corpus(books, corpus / "ingested")
    build_index(corpus, root / "index")
    return corpus, root / "index"


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def add(self, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if error:
                self.errors.append(error)


def _bad(status: int, body: bytes) -> bool:
    return status != 200 or (b'class="hit"' not in body and b"Aucun" not in body)


def client(base: str, paths: list[str], stop: threading.Event, stats: Stats, offset: int,
           stride: int) -> None:
    """One keep-alive connection requesting ``paths[offset::stride]`` (cycling) until ``stop``."""
    host = urlsplit(base)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    i = offset
    while not stop.is_set():
        path = paths[i % len(paths)]
        i += stride
        started = time.perf_counter()
        error = None
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            if _bad(response.status, response.read()):
                error = f"{response.status} {path}"
        except (OSError, http.client.HTTPException) as e:
            error = f"{type(e).__name__}: {e} {path}"
            conn.close()
            conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
        stats.add(time.perf_counter() - started, error)
    conn.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def python_load(base: str, paths: list[str], seconds: float, clients: int) -> dict[str, Any]:
    stats, stop = Stats(), threading.Event()
    workers = [threading.Thread(target=client, args=(base, paths, stop, stats, n, clients))
               for n in range(clients)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    time.sleep(seconds)
    stop.set()
    for w in workers:
        w.join()
    lat = stats.latencies
    return {
        "requests": len(lat), "seconds": time.perf_counter() - started,
        "p50_ms": percentile(lat, 50) * 1000, "p90_ms": percentile(lat, 90) * 1000,
        "p99_ms": percentile(lat, 99) * 1000, "max_ms": max(lat) * 1000,
        "errors": len(stats.errors), "error_samples": stats.errors[:5],
    }


# Each wrk thread takes every n-th path from its own start, so no path is sent twice until all
# have been; ``response`` checks each page like the Python client does.
WRK_SCRIPT = r"""
local threads, n = {}, 0
function setup(thread) thread:set("id", n); n = n + 1; table.insert(threads, thread) end
function init(args)
  paths = {}
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  stride, i, bad = tonumber(args[2]), id, 0
end
function request()
  local path = paths[(i % #paths) + 1]
  i = i + stride
  return wrk.format("GET", path)
end
function response(status, headers, body)
  if status ~= 200 or (not body:find('class="hit"', 1, true) and not body:find("Aucun", 1, true))
  then bad = bad + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("bad") end
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "us": %d, "p50": %d, "p90": %d, "p99": %d, "max": %d, ' ..
    '"bad": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, bad, e.connect, e.read, e.write, e.timeout))
end
"""


def wrk_load(base: str, paths: list[str], seconds: float, clients: int) -> dict[str, Any]:
    threads = min(2, clients)
    with tempfile.TemporaryDirectory(prefix="searchlib-wrk-") as tmp:
        script, listing = Path(tmp) / "mix.lua", Path(tmp) / "paths.txt"
        script.write_text(WRK_SCRIPT, encoding="utf-8")
        listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
        out = subprocess.run(
            ["wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds:g}s", "--timeout", "30s",
             "-s", str(script), base, "--", str(listing), str(threads)],
            capture_output=True, text=True, check=True,
        ).stdout
    data = json.loads(out[out.index("WRK ") + 4 :].splitlines()[0])
    errors = data["bad"] + data["connect"] + data["read"] + data["write"] + data["timeout"]
    return {
        "requests": data["requests"], "seconds": data["us"] / 1e6,
        "p50_ms": data["p50"] / 1000, "p90_ms": data["p90"] / 1000, "p99_ms": data["p99"] / 1000,
        "max_ms": data["max"] / 1000, "errors": errors, "error_samples": [],
    }


def rebuilder(corpus: Path, index: Path, stop: threading.Event, codes: list[int]) -> None:
    cmd = [sys.executable, "-m", "searchlib", "rebuild", "-q", "--wait",
           "--corpus", str(corpus), "--index", str(index)]
    while not stop.is_set():
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        codes.append(done.returncode)


def run(seconds: float, clients: int, threads: int, workers: int, rebuild: bool,
        use_wrk: bool) -> list[dict[str, Any]]:
    """One result per query mix (``distinct`` then ``repeat``), each during rebuilds."""
    load = wrk_load if use_wrk else python_load
    rows = []
    with tempfile.TemporaryDirectory(prefix="searchlib-load-") as tmp:
        corpus, index = prepare(Path(tmp))
        mixes = {"distinct": distinct_queries(corpus), "repeat": QUERIES}
        with served(corpus, index, threads=threads, workers=workers) as base:
            # Warm up (opens the index, loads the corpus) on queries of neither mix.
            python_load(base, ["/search?q=" + quote(q) for q in ("usine", "Minsk")], 1.0, 1)
            for name, queries in mixes.items():
                paths = ["/search?q=" + quote(q) for q in queries]
                stop, codes = threading.Event(), []
                loop = threading.Thread(target=rebuilder, args=(corpus, index, stop, codes))
                if rebuild:
                    loop.start()
                try:
                    result = load(base, paths, seconds, clients)
                finally:
                    # Also on a failed load: a rebuild loop left running would never end.
                    stop.set()
                    if rebuild:
                        loop.join()
                n = result["requests"]
                result.update(
                    mix=name, distinct=len(queries), rps=n / result["seconds"],
                    rebuilds=len(codes), rebuild_codes=sorted(set(codes)),
                    # A query is computed at least once per generation it is asked of; at most
                    # ``requests - distinct × generations`` answers came from the cache.
                    cache_hits_at_most=max(0, n - len(queries) * (len(codes) + 1)),
                )
                rows.append(result)
    return rows


def report(rows: list[dict[str, Any]], clients: int, threads: int, workers: int,
           generator: str, load_before: float) -> str:
    lines = [
        "| mix | distinct queries | requests | searches/s | p50 ms | p90 ms | p99 ms | max ms "
        "| errors | cache hits (at most) | rebuilds (exit codes) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['mix']} | {r['distinct']} | {r['requests']} | {r['rps']:.1f} "
            f"| {r['p50_ms']:.1f} | {r['p90_ms']:.1f} | {r['p99_ms']:.1f} | {r['max_ms']:.1f} "
            f"| {r['errors']} | {r['cache_hits_at_most']} | {r['rebuilds']} {r['rebuild_codes']} |"
        )
    table = "\n".join(lines)
    return f"""# Load check: `searchlib serve` during `searchlib rebuild`

Produced by `bench/load.py` on {platform.node()} ({platform.machine()}, {os.cpu_count()} cores,
Python {platform.python_version()}), {time.strftime("%Y-%m-%d %H:%M")}. The load generator
({generator}), the server and the rebuild loop share the machine (load average before the run:
{load_before:.1f}, after: {os.getloadavg()[0]:.1f}; other work on the machine lowers the rates).

{clients} keep-alive connections request the HTML results page `/search?q=...` (snippets, sources,
facets) from `searchlib serve --workers {workers} --threads {threads}` (gunicorn: {workers}
process(es) of {threads} threads on one socket) on 127.0.0.1, while
`searchlib rebuild` re-ingests the books and builds a new index generation in a loop. An error is a
status other than 200, a page with neither hits nor the no-result message, or a failed connection.

{table}

How to read it: in the **distinct** mix every query is different and each is sent once (fewer
requests than queries), so no answer can come from the web app's results cache: this is the rate
of real searches. In the **repeat** mix, 16 queries rotate: each is computed once per index
generation and then served from the cache, so the rate is that of rendering a page. The rebuild
loop keeps one of the two cores busy for the whole run.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20, help="per query mix")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--threads", type=int, default=4, help="server threads per worker")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="server worker processes (default: CPU count, as serve)")
    parser.add_argument("--no-rebuild", action="store_true")
    parser.add_argument("--python-client", action="store_true", help="do not use wrk")
    parser.add_argument("--quick", action="store_true", help="5 seconds per mix")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "load.md")
    args = parser.parse_args()
    seconds = 5 if args.quick else args.seconds
    use_wrk = not args.python_client and shutil.which("wrk") is not None
    load_before = os.getloadavg()[0]
    rows = run(seconds, args.clients, args.threads, args.workers, not args.no_rebuild, use_wrk)
    text = report(rows, args.clients, args.threads, args.workers,
                  "wrk, 2 threads" if use_wrk else "Python threads", load_before)
    return publish(text, rows, args.out)


def publish(text: str, rows: list[dict[str, Any]], out: Path) -> int:
    """Print and write a report; the exit status: 1 when a row counted errors."""
    print(text)
    for r in rows:
        if r["error_samples"]:
            print("errors:", *r["error_samples"], sep="\n  ", file=sys.stderr)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return 1 if any(r["errors"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
