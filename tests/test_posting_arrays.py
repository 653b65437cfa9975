"""Posting values as int32 arrays (:mod:`searchlib.index.formats`) and the posting arrays written
beside each segment (:mod:`searchlib.index.posting_arrays`): Whoosh reads the same values as with
its own formats, the arrays hold what Whoosh's matchers read, and a search gives the same answer
with or without them (literal documents, the tiny books)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from search_fixtures import build_tiny_index
from test_segment_writer import literal_documents
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.formats import Characters, Positions
from whoosh.writing import SegmentWriter

from searchlib.index import posting_arrays
from searchlib.index.formats import CompactCharacters, CompactPositions
from searchlib.index.posting_arrays import LAYOUT, PostingArrays
from searchlib.index.schema import passage_schema
from searchlib.index.segment_writer import PassageSegmentWriter
from searchlib.search import occurrences, search
from searchlib.search.postings import index_arrays

SPANS = [(0, 0, 5), (3, 12, 20), (4, 21, 21), (70_000, 1_000_000, 1_000_007)]


def test_compact_formats_decode_what_whooshs_formats_decode() -> None:
    chars, stock_chars = CompactCharacters(), Characters()
    value = chars.encode(SPANS)
    assert len(value) == 12 * len(SPANS)
    assert chars.decode_characters(value) == stock_chars.decode_characters(
        stock_chars.encode(SPANS)) == SPANS
    assert chars.decode_positions(value) == [p for p, _s, _e in SPANS]
    assert chars.decode_frequency(value) == len(SPANS)
    positions, stock_positions = CompactPositions(field_boost=2.0), Positions(field_boost=2.0)
    poslist = [p for p, _s, _e in SPANS]
    assert positions.decode_positions(positions.encode(poslist)) == \
        stock_positions.decode_positions(stock_positions.encode(poslist)) == poslist
    assert positions.decode_weight(positions.encode(poslist)) == 2.0 * len(poslist)
    assert positions.decode_positions(positions.combine(
        [positions.encode([1, 5]), positions.encode([5, 9])])) == [1, 5, 9]
    assert chars.decode_characters(chars.combine(
        [chars.encode([(1, 0, 3)]), chars.encode([(1, 0, 5), (2, 6, 8)])])) == \
        [(1, 0, 5), (2, 6, 8)]


def stock_schema() -> Any:
    """The passage schema with Whoosh's own position formats."""
    schema = passage_schema()
    for name in schema.names():
        field = schema[name]
        if type(field.format) is CompactCharacters:
            field.format = Characters(field_boost=field.format.field_boost)
        elif type(field.format) is CompactPositions:
            field.format = Positions(field_boost=field.format.field_boost)
    return schema


def write(directory: Path, schema: Any, own: bool) -> Any:
    directory.mkdir()
    ix = whoosh_index.create_in(str(directory), schema)
    writer = (PassageSegmentWriter if own else SegmentWriter)(
        ix, codec=W3Codec(compression=0), compound=False)
    for doc in literal_documents():
        writer.add_document(**doc)
    writer.commit(merge=False)
    return whoosh_index.open_dir(str(directory))


def whoosh_postings(reader: Any, fieldname: str, btext: bytes, kind: str | None) -> list[Any]:
    m = reader.postings(fieldname, btext)
    found = []
    while m.is_active():
        found.append((m.id(), m.weight(), m.value_as(kind) if kind else None))
        m.next()
    return found


POSITIONAL = {"text": "characters", "variants": "characters", "title": "positions",
              "notes": "positions", "note_variants": "positions"}


@pytest.fixture
def indexes(tmp_path: Path) -> tuple[Any, Any]:
    return (write(tmp_path / "compact", passage_schema(), True),
            write(tmp_path / "stock", stock_schema(), False))


def test_whoosh_reads_the_same_postings_as_with_its_own_formats(indexes) -> None:
    compact, stock = indexes
    with compact.reader() as ours, stock.reader() as theirs:
        for fieldname, kind in POSITIONAL.items():
            terms = list(theirs.lexicon(fieldname))
            assert terms and terms == list(ours.lexicon(fieldname))
            for btext in terms:
                assert whoosh_postings(ours, fieldname, btext, kind) == \
                    whoosh_postings(theirs, fieldname, btext, kind), (fieldname, btext)


