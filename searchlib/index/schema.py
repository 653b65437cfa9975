"""The Whoosh schema of a passage index: one document per body paragraph.

Fields, and why each exists:

``id``, ``book``, ``chapter``
    identity, and the ``book:`` / ``chapter:`` filters and facets (``chapter``: number as text).
``text``
    the paragraph as printed, stored, analysed by the French chain, with positions **and character
    offsets** (``chars=True``): snippets are cut from those offsets, not by re-analysing text.
``title``
    the chapter title: a passage in a chapter *about* the subject ranks above a passing mention.
``notes``
    the text of the footnotes the paragraph carries, weighted below the body; footnotes are never
    passages themselves, so a match there returns the paragraph that carries them.
``variants``
    transliteration keys of the paragraph's words (``Kostanay`` and ``Kostanai`` share one), with
    character offsets so a variant spelling is highlighted as printed.
``note_variants``
    the same keys for the footnotes' text (``Golovchenko`` cited only in a footnote is found as
    ``Golovtchenko``), weighted like the footnotes themselves, below the body.
``spell``
    the paragraph's words lower-cased but neither folded nor stemmed: the vocabulary of "did you
    mean" suggestions, which must be real words.
``fn``, ``domain``, ``year``, ``belta``
    footnote numbers, cited source domains, years and BelTA ids: filters and facets.
``page``, ``footnotes``
    stored only: the printed page, and a JSON list of the paragraph's footnotes (number, text, urls,
    domain) so that a search never needs to load the corpus.

The fields with positions store them, and their character spans, as ``int32`` arrays
(:mod:`.formats`), not Whoosh's pickled lists.
"""

from __future__ import annotations

from whoosh import analysis
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Characters, Positions

# The French chain (paragraphs, titles, notes) and the transliteration keys (``variants``).
from ..analysis import french_analyzer, variant_analyzer
from .formats import CompactCharacters, CompactPositions

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: How much a match in each field counts, relative to the paragraph text (applied at query time,
#: so they can be tuned without re-indexing).
FIELD_BOOSTS = {"text": 1.0, "title": 0.5, "notes": 0.3, "variants": 0.6, "note_variants": 0.18}

#: The fields a plain word is searched in.
SEARCH_FIELDS = ("text", "title", "notes")

#: Filter and facet fields, in display order.
FACET_FIELDS = ("book", "chapter", "domain", "year")


def spell_analyzer() -> analysis.Analyzer:
    """Words as printed, lower-cased only: suggestions must be words a reader would type."""
    return analysis.RegexTokenizer(r"\w+(?:-\w+)*") | analysis.LowercaseFilter()


def passage_schema() -> Schema:
    """The schema of one passage index (see the module docstring for the fields)."""
    french = french_analyzer()
    fields: dict[str, Any] = {
        "id": ID(stored=True, unique=True),
        "book": ID(stored=True),
        "chapter": ID(stored=True),
        "page": STORED(),
        "text": TEXT(analyzer=french, stored=True, chars=True, phrase=True),
        "title": TEXT(analyzer=french, phrase=True),
        "notes": TEXT(analyzer=french, phrase=True),
        "variants": TEXT(analyzer=variant_analyzer(), chars=True),
        "note_variants": TEXT(analyzer=variant_analyzer()),
        "spell": TEXT(analyzer=spell_analyzer(), phrase=False),
        "fn": KEYWORD(commas=True),
        "domain": KEYWORD(commas=True, lowercase=True),
        "year": KEYWORD(commas=True),
        "belta": KEYWORD(commas=True),
        "footnotes": STORED(),
    }
    # Positions and character spans as int32 arrays, not pickled lists (see .formats).
    for field in fields.values():
        if type(field.format) is Characters:
            field.format = CompactCharacters(field_boost=field.format.field_boost)
        elif type(field.format) is Positions:
            field.format = CompactPositions(field_boost=field.format.field_boost)
    return Schema(**fields)
