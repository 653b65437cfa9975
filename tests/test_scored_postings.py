"""The scored postings a build stores for a whole generation: the very scores the engine computes
(and Whoosh gives), used only for the segments and the weighting they were computed for
(:mod:`searchlib.index.scored_postings`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
from search_fixtures import build_tiny_index
from test_incremental import ALPHA, BRAVO, corpus
from whoosh import scoring

from searchlib.index import generations as gen
from searchlib.index.bm25f import WEIGHTING
from searchlib.index.generation import open_live
from searchlib.index.scored_postings import SCORES, ScoredPostings
from searchlib.search import engine as engine_module
from searchlib.search import search
from searchlib.search.engine import Engine
from searchlib.search.postings import IndexArrays


def _every_term(reader, fields=None):
    for fieldname in fields or reader.schema.names():
        if reader.schema[fieldname].format is None:
            continue
        for btext in reader.lexicon(fieldname):
            yield fieldname, btext


def test_every_stored_score_is_the_one_the_engine_computes(real_searcher, monkeypatch):
    # Every term of every field of the real books: the stored documents and scores are those
    # the engine computes from the segments' postings, to the last bit.
    reader = real_searcher.reader()
    table = ScoredPostings.open(reader)
    assert table is not None
    stored = Engine(real_searcher, WEIGHTING)
    # An engine of arrays without the table: its postings read segment by segment, its scores
    # computed, as for an index without one.
    without = IndexArrays(reader)
    without._scored = None
    monkeypatch.setattr(engine_module, "index_arrays", lambda _reader: without)
    computed = Engine(real_searcher, WEIGHTING)
    checked = 0
    for fieldname, btext in _every_term(reader):
        assert stored._field(fieldname).stored is stored.arrays.scored(reader)
        assert computed._field(fieldname).stored is None
        ids, scores = stored._term_scores(fieldname, btext)
        ref_ids, ref_scores = computed._term_scores(fieldname, btext)
        assert len(ids) and ids.tolist() == ref_ids.tolist(), (fieldname, btext)
        assert scores.tolist() == ref_scores.tolist(), (fieldname, btext)
        assert [a.tolist() for a in table.postings(fieldname, btext)] == [
            a.tolist() for a in computed.arrays.postings(reader, fieldname, btext)]
        checked += 1
    assert checked > 20_000
    assert [len(a) for a in table.term_scores("text", "absentissime", b"absentissime")] == [0, 0]


def test_a_weighting_of_other_parameters_is_not_read_from_the_table(tmp_path):
    # Its scores are computed (test_postings checks them against Whoosh's).
    ix = build_tiny_index(tmp_path / "ix")
    with ix.searcher() as searcher:
        table = ScoredPostings.open(searcher.reader())
    assert table is not None and table.scores_for("notes", WEIGHTING)
    assert not table.scores_for("notes", scoring.BM25F(B=0.8, K1=1.2, notes_B=0.5))
    assert not table.scores_for("text", scoring.BM25F(B=0.8, K1=2.0))
    assert table.scores_for("book", scoring.BM25F(B=0.5))  # not scored: its weights, always
    assert not table.scores_for("nosuchfield", WEIGHTING)


def _answers(index_dir: Path) -> list:
    live = open_live(index_dir)
    with live.searcher() as s:
        return [[(h.id, h.score) for h in search(s, q, corpus_dir=live.corpus_dir).hits]
                for q in ("Kostanay", "tracteurs Gomel", '"zone de libre-échange"', "de")]


def _table(index_dir: Path) -> list:
    live = open_live(index_dir)
    with live.searcher() as s:
        table = ScoredPostings.open(s.reader())
        assert table is not None
        return [(fieldname, btext,
                 *(a.tolist() for a in table.term_scores(fieldname, btext, btext)))
                for fieldname, btext in _every_term(s.reader(), ["text", "notes", "title"])]


def test_a_one_book_rebuild_stores_the_scores_of_a_build_from_scratch(tmp_path: Path) -> None:
    corpus_dir, index_dir = corpus(tmp_path / "corpus", ALPHA, BRAVO), tmp_path / "index"
    gen.build_index(corpus_dir, index_dir)
    before = _table(index_dir)
    # b1 grows: every term's idf and every document's length term change, a1's too.
    bigger = [*BRAVO, "Sierra tango : Kostanay, Gomel, les tracteurs de Brest."]
    corpus(corpus_dir, ALPHA, bigger)
    assert gen.build_index(corpus_dir, index_dir).reused == ("a1",)
    scratch = tmp_path / "scratch"
    gen.build_index(corpus(tmp_path / "corpus2", ALPHA, bigger), scratch)
    assert _table(index_dir) == _table(scratch) != before
    assert _answers(index_dir) == _answers(scratch)


def test_a_table_of_other_segments_or_none_is_not_used(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    gen.build_index(corpus(tmp_path / "corpus", ALPHA, BRAVO), index_dir)
    expected = _answers(index_dir)
    other = tmp_path / "other"
    gen.build_index(corpus(tmp_path / "corpus2", ALPHA, BRAVO[:2]), other)
    live, foreign = open_live(index_dir), open_live(other)
    for name in (f"{SCORES}_arrays.npy", f"{SCORES}_meta.json"):
        shutil.copyfile(foreign.path / name, live.path / name)
    with live.searcher() as s:
        assert ScoredPostings.open(s.reader()) is None
    assert _answers(index_dir) == expected
    (live.path / f"{SCORES}_meta.json").unlink()
    with live.searcher() as s:
        assert ScoredPostings.open(s.reader()) is None
    assert _answers(index_dir) == expected


def test_a_term_met_again_is_the_same_arrays(real_searcher):
    # Read-only views of the mapped table: nothing copied, nothing a caller could change.
    first = Engine(real_searcher, WEIGHTING)._term_scores("text", "minsk")
    again = Engine(real_searcher, WEIGHTING)._term_scores("text", "minsk")
    assert len(first[0]) and all(np.shares_memory(a, b) for a, b in zip(first, again,
                                                                         strict=True))
    assert not first[1].flags.writeable


def test_the_hash_table_finds_every_key_and_no_other():
    # 300 keys in 1024 slots: many share a first slot and are found further on.
    from zlib import crc32

    from searchlib.index.scored_postings import _slots
    from searchlib.index.term_keys import field_key, key_arrays

    words = sorted({f"mot{n * 7919 % 1000}".encode() for n in range(300)})
    keys = [field_key("text", w) for w in words]
    n = len(keys)
    table = ScoredPostings({**key_arrays(keys), "slots": _slots(keys),
                            "term_postings": np.arange(n + 1), "docs": np.arange(n),
                            "weights": np.ones(n, dtype=np.float32), "scores": np.ones(n),
                            "segment_terms": np.zeros((0, n), dtype=np.int32)},
                           {"K1": 1.2, "fields": {"text": 0.8}})
    mask = len(table._slots) - 1
    assert len({crc32(k) & mask for k in keys}) < n  # collisions, probed past
    assert [table.find("text", w) for w in words] == list(range(n))
    assert {table.find("text", f"mot{k}x".encode()) for k in range(300)} == {-1}
    assert table.find("title", words[0]) == -1


def test_each_segment_finds_its_terms_through_the_table_as_by_its_own_keys(real_searcher):
    # Every key of every segment of the real books, and words no segment holds: the number the
    # table's hash gives is the one the segment's own binary search gives.
    from searchlib.index.term_keys import SEP, TermKeys
    from searchlib.search.postings import index_arrays

    reader = real_searcher.reader()
    stores = [store for _leaf, _offset, store in index_arrays(reader).stores(reader)]
    assert len(stores) > 1 and all(store._table is not None for store in stores)
    every = {key for store in stores for key in store.key_list()}
    checked = 0
    for store in stores:
        for key in sorted(every):
            fieldname, btext = key.decode("utf-8").split(SEP.decode(), 1)
            own = TermKeys._find(store, fieldname, btext.encode("utf-8"))
            assert store._find(fieldname, btext.encode("utf-8")) == own
            checked += own >= 0
        assert store._find("text", b"absentissime") == -1
        assert store._find("nosuchfield", b"minsk") == -1
        # Several terms at once (a page's snippets): through the table too, the same numbers.
        asked = [("text", b"tracteur"), ("variants", b"kostanai"), ("text", b"absentissime"),
                 ("title", b"belarus"), ("text", b"tracteur")]
        own = [TermKeys._find(store, fieldname, btext) for fieldname, btext in asked]
        assert store.find_many(asked) == own and max(own) >= 0
    assert checked == sum(len(store.key_list()) for store in stores)
