"""ID and comma-separated KEYWORD fields' postings made without their analyzer
(:mod:`searchlib.index.keyword_terms`) are the field's own ``index``."""

from __future__ import annotations

import pytest
from whoosh.fields import ID, KEYWORD, TEXT

from searchlib.index.keyword_terms import keyword_index
from searchlib.index.schema import passage_schema
from searchlib.index.writer import book_documents

VALUES = ["", "1", "12,13", "1, 2,2,,x ", " , ,", "Belta.BY,belta.by, sb.by", "été,Été", "a b,c"]


@pytest.mark.parametrize("field", [ID(), ID(field_boost=2.0), KEYWORD(commas=True),
                                   KEYWORD(commas=True, lowercase=True),
                                   KEYWORD(commas=True, field_boost=0.5)])
def test_literal_values(field) -> None:
    made = keyword_index(field)
    assert made is not None
    for value in VALUES:
        assert sorted(made(value)) == sorted(field.index(value)), value


def test_other_fields_have_none() -> None:
    assert keyword_index(KEYWORD()) is None  # space-separated
    assert keyword_index(TEXT()) is None


def test_every_keyword_value_of_the_books(real_books: dict) -> None:
    schema = passage_schema()
    made = {name: keyword_index(schema[name])
            for name in ("id", "book", "chapter", "fn", "domain", "year", "belta")}
    assert None not in made.values()
    for book in real_books.values():
        for doc in book_documents(book):
            for name, index in made.items():
                assert sorted(index(doc[name])) == sorted(schema[name].index(doc[name]))
