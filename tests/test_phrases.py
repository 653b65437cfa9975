"""Phrase checks on the posting arrays (:mod:`searchlib.index.phrase_matches`) against positions
and weights decoded by Whoosh, document by document (tiny literal books, one segment each)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from test_incremental import ALPHA, BRAVO, corpus
from whoosh import query as Q

from searchlib.index import generations as gen
from searchlib.index import phrase_matches as phrase_module
from searchlib.index.generation import open_live
from searchlib.index.phrase_matches import stored_phrase
from searchlib.search import WEIGHTING
from searchlib.search import engine as engine_module
from searchlib.search import phrases as decoded_module
from searchlib.search.postings import index_arrays

FILLER = [f"Le rapport {n} de la commission de Minsk." for n in range(30)]
REPEATS = ["de de de Minsk de de Minsk", "Minsk Minsk de Minsk"]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("phrases")
    gen.build_index(corpus(tmp / "corpus", ALPHA + FILLER + REPEATS, BRAVO), tmp / "index")
    with open_live(tmp / "index").searcher() as s:
        yield s


def positions_by_doc(reader: Any, fieldname: str, btext: bytes) -> dict[int, list[int]]:
    """Every document of a term with its positions, decoded by Whoosh's matcher."""
    found: dict[int, list[int]] = {}
    m = reader.postings(fieldname, btext)
    while m.is_active():
        found[m.id()] = list(m.value_as("positions"))
        m.next()
    return found


def weights_by_doc(reader: Any, fieldname: str, btext: bytes) -> dict[int, float]:
    """Every document of a term with its weight, as Whoosh's matcher reads it."""
    found: dict[int, float] = {}
    m = reader.postings(fieldname, btext)
    while m.is_active():
        found[m.id()] = m.weight()
        m.next()
    return found


def holds_phrase(positions: list[list[int]], slop: int) -> bool:
    """Whoosh's ordered ``SpanNear2``: each word 1 to ``slop`` positions after one before."""
    ends = set(positions[0])
    for word in positions[1:]:
        ends = {p for p in word if any(p - d in ends for d in range(1, slop + 1))}
    return bool(ends)


def phrases(reader: Any) -> list[list[bytes]]:
    """Runs of two to four words as each passage holds them, and the same words reversed."""
    words_at: dict[int, dict[int, bytes]] = {}
    for btext in reader.lexicon("text"):
        for doc, poses in positions_by_doc(reader, "text", btext).items():
            for p in poses:
                words_at.setdefault(doc, {})[p] = btext
    found = []
    for doc in sorted(words_at)[::3]:
        at = words_at[doc]
        for start in sorted(at):
            for length in (2, 3, 4):
                run = [at.get(start + k) for k in range(length)]
                if all(run):
                    found += [run, run[::-1]]
    return found


@pytest.mark.parametrize("few", [0, 10_000])  # array operations; the Python loop
@pytest.mark.parametrize("slop", [1, 2, 3])
def test_the_documents_holding_a_phrase_are_those_whoosh_positions_say(searcher, slop, few,
                                                                       monkeypatch):
    monkeypatch.setattr(phrase_module, "FEW", few)
    reader = searcher.reader()
    arrays = index_arrays(reader)
    stores = arrays.stores(reader)
    assert len(stores) == 2
    checked = 0
    outcomes: set[bool] = set()
    extra = [[b"minsk", b"de", b"commiss"], [b"de", b"minsk"], [b"minsk", b"minsk"],
             [b"de", b"de", b"minsk"], [b"de", b"de", b"de"], [b"minsk"]]
    for btexts in phrases(reader) + extra:
        decoded = [positions_by_doc(reader, "text", b) for b in btexts]
        candidates = sorted(set.intersection(*(set(d) for d in decoded)))
        if not candidates:
            continue
        found = stored_phrase(stores, "text", btexts, slop)
        expected = [doc for doc in candidates if holds_phrase([d[doc] for d in decoded], slop)]
        assert found.ids.tolist() == expected, (btexts, slop)
        weights = [weights_by_doc(reader, "text", b) for b in btexts]
        rows = np.asarray(found.weights, dtype=np.float64).reshape(len(btexts), -1)
        assert rows.tolist() == [[w[doc] for doc in expected] for w in weights]
        assert found.postings == [len(d) for d in decoded]
        checked += 1
        outcomes.update(doc in expected for doc in candidates)
    # true phrases and false ones (reversed runs, the fillers' words in another order)
    assert checked > 100 and outcomes == {True, False}


