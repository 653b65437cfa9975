"""The passage schema and writer: one document per body paragraph; footnotes ride along."""

from __future__ import annotations

import json

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
