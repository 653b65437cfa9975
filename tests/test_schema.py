"""The passage schema and writer: one document per body paragraph; footnotes ride along."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from search_fixtures import TINY_PARAGRAPHS, build_tiny_index, tiny_books

from searchlib.index.schema import passage_schema
from searchlib.index.writer import write_index


@pytest.fixture(scope="module")
def tiny_ix(tmp_path_factory):
    return build_tiny_index(tmp_path_factory.mktemp("ix"))


def test_schema_stores_char_offsets_for_snippets():
    schema = passage_schema()
    assert schema["text"].supports("characters")
    assert schema["variants"].supports("characters")
    assert schema["text"].stored
    assert not schema["notes"].stored


def test_one_document_per_body_paragraph(tmp_path):
    count = write_index(tiny_books(), tmp_path / "ix", corpus_dir=tmp_path)
    assert count == len(TINY_PARAGRAPHS)


def test_progress_reports_the_final_count(tmp_path):
    seen = []
    write_index(tiny_books(), tmp_path / "ix", corpus_dir=tmp_path, progress=seen.append)
    assert seen[-1] == len(TINY_PARAGRAPHS)


def test_stored_fields_carry_footnotes_and_metadata(tiny_ix):
    with tiny_ix.searcher() as s:
        doc = s.document(id="b1.c01.p001")
        assert doc["book"] == "b1"
        assert doc["chapter"] == "1"
        assert doc["page"] == 10
        assert doc["text"] == TINY_PARAGRAPHS["b1.c01.p001"]
        notes = json.loads(doc["footnotes"])
        assert notes[0]["number"] == 1
        assert notes[0]["urls"] == ["https://www.belta.by/economics/view/traktory-469260-2021"]
        assert notes[0]["domains"] == ["belta.by"]


def test_filter_fields_are_indexed(tiny_ix):
    with tiny_ix.searcher() as s:
        r = s.reader()
        assert list(r.lexicon("domain")) == [b"belta.by", b"mfa.gov.by"]
        assert set(r.lexicon("year")) == {b"2021", b"2023"}
        assert list(r.lexicon("belta")) == [b"469260"]
        assert {s.stored_fields(d)["id"] for d in r.postings("book", "b2").all_ids()} == {
            "b2.c01.p001", "b2.c01.p002", "b2.c02.p001"}


def test_footnote_text_is_searchable_only_through_its_paragraph(tiny_ix):
    from whoosh.query import Term

    with tiny_ix.searcher() as s:
        # "pingouins" only occurs in footnote b2:1, carried by b2.c01.p001
        stem = list(s.schema["notes"].process_text("pingouins", mode="query"))[0]
        hits = [h["id"] for h in s.search(Term("notes", stem))]
        assert hits == ["b2.c01.p001"]
        assert not list(s.search(Term("text", stem)))


def test_display_records_beside_the_segment_match_the_stored_fields(tiny_ix):
    from searchlib.index.display import OFFSETS_EXT, DisplayRecords, display_record

    with tiny_ix.searcher() as s:
        records = DisplayRecords.open(s.reader())
        assert records is not None
        # The offsets file holds little-endian uint64, as numpy wrote it before.
        bounds = [segment.bounds for _, _, segment in records._parts]
        offsets = sorted(Path(tiny_ix.storage.folder).glob(f"*{OFFSETS_EXT}"))
        assert len(offsets) == len(bounds) == 2
        assert sorted(np.fromfile(f, dtype="<u8").tolist() for f in offsets) == sorted(bounds)
        for docnum in range(s.doc_count_all()):
            record = records.get(docnum)
            assert record == display_record(s.stored_fields(docnum))
            assert record.id == s.stored_fields(docnum)["id"]
        assert records.get(0).text in TINY_PARAGRAPHS.values()
        assert any(records.get(d).footnotes for d in range(s.doc_count_all()))
        with pytest.raises(IndexError):
            records.get(s.doc_count_all())


def test_search_without_display_records_reads_the_stored_fields(tmp_path):
    from whoosh.index import open_dir

    from searchlib.index.display import DisplayRecords
    from searchlib.search import search

    answers = []
    for name, drop in (("with", False), ("without", True)):
        write_index(tiny_books(), tmp_path / name, corpus_dir=tmp_path)
        if drop:
            for path in (tmp_path / name).glob("*.passages5*"):
                path.unlink()
        with open_dir(str(tmp_path / name)).searcher() as s:
            assert (DisplayRecords.open(s.reader()) is None) == drop
            answers.append([search(s, q).to_json() for q in ("Kostanay", "tracteurs", "lait")])
    assert answers[0] == answers[1]
    assert answers[0][0]["hits"][0]["footnotes"]


def test_year_facet_counts_the_printed_year_of_sources_on_any_site():
    from searchlib.index.writer import paragraph_document
    from searchlib.ingest.records import resolve_footnote
    from searchlib.ingest.urls import make_source
    from searchlib.model import Footnote, Paragraph

    paragraph = Paragraph("t1.c01.p001", "t1", 1, "Alpha bravo.", None, [1, 2])
    notes = [
        # b1:166 shape: sb.by, no id in the URL; the year is the reference's "- 2021. -".
        Footnote("t1", 1, "Un centre industriel [Ressource électronique]. - 2021. - URL : "
                 "https://www.sb.by/articles/tsentr.html",
                 [make_source("https://www.sb.by/articles/tsentr.html")]),
        Footnote("t1", 2, "Lebedev [Ressource électronique]. - 2021. - URL : x",
                 [make_source("https://www.belta.by/politics/view/lebedev-469260-2022/")]),
    ]
    notes = [resolve_footnote(n, {}) for n in notes]  # the year is resolved at ingest
    document = paragraph_document(paragraph, "Alpha", notes)
    assert document["year"] == "2021,2022"  # for a BelTA URL its slug year counts
