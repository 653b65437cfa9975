"""Benchmark: a results page sorted by book order or by cited year, beside the same page by
relevance, in one run (CPU time).

``?sort=livre|année`` cuts the page from keys computed once per index generation
(:mod:`web.sorting`), so a sorted page should cost what a relevance page costs (target: ≤ 1.3×),
where re-sorting every hit (up to 5,000, snippets included) cost 1.5–3× for a query matching a few
hundred passages. The web app's results cache is off (every request searches); each page is
requested once first (the keys are computed then: once per generation), then timed. On a copy of
the real books, ingested and indexed in a temporary directory. Writes bench/results/sort.md.

    python bench/bench_sort.py            # 20 requests of each page
    python bench/bench_sort.py --quick    # 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
RESULTS = REPO / "bench" / "results" / "sort.md"
#: Queries matching from a few to several hundred passages.
QUERIES = ["coopération", "Kazakhstan", "Minsk OR Gomel", "exportations", "Kostanay"]
SORTS = ("pertinence", "livre", "année")
TARGET = 1.3


def page_cpu(client, url: str, runs: int) -> float:
    """The median CPU seconds of one request of ``url`` (after one untimed request)."""
    assert client.get(url).status_code == 200, url
    times = []
    for _ in range(runs):
        start = time.process_time()
        client.get(url)
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 requests instead of 20")
    runs = 5 if parser.parse_args().quick else 20
    from bench_startup import corpus_copy

    from web import create_app

    with tempfile.TemporaryDirectory() as tmp_name:
        corpus = corpus_copy(Path(tmp_name))
        app = create_app({"TESTING": True, "CORPUS_DIR": corpus,
                          "INDEX_DIR": Path(tmp_name) / "index", "RESULTS_CACHE_SIZE": 0})
        client = app.test_client()
        rows, ratios = [], []
        for query in QUERIES:
            total = client.get("/search.json", query_string={"q": query}).get_json()["total"]
            cpu = {s: page_cpu(client, f"/search?q={query}&sort={s}", runs) for s in SORTS}
            worst = max(cpu["livre"], cpu["année"]) / cpu["pertinence"]
            ratios.append(worst)
            cells = " | ".join(f"{cpu[s] * 1000:.1f}" for s in SORTS)
            rows.append(f"| {query} | {total} | {cells} | {worst:.2f}× |")
    lines = [
        "# Sorted results pages (bench/bench_sort.py)",
        "",
        f"CPU ms per `/search` page (median of {runs}), results cache off; ratio: the slower "
        f"sorted page over the relevance page (target ≤ {TARGET}×).",
        "",
        "| query | hits | pertinence | livre | année | ratio |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
        f"worst ratio: {max(ratios):.2f}×",
    ]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"sort ratio: {max(ratios):.2f}")


if __name__ == "__main__":
    main()
