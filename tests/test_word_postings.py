"""A field's postings grouped over a segment from its values' words
(:mod:`searchlib.index.word_postings`) are the postings the field's own ``index`` gives each
document: literal values, every format the shared analysis serves, document boosts."""

from __future__ import annotations

from typing import Any

import pytest
from whoosh.fields import TEXT
from whoosh.formats import Characters, Frequency, Positions

from searchlib.analysis import french_analyzer, variant_analyzer
from searchlib.index.formats import CompactCharacters, CompactPositions
from searchlib.index.schema import spell_analyzer
from searchlib.index.shared_analysis import ValueWords, WordTerms
from searchlib.index.word_postings import FieldWords

VALUES = [
    "L'État et l’Union économique eurasiatique (UEEA) : la coopération agro-industrielle.",
    "",
    "Aujourd'hui, jusqu'à 2021-2025, les tracteurs biélorusses vont à Kostanay et Kostanai.",
    "½ № ©",
    "La CEE et les EAU ; l'État, l'état, Gomel–Homiel, Беларусь¹ et œuvre, cee, CEE, CEE.",
    "Mise en œuvre : la zone de libre-échange, de la Chine à l'Ouzbékistan. ÉTAT",
]
FORMATS = [CompactCharacters, CompactPositions, Characters, Positions, Frequency]


def field_with(analyzer: Any, fmt: type) -> Any:
    field = TEXT(analyzer=analyzer)
    field.format = fmt(field_boost=1.5)
    return field


def grouped(field: Any, docs: list[tuple[int, str, float]]) -> tuple[list[tuple], list[int]]:
    """(term, docnum, weight, value) of each posting FieldWords makes, and their lengths."""
    terms = WordTerms(field.analyzer)
    words = FieldWords(field.format)
    for docnum, value, boost in docs:
        found, starts = terms.split(value)
        ids = terms.ids(found)
        entry = ValueWords(terms, ids, starts, sum(terms.token_counts[i] for i in ids))
        words.add(docnum, entry, boost, 1000 + docnum)
    result = words.postings()
    assert result is not None
    postings, lengths = result
    rows = []
    for i, (a, b) in enumerate(zip(postings.bounds, postings.bounds[1:], strict=False)):
        rows += [(postings.btexts[i], d, w, v) for d, w, v in zip(
            postings.docnums[a:b], postings.weights[a:b], postings.values[a:b], strict=True)]
    return rows, list(lengths)


def own(field: Any, docs: list[tuple[int, str, float]]) -> tuple[list[tuple], list[int]]:
    """The same from the field's own index of each document, sorted by term then document."""
    rows = []
    for docnum, value, boost in docs:
        rows += [(t, docnum, w * boost, v) for t, _, w, v in field.index(value)]
    rows.sort(key=lambda row: (row[0], row[1]))
    return rows, [1000 + d for _, d, _, _ in rows]


@pytest.mark.parametrize("make", [french_analyzer, variant_analyzer, spell_analyzer])
@pytest.mark.parametrize("fmt", FORMATS)
def test_grouped_postings_are_the_fields_own(make: Any, fmt: type) -> None:
    field = field_with(make(), fmt)
    docs = [(2 * n, value, 1.0 if n % 3 else 0.5) for n, value in enumerate(VALUES * 2)]
    assert grouped(field, docs) == own(field, docs)


def test_values_are_separate_objects() -> None:
    # A block pickles a term's values: one object met twice would be written as a reference.
    field = field_with(french_analyzer(), CompactPositions)
    words = FieldWords(field.format)
    terms = WordTerms(field.analyzer)
    for docnum in range(3):
        found, starts = terms.split("la la")
        words.add(docnum, ValueWords(terms, terms.ids(found), starts, 2), 1.0, 2)
    result = words.postings()
    assert result is not None
    # Held together: a value read and let go may leave its address to the next one read.
    values = list(result[0].values)
    assert values == [b"\x00\x00\x00\x00\x01\x00\x00\x00"] * 3
    assert len({id(v) for v in values}) == 3


def test_no_token_no_postings() -> None:
    # The transliteration keys are those of names: a value of common words gives none.
    field = field_with(variant_analyzer(), CompactCharacters)
    terms = WordTerms(field.analyzer)
    words = FieldWords(field.format)
    assert words.postings() is None
    found, starts = terms.split("de la, ©")
    words.add(0, ValueWords(terms, terms.ids(found), starts, 0), 1.0, 0)
    words.add(1, ValueWords(terms, [], [], 0), 1.0, 0)
    assert words.postings() is None
    with pytest.raises(ValueError, match="one analysis"):
        words.add(2, ValueWords(WordTerms(field.analyzer), [0], [0], 1), 1.0, 1)
