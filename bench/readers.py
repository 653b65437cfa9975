"""The reader processes of the search bench: a new Python process per engine that opens it,
answers the queries and reports the CPU time of each answer and its peak memory.

searchlib's reader opens the index with Whoosh's ``open_dir`` and its searcher with
``searchlib.search.ready_searcher``, as the CLI and the web app open theirs (what a search reads
from the index is read at open, not by the first query), and answers with
``searchlib.search.search`` (top 10 with snippets, the total and the facets); the peer's answers
the same queries in FTS5 syntax with :data:`FTS_SQL`; the ``whoosh`` reader only imports stock
Whoosh and opens a searcher, for comparison. Readers use Python's bytecode
cache, as an installed searchlib does (:func:`reader_env`).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

#: The peer's query: the same top 10 with snippets, ranked by FTS5's BM25.
FTS_SQL = (
    "SELECT id, snippet(p, 1, '<mark>', '</mark>', '…', 24), bm25(p) FROM p "
    "WHERE p MATCH ? ORDER BY rank LIMIT 10"
)


def child_cpu() -> float:
    """CPU seconds of the finished child processes (user + system)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# The reader processes: each opens its engine, answers the queries, reports CPU times.
READER = r"""
import json, sqlite3, sys, time
engine, where, corpus, repeats = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
queries = json.loads(sys.stdin.read())
sys.path.insert(0, {repo!r})
if engine == "searchlib":
    # searchlib first, as its users import it (the README's library use, the CLI, the web app):
    # it arranges how Whoosh and numpy load (searchlib.deferred_imports).
    from pathlib import Path
    from searchlib.search import ready_searcher, search
    from whoosh.index import open_dir
    searcher = ready_searcher(open_dir(where), Path(corpus))
    def run(q):
        return len(search(searcher, q, page_len=10, corpus_dir=Path(corpus)).hits)
elif engine == "whoosh":
    # The floor of any reader of a Whoosh index: Whoosh's modules and its searcher, no search.
    from whoosh.index import open_dir
    from whoosh import query
    searcher = open_dir(where).searcher()
    def run(q):
        return 0
else:
    db = sqlite3.connect(where)
    sql = {sql!r}
    def run(q):
        return len(db.execute(sql, (q,)).fetchall())
times = []
for _ in range(repeats):
    for q in queries:
        s = time.process_time(); run(q); times.append(time.process_time() - s)
# VmHWM, not ru_maxrss: Linux copies the parent's high-water mark into a forked child.
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(json.dumps({{"times": times, "rss_mb": int(hwm) / 1024}}))
"""


def reader_env() -> dict[str, str]:
    """The readers' environment: this one, with the bytecode cache on."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_reader(engine: str, where: Path, corpus: Path, queries: list[str], repeats: int) -> dict:
    code = READER.format(repo=str(REPO), sql=FTS_SQL)
    before = child_cpu()
    out = subprocess.run(
        [sys.executable, "-c", code, engine, str(where), str(corpus), str(repeats)],
        input=json.dumps(queries), capture_output=True, text=True, check=True,
        env=reader_env(),
    )
    data = json.loads(out.stdout)
    data["cpu"] = child_cpu() - before
    return data


#: Reader processes per engine for the query figures, each engine's alternated with the
#: other's: one process's first round varied by a fifth on this shared machine (a first-run
#: median of 1.57 ms, then 1.95 a minute later, against the same 0.6 ms of FTS5).
READER_RUNS = 3


def run_readers(ours: tuple[str, Path, list[str]], theirs: tuple[str, Path, list[str]],
                corpus: Path, repeats: int) -> tuple[dict, dict]:
    """Both engines' readers, :data:`READER_RUNS` processes each, alternated: for each engine,
    each query's time at each round is the median of its processes' (so a round is still one
    time per query, and a neighbour's burst in one process is outvoted), its peak RSS the
    median too.

    :param ours, theirs: each engine's name, where its index is, and its queries.
    """
    runs: tuple[list[dict], list[dict]] = ([], [])
    for _ in range(READER_RUNS):
        for (engine, where, queries), done in zip((ours, theirs), runs, strict=True):
            done.append(run_reader(engine, where, corpus, queries, repeats))
    return _medians(runs[0]), _medians(runs[1])


def _medians(runs: list[dict]) -> dict:
    return {"times": [statistics.median(t) for t in zip(*(r["times"] for r in runs), strict=True)],
            "rss_mb": statistics.median(r["rss_mb"] for r in runs)}


#: New processes timed for a cold start, per engine: one run varied by a tenth on this shared
#: machine, and the peer's (some 20 ms) moved the ratio by half a unit from one bench to the next.
COLD_RUNS = 5


def cold_starts(readers: list[tuple[str, Path, str]], corpus: Path) -> list[float]:
    """For each (engine, where its index is, query), the CPU seconds of a new process answering
    the query (interpreter start included): the median of :data:`COLD_RUNS` processes, the
    engines' alternated (a neighbour's burst falls on each engine alike, as in
    :func:`run_readers`)."""
    times: list[list[float]] = [[] for _ in readers]
    for _ in range(COLD_RUNS):
        for (engine, where, query), done in zip(readers, times, strict=True):
            done.append(float(run_reader(engine, where, corpus, [query], 1)["cpu"]))
    return [statistics.median(t) for t in times]