@pytest.mark.parametrize("few", [0, 10_000])
def test_a_phrase_is_checked_in_the_segment_of_each_candidate(searcher, few, monkeypatch):
    monkeypatch.setattr(phrase_module, "FEW", few)
    reader = searcher.reader()
    stores = index_arrays(reader).stores(reader)
    second = stores[1][1]
    btexts = [b"de", b"gomel"]
    ids = sorted(set(positions_by_doc(reader, "text", btexts[0]))
                 & set(positions_by_doc(reader, "text", btexts[1])))
    assert ids and min(ids) >= second
    assert stored_phrase(stores, "text", btexts, 1).ids.tolist() == ids
    assert stored_phrase(stores, "text", btexts[::-1], 1).ids.tolist() == []


def test_the_words_looked_up_end_at_the_first_the_index_lacks(searcher):
    reader = searcher.reader()
    stores = index_arrays(reader).stores(reader)
    minsk = len(positions_by_doc(reader, "text", b"minsk"))
    gomel = len(positions_by_doc(reader, "text", b"gomel"))
    # "gomel" is in one segment only: its postings there still count; "zzz" is nowhere.
    found = stored_phrase(stores, "text", [b"minsk", b"gomel", b"zzz", b"de"], 1)
    assert found.ids.tolist() == [] and found.weights == [[], [], [], []]
    assert found.postings == [minsk, gomel, 0]


@pytest.mark.parametrize("few", [0, 10_000])
def test_the_candidates_of_a_phrase_are_the_documents_of_every_word(few, monkeypatch):
    monkeypatch.setattr(decoded_module, "FEW", few)
    lists = [np.array(values, dtype=np.int64) for values in
             ([1, 4, 9, 12, 30], [0, 4, 9, 30, 31, 40], [4, 5, 30], [2, 4, 7, 9, 30, 99])]
    assert decoded_module.common_documents(lists).tolist() == [4, 30]
    assert decoded_module.common_documents(lists[:2]).tolist() == [4, 9, 30]
    assert decoded_module.common_documents([lists[0]]).tolist() == lists[0].tolist()
    disjoint = [np.array([1, 3], dtype=np.int64), np.array([2, 4], dtype=np.int64), lists[0]]
    found = decoded_module.common_documents(disjoint)
    assert found.tolist() == [] and found.dtype == np.int64


def test_a_phrases_matches_are_whooshs_and_its_scores_the_same_either_way(searcher,
                                                                          monkeypatch):
    # Scored by array operations or on Python floats (few documents), the same numbers to the
    # bit; Whoosh's own (its matchers sum the words' scores in another order) to rounding.
    reader = searcher.reader()
    checked = 0
    for btexts in phrases(reader)[::7]:
        for slop in (1, 2):
            q = Q.Phrase("text", [b.decode("utf-8") for b in btexts], slop=slop)
            found = []
            for few in (0, 10_000):
                monkeypatch.setattr(phrase_module, "FEW", few)
                # (its phrase's matches are kept per index: asked afresh each time)
                ids, scores, _looked = engine_module.Engine(searcher, WEIGHTING)._phrase(q)
                found.append((ids.tolist(), scores.tolist()))
            assert found[0] == found[1], (btexts, slop)
            ref_ids, ref_scores = engine_module.whoosh_matches(searcher, q, WEIGHTING)
            assert found[0][0] == ref_ids.tolist(), (btexts, slop)
            assert found[0][1] == pytest.approx(ref_scores.tolist(), rel=1e-12)
            checked += len(ref_ids)
    assert checked > 50


def test_a_phrases_words_are_looked_up_until_one_is_missing(searcher):
    reader = searcher.reader()
    engine = engine_module.Engine(searcher, WEIGHTING)
    ids, _scores = engine.run(Q.Phrase("text", ["minsk", "zzz", "de"]))
    assert not len(ids)
    looked = engine.looked_up_documents()
    assert set(looked) == {("text", "minsk"), ("text", "zzz")}
    assert looked["text", "minsk"].tolist() == sorted(positions_by_doc(reader, "text", b"minsk"))
    assert looked["text", "zzz"].tolist() == []
