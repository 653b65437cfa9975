"""The first query of a new process, or of a new generation in a long-running server, reads what
the build stored (expansion tables, facet columns, field lengths) and derives nothing from the
books or the postings; and its answer does not depend on the process's hash seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from search_fixtures import tiny_books

import searchlib.search.expand as expand
from searchlib.index.generation import open_live
from searchlib.index.generations import build_index
from searchlib.index.live import LiveIndex
from searchlib.search import search

ROOT = Path(__file__).resolve().parent.parent

#: Run in a new process: count the calls of every derivation a first search could fall back on,
#: then search as the benchmark's reader does (Whoosh's ``open_dir``, then ``search``).
FIRST_SEARCH = r"""
import json, sys
from pathlib import Path
from whoosh.index import open_dir
import searchlib.search.expand as expand
import searchlib.search.postings as postings
from searchlib.search import search

calls = {}
def counted(module, name):
    real = getattr(module, name)
    def wrapper(*args, **kwargs):
        calls[name] = calls.get(name, 0) + 1
        return real(*args, **kwargs)
    setattr(module, name, wrapper)

counted(expand, "load_corpus_tables")  # the expander deriving its tables from the books
counted(postings.IndexArrays, "column")  # facets derived from the segments' columns
import searchlib.search.doc_columns as doc_columns
counted(doc_columns, "length_bytes")  # a field's lengths read segment by segment
where, corpus, queries = sys.argv[1], Path(sys.argv[2]), json.loads(sys.argv[3])
searcher = open_dir(where).searcher()
counted(type(searcher.reader().leaf_readers()[0][0]), "doc_field_length")
before = set(sys.modules)
first = search(searcher, queries[0], corpus_dir=corpus)
imported = sorted(m for m in set(sys.modules) - before if m.startswith("searchlib"))
results = {}
for q in queries:
    found = search(searcher, q, page_len=20, corpus_dir=corpus)
    results[q] = [[h.id, repr(h.score)] for h in found.hits] + [found.expansions]
print(json.dumps({"calls": calls, "imported": imported, "total": first.total,
                  "facets": {k: len(v) for k, v in first.facets.items()},
                  "results": results}))
"""

#: Names whose variant groups hold three or more spellings: summed in set order before the fix.
SEEDED_QUERIES = ["Kostanay", "Grodno", "Gomel", "Biélorussie", "Belarus Russie", "Kazakhstan"]


def _first_search(index_dir: Path, corpus_dir: Path, queries: list[str],
                  seed: str = "0") -> dict:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", FIRST_SEARCH, str(index_dir), str(corpus_dir), json.dumps(queries)],
        capture_output=True, text=True, check=True, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_a_new_process_first_search_derives_nothing_from_the_books(real_index_dir):
    generation = open_live(real_index_dir)
    found = _first_search(generation.path, generation.corpus_dir, ["Kostanay"])
    assert found["total"] > 5 and found["facets"]["book"] == 2
    # No table derived from the books, no facet pairs from the segments' columns, no field
    # lengths read segment by segment nor asked document by document: the build stored them.
    assert found["calls"] == {}
    # Nothing but the search's own modules, imported with ``searchlib.search``: the model's
    # dataclasses, the ingest and the corpus reader stay out of a search.
    assert found["imported"] == []


def test_scores_and_expansions_do_not_depend_on_the_hash_seed(real_index_dir):
    generation = open_live(real_index_dir)
    one = _first_search(generation.path, generation.corpus_dir, SEEDED_QUERIES, seed="1")
    two = _first_search(generation.path, generation.corpus_dir, SEEDED_QUERIES, seed="2")
    # Every query found something, and its variants were expanded (else nothing is compared).
    assert all(len(one["results"][q]) > 1 for q in SEEDED_QUERIES)
    assert any(e["kind"] == "variante" for e in one["results"]["Grodno"][-1])
    assert one["results"] == two["results"]  # the scores' repr: every digit


def test_a_generation_switch_reads_the_new_generations_tables(tmp_path, monkeypatch):
    from conftest import write_ingested_corpus

    corpus_dir = write_ingested_corpus(tmp_path / "corpus", tiny_books())
    (corpus_dir / "variants.tsv").write_text("Kostanay | Tobolgrad\n", encoding="utf-8")
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir)
    live = LiveIndex(index_dir)
    derived: list[object] = []
    monkeypatch.setattr(expand, "load_corpus_tables", derived.append)

    def found(query: str) -> int:
        generation = live.current()
        with live.borrowed() as searcher:
            return search(searcher, query, corpus_dir=generation.corpus_dir).total

    assert found("Tobolgrad") > 0
    first = live.generation
    (corpus_dir / "variants.tsv").write_text("Gomel | Homiel\n", encoding="utf-8")
    monkeypatch.undo()  # the build derives the new tables from the books: that is its job
    build_index(corpus_dir, index_dir)
    monkeypatch.setattr(expand, "load_corpus_tables", derived.append)
    assert found("Homiel") > 0 and found("Tobolgrad") == 0
    assert live.generation != first
    assert derived == []  # neither generation's first query derived its tables from the books
    live.close()


def test_every_searcher_of_a_generation_shares_one_expander(real_index_dir, monkeypatch):
    from searchlib.search import expanders

    generation = open_live(real_index_dir)
    read: list[object] = []
    real = expanders.read_expansion_tables
    monkeypatch.setattr(expanders, "read_expansion_tables",
                        lambda *args: read.append(args) or real(*args))
    with generation.searcher() as one, generation.searcher() as two:
        assert one.schema is not two.schema  # Whoosh reads a schema object per searcher
        first = search(one, "Grodno", corpus_dir=generation.corpus_dir)
        second = search(two, "Grodno", corpus_dir=generation.corpus_dir)
    assert first.total and [h.id for h in first.hits] == [h.id for h in second.hits]
    # The tables were read once, for the first searcher: the second one's expander is the same.
    assert len(read) == 1