def test_the_arrays_hold_what_whooshs_matchers_read(indexes, tmp_path: Path) -> None:
    compact, _ = indexes
    (segment,) = compact._read_toc().segments
    arrays = PostingArrays.open(tmp_path / "compact", segment.segment_id())
    assert arrays is not None
    assert arrays.widths == {"text": 3, "variants": 3, "title": 1, "notes": 1,
                             "note_variants": 1}
    with compact.reader() as reader:
        checked = 0
        for fieldname in compact.schema.names():
            if not compact.schema[fieldname].indexed:
                continue
            kind = POSITIONAL.get(fieldname)
            for btext in reader.lexicon(fieldname):
                expected = whoosh_postings(reader, fieldname, btext, kind)
                term = arrays.find(fieldname, btext)
                ids, weights = arrays.postings(term)
                assert ids.tolist() == [e[0] for e in expected]
                assert weights.tolist() == [e[1] for e in expected]
                if kind:
                    # Every document asked (some without the term), then every other one.
                    for asked in (np.arange(compact.doc_count_all()), ids[::2]):
                        docs, occ = arrays.occurrences(fieldname, term, asked)
                        rows = [tuple(r) if kind == "characters" else r[0]
                                for r in occ.tolist()]
                        held = [e for e in expected if e[0] in asked.tolist()]
                        assert rows == [v for e in held for v in e[2]]
                        assert docs.tolist() == [e[0] for e in held for _ in e[2]]
                        flat = [(e[0], [n for v in e[2] for n in (
                            v if kind == "characters" else (v,))]) for e in held]
                        assert list(arrays.each(term, asked.tolist())) == flat
                checked += 1
        assert checked > 100
        assert arrays.find("text", b"absent") == -1 and arrays.find("nofield", b"de") == -1


QUERIES = ["Kostanay", "coopération", '"zone de libre-échange"', "tracteurs Gomel", "CEI",
           "exportations", "Ouzbékistan Chine"]


def answers(directory: Path) -> list[Any]:
    with whoosh_index.open_dir(str(directory)).searcher() as s:
        found = []
        for q in QUERIES:
            r = search(s, q, page_len=10, corpus_dir=directory)
            found.append((r.total, [(h.id, h.score, h.snippet) for h in r.hits]))
        return found


@pytest.mark.parametrize("few", [0, 24])
def test_a_search_answers_the_same_without_the_arrays(tmp_path: Path, few: int,
                                                      monkeypatch) -> None:
    # few=0: every occurrence read takes the array path; 24: the Python loop of a few documents.
    monkeypatch.setattr(occurrences, "FEW", few)
    build_tiny_index(tmp_path / "with")
    build_tiny_index(tmp_path / "without")
    removed = [p for p in (tmp_path / "without").iterdir() if f".{LAYOUT}_" in p.name]
    assert removed
    for path in removed:
        path.unlink()
    with whoosh_index.open_dir(str(tmp_path / "with")).searcher() as s:
        assert all(store is not None for _l, _o, store in index_arrays(s.reader()).stores(
            s.reader()))
    with whoosh_index.open_dir(str(tmp_path / "without")).searcher() as s:
        assert all(store is None for _l, _o, store in index_arrays(s.reader()).stores(
            s.reader()))
    ours, theirs = answers(tmp_path / "with"), answers(tmp_path / "without")
    assert any(hits for _total, hits in ours)
    assert any("<mark>" in snippet for _t, hits in ours for _i, _s, snippet in hits)
    assert ours == theirs
    assert np.all([total >= len(hits) for total, hits in ours])


