"""Index arrays read lazily: positions only for candidate documents, field lengths in one read
(tiny literal books through the real writer; :mod:`searchlib.search.postings`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from search_fixtures import build_tiny_index
from test_incremental import ALPHA, BRAVO, corpus
from whoosh import scoring

from searchlib.index import generations as gen
from searchlib.index.generation import open_live
from searchlib.index.posting_arrays import PostingArrays
from searchlib.search import search, snippet_spans
from searchlib.search.occurrences import DOC_POSITION_BITS
from searchlib.search.postings import index_arrays

FILLER = [f"Le rapport {n} de la commission de Minsk." for n in range(30)]


@pytest.fixture
def reads(monkeypatch) -> dict[tuple[int, int], set[int]]:
    """The documents whose occurrences each term's posting arrays gave, by (id of the arrays,
    term number), however they were asked (a page's few documents, more, a phrase's check)."""
    found: dict[tuple[int, int], set[int]] = {}

    def recording(name: str, term_at: int, docs_at: int):
        original = getattr(PostingArrays, name)

        def read(self, *args):
            terms = args[term_at] if isinstance(args[term_at], list) else [args[term_at]]
            for term in terms:
                found.setdefault((id(self), term), set()).update(
                    np.asarray(args[docs_at]).tolist())
            return original(self, *args)
        monkeypatch.setattr(PostingArrays, name, read)

    for name, term_at, docs_at in (("each", 0, 1), ("occurrences", 1, 2)):
        recording(name, term_at, docs_at)

    # A page's snippets read a phrase's words in place, in the documents holding them all.
    original_phrase_spans = snippet_spans._add_phrase_spans

    def phrase_spans(found_spans, offset, store, terms, offsets, local):
        for term in terms:
            found.setdefault((id(store), term), set()).update(local)
        return original_phrase_spans(found_spans, offset, store, terms, offsets, local)
    monkeypatch.setattr(snippet_spans, "_add_phrase_spans", phrase_spans)
    return found


@pytest.fixture
def live(tmp_path: Path):
    gen.build_index(corpus(tmp_path / "corpus", ALPHA + FILLER, BRAVO), tmp_path / "index")
    return open_live(tmp_path / "index")


def test_a_phrase_decodes_the_positions_of_its_candidates_only(live, reads):
    with live.searcher() as s:
        reader = s.reader()
        arrays = index_arrays(reader)
        decoded = {}
        for term in (b"de", b"zon"):
            holding = len(arrays.postings(reader, "text", term)[0])
            decoded[term] = holding
        results = search(s, '"zone de libre-échange"', corpus_dir=live.corpus_dir)
        assert [h.id for h in results.hits] == ["b1.c01.p002"]
        read = [docs for _l, offset, store in arrays.stores(reader)
                for d in reads.get((id(store), store.find("text", b"de")), ())
                for docs in [d + offset]]
        hit = s.document_number(id="b1.c01.p002")
    # "de" is in 35 passages; its positions were read only where every word of the phrase is.
    assert decoded[b"de"] > 30 and decoded[b"zon"] == 1, decoded
    assert read == [hit]


@pytest.mark.parametrize("values", [[], [7], [3, 3, 3], [5, 1, 5, 2, 9, 1], list(range(50, 0, -3))])
def test_distinct_is_numpys_unique(values):
    from searchlib.search.postings import distinct

    array = np.array(values, dtype=np.int64)
    assert distinct(array).tolist() == np.unique(array).tolist()


def test_occurrences_are_those_of_the_documents_asked_for(live):
    with live.searcher() as s:
        reader = s.reader()
        arrays = index_arrays(reader)
        ids, _ = arrays.postings(reader, "text", b"de")
        some = ids[::7]
        occ = arrays.occurrences(reader, "text", b"de", some)
        assert set((occ.keys >> DOC_POSITION_BITS).tolist()) == set(some.tolist())
        # The same as Whoosh's own decoding, document by document.
        m = reader.postings("text", b"de")
        expected = []
        while m.is_active():
            if m.id() in set(some.tolist()):
                expected += [(m.id() << DOC_POSITION_BITS | p, a, b)
                             for p, a, b in m.value_as("characters")]
            m.next()
        assert list(zip(occ.keys.tolist(), occ.starts.tolist(), occ.ends.tolist(),
                        strict=True)) == expected


def test_field_lengths_read_at_once_equal_whoosh_per_document(live):
    with live.searcher() as s:
        reader = s.reader()
        arrays = index_arrays(reader)
        for field in ("text", "notes", "variants", "title"):
            lengths = arrays.lengths(reader, field)
            expected = [reader.doc_field_length(d, field, 1)
                        for d in range(reader.doc_count_all())]
            assert np.array_equal(lengths, np.array(expected, dtype=np.float64), equal_nan=True)


def test_field_lengths_come_from_whoosh_length_files_even_when_they_end_early(tmp_path):
    from whoosh.codec.whoosh3 import W3Codec

    from searchlib.index.doc_tables import BYTE_LENGTHS, length_bytes

    short = 0
    with build_tiny_index(tmp_path / "index").searcher() as s:
        for leaf, _offset in s.reader().leaf_readers():
            n = leaf.doc_count_all()
            for field in ("text", "notes", "note_variants", "title"):
                name = W3Codec.column_filename(leaf.segment(), f"_{field}_len")
                short += leaf.storage().file_length(name) < n
                column = length_bytes(leaf, field, n)
                assert column is not None  # not the per-document fallback
                expected = [leaf.doc_field_length(d, field, 1) for d in range(n)]
                assert np.array_equal(BYTE_LENGTHS[column],
                                      np.array(expected, dtype=np.float64), equal_nan=True)
    # Whoosh leaves out the trailing passages without footnotes: the files end early.
    assert short


def test_facet_columns_stored_at_build_equal_the_postings(live):
    from searchlib.search.doc_columns import stored_facet_column

    with live.searcher() as s:
        reader = s.reader()
        n = reader.doc_count_all()
        for field in ("book", "chapter", "domain", "year"):
            stored = stored_facet_column(reader, field, n)
            assert stored is not None, field
            values = [t.decode() for t in reader.lexicon(field)]
            matrix = np.zeros((len(values), n), dtype=bool)
            for i, v in enumerate(values):
                matrix[i, list(reader.postings(field, v.encode()).all_ids())] = True
            assert stored[0] == values and np.array_equal(stored[1], matrix)
        assert stored_facet_column(reader, "book", n)[0] == ["a1", "b1"]


def test_a_damaged_facet_column_is_not_used(live):
    from searchlib.search.doc_columns import stored_facet_column

    (npy,) = [p for p in live.path.glob("*.facets1_book.npy")][:1]
    npy.write_bytes(b"\x93NUMPY garbage")
    with live.searcher() as s:
        assert stored_facet_column(s.reader(), "book", s.reader().doc_count_all()) is None


def test_a_reader_keeps_the_arrays_of_its_segments_and_a_new_generation_gets_new_ones(tmp_path):
    index_dir = tmp_path / "index"
    gen.build_index(corpus(tmp_path / "corpus", ALPHA, BRAVO), index_dir)
    first = open_live(index_dir)
    with first.searcher() as s, first.searcher() as t:
        arrays = index_arrays(s.reader())
        assert index_arrays(s.reader()) is arrays
        assert index_arrays(t.reader()) is arrays  # another searcher of the same generation
    gen.build_index(corpus(tmp_path / "corpus2", ALPHA + BRAVO, BRAVO), index_dir, force=True)
    second = open_live(index_dir)
    with second.searcher() as s:
        fresh = index_arrays(s.reader())
        assert fresh is not arrays
        assert fresh.doc_count == s.reader().doc_count_all() != arrays.doc_count


@pytest.mark.parametrize("weighting", [
    None,  # the searches' own: the build stored its scores (index.scored_postings)
    scoring.BM25F(B=0.5, K1=2.0),  # others are computed (Engine._scored)
    scoring.BM25F(B=0.8, K1=1.2, title_B=0.3, notes_B=0.5, note_variants_B=0.9),
])
def test_each_terms_scores_are_whooshs_to_the_last_bit(tmp_path, weighting):
    # The engine scores a term with each document's length term computed once per field
    # (Engine._norms): the same operations on each element as Whoosh's BM25F scorer, so the
    # same numbers, not merely close ones.
    from whoosh import query as Q

    from searchlib.search import WEIGHTING
    from searchlib.search.engine import Engine, whoosh_matches

    weighting = weighting or WEIGHTING
    ix = build_tiny_index(tmp_path / "ix")
    with ix.searcher() as searcher:
        checked = 0
        for fieldname in ("text", "title", "notes", "variants"):
            for btext in list(searcher.reader().lexicon(fieldname))[:60]:
                q = Q.Term(fieldname, btext.decode("utf-8"))
                ids, scores = Engine(searcher, weighting).run(q)
                ref_ids, ref_scores = whoosh_matches(searcher, q, weighting)
                assert ids.tolist() == ref_ids.tolist()
                assert scores.tolist() == ref_scores.tolist(), (fieldname, btext)
                checked += 1
        assert checked > 100


def _clauses(draw_lists, doc_count):
    found = []
    for docs, scores in draw_lists:
        ids = sorted({d % doc_count for d in docs})
        if ids:
            found.append((np.array(ids, dtype=np.int64),
                          np.array([scores[i % len(scores)] for i in range(len(ids))])))
    return found



@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.lists(st.integers(0, 10_000), min_size=1, max_size=40),
                          st.lists(st.floats(0.01, 50.0), min_size=1, max_size=5)),
                min_size=2, max_size=6),
       st.sampled_from([30, 600, 6000, 60_000]))
def test_a_union_sums_each_documents_scores_in_clause_order(lists, doc_count):
    # Sparse unions (few postings for the documents) and dense ones: each document once,
    # ascending, its score the sum of its clauses' scores added in clause order, to the bit.
    from searchlib.search.matches import union

    found = _clauses(lists, doc_count)
    if len(found) < 2:
        return
    expected: dict[int, float] = {}
    for ids, scores in found:
        for d, s in zip(ids.tolist(), scores.tolist(), strict=True):
            expected[d] = expected.get(d, 0.0) + s
    ids, sums = union(found, doc_count)
    assert ids.tolist() == sorted(expected)
    assert sums.tolist() == [expected[d] for d in sorted(expected)]


def test_maybe_keeps_the_first_documents_and_adds_the_second_scores_where_held():
    from searchlib.search.matches import maybe

    a = (np.array([1, 3, 5]), np.array([1.0, 2.0, 3.0]))
    ids, scores = maybe(a, (np.array([0, 3, 4, 9]), np.array([7.0, 0.5, 9.0, 1.0])))
    assert ids.tolist() == [1, 3, 5] and scores.tolist() == [1.0, 2.5, 3.0]
    assert a[1].tolist() == [1.0, 2.0, 3.0]  # the first scores' array is left as it was
    assert maybe(a, (np.zeros(0, dtype=np.int64), np.zeros(0))) == a
