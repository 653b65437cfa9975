"""Benchmark: searchlib (Whoosh) against SQLite FTS5 on the same paragraphs and queries.

Every figure is CPU time (the machine is shared: wall time would measure the neighbours) and is
given as a ratio against a peer measured in the same run. For the corpus ×1 (both books):

- build: a full build of a new index generation (``build_index``: corpus snapshot, index,
  checksums), a rebuild after one book changed, a rebuild when nothing changed; the peers are
  SQLite FTS5 and stock Whoosh (``StemmingAnalyzer``, one stored text field) on the same
  paragraphs; every build is timed with its modules imported, as the ×10 build is (a module's
  first import in the bench's process is no build's work, and would fall to whichever ran first);
- queries, in new reader processes (three per engine, alternated with the peer's; each query's
  time at each round is the median of the three: :func:`readers.run_readers`): the median of the
  first round (every term met for the first time: "first run"), the p99 over every round
  *including* the first, the median of the later rounds ("warm"), top 10 with snippets
  (searchlib also counts the total and the facets). The
  reader opens its searcher as the CLI and the web app do (``searchlib.search.ready_searcher``:
  what a search reads from the index, read at open), so the process's first query is timed as a
  first run of its terms, and the index's set-up counts in the cold start;
- cold start: the CPU of a new process up to its first answer (interpreter start, imports, opening
  the index and its searcher included), the median of five such processes alternated with the
  peer's; beside it, for comparison, a new process that imports stock Whoosh (without searchlib,
  so without :mod:`searchlib.deferred_imports`) and opens a searcher, and answers nothing: more
  than searchlib's whole cold start, which defers the modules of Whoosh's that no search uses.

Reader processes use Python's bytecode cache, as an installed searchlib does: an environment
that turns it off (``PYTHONDONTWRITEBYTECODE``) would charge every cold start, and the first query
that imports a module, the compilation of searchlib's modules, which the peer (the standard
library's ``sqlite3``, compiled at install) never pays. An untimed reader answers every query
once first, which writes the cache (``__pycache__``, as any first run does).

The same for ×10 (paragraphs replicated with new ids; built with ``write_index`` directly).
Writes ``bench/results/search.md`` (table) and ``bench/results/search.json`` (the figures the
README quotes; ``tests/test_readme_figures.py`` checks them).

    python bench/bench_search.py            # full run
    python bench/bench_search.py --quick    # about a minute; prints the ratios last

No result cache sits in the measured path: every query is parsed, matched and scored afresh
(the web app's results cache is not used here). Rendered snippets are kept per index generation,
terms and passage (``searchlib.search.snippets.SnippetCache``), as in any reader process: the
warm rounds cut none again, the first round cuts every one.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
DEFAULT_OUT = REPO / "bench" / "results" / "search.md"

from figures import update_readme  # noqa: E402
from readers import cold_starts, run_reader, run_readers  # noqa: E402

from searchlib.corpus import ingest_books, write_corpus  # noqa: E402
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
    books = ingest_books(corpus)
    (corpus / "ingested").mkdir()
    write_corpus(books, corpus / "ingested")
    return books, corpus


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


def cpu() -> float:
    """CPU seconds of this process (user + system)."""
    return time.process_time()


def build_write_index(books: list[Book], directory: Path, corpus: Path) -> float:
    from searchlib.index.writer import write_index

    start = cpu()
    write_index(books, directory, corpus_dir=corpus)
    return cpu() - start


def build_generation(corpus: Path, index_dir: Path, **options: object) -> float:
    """CPU of one ``build_index`` (what ``searchlib index`` does)."""
    # The writer imported before the clock, as the peers' modules are: build_index imports it
    # lazily, and the first build would otherwise count its modules' first import (numpy, the
    # W3 codec: 0.11 s), which stock Whoosh's build, timed after it, finds loaded.
    from searchlib.index.generations import build_index
    from searchlib.index.writer import write_index  # noqa: F401

    start = cpu()
    build_index(corpus, index_dir, grace=0, **options)  # type: ignore[arg-type]
    return cpu() - start


def build_fts(books: list[Book], path: Path) -> float:
    start = cpu()
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE p USING fts5(id UNINDEXED, text, "
               "tokenize = 'unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO p VALUES (?, ?)",
                   ((p.id, p.text) for b in books for p in b.paragraphs()))
    db.commit()
    db.close()
    return cpu() - start


def build_stock_whoosh(books: list[Book], directory: Path) -> float:
    """Stock Whoosh on the same paragraphs: an id and a stored text with ``StemmingAnalyzer``."""
    from whoosh import index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    start = cpu()
    directory.mkdir()
    ix = index.create_in(str(directory), Schema(
        id=ID(stored=True, unique=True), text=TEXT(analyzer=StemmingAnalyzer(), stored=True)))
    with ix.writer() as writer:
        for p in (p for b in books for p in b.paragraphs()):
            writer.add_document(id=p.id, text=p.text)
    return cpu() - start


def change_one_book(corpus: Path, books: list[Book]) -> None:
    """Rewrite the first book's corpus file with one paragraph's text changed."""
    book = books[0]
    chapter = book.chapters[0]
    first = chapter.paragraphs[0]
    changed = dataclasses.replace(first, text=first.text + " Kostanay.")
    chapters = [dataclasses.replace(chapter, paragraphs=[changed, *chapter.paragraphs[1:]]),
                *book.chapters[1:]]
    write_corpus([dataclasses.replace(book, chapters=chapters)], corpus / "ingested")


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def live_generation(index_dir: Path) -> Path:
    return index_dir / (index_dir / "CURRENT").read_text(encoding="utf-8").strip()


def measure_builds(books: list[Book], corpus: Path, tmp: Path) -> tuple[dict, Path, Path]:
    """The ×1 builds; returns the figures, the live generation and the FTS5 database."""
    index_dir, db_path = tmp / "index1", tmp / "fts1.db"
    row: dict = {}
    fts = build_fts(books, db_path)
    row["build"] = (build_generation(corpus, index_dir), fts)
    row["build_stock_whoosh"] = (row["build"][0], build_stock_whoosh(books, tmp / "stock1"))
    row["build_unchanged"] = (build_generation(corpus, index_dir), fts)
    change_one_book(corpus, books)
    row["build_one_book"] = (build_generation(corpus, index_dir), fts)
    gen = live_generation(index_dir)
    return row, gen, db_path


def measure(books: list[Book], corpus: Path, tmp: Path, times: int, repeats: int) -> dict:
    row: dict = {"times": times, "paragraphs": sum(len(b.paragraphs()) for b in books) * times}
    if times == 1:
        builds, ix_dir, db_path = measure_builds(books, corpus, tmp)
        row.update(builds)
        reader_corpus = ix_dir / "corpus"
    else:
        copies = replicate(books, times)
        ix_dir, db_path = tmp / f"ix{times}", tmp / f"fts{times}.db"
        row["build"] = (build_write_index(copies, ix_dir, corpus), build_fts(copies, db_path))
        reader_corpus = corpus
    fts_queries = [fts_query(q) for q in QUERIES]
    run_reader("searchlib", ix_dir, reader_corpus, QUERIES, 1)  # untimed: writes the bytecode
    ours, theirs = run_readers(("searchlib", ix_dir, QUERIES), ("fts5", db_path, fts_queries),
                               reader_corpus, repeats)
    first = len(QUERIES)
    row["first"] = (statistics.median(ours["times"][:first]),
                    statistics.median(theirs["times"][:first]))
    row["p99"] = (p99(ours["times"]), p99(theirs["times"]))
    row["median"] = (statistics.median(ours["times"][first:]),
                     statistics.median(theirs["times"][first:]))
    row["first_each"] = list(zip(QUERIES, ours["times"][:first], theirs["times"][:first],
                                 strict=True))
    ours_cold, theirs_cold, whoosh_cold = cold_starts(
        [("searchlib", ix_dir, QUERIES[0]), ("fts5", db_path, fts_queries[0]),
         ("whoosh", ix_dir, QUERIES[0])], reader_corpus)
    row["cold"] = (ours_cold, theirs_cold)
    row["cold_whoosh"] = (whoosh_cold, theirs_cold)
    row["rss_mb"] = (ours["rss_mb"], theirs["rss_mb"])
    return row


#: Each measure: its label, unit, scale and the peer it is compared with.
MEASURES = {
    "build": ("build, full (new generation)", "s", 1, "FTS5"),
    "build_stock_whoosh": ("build, full", "s", 1, "stock Whoosh"),
    "build_one_book": ("build, one book changed", "s", 1, "FTS5 full"),
    "build_unchanged": ("build, nothing changed", "s", 1, "FTS5 full"),
    "first": ("query median, first run", "ms", 1000, "FTS5"),
    "p99": ("query p99, first round included", "ms", 1000, "FTS5"),
    "median": ("query median, warm", "ms", 1000, "FTS5"),
    "cold": ("cold start, new process to first answer", "s", 1, "FTS5"),
    "cold_whoosh": ("for comparison: stock Whoosh only opens the index, no search", "s", 1, "FTS5"),
    "rss_mb": ("reader peak RSS", "MB", 1, "FTS5"),
}


def table(rows: list[dict]) -> str:
    lines = [
        "| corpus | paragraphs | measure (CPU) | searchlib | peer | peer's | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        for name, (label, unit, scale, peer) in MEASURES.items():
            if name not in row:
                continue
            ours, theirs = row[name]
            lines.append(
                f"| ×{row['times']} | {row['paragraphs']} | {label} | {ours * scale:.2f} {unit} "
                f"| {peer} | {theirs * scale:.2f} {unit} | {ours / theirs:.2f}× |"
            )
    return "\n".join(lines)


def summary_lines(rows: list[dict]) -> list[str]:
    """The lines ``make bench-quick`` ends with (their form is part of the issue's contract)."""
    one, ten = rows[0], rows[1]

    def ratio(row: dict, name: str) -> str:
        ours, theirs = row[name]
        return f"{ours / theirs:.2f}"

    return [
        f"build ratio ×1: {ratio(one, 'build')}",
        f"first-run median ratio ×1: {ratio(one, 'first')}",
        f"query p99 ratio ×1: {ratio(one, 'p99')}",
        f"query median ratio ×1: {ratio(one, 'median')}",
        f"query median ratio ×10: {ratio(ten, 'median')}",
    ]


def first_run_lines(rows: list[dict]) -> list[str]:
    """Each query's first run (the first one also pays the reader process's set-up), in ms:
    what the first-run median and the p99 are made of."""
    lines = ["first run of each query, ms (searchlib / FTS5):"]
    for row in rows:
        lines += [f"  ×{row['times']} {ours * 1000:7.2f} {theirs * 1000:6.2f}  {q}"
                  for q, ours, theirs in row["first_each"]]
    return lines


def figures(rows: list[dict]) -> dict:
    """The results as data: per corpus size and measure, searchlib's, the peer's and the ratio."""
    return {
        f"x{row['times']}": {
            name: {"searchlib": row[name][0], "peer": row[name][1],
                   "ratio": round(row[name][0] / row[name][1], 2)}
            for name in MEASURES if name in row
        }
        for row in rows
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (about a minute)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="results file (the README's figures are rewritten only from the "
                             "default one)")
    args = parser.parse_args()
    repeats = 3 if args.quick else 20
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        books, corpus = load_books(tmp)
        rows = [measure(books, corpus, tmp, times, repeats) for times in (1, 10)]
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    report = (
        f"# searchlib vs SQLite FTS5 (CPU time)\n\nProduced by `bench/bench_search.py"
        f"{' --quick' if args.quick else ''}` on {platform.node()} ({platform.machine()}, "
        f"Python {platform.python_version()}), {when}. {len(QUERIES)} queries × {repeats} "
        f"rounds, top 10 with snippets; ratio = searchlib / peer, CPU seconds of the process "
        f"doing the work (a shared machine: wall time would measure the neighbours).\n\n"
        f"{table(rows)}\n"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    data = {"produced": when, "quick": args.quick, "repeats": repeats, **figures(rows)}
    args.out.with_suffix(".json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    if args.out == DEFAULT_OUT:
        update_readme(REPO / "README.md")
    print(report)
    print("\n".join(first_run_lines(rows)))
    print("\n".join(summary_lines(rows)))


if __name__ == "__main__":
    main()
