"""Which phrases a query makes of the expansion tables' forms: those the build stores.

The expander (:mod:`searchlib.search.expand`) ORs each form of the tables
(:meth:`~searchlib.analysis.corpus_tables.CorpusTables.forms`: spellings, cities' printed forms,
acronyms and full names, countries and adjectives) into a query through
:func:`searchlib.search.clauses.text_clause`: a form analysed to several positions is a
:class:`~searchlib.search.nodes.GappedPhrase` in each field a word is searched in
(:data:`.schema.SEARCH_FIELDS`), of the first term at each position, its slop the widest gap
between them. A spelling of a name (the variants table's, a city's printed form) is also the
phrase of its words' transliteration keys in the keys' fields
(:func:`searchlib.search.clauses.key_clauses`, ``names``).

The index cannot call the expander (the search is above it): :func:`table_phrases` applies those
rules to the analyses the expander reads (the same analysis functions,
:func:`~searchlib.analysis.word_analysis.analysis`, with the index's analyzers), and
``tests/test_stored_phrases.py`` checks that every phrase the expander makes of every form of the
real books' tables is one of them. A phrase listed here that no query makes costs the build its
evaluation, never a wrong answer: a stored phrase is keyed by what it is, not by where it came
from (:mod:`.stored_phrases`).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from ..analysis.corpus_tables import CorpusTables
from ..analysis.word_analysis import analysis, stored_first
from .schema import SEARCH_FIELDS

__all__ = ["KEY_FIELDS", "PhraseKey", "table_phrases"]

#: The fields of the transliteration keys a name's spelling is looked for in (the body's, the
#: footnotes'), as :data:`searchlib.search.expand.VARIANT_FIELDS`.
KEY_FIELDS = ("variants", "note_variants")

#: A phrase as a query's node holds it: (field, words, slop).
PhraseKey = tuple[str, tuple[str, ...], int]

#: An analysed text: (position, term) of each token.
Tokens = Sequence[tuple[int, str]]


def table_phrases(tables: CorpusTables, schema: Any) -> list[PhraseKey]:
    """Every phrase a query makes of a form of ``tables``, with ``schema``'s analyzers, each
    once (in the forms' order). The forms' analyses are those the tables hold
    (:attr:`~searchlib.analysis.corpus_tables.CorpusTables.analysis`), as the expander reads
    them, else derived."""
    terms = stored_first(tables.analysis, 0, analysis(schema["text"].analyzer))
    keys = stored_first(tables.analysis, 1, analysis(schema["variants"].analyzer))
    key_fields = tuple(f for f in KEY_FIELDS if f in schema)
    # The forms an expansion names a spelling of ("variante", "lieu"): their keys' phrase too.
    names = {form for group in tables.variants.groups for form in group}
    names.update(form for forms in tables.places.printed.values() for form in forms)
    found: dict[PhraseKey, None] = {}
    for form in sorted(tables.forms()):
        phrase = text_phrase(terms(form))
        if phrase is not None:
            found.update(((f, *phrase), None) for f in SEARCH_FIELDS)
        if form in names:
            phrase = key_phrase(keys(form))
            if phrase is not None:
                found.update(((f, *phrase), None) for f in key_fields)
    return list(found)


def text_phrase(tokens: Tokens) -> tuple[tuple[str, ...], int] | None:
    """(words, slop) of the phrase :func:`searchlib.search.clauses.text_clause` makes of an
    analysed text (``None``: its terms, at one position, or none)."""
    first: dict[int, str] = {}
    for pos, term in tokens:
        first.setdefault(pos, term)
    if len(first) < 2:
        return None
    positions = sorted(first)
    return tuple(first[p] for p in positions), max(b - a for a, b in pairwise(positions))


def key_phrase(keys: Tokens) -> tuple[tuple[str, ...], int] | None:
    """(words, slop) of the phrase :func:`searchlib.search.clauses.key_clauses` makes of a
    name's keys (``None``: one key, or several at one position)."""
    if len(keys) < 2 or len({p for p, _ in keys}) != len(keys):
        return None
    return tuple(k for _, k in keys), max(b - a for (a, _), (b, _) in pairwise(keys))
