"""The postings of an ID or comma-separated KEYWORD field's value, without running its analyzer.

``FieldType.index`` runs a field's analyzer (a generator per filter, passing one Whoosh ``Token``
along) and its format's ``word_values`` over each value: for the passage schema's id, book and
chapter (``ID``: the whole value, one term) and footnote numbers, domains, years and BELTA ids
(``KEYWORD(commas=True)``: each comma-separated part, stripped, lower-cased for domains) that is
most of the cost of a short value. :func:`keyword_index` gives, for such a field, a function
that makes the same items directly: ``(term bytes, frequency, weight, encoded value)``, a term
once per value (``Existence``: in no particular order, as Whoosh's set gives them; ``Frequency``:
in the order first met). ``tests/test_keyword_terms.py`` compares them with ``field.index``.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from typing import Any

from whoosh.analysis import IDTokenizer, LowercaseFilter, RegexTokenizer, StripFilter
from whoosh.formats import Existence, Frequency
from whoosh.system import pack_uint

__all__ = ["keyword_index"]

#: (term bytes, frequency, weight, encoded value), as ``FieldType.index`` yields them.
Item = tuple[bytes, int, float, bytes]


def _whole(boost: float, value: str) -> list[Item]:
    return [(value.encode("utf-8"), 1, boost, b"")]


def _parts(find: Callable[[str], list[str]], lower: bool, boost: float,
           value: str) -> list[Item]:
    words = [w.strip() for w in find(value)]
    if lower:
        words = [w.lower() for w in words]
    # Each token's boost is 1.0: a term's weight is its count (a float) times the field's boost.
    return [(w.encode("utf-8"), n, float(n) * boost, pack_uint(n))
            for w, n in Counter(words).items()]


def keyword_index(field: Any) -> Callable[[str], list[Item]] | None:
    """A function giving ``list(field.index(value))`` for a text value of ``field``, when its
    analyzer and format are those of an ``ID`` field or a ``KEYWORD(commas=True)`` one (with
    or without lower case); else ``None``."""
    analyzer, fmt = field.analyzer, field.format
    items = list(getattr(analyzer, "items", [analyzer]))
    kinds = tuple(map(type, items))
    if kinds == (IDTokenizer,) and type(fmt) is Existence:
        return functools.partial(_whole, fmt.field_boost)
    if (type(fmt) is Frequency and kinds[:2] == (RegexTokenizer, StripFilter)
            and kinds[2:] in ((), (LowercaseFilter,)) and not items[0].gaps
            and not items[0].expression.groups):
        return functools.partial(_parts, items[0].expression.findall, len(kinds) == 3,
                                 fmt.field_boost)
    return None
