"""Text analysis for French search: the analyzer chain, transliteration keys, expansion tables.

* :func:`french_analyzer` — paragraph text, chapter titles and footnote text, at index and query
  time (elision, compounds, folding, Snowball stems; stop words kept at their positions).
* :func:`variant_analyzer` and :func:`variant_key` — the ``variants`` field: one key for the
  spellings of a name (Kostanay/Kostanai, Gomel/Homiel, Douchanbé/Dushanbe).
* :func:`load_variant_table`, :func:`load_synonyms`, :func:`default_tables` — the editable
  query-expansion tables ``corpus/variants.tsv`` and ``corpus/synonyms.tsv``.
"""

from __future__ import annotations

from .french import STOP_WORDS, fold, french_analyzer, is_stop_word
from .tables import (
    Synonyms,
    Tables,
    VariantTable,
    default_tables,
    load_synonyms,
    load_variant_table,
    normalize,
)
from .variants import is_name_like, variant_analyzer, variant_key

__all__ = [
    "STOP_WORDS",
    "Synonyms",
    "Tables",
    "VariantTable",
    "default_tables",
    "fold",
    "french_analyzer",
    "is_name_like",
    "is_stop_word",
    "load_synonyms",
    "load_variant_table",
    "normalize",
    "variant_analyzer",
    "variant_key",
]
