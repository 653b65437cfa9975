"""Attack check: the costliest queries a browser can send, against ``searchlib serve`` on 127.0.0.1.

Copies the real books into a temporary corpus, ingests and indexes them there (as ``load.py``
does), then:

``alone``
    starts the server with one worker and sends each costly query by itself, a few times (each
    time a different page, so the web app's results cache never answers), and reads the server's
    CPU time before and after each request from ``/proc/<pid>/task/*/schedstat`` (nanoseconds,
    every thread of the worker): the CPU one request cost, parsing to rendering;
``beside``
    starts the server as ``searchlib serve`` does on this machine (one worker per core, 4
    threads) and measures a stream of cheap queries (distinct book words, never cached) from
    ``--clients`` connections, first by itself, then while ``--attackers`` connections send the
    costly queries in a loop: the cheap queries' p50/p99 and errors, with and without the attack.

The costly queries are the issue's (ten and sixty ``xx~2``, twenty-two of 109 characters, ``e~2``,
a 500-letter word, ``OR ( ~ -Minsk NOT )``) and our own (45 ``xxntrale~2``, which fuzziness by
length leaves at two edits, sixty prefixes, thirty fuzzy words OR-ed, twelve 39-letter words,
``*`` and ``NOT``). Every loop is bounded by ``--seconds``. Results go to
``bench/results/attack.md``.

    .venv/bin/python bench/bench_attack.py --quick   # about a minute
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from load import distinct_queries, percentile, prepare, publish  # noqa: E402
from serving import served_process  # noqa: E402

_PAIRS = [f"{a}{b}" for a in "aeiou" for b in "rstnlmpqcdvb"]

COSTLY = {
    "10 × xx~2 (issue)": "ar~2 as~2 at~2 an~2 al~2 am~2 ap~2 aq~2 ac~2 ad~2",
    "60 × xx~2 (issue)": " ".join(f"{p}~2" for p in _PAIRS),
    "22 × xx~2, 109 chars (issue)": " ".join(f"{p}~2" for p in _PAIRS)[:109].rsplit(" ", 1)[0],
    "e~2 (issue)": "e~2",
    "500-letter word (issue)": "a" * 500,
    "OR ( ~ -Minsk NOT ) (issue)": "OR ( ~ -Minsk NOT )",
    "45 × xxntrale~2": " ".join(f"{p}ntrale~2" for p in _PAIRS[:45]),
    "60 × xx*": " ".join(f"{p}*" for p in _PAIRS),
    "30 fuzzy words OR-ed": " OR ".join(f"{p}ntrale~2" for p in _PAIRS[:30]),
    "12 × 39-letter words": " ".join(["abcdefghijklmnopqrstuvwxyzabcdefghijklm"] * 12),
    "* and NOT": "* NOT Minsk",
}


def worker_pids(arbiter: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{arbiter}/task/{arbiter}/children").read_text().split()]


def cpu_ns(pids: list[int]) -> int:
    """CPU time of every thread of ``pids`` so far, in nanoseconds."""
    total = 0
    for pid in pids:
        for task in Path(f"/proc/{pid}/task").iterdir():
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except (OSError, IndexError, ValueError):
                pass  # a thread that ended meanwhile
    return total


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path)
    response = conn.getresponse()
    return response.status, response.read()


def alone(corpus: Path, index: Path, repeats: int) -> list[dict[str, Any]]:
    """Each costly query by itself on a one-worker server: CPU and wall time per request."""
    rows = []
    with served_process(corpus, index, threads=4, workers=1) as (base, proc):
        host = urlsplit(base)
        conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
        get(conn, "/search?q=Minsk")  # opens the index
        pids = worker_pids(proc.pid)
        for name, query in COSTLY.items():
            cpu, wall, statuses, spent = [], [], set(), False
            for page in range(1, repeats + 1):
                before, started = cpu_ns(pids), time.perf_counter()
                status, body = get(conn, f"/search.json?q={quote(query)}&page={page}")
                wall.append(time.perf_counter() - started)
                cpu.append((cpu_ns(pids) - before) / 1e9)
                statuses.add(status)
                spent = spent or "trop de calcul" in body.decode("utf-8", "replace")
            rows.append({"name": name, "chars": len(query), "cpu_max": max(cpu),
                         "cpu_first": cpu[0], "wall_max": max(wall),
                         "statuses": sorted(statuses), "spent": spent})
        conn.close()
    return rows


def stream(base: str, paths: list[str], stop: threading.Event, offset: int, stride: int,
           latencies: list[float], errors: list[str]) -> None:
    """One keep-alive connection requesting ``paths[offset::stride]`` until ``stop``."""
    host = urlsplit(base)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
    i = offset
    while not stop.is_set():
        path = paths[i % len(paths)]
        i += stride
        started = time.perf_counter()
        try:
            status, _ = get(conn, path)
            if status != 200:
                errors.append(f"{status} {path}")
        except (OSError, http.client.HTTPException) as e:
            errors.append(f"{type(e).__name__} {path}")
            conn.close()
            conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
        latencies.append(time.perf_counter() - started)
    conn.close()


def beside(corpus: Path, index: Path, seconds: float, clients: int,
           attackers: int) -> list[dict[str, Any]]:
    """Cheap queries' latency alone, then during an attack, on a server as ``serve`` runs it."""
    cheap = ["/search?q=" + quote(q) for q in distinct_queries(corpus)]
    # Distinct pages: the results cache never answers a costly query for the engine.
    costly = [f"/search?q={quote(q)}&page={p}" for p in range(1, 1001) for q in COSTLY.values()]
    rows = []
    workers = os.cpu_count() or 1
    with served_process(corpus, index, threads=4, workers=workers) as (base, proc):
        for n in range(workers * 4):  # every worker opens the index before measuring
            stream_once = ["/search?q=" + quote(w) for w in ("usine", "Minsk", "lait", "Gomel")]
            host = urlsplit(base)
            conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
            get(conn, stream_once[n % 4])
            conn.close()
        pids = worker_pids(proc.pid)
        offset = 0
        for phase, n_attackers in (("cheap alone", 0), ("cheap during the attack", attackers)):
            stop = threading.Event()
            cheap_lat: list[float] = []
            attack_lat: list[float] = []
            errors: list[str] = []
            threads = [threading.Thread(target=stream, args=(base, cheap[offset:], stop, n,
                                                             clients, cheap_lat, errors))
                       for n in range(clients)]
            threads += [threading.Thread(target=stream, args=(base, costly, stop, n, n_attackers,
                                                              attack_lat, errors))
                        for n in range(n_attackers)]
            cpu_before = cpu_ns(pids)
            started = time.perf_counter()
            for t in threads:
                t.start()
            time.sleep(seconds)
            stop.set()
            for t in threads:
                t.join()
            elapsed = time.perf_counter() - started
            offset += len(cheap_lat) + 1000  # the next phase asks other words
            rows.append({
                "phase": phase, "cheap": len(cheap_lat), "cheap_rps": len(cheap_lat) / elapsed,
                "p50": percentile(cheap_lat, 50) * 1000, "p99": percentile(cheap_lat, 99) * 1000,
                "max": max(cheap_lat) * 1000, "costly": len(attack_lat),
                "costly_p99": percentile(attack_lat, 99) * 1000 if attack_lat else None,
                "errors": len(errors), "error_samples": errors[:5],
                "server_cpu": (cpu_ns(pids) - cpu_before) / 1e9 / elapsed,
            })
    return rows


