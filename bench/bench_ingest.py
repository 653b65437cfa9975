"""Benchmark: ingest and index of both books, against SQLite FTS5 loading the same paragraphs.

Targets (issue 3 and 4): ingesting both books under 5 s, ingest + index under 10 s on this
2-core machine. The machine is shared and noisy, so beside the times this reports ratios against
a peer measured in the same run: SQLite FTS5 (``unicode61 remove_diacritics 2``) building a table
of the same paragraphs, and the cold ``searchlib rebuild`` command against a cold ``sqlite3``
process doing that load. Writes bench/results/ingest.md.

    python bench/bench_ingest.py            # 5 repeats
    python bench/bench_ingest.py --quick    # 2 repeats
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench_search import build_fts, load_books  # noqa: E402  (the same peer and corpus copy)

from searchlib.corpus import ingest_books, write_corpus  # noqa: E402
from searchlib.index import build_index  # noqa: E402

FTS_LOAD = """
import json, sqlite3, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
db = sqlite3.connect(sys.argv[2])
db.execute("CREATE VIRTUAL TABLE p USING fts5(id UNINDEXED, text, "
           "tokenize = 'unicode61 remove_diacritics 2')")
db.executemany("INSERT INTO p VALUES (?, ?)", rows)
db.commit()
"""


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 repeats instead of 5")
    repeats = 2 if parser.parse_args().quick else 5
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        books, corpus = load_books(tmp)  # a copy of the repo's corpus, ingested
        write_corpus(books, corpus / "ingested")
        paragraphs = sum(len(b.paragraphs()) for b in books)

        ingest = [timed(lambda: ingest_books(corpus)) for _ in range(repeats)]
        index = [timed(lambda: build_index(corpus, tmp / "index", books=books, grace=0))
                 for _ in range(repeats)]
        fts = [build_fts(books, tmp / f"fts-{n}.db") for n in range(repeats)]

        # Cold commands: a new process each, as the nightly job runs.
        rows = tmp / "rows.json"
        rows.write_text(json.dumps([[p.id, p.text] for b in books for p in b.paragraphs()]),
                        encoding="utf-8")
        rebuild_cmd = [sys.executable, "-m", "searchlib", "rebuild", "-q", "--corpus",
                       str(corpus), "--index", str(tmp / "index-cold"), "--log",
                       str(tmp / "log.jsonl")]
        fts_cmd = [sys.executable, "-c", FTS_LOAD, str(rows), str(tmp / "cold.db")]
        rebuild = []
        fts_cold = []
        for _ in range(repeats):
            rebuild.append(timed(lambda: subprocess.run(rebuild_cmd, check=True, cwd=REPO)))
            (tmp / "cold.db").unlink(missing_ok=True)
            fts_cold.append(timed(lambda: subprocess.run(fts_cmd, check=True)))

    med = statistics.median
    rows_md = [
        ("ingest both books (in process)", med(ingest), None, "< 5 s"),
        ("index both books (in process)", med(index), med(fts), ""),
        ("ingest + index (in process)", med(ingest) + med(index), med(fts), "< 10 s"),
        ("`searchlib rebuild` (new process)", med(rebuild), med(fts_cold), "< 10 s"),
    ]
    lines = [
        "# Ingest and index: searchlib vs SQLite FTS5",
        "",
        f"Both books, {paragraphs} paragraphs, median of {repeats} runs. Peer: SQLite FTS5 "
        "(`unicode61 remove_diacritics 2`) loading the same paragraphs (in process; and as a new "
        "`python` process for the cold row).",
        "",
        "| measure | searchlib | FTS5 | ratio | target |",
        "|---|---|---|---|---|",
    ]
    for name, ours, peer, target in rows_md:
        ratio = f"{ours / peer:.1f}×" if peer else "–"
        peer_text = f"{peer:.2f} s" if peer else "–"
        lines.append(f"| {name} | {ours:.2f} s | {peer_text} | {ratio} | {target} |")
    report = "\n".join(lines) + "\n"
    out = REPO / "bench" / "results" / "ingest.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
