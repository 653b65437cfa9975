"""Compounds written apart or together: the forms a book prints of words a reader splits or joins.

A compound has three spellings: in one piece (``agroalimentaire``), hyphenated (``agro-industriel``)
and apart (``Hong Kong``, ``Nouvelle Zélande``). The index already holds a hyphenated word both
in parts and in one piece (:class:`~searchlib.analysis.french.CompoundFilter`), so a hyphenated
form is found typed any way. What the index alone cannot do:

* two words typed apart (``agro alimentaire``) finding the word the book prints in one piece
  (``agroalimentaire``);
* one word typed joined (``Hongkong``) finding the two words the book prints apart
  (``Hong Kong``).

At ingest, :func:`book_compounds` lists the book's words of both kinds, keyed by their folded
letters without spaces or hyphens (``agroalimentaire``, ``hongkong``):

* a word printed in one piece that splits into two words the book also prints (either alone or as
  a part of a hyphenated word), neither a stop word: ``agroalimentaire`` = ``agro`` (of
  ``agro-industriel``) + ``alimentaire``;
* two capitalised words printed side by side, neither a stop word: a name in two words.

At query time :class:`CompoundTable` answers from that dict only (no scan of the vocabulary): the
query layer ORs in the printed form of an adjacent pair typed apart, or of a word typed joined.
Only forms the books print are ever added. Written by hand: no library knows which French words
are compounds of which.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..quick_loading import lazy_compile
from .french import APOSTROPHES, HYPHENS, STOP_WORDS, WORD_RE, fold
from .lookups import converted

__all__ = ["MIN_PART", "CompoundTable", "book_compounds", "compound_key"]

#: Shortest part of a word printed in one piece (``co``, ``bio``, ``agro``).
MIN_PART = 2
#: Shortest word printed in one piece that is looked at.
MIN_WORD = 6
_HYPHEN = re.compile(f"[{HYPHENS}]")
_APOSTROPHE = re.compile(f"[{APOSTROPHES}]")
# Compiled on first use: only a build finds the books' name pairs.
_NAME_PAIR = lazy_compile(r"(?=\b([A-ZÀ-Ý][^\W\d_]+) ([A-ZÀ-Ý][^\W\d_]+)\b)")


def compound_key(*words: str) -> str:
    """The folded letters of ``words`` joined, without hyphens: ``("Nouvelle", "Zélande")`` →
    ``"nouvellezelande"``."""
    return "".join(fold(p) for w in words for p in _HYPHEN.split(w))


def _content(folded: str) -> bool:
    return len(folded) >= MIN_PART and folded not in STOP_WORDS


def book_compounds(texts: Iterable[str]) -> dict[str, list[str]]:
    """The compounds of a book a reader may type apart or joined (at ingest).

    :param texts: the book's paragraphs.
    :returns: key (:func:`compound_key`) → the forms the book prints, sorted: ``{"agroalimentaire":
        ["agroalimentaire"], "hongkong": ["Hong Kong"]}``.
    """
    tokens: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for text in texts:
        tokens.update(WORD_RE.findall(text))
        pairs.update(_NAME_PAIR.findall(text))
    solid: set[str] = set()  # words printed in one piece, lower case
    pieces: set[str] = set()
    for token in tokens:
        word = _APOSTROPHE.split(token)[-1]  # l'agroalimentaire: agroalimentaire
        split = _HYPHEN.split(word)
        pieces.update(split)
        if len(split) == 1 and word.isalpha() and len(word) >= MIN_WORD:
            solid.add(word.lower())
    # folded words printed alone or as a part of a hyphenated word (each folded once)
    parts = {fold(p) for p in pieces}
    found: dict[str, set[str]] = {}
    for a, b in pairs:
        if _content(fold(a)) and _content(fold(b)):
            found.setdefault(compound_key(a, b), set()).add(f"{a} {b}")
    for word in solid:
        folded = fold(word)
        for i in range(MIN_PART, len(folded) - MIN_PART + 1):
            head, tail = folded[:i], folded[i:]
            if head in parts and tail in parts and _content(head) and _content(tail):
                found.setdefault(folded, set()).add(word)
                break
    return {k: sorted(v) for k, v in sorted(found.items())}


class CompoundTable:
    """Query side: the printed forms of a pair typed apart or of a word typed joined.

    :param books: each book's compounds (see :func:`book_compounds`).
    """

    def __init__(self, books: Iterable[dict[str, list[str]]] = ()) -> None:
        #: key → printed forms in one piece; key → printed forms in two words.
        self.solid: dict[str, list[str]] = {}
        self.apart: dict[str, list[str]] = {}
        for book in books:
            for key, forms in book.items():
                for form in forms:
                    table = self.apart if " " in form else self.solid
                    if form not in table.setdefault(key, []):
                        table[key].append(form)

    def to_data(self) -> dict[str, Any]:
        """The table as plain data (dicts of lists of str): see :meth:`from_data`."""
        return {"solid": self.solid, "apart": self.apart}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> CompoundTable:
        """The table :meth:`to_data` gave."""
        table = cls()
        # Stored lookups (LazyLookup) are decoded entry by entry as a search asks for them.
        table.solid = converted(data["solid"], list)
        table.apart = converted(data["apart"], list)
        return table

    def joined(self, first: str, second: str) -> list[str]:
        """The words printed in one piece that ``first second`` typed apart spells."""
        return self.solid.get(compound_key(first, second), [])

    def split(self, word: str) -> list[str]:
        """The pairs printed apart that ``word`` typed in one piece spells (not itself)."""
        if " " in word or not word.isalpha():
            return []
        return self.apart.get(compound_key(word), [])

    def __len__(self) -> int:
        return len(self.solid) + len(self.apart)
