"""A searcher opened ready to answer (:mod:`searchlib.search.ready`): what a search reads from the
index is read at open, so that the first search builds nothing, loads no module and freezes
nothing; the CLI, the web app's live index and its rebuilds open their searchers so, and a
missing or damaged generation is reported as before."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from search_fixtures import tiny_books

import searchlib.search as search_package
from searchlib.cli import cli
from searchlib.errors import IndexDamaged
from searchlib.index import build_index, open_live
from searchlib.index.generation import Generation
from searchlib.index.live import LiveIndex
from searchlib.search import expanders, postings, ready_searcher, search
from tests.web_fixtures import write_tiny_corpus
from web import create_app
from web.searcher import live_index

ROOT = Path(__file__).resolve().parent.parent

#: Run in a new process: count every set-up a search could do, open a searcher ready, then
#: search as the benchmark's reader does; and search the same with a searcher opened plainly.
READY = r"""
import gc, json, sys
from pathlib import Path
from whoosh.index import open_dir
import searchlib.index.expansion as expansion
import searchlib.search.expanders as expanders
import searchlib.search.postings as postings
from searchlib.index.display import DisplayRecords
from searchlib.index.posting_arrays import PostingArrays
from searchlib.search import ready_searcher, search

calls = {}
def count(name):
    calls[name] = calls.get(name, 0) + 1

def counted(owner, name):
    real = getattr(owner, name)
    def wrapper(*args, **kwargs):
        count(f"{owner.__name__.rsplit('.', 1)[-1]}.{name}")
        return real(*args, **kwargs)
    setattr(owner, name, wrapper)

counted(expanders, "read_expansion_tables")  # the expansion tables
counted(postings, "read_length_table")  # the field lengths
counted(DisplayRecords, "open")  # the display records
counted(PostingArrays, "beside")  # the posting arrays of each segment
from searchlib.index.scored_postings import ScoredPostings
counted(ScoredPostings, "open")  # the terms' scores the build stored
import searchlib.index.posting_arrays as posting_arrays
counted(posting_arrays, "PostingColumns")  # the postings as phrases walk them
import searchlib.search.snippets as snippets
counted(snippets, "french_analyzer")  # the analyzer family words are highlighted with
real_memo = postings.memoized
def memoized(lock, cache, key, build):  # anything derived from the index and kept with it
    def counted_build():
        count(f"derived {key[0] if isinstance(key, tuple) else key}")
        return build()
    return real_memo(lock, cache, key, counted_build)
postings.memoized = memoized
real_keys = expansion._key_reader
def key_reader(joined, numeric):  # the keys of a stored lookup, split on first use
    keys = real_keys(joined, numeric)
    def split():
        count("keys split")
        return keys()
    return split
expansion._key_reader = key_reader

where, corpus, queries = sys.argv[1], Path(sys.argv[2]), json.loads(sys.argv[3])
index = open_dir(where)
frozen = [gc.get_freeze_count()]
searcher = ready_searcher(index, corpus)
frozen.append(gc.get_freeze_count())
at_open, calls = calls, {}
before = set(sys.modules)
first = search(searcher, queries[0], corpus_dir=corpus)
imported = sorted(set(sys.modules) - before)
frozen.append(gc.get_freeze_count())
in_first, calls = calls, {}
ready = [search(searcher, q, corpus_dir=corpus).to_json() for q in queries]
in_others, calls = calls, {}
plain = open_dir(where).searcher()
same = ready == [search(plain, q, corpus_dir=corpus).to_json() for q in queries]
print(json.dumps({"at_open": at_open, "in_first": in_first, "in_others": in_others,
                  "imported": imported, "frozen": frozen, "total": first.total, "same": same}))
"""


def test_the_first_search_of_a_ready_searcher_sets_nothing_up(real_index_dir):
    generation = open_live(real_index_dir)
    queries = ["Kostanay", '"zone de libre-échange"', "BUTB", "Gomel book:b2", "coopération", "CEI"]
    done = subprocess.run(
        [sys.executable, "-c", READY, str(generation.path), str(generation.corpus_dir),
         json.dumps(queries)],
        capture_output=True, text=True, check=True, cwd=ROOT)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    at_open = found["at_open"]
    # Opened: the tables, lengths, records, scores and posting arrays read, the lookups' keys
    # split, the facet tables, BM25F's length terms and the snippet cache made...
    assert at_open["expanders.read_expansion_tables"] == 1
    assert at_open["postings.read_length_table"] == 1 and at_open["ScoredPostings.open"] == 1
    assert at_open["DisplayRecords.open"] == 1
    assert at_open["PostingArrays.beside"] == 2  # one segment per book
    assert at_open["posting_arrays.PostingColumns"] == 2
    assert at_open["keys split"] >= 8 and at_open["snippets.french_analyzer"] == 1
    assert {"derived facets", "derived bm25f_norms", "derived snippets"} <= set(at_open)
    # ... so that the first search reads, derives and imports nothing, nor do the next ones
    # (a phrase, an acronym, a filter, a family word),
    assert found["total"] > 5
    assert found["in_first"] == {} and found["imported"] == []
    assert found["in_others"] == {}
    # and freezes nothing more: what the process holds was frozen at open.
    imported_search, opened, searched = found["frozen"]
    assert opened > imported_search and searched == opened
    # Same answers, every digit and snippet, as a searcher opened without preparing.
    assert found["same"]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ready")
    build_index(root, root / "index", books=tiny_books())
    return root / "index"


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The calls of the expansion tables' reader from now on (each opened index reads them
    once, when it is prepared)."""
    read: list[object] = []
    real = expanders.read_expansion_tables
    monkeypatch.setattr(expanders, "read_expansion_tables",
                        lambda *args: read.append(args[0]) or real(*args))
    return read


