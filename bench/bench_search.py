"""Benchmark: searchlib (Whoosh) against SQLite FTS5 on the same paragraphs and queries.

Measures, for the corpus ×1 and ×10 (paragraphs replicated with new ids): build time, query
latency median and p99 (top 10 *with snippets*; searchlib also counts the total and facets), cold
start (a new process, to the first answer) and the peak memory of a reader process. Writes a
markdown table of ratios (searchlib / FTS5) to bench/results/search.md.

    python bench/bench_search.py            # full run
    python bench/bench_search.py --quick    # under a minute; prints the query-median ratio last

No result cache sits in the measured path: every query is parsed, matched, scored and
highlighted afresh (the web app's results cache is not used here). What searchlib does keep, per
open index, are index structures: each term's posting list and occurrences decoded into arrays the
first time a query uses the term, the field lengths, the facet columns and the vocabulary of
suggestions. So the table also gives the median of the first round of queries ("first run"), where
every term is decoded for the first time, next to the median of all rounds.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from searchlib.corpus import ingest_books  # noqa: E402
from searchlib.model import Book  # noqa: E402

#: Queries run by both engines: words (AND), names, phrases.
QUERIES = [
    "Kostanay", "Gomel", "Grodno", "CEI", "Ouzbékistan", "coopération", "exportations",
    "tracteurs biélorusses", "zone de libre-échange", "agro-industriel", "Émirats arabes unis",
    "investissements étrangers", "projet district", "économie numérique", "Kazakhstan",
    "coopération interrégionale", "produits laitiers", "machines agricoles", "BUTB", "Chine",
    '"feuille de route"', '"un district un projet"', "Belarus Russie", "ministère",
    "développement durable",
]

FTS_SQL = (
    "SELECT id, snippet(p, 1, '<mark>', '</mark>', '…', 24), bm25(p) FROM p "
    "WHERE p MATCH ? ORDER BY rank LIMIT 10"
)


def fts_query(q: str) -> str:
    """The same query in FTS5 syntax: phrases kept, words quoted and AND-ed."""
    if q.startswith('"'):
        return q
    words = [w for w in q.replace("-", " ").split() if len(w) > 1]
    return " AND ".join(f'"{w}"' for w in words)


def load_books(tmp: Path) -> tuple[list[Book], Path]:
    corpus = tmp / "corpus"
    corpus.mkdir()
    shutil.copy(REPO / "corpus" / "books.toml", corpus / "books.toml")
    shutil.copytree(REPO / "corpus" / "sources", corpus / "sources")
    for table in (REPO / "corpus").glob("*.tsv"):
        shutil.copy(table, corpus / table.name)
    return ingest_books(corpus), corpus


def replicate(books: list[Book], times: int) -> list[Book]:
    """``times`` copies of every paragraph, each copy with new ids."""
    if times == 1:
        return books
    out = []
    for book in books:
        chapters = []
        for chapter in book.chapters:
            paras = [dataclasses.replace(p, id=f"{p.id}.r{k}") for k in range(times)
                     for p in chapter.paragraphs]
            chapters.append(dataclasses.replace(chapter, paragraphs=paras))
        out.append(dataclasses.replace(book, chapters=chapters))
    return out


def build_searchlib(books: list[Book], directory: Path, corpus: Path) -> float:
    from searchlib.index.writer import write_index

    start = time.perf_counter()
    write_index(books, directory, corpus_dir=corpus)
    return time.perf_counter() - start


def build_fts(books: list[Book], path: Path) -> float:
    start = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE p USING fts5(id UNINDEXED, text, "
               "tokenize = 'unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO p VALUES (?, ?)",
                   ((p.id, p.text) for b in books for p in b.paragraphs()))
    db.commit()
    db.close()
    return time.perf_counter() - start


# The reader processes: each opens its engine, answers the queries, reports times and memory.
READER = r"""
import json, sqlite3, sys, time
t0 = time.perf_counter()
engine, where, corpus, repeats = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
queries = json.loads(sys.stdin.read())
sys.path.insert(0, {repo!r})
if engine == "searchlib":
    from pathlib import Path
    from whoosh.index import open_dir
    from searchlib.search import search
    searcher = open_dir(where).searcher()
    def run(q):
        return len(search(searcher, q, page_len=10, corpus_dir=Path(corpus)).hits)
