"""The facet pairs and field lengths a build stores for the whole index: read back equal to those
derived from the segments' files, used only for the segments they were derived from."""

from __future__ import annotations

import json

import numpy as np
from conftest import write_ingested_corpus
from search_fixtures import build_tiny_index, tiny_books

from searchlib.index import doc_tables
from searchlib.index.doc_tables import (
    FACETS_FILE,
    LENGTHS_FILE,
    facet_pairs,
    read_facet_table,
    read_length_table,
)
from searchlib.index.generation import open_live
from searchlib.search import facets, search
from searchlib.search.doc_columns import field_lengths
from searchlib.search.postings import IndexArrays


def _pairs(table):
    return {name: (p.values, sorted(zip(p.docs.tolist(), p.ids.tolist(), strict=True)))
            for name, p in table.items()}


def test_the_stored_pairs_are_those_the_columns_derive(real_index_dir):
    generation = open_live(real_index_dir)
    assert FACETS_FILE in generation.manifest["files"]
    with generation.searcher() as searcher:
        reader = searcher.reader()
        stored = read_facet_table(reader)
        arrays = IndexArrays(reader)
        derived = facet_pairs({n: arrays.column(reader, n) for n in doc_tables.FACETS},
                              arrays.doc_count)
        doc_count = reader.doc_count_all()
    assert stored is not None
    assert _pairs(stored) == _pairs(derived)
    # Both books, their chapters as book:chapter, and every passage counted under a book.
    assert stored["book"].values == ["b1", "b2"]
    assert "b2:3" in stored["chapter"].values
    assert sorted(stored["book"].docs.tolist()) == list(range(doc_count))


def test_facet_counts_are_the_same_from_stored_and_derived_pairs(real_index_dir, monkeypatch):
    generation = open_live(real_index_dir)
    with generation.searcher() as searcher:
        reader = searcher.reader()
        docs = np.arange(0, reader.doc_count_all(), 7)
        stored = facets.facet_counts(reader, docs)
    monkeypatch.setattr(facets, "read_facet_table", lambda reader: None)
    with generation.searcher() as searcher:  # a new reader: its own IndexArrays
        derived = facets.facet_counts(searcher.reader(), docs)
    assert stored == derived
    assert stored["chapter"] and stored["year"]


def _facets_after_rewriting_the_table(tmp_path, rewrite):
    """A tiny index's facets for Kostanay with its stored table, then (the table rewritten by
    ``rewrite(header, body)``) whether the table still reads and the facets a search gives."""
    corpus_dir = write_ingested_corpus(tmp_path / "corpus", tiny_books())
    ix = build_tiny_index(tmp_path / "index", corpus_dir)
    path = tmp_path / "index" / FACETS_FILE
    with ix.searcher() as searcher:
        assert read_facet_table(searcher.reader()) is not None
        before = search(searcher, "Kostanay", corpus_dir=corpus_dir).facets
    path.write_bytes(rewrite(*path.read_bytes().split(b"\n", 1)))
    with ix.searcher() as searcher:
        table = read_facet_table(searcher.reader())
        after = search(searcher, "Kostanay", corpus_dir=corpus_dir).facets
    return before, table, after


def test_pairs_of_other_segments_are_not_used(tmp_path):
    def other_segments(header, body):
        other = json.loads(header)
        other["segments"][0][1] += 1  # another document count: other document numbers
        return json.dumps(other).encode() + b"\n" + body

    before, table, after = _facets_after_rewriting_the_table(tmp_path, other_segments)
    assert table is None
    assert after == before


def test_a_damaged_table_is_set_aside_and_the_search_goes_on(tmp_path, caplog):
    before, table, after = _facets_after_rewriting_the_table(
        tmp_path, lambda header, body: header + b"\n" + body[:-4])
    assert table is None
    assert after == before
    assert any("unreadable facet table" in r.getMessage() for r in caplog.records)


def test_the_stored_field_lengths_are_those_of_the_segments_length_columns(real_index_dir):
    generation = open_live(real_index_dir)
    assert LENGTHS_FILE in generation.manifest["files"]
    with generation.searcher() as searcher:
        reader = searcher.reader()
        stored = read_length_table(reader)
        assert stored is not None
        assert set(stored) == set(reader.schema.scorable_names())
        for name in stored:
            from_stored = field_lengths(reader, name, reader.doc_count_all(), stored)
            from_segments = field_lengths(reader, name, reader.doc_count_all())
            np.testing.assert_array_equal(from_stored, from_segments)
        # Real lengths: most passages have text, some have no footnote (NaN, as Whoosh's None).
        text = field_lengths(reader, "text", reader.doc_count_all(), stored)
        assert (text > 10).mean() > 0.9


def test_field_lengths_of_other_segments_are_not_used(tmp_path):
    corpus_dir = write_ingested_corpus(tmp_path / "corpus", tiny_books())
    ix = build_tiny_index(tmp_path / "index", corpus_dir)
    path = tmp_path / "index" / LENGTHS_FILE
    with ix.searcher() as searcher:
        assert read_length_table(searcher.reader()) is not None
    header, body = path.read_bytes().split(b"\n", 1)
    other = json.loads(header)
    other["segments"][0][0] = "another"
    path.write_bytes(json.dumps(other).encode() + b"\n" + body)
    with ix.searcher() as searcher:
        assert read_length_table(searcher.reader()) is None
    path.write_bytes(header + b"\n" + body[:-1])  # cut short: set aside, said
    with ix.searcher() as searcher:
        assert read_length_table(searcher.reader()) is None