def test_a_second_ready_searcher_of_an_index_reads_nothing_again(index_dir, monkeypatch):
    generation = open_live(index_dir)
    built: list[object] = []
    real = postings.memoized
    monkeypatch.setattr(postings, "memoized", lambda lock, cache, key, build: real(
        lock, cache, key, lambda: built.append(key) or build()))
    with ready_searcher(generation) as one:
        assert built  # the first one prepared the index
        built.clear()
        with ready_searcher(generation) as two:
            assert built == []
            first = search(one, "Kostanay", corpus_dir=generation.corpus_dir)
            second = search(two, "Kostanay", corpus_dir=generation.corpus_dir)
    assert built == []
    assert first.total and first.to_json() == second.to_json()


def test_the_live_index_prepares_a_generation_when_it_opens_it(tmp_path, monkeypatch):
    corpus_dir = write_tiny_corpus(tmp_path / "corpus")
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir)
    read = _count_reads(monkeypatch)
    live = LiveIndex(index_dir, open_searcher=ready_searcher)
    generation = live.current()
    assert read == [generation.path]  # prepared on opening, before any request borrowed

    def answered() -> int:
        with live.borrowed() as searcher:
            return search(searcher, "Kostanay", corpus_dir=live.current().corpus_dir).total

    assert answered() > 0 and len(read) == 1  # the request's search read nothing
    build_index(corpus_dir, index_dir, force=True)
    newer = live.current()
    assert newer.name != generation.name and read[1:] == [newer.path]
    assert answered() > 0 and len(read) == 2
    live.close()


def test_the_web_app_searches_with_ready_searchers(tmp_path, monkeypatch):
    corpus_dir = write_tiny_corpus(tmp_path / "corpus")
    build_index(corpus_dir, tmp_path / "index")
    app = create_app({"TESTING": True, "CORPUS_DIR": corpus_dir, "INDEX_DIR": tmp_path / "index"})
    read = _count_reads(monkeypatch)
    with app.app_context():
        live_index().current()
    assert len(read) == 1
    found = app.test_client().get("/search.json?q=Kostanay").get_json()
    assert found["total"] > 0 and len(read) == 1


def _spy_on_ready_searcher(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    opened: list[object] = []
    real = search_package.ready_searcher
    monkeypatch.setattr(search_package, "ready_searcher",
                        lambda index, *args: opened.append(index) or real(index, *args))
    return opened


def test_the_cli_searches_with_a_ready_searcher(index_dir, cli_runner, monkeypatch):
    opened = _spy_on_ready_searcher(monkeypatch)
    result = cli_runner.invoke(cli, ["search", "Kostanay", "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert "Kostanay" in result.output
    assert [g.name for g in opened] == [open_live(index_dir).name]  # type: ignore[attr-defined]


def test_cite_search_uses_a_ready_searcher(tmp_path, cli_runner, monkeypatch):
    corpus_dir = write_tiny_corpus(tmp_path / "corpus")
    build_index(corpus_dir, tmp_path / "index")
    opened = _spy_on_ready_searcher(monkeypatch)
    result = cli_runner.invoke(cli, ["cite", "--search", "Kostanay", "--format", "json",
                                     "--corpus", str(corpus_dir), "--index",
                                     str(tmp_path / "index")])
    assert result.exit_code == 0, result.output
    assert [c for found in json.loads(result.stdout) for c in found["citations"]]
    assert len(opened) == 1


def _opened_searchers(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    opened: list[Any] = []
    real = Generation.searcher
    monkeypatch.setattr(Generation, "searcher",
                        lambda self, **kwargs: opened.append(real(self, **kwargs)) or opened[-1])
    return opened


def test_a_damaged_file_failing_at_open_is_named_and_the_searcher_closed(index_dir, tmp_path,
                                                                         monkeypatch):
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    generation = open_live(copy)
    lengths = generation.path / "field_lengths.bin"
    lengths.write_bytes(b"\xff" * lengths.stat().st_size)  # fails its checksum

    def trips(reader: Any) -> Any:
        raise ValueError("what a decoder of a damaged file raises")

    monkeypatch.setattr(postings, "read_length_table", trips)
    opened = _opened_searchers(monkeypatch)
    with pytest.raises(IndexDamaged) as damaged:
        ready_searcher(generation)
    assert "field_lengths.bin" in str(damaged.value) and opened[0].is_closed


def test_a_failure_of_intact_files_is_raised_as_is_and_the_searcher_closed(index_dir,
                                                                           monkeypatch):
    def fails(reader: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(postings, "read_length_table", fails)
    opened = _opened_searchers(monkeypatch)
    with pytest.raises(RuntimeError, match="a bug"):
        ready_searcher(open_live(index_dir))
    assert opened[0].is_closed


def test_a_deleted_generation_fails_as_its_searcher_does(index_dir, tmp_path):
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    generation = open_live(copy)
    shutil.rmtree(generation.path)
    with pytest.raises(Exception) as plain:
        generation.searcher()
    with pytest.raises(Exception) as ready:
        ready_searcher(generation)
    assert type(ready.value) is type(plain.value) and str(ready.value) == str(plain.value)
