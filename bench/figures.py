"""The speed figures the README quotes, rendered from the latest ``bench/results/`` files.

``bench_search.py`` (and ``served.py``) rewrite the README's block between :data:`START` and
:data:`END` from their results; ``tests/test_readme_figures.py`` checks that the block is what the
latest results give, and that the README quotes no speed figure outside it, so the README never
quotes a stale figure; a figure quoted elsewhere in the README must be in a results file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
SEARCH = RESULTS / "search.json"
SERVED = RESULTS / "served.json"
START = "<!-- bench:start -->"
END = "<!-- bench:end -->"
#: What a speed figure looks like in prose: a ratio, a latency, a rate, CPU seconds measured
#: ("0.25 s of CPU", a configured limit, is not one).
FIGURE = re.compile(
    r"(\d+(?:[.,]\d+)?)\s?(?:×|ms\b|req/s|requests/s|searches/s|s CPU)")


def _load(path: Path) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def readme_block(search: dict, served: dict | None) -> str:
    """The README's speed paragraph for these results (the text between the markers)."""
    one, ten = search["x1"], search["x10"]

    def r(row: dict, name: str) -> str:
        return f"{row[name]['ratio']:.2f}×"

    lines = [
        f"Measured by `make bench-quick` ({search['produced']}, CPU time, ratios against "
        "SQLite FTS5 on the same paragraphs in the same run; `bench/results/search.md`):\n",
        f"- full build of both books: {one['build']['searchlib']:.2f} s CPU, {r(one, 'build')} "
        f"FTS5, {r(one, 'build_stock_whoosh')} stock Whoosh (`StemmingAnalyzer`); one book "
        f"changed: {one['build_one_book']['searchlib']:.2f} s CPU; nothing changed: "
        f"{one['build_unchanged']['searchlib']:.2f} s CPU;",
        f"- a query with snippets, ×1 corpus: first run {r(one, 'first')}, p99 (first round "
        f"included) {r(one, 'p99')}, warm median {r(one, 'median')}; ×10: first run "
        f"{r(ten, 'first')}, p99 {r(ten, 'p99')}, warm median {r(ten, 'median')};",
        f"- cold start (new process to first answer): {r(one, 'cold')}.",
    ]
    if "cold_whoosh" in one:
        lines[-1] = (lines[-1][:-1] + f" (for comparison, a process that imports stock Whoosh "
                     f"and only opens the index costs {r(one, 'cold_whoosh')}: searchlib defers "
                     "the modules of Whoosh's that no search uses).")
    if served:
        lines.append(
            f"- served `/search` ({served['workers']} workers, `bench/results/served.md`): "
            f"{served['searchlib']:.0f} requests/s, {served['ratio']:.2f}× a minimal Flask + "
            "FTS5 app on the same server."
        )
        pages = served.get("pages") or {}
        if pages.get("ratios"):
            lines[-1] += (
                f" A results page seen before costs {pages['ratios']['kept']:.2f}× the CPU it "
                f"did before its rendered fragments were kept ({pages['ratios']['first_view']:.2f}"
                f"× at its first view); it weighs {pages['after']['raw_bytes'] / 1000:.0f} kB, "
                f"{pages['after']['gzip_bytes'] / 1000:.1f} kB gzipped."
            )
    return "\n".join(lines)


def latest_block() -> str:
    """The block the latest results give."""
    search = _load(SEARCH)
    if search is None:
        raise FileNotFoundError(SEARCH)
    return readme_block(search, _load(SERVED))


def split(readme: str) -> tuple[str, str, str]:
    """(before, block, after) of the README's speed block."""
    head, _, rest = readme.partition(START + "\n")
    block, _, tail = rest.partition("\n" + END)
    return head, block, tail


def update_readme(readme_path: Path) -> None:
    """Rewrite the README's speed block from the latest results."""
    head, _block, tail = split(readme_path.read_text(encoding="utf-8"))
    readme_path.write_text(f"{head}{START}\n{latest_block()}\n{END}{tail}", encoding="utf-8")
