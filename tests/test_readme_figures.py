"""The README quotes only speed figures of the latest benchmark results (``bench/results/``)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
import figures  # noqa: E402

README = (REPO / "README.md").read_text(encoding="utf-8")
TRANSCRIPT = ("<!-- transcript:start -->", "<!-- transcript:end -->")


def test_the_speed_block_is_what_the_latest_results_give():
    _head, block, _tail = figures.split(README)
    assert block, "the README has no speed block between the bench markers"
    assert block == figures.latest_block()


def test_figures_outside_the_block_are_those_of_the_latest_results():
    head, _block, tail = figures.split(README)
    # The transcript is program output, not a claim (its timings are what one run printed).
    before, _, rest = head.partition(TRANSCRIPT[0])
    _transcript, _, after = rest.partition(TRANSCRIPT[1])
    results = " ".join(p.read_text(encoding="utf-8") for p in figures.RESULTS.glob("*.md"))
    quoted = figures.FIGURE.findall(before + after + tail)
    assert quoted, "the README quotes the load and attack results"
    stale = [n for n in quoted if not re.search(rf"(?<![\d.]){re.escape(n)}(?![\d])", results)]
    assert stale == []


@pytest.mark.parametrize("text, found", [
    ("about 2.2× FTS5", ["2.2"]), ("p99 3 ms", ["3"]), ("376 searches/s", ["376"]),
    ("7.30 s CPU", ["7.30"]), ("0.365 s CPU", ["0.365"]), ("0.25 s of CPU", []),
    ("chapter 3 of 11", []),
])
def test_what_counts_as_a_speed_figure(text, found):
    assert figures.FIGURE.findall(text) == found


def test_the_block_changes_with_the_results():
    search = {"produced": "then", **{
        f"x{n}": {k: {"searchlib": 1.0, "peer": 0.5, "ratio": 2.0} for k in (
            "build", "build_stock_whoosh", "build_one_book", "build_unchanged", "first", "p99",
            "median", "cold")} for n in (1, 10)}}
    block = figures.readme_block(search, None)
    search["x1"]["median"]["ratio"] = 3.0
    assert figures.readme_block(search, None) != block
    assert "2.00×" in block and "requests/s" not in block


def test_the_block_names_whoosh_own_cold_start_when_measured():
    row = {k: {"searchlib": 1.0, "peer": 0.5, "ratio": 2.0} for k in (
        "build", "build_stock_whoosh", "build_one_book", "build_unchanged", "first", "p99",
        "median", "cold")}
    search = {"produced": "then", "x1": dict(row), "x10": dict(row)}
    assert "imports stock Whoosh" not in figures.readme_block(search, None)
    search["x1"]["cold_whoosh"] = {"searchlib": 0.3, "peer": 0.1, "ratio": 3.0}
    assert "imports stock Whoosh and only opens the index costs 3.00×" in \
        figures.readme_block(search, None)