def report(single: list[dict[str, Any]], mixed: list[dict[str, Any]], repeats: int,
           clients: int, attackers: int, load_before: float) -> str:
    lines = ["| query | characters | worst CPU s | first CPU s | worst wall s | status "
             "| budget spent |", "|---|---|---|---|---|---|---|"]
    for r in single:
        lines.append(f"| {r['name']} | {r['chars']} | {r['cpu_max']:.3f} | {r['cpu_first']:.3f} "
                     f"| {r['wall_max']:.3f} | {', '.join(map(str, r['statuses']))} "
                     f"| {'yes' if r['spent'] else 'no'} |")
    worst = max(single, key=lambda r: r["cpu_max"])
    lines += ["", "| phase | cheap requests | cheap/s | cheap p50 ms | cheap p99 ms | cheap max ms "
              "| costly requests | costly p99 ms | errors | server CPU (cores) |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for r in mixed:
        costly_p99 = f"{r['costly_p99']:.0f}" if r["costly_p99"] is not None else "–"
        lines.append(f"| {r['phase']} | {r['cheap']} | {r['cheap_rps']:.0f} | {r['p50']:.0f} "
                     f"| {r['p99']:.0f} | {r['max']:.0f} | {r['costly']} | {costly_p99} "
                     f"| {r['errors']} | {r['server_cpu']:.2f} |")
    return f"""# Attack check: costly queries against `searchlib serve`

Produced by `bench/bench_attack.py` on {platform.node()} ({platform.machine()}, {os.cpu_count()}
cores, Python {platform.python_version()}), {time.strftime("%Y-%m-%d %H:%M")}; load average
before the run {load_before:.1f}, after {os.getloadavg()[0]:.1f} (other work on the machine
slows the wall times, not the CPU times).

## Each costly query alone

One worker; each query sent {repeats} times (different pages, so never from the results cache);
CPU is the worker's, all threads, for the whole request (parse, search, render). The worst:
**{worst['cpu_max']:.3f} s** ({worst['name']}). Before the budget, the issue measured 4 s of CPU
for ten `xx~2`, 16-21 s for sixty, 0.6-1.1 s for `e~2` and 0.7-2.3 s for a 500-letter word.

{chr(10).join(lines[:len(single) + 2])}

## Cheap queries beside the attack

`searchlib serve` with {os.cpu_count()} workers of 4 threads; {clients} connections ask distinct
book words (`/search?q=`, the HTML page, never cached), alone, then while {attackers} connections
send the costly queries above in a loop.

{chr(10).join(lines[len(single) + 3:])}
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20, help="per phase of 'beside'")
    parser.add_argument("--repeats", type=int, default=5, help="requests per costly query")
    parser.add_argument("--clients", type=int, default=4, help="cheap-query connections")
    parser.add_argument("--attackers", type=int, default=8, help="costly-query connections")
    parser.add_argument("--quick", action="store_true", help="8 s per phase, 3 repeats")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "attack.md")
    args = parser.parse_args()
    seconds, repeats = (8, 3) if args.quick else (args.seconds, args.repeats)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="searchlib-attack-") as tmp:
        corpus, index = prepare(Path(tmp))
        single = alone(corpus, index, repeats)
        mixed = beside(corpus, index, seconds, args.clients, args.attackers)
    text = report(single, mixed, repeats, args.clients, args.attackers, load_before)
    return publish(text, mixed, args.out)


if __name__ == "__main__":
    sys.exit(main())
