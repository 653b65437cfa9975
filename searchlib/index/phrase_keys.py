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

A word the reader types with a hyphen (``libre-échange``, ``agro-industriel``) is a phrase of
its parts in the same fields. Those the books print often are listed too
(:func:`printed_compounds`: in one passage in :data:`SHARE_DIVISOR` or more, whose phrases a
query checks over many candidates; a share, not a count, so that a larger corpus does not store
nearly every compound it prints).

The index cannot call the expander (the search is above it): :func:`query_phrases` applies those
rules to the analyses the expander reads (the same analysis functions,
:func:`~searchlib.analysis.word_analysis.analysis`, with the index's analyzers), and
``tests/test_stored_phrases.py`` checks that every phrase the expander makes of every form of the
real books' tables, and of those words, is one of them. A phrase listed here that no query makes
costs the build its evaluation, never a wrong answer: a stored phrase is keyed by what it is,
not by where it came from (:mod:`.stored_phrases`).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from ..analysis.corpus_tables import CorpusTables
from ..analysis.word_analysis import analysis, stored_first
from .schema import SEARCH_FIELDS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["KEY_FIELDS", "SHARE_DIVISOR", "PhraseKey", "key_phrase", "printed_compounds",
           "query_phrases", "text_phrase"]

#: The fields of the transliteration keys a name's spelling is looked for in (the body's, the
#: footnotes'), as :data:`searchlib.search.expand.VARIANT_FIELDS`.
KEY_FIELDS = ("variants", "note_variants")

#: The field of the words as printed (lower case), hyphenated words whole.
WORDS_FIELD = "spell"
#: A word printed with a hyphen in one passage in this many or more has its phrases stored (5
#: passages of the two books' 595).
SHARE_DIVISOR = 128

#: A phrase as a query's node holds it: (field, words, slop).
PhraseKey = tuple[str, tuple[str, ...], int]

#: An analysed text: (position, term) of each token.
Tokens = Sequence[tuple[int, str]]


def query_phrases(tables: CorpusTables, schema: Any,
                  compounds: Sequence[str] = ()) -> list[PhraseKey]:
    """Every phrase a query makes of a form of ``tables``, or of one of ``compounds`` typed as
    a word, with ``schema``'s analyzers, each once (in the forms' order, then the compounds').
    The forms' analyses are those the tables hold
    (:attr:`~searchlib.analysis.corpus_tables.CorpusTables.analysis`), as the expander reads
    them, else derived."""
    terms = stored_first(tables.analysis, 0, analysis(schema["text"].analyzer))
    keys = stored_first(tables.analysis, 1, analysis(schema["variants"].analyzer))
    key_fields = tuple(f for f in KEY_FIELDS if f in schema)
    # The forms an expansion names a spelling of ("variante", "lieu"): their keys' phrase too.
    names = {form for group in tables.variants.groups for form in group}
    names.update(form for forms in tables.places.printed.values() for form in forms)
    found: dict[PhraseKey, None] = {}
    for form in (*sorted(tables.forms()), *compounds):
        phrase = text_phrase(terms(form))
        if phrase is not None:
            found.update(((f, *phrase), None) for f in SEARCH_FIELDS)
        if form in names:
            phrase = key_phrase(keys(form))
            if phrase is not None:
                found.update(((f, *phrase), None) for f in key_fields)
    return list(found)


def printed_compounds(stores: Sequence[Any], doc_count: int,
                      divisor: int = SHARE_DIVISOR) -> list[str]:
    """The words the books print with a hyphen in one of ``divisor`` of their ``doc_count``
    passages or more (the :data:`WORDS_FIELD` terms of the segments' posting arrays
    ``stores``), in order."""
    least = max(1, -(-doc_count // divisor))
    counts: dict[bytes, int] = {}
    for store in stores:
        starts = store.columns()[0]
        for number, term in store.field_terms(WORDS_FIELD, b"-"):
            counts[term] = counts.get(term, 0) + int(starts[number + 1] - starts[number])
    return [t.decode("utf-8") for t, n in sorted(counts.items()) if n >= least]


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