def test_terms_sharing_the_searched_prefix_are_told_apart(tmp_path: Path) -> None:
    # Keys are binary-searched on their first PREFIX bytes: terms longer than that, sharing
    # them, and a term that is their common beginning, are each found as themselves.
    head = b"x" * posting_arrays.PREFIX
    btexts = sorted([head, head + b"a", head + b"ab", head + b"b", b"court"])
    postings = posting_arrays.FieldPostings(
        btexts=btexts, bounds=list(range(len(btexts) + 1)), docnums=list(range(len(btexts))),
        weights=[1.0] * len(btexts), values=[b""] * len(btexts))
    posting_arrays.write_posting_arrays(tmp_path, "seg", passage_schema(), {"spell": postings})
    arrays = PostingArrays.open(tmp_path, "seg")
    assert arrays is not None
    for number, btext in enumerate(btexts):
        assert arrays.find("spell", btext) == number
        assert arrays.postings(number)[0].tolist() == [number]
    for absent in (head + b"c", head[:-1], head + b"a" * 40, b"autre"):
        assert arrays.find("spell", absent) == -1
    assert arrays.find("text", head) == -1


def test_terms_looked_up_together_are_those_looked_up_alone(tmp_path: Path) -> None:
    # find_many binary-searches every term at once (the terms a page's snippets highlight).
    head = b"x" * posting_arrays.PREFIX
    btexts = sorted([head, head + b"a", b"bb", b"court", b"zz"])
    postings = posting_arrays.FieldPostings(
        btexts=btexts, bounds=[0, 2, 3, 3, 6, 7], docnums=[1, 4, 0, 2, 3, 9, 5],
        weights=[1.0, 2.0, 3.0, 1.5, 1.0, 4.0, 2.5], values=[b""] * 7)
    posting_arrays.write_posting_arrays(tmp_path, "seg", passage_schema(), {"spell": postings})
    asked = [("spell", b) for b in [*btexts, head + b"b", b"a", b"zzz", b"court"]] + \
        [("text", b"court")]
    alone = PostingArrays.open(tmp_path, "seg")
    together = PostingArrays.open(tmp_path, "seg")
    assert alone is not None and together is not None
    numbers = together.find_many(asked)
    assert numbers == [alone.find(*term) for term in asked] == [0, 1, 2, 3, 4, -1, -1, -1, 1, -1]


def test_a_few_documents_occurrences_are_those_of_the_array_path(real_searcher,
                                                                  monkeypatch) -> None:
    # The real books: two segments, so the documents asked fall in both.
    reader = real_searcher.reader()
    stores = index_arrays(reader).stores(reader)
    assert len(stores) == 2
    second = stores[1][1]
    checked = 0
    for fieldname, word in (("text", "tracteur"), ("text", "de"), ("variants", "kostanai"),
                            ("title", "belarus"), ("text", "absentissime")):
        btext = word.encode("utf-8")
        ids = index_arrays(reader).postings(reader, fieldname, btext)[0]
        # some documents holding the term on each side of the segments' border, one without
        wanted = np.array(sorted({*ids[ids < second][:6].tolist(), *ids[ids >= second][:6].tolist(),
                                  second - 1, second}), dtype=np.int64)
        monkeypatch.setattr(occurrences, "FEW", 24)
        few = occurrences.stored_occurrences(stores, fieldname, btext, wanted)
        monkeypatch.setattr(occurrences, "FEW", 0)
        vectorised = occurrences.stored_occurrences(stores, fieldname, btext, wanted)
        assert few.lists() == vectorised.lists()
        for column in ("keys", "starts", "ends"):
            a, b = getattr(few, column), getattr(vectorised, column)
            assert (a is None) == (b is None)
            if a is not None:
                assert a.dtype == b.dtype and a.tolist() == b.tolist()
        checked += bool(len(few.keys))
    assert checked == 4


def test_packed_values_read_as_the_list_they_pack():
    from searchlib.index.posting_arrays import PackedValues, joined_values

    listed = [b"abcd", b"", b"efghijkl", b"m"]
    offsets = np.cumsum([0, *map(len, listed)])
    packed = PackedValues(b"".join(listed), offsets)
    assert len(packed) == 4 and list(packed) == listed
    assert packed[1:3] == listed[1:3] and packed[-1] == b"m" and packed[2:] == listed[2:]
    with pytest.raises(IndexError):
        packed[4]
    for values in (packed, listed):
        blob, sizes = joined_values(values)
        assert blob == b"abcdefghijklm" and sizes.tolist() == [4, 0, 8, 1]