else:
    db = sqlite3.connect(where)
    sql = {sql!r}
    def run(q):
        return len(db.execute(sql, (q,)).fetchall())
run(queries[0])
first = time.perf_counter() - t0
times = []
for _ in range(repeats):
    for q in queries:
        s = time.perf_counter(); run(q); times.append(time.perf_counter() - s)
# VmHWM, not ru_maxrss: Linux copies the parent's high-water mark into a forked child.
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(json.dumps({{"first": first, "times": times, "rss_mb": int(hwm) / 1024}}))
"""


def run_reader(engine: str, where: Path, corpus: Path, queries: list[str], repeats: int) -> dict:
    code = READER.format(repo=str(REPO), sql=FTS_SQL)
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code, engine, str(where), str(corpus), str(repeats)],
        input=json.dumps(queries), capture_output=True, text=True, check=True,
    )
    data = json.loads(out.stdout)
    data["wall"] = time.perf_counter() - start
    return data


def cold_start(engine: str, where: Path, corpus: Path, query: str) -> float:
    """Seconds from a new process to its first answer (interpreter start included)."""
    start = time.perf_counter()
    run_reader(engine, where, corpus, [query], 0)
    return time.perf_counter() - start


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def measure(books: list[Book], corpus: Path, tmp: Path, times: int, repeats: int) -> dict:
    books = replicate(books, times)
    ix_dir, db_path = tmp / f"ix{times}", tmp / f"fts{times}.db"
    row: dict = {"times": times, "paragraphs": sum(len(b.paragraphs()) for b in books)}
    row["build"] = (build_searchlib(books, ix_dir, corpus), build_fts(books, db_path))
    fts_queries = [fts_query(q) for q in QUERIES]
    ours = run_reader("searchlib", ix_dir, corpus, QUERIES, repeats)
    theirs = run_reader("fts5", db_path, corpus, fts_queries, repeats)
    row["median"] = (statistics.median(ours["times"]), statistics.median(theirs["times"]))
    first = len(QUERIES)
    row["first"] = (statistics.median(ours["times"][:first]),
                    statistics.median(theirs["times"][:first]))
    row["p99"] = (p99(ours["times"]), p99(theirs["times"]))
    row["cold"] = (cold_start("searchlib", ix_dir, corpus, QUERIES[0]),
                   cold_start("fts5", db_path, corpus, fts_queries[0]))
    row["rss_mb"] = (ours["rss_mb"], theirs["rss_mb"])
    return row


def table(rows: list[dict]) -> str:
    lines = [
        "| corpus | paragraphs | measure | searchlib | FTS5 | ratio |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        for name, unit, scale in (("build", "s", 1), ("median", "ms", 1000),
                                  ("first", "ms", 1000), ("p99", "ms", 1000),
                                  ("cold", "s", 1), ("rss_mb", "MB", 1)):
            ours, theirs = row[name]
            label = {"median": "query median", "first": "query median, first run",
                     "p99": "query p99", "cold": "cold start",
                     "rss_mb": "reader peak RSS", "build": "build"}[name]
            lines.append(
                f"| ×{row['times']} | {row['paragraphs']} | {label} | {ours * scale:.2f} {unit} "
                f"| {theirs * scale:.2f} {unit} | {ours / theirs:.1f}× |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (under a minute)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "search.md")
    args = parser.parse_args()
    repeats = 3 if args.quick else 20
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        books, corpus = load_books(tmp)
        rows = [measure(books, corpus, tmp, times, repeats) for times in (1, 10)]
    report = (
        f"# searchlib vs SQLite FTS5\n\n{len(QUERIES)} queries × {repeats} repeats, top 10 with "
        f"snippets; ratio = searchlib / FTS5 (targets: query median ≤ 3× at ×1, ≤ 6× at ×10; "
        f"reader < 100 MB).\n\n{table(rows)}\n"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(report)
    for row in rows:
        ours, theirs = row["median"]
        print(f"query median ratio ×{row['times']}: {ours / theirs:.2f}")


if __name__ == "__main__":
    main()
