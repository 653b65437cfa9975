"""Compounds written apart or together: the forms a book prints of words a reader splits or joins.

A compound has three spellings: in one piece (``agroalimentaire``), hyphenated (``agro-industriel``)
and apart (``Hong Kong``, ``Nouvelle Zélande``). The index already holds a hyphenated word both
in parts and in one piece (:class:`~searchlib.analysis.french.CompoundFilter`), so a hyphenated
form is found typed any way. What the index alone cannot do:

* two words typed apart (``agro alimentaire``) finding the word the book prints in one piece
  (``agroalimentaire``);
* one word typed joined (``Hongkong``) finding the two words the book prints apart
  (``Hong Kong``);
* a word finding the words the book glues it to a learned prefix (``électronique`` finding
  ``microélectronique``, ``chimie`` finding ``pétrochimie``), as ``industriel`` finds
  ``agro-industriel`` through its parts.

At ingest, :func:`book_compounds` lists the book's words of both kinds, keyed by their folded
letters without spaces or hyphens (``agroalimentaire``, ``hongkong``):

* a word printed in one piece that splits into two words the book also prints (either alone or as
  a part of a hyphenated word), neither a stop word: ``agroalimentaire`` = ``agro`` (of
  ``agro-industriel``) + ``alimentaire``; or a learned prefix (:data:`LEARNED_PREFIXES`), printed
  or not, and a word the book prints in either number (``optoélectronique`` = ``opto`` +
  ``électronique``);
* two capitalised words printed side by side, neither a stop word: a name in two words.

At query time :class:`CompoundTable` answers from that dict only (no scan of the vocabulary): the
query layer ORs in the printed form of an adjacent pair typed apart, or of a word typed joined,
and the words printed in one piece that a learned prefix heads before the word typed
(:meth:`CompoundTable.headed`).
Only forms the books print are ever added. Written by hand: no library knows which French words
are compounds of which.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..quick_loading import lazy_compile
from .french import HYPHENS, STOP_WORDS, WORD_RE, fold
from .lookups import converted
from .words import one_apostrophe

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["LEARNED_PREFIXES", "MIN_PART", "CompoundTable", "book_compounds", "compound_key"]

#: Shortest part of a word printed in one piece (``co``, ``bio``, ``agro``).
MIN_PART = 2
#: Shortest word printed in one piece that is looked at.
MIN_WORD = 6
#: Prefixes of Greek and Latin roots that French glues to a word, folded: a word in one piece
#: that starts with one is a kind of the word that follows (``microélectronique`` is electronics,
#: ``pétrochimie`` chemistry). Not ``inter`` (international is not national), ``auto``
#: (automobile is not mobile), ``trans`` (transformation is not formation), ``co``, ``pré``,
#: ``poly``, ``géo``, ``infra``: what follows them in the books is most often another word.
LEARNED_PREFIXES = ("agro", "bio", "eco", "micro", "nano", "petro", "opto", "radio", "hydro",
                    "thermo", "electro", "macro", "socio", "aero", "tele", "cyber")
#: Shortest word after a learned prefix (``aéroport`` is no kind of ``port``).
MIN_HEADED = 5
#: Folded words that follow a learned prefix as a root's suffix, not as the word itself:
#: ``biologique`` and ``écologique`` are not ``logique``, ``télévision`` is not ``vision``.
NOT_HEADED = frozenset({"logique", "logie", "vision"})
#: Each hyphen as the hyphen-minus, for ``str.translate``: a word is split at its hyphens by
#: ``str.split`` (an expression cost the first query word it split 60 µs to compile).
_ONE_HYPHEN = str.maketrans(dict.fromkeys(HYPHENS, "-"))
# Compiled on first use: only a build finds the books' name pairs.
_NAME_PAIR = lazy_compile(r"(?=\b([A-ZÀ-Ý][^\W\d_]+) ([A-ZÀ-Ý][^\W\d_]+)\b)")


def compound_key(*words: str) -> str:
    """The folded letters of ``words`` joined, without hyphens: ``("Nouvelle", "Zélande")`` →
    ``"nouvellezelande"``."""
    return "".join(fold(p) for w in words for p in _hyphen_parts(w))


def _hyphen_parts(word: str) -> list[str]:
    """What the hyphens of ``word`` part (``[""]`` for an empty word, as ``re.split``)."""
    return word.translate(_ONE_HYPHEN).split("-")


def _singular(folded: str) -> str:
    """A folded word without the plural's ``s`` or ``x``: a compound printed in the plural
    (``nanotechnologies``) is found by the word typed in the singular, and the reverse."""
    return folded[:-1] if folded[-1:] in ("s", "x") else folded


def learned_head(folded: str) -> str | None:
    """The word a learned prefix heads in the folded word, in the singular (``electronique`` for
    ``microelectroniques``); ``None`` for any other word."""
    for prefix in LEARNED_PREFIXES:
        if folded.startswith(prefix):
            headed = _singular(folded[len(prefix):])
            if len(headed) >= MIN_HEADED and headed not in NOT_HEADED:
                return headed
    return None


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
        word = one_apostrophe(token).split("'")[-1]  # l'agroalimentaire: agroalimentaire
        split = _hyphen_parts(word)
        pieces.update(split)
        if len(split) == 1 and word.isalpha() and len(word) >= MIN_WORD:
            solid.add(word.lower())
    # folded words printed alone or as a part of a hyphenated word (each folded once)
    parts = {fold(p) for p in pieces}
    singulars = {_singular(p) for p in parts}
    found: dict[str, set[str]] = {}
    for a, b in pairs:
        if _content(fold(a)) and _content(fold(b)):
            found.setdefault(compound_key(a, b), set()).add(f"{a} {b}")
    for word in solid:
        folded = fold(word)
        for i in range(MIN_PART, len(folded) - MIN_PART + 1):
            head, tail = folded[:i], folded[i:]
            printed = (head in parts and tail in parts
                       or head in LEARNED_PREFIXES and _singular(tail) in singulars)
            if printed and _content(head) and _content(tail):
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
        #: A word a learned prefix heads, folded, in the singular → the forms in one piece.
        self.heads: dict[str, list[str]] = {}
        for book in books:
            for key, forms in book.items():
                for form in forms:
                    table = self.apart if " " in form else self.solid
                    if form not in table.setdefault(key, []):
                        table[key].append(form)
        for key, forms in self.solid.items():
            headed = learned_head(key)
            if headed is not None:
                self.heads.setdefault(headed, []).extend(forms)

    def to_data(self) -> dict[str, Any]:
        """The table as plain data (dicts of lists of str): see :meth:`from_data`."""
        return {"solid": self.solid, "apart": self.apart, "heads": self.heads}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> CompoundTable:
        """The table :meth:`to_data` gave."""
        table = cls()
        # Stored lookups (LazyLookup) are decoded entry by entry as a search asks for them.
        table.solid = converted(data["solid"], list)
        table.apart = converted(data["apart"], list)
        table.heads = converted(data["heads"], list)
        return table

    def joined(self, first: str, second: str) -> list[str]:
        """The words printed in one piece that ``first second`` typed apart spells."""
        return self.solid.get(compound_key(first, second), [])

    def split(self, word: str) -> list[str]:
        """The pairs printed apart that ``word`` typed in one piece spells (not itself)."""
        if " " in word or not word.isalpha():
            return []
        return self.split_folded(compound_key(word))

    def split_folded(self, key: str) -> list[str]:
        """:meth:`split` of a word whose :func:`compound_key` is ``key``."""
        return self.apart.get(key, [])

    def headed(self, word: str) -> list[str]:
        """The words printed in one piece that a learned prefix heads before ``word`` (in either
        number): ``microélectronique`` and ``optoélectronique`` for ``électronique``."""
        if " " in word or not word.isalpha():
            return []
        return self.headed_folded(compound_key(word))

    def headed_folded(self, key: str) -> list[str]:
        """:meth:`headed` of a word whose :func:`compound_key` is ``key``."""
        return self.heads.get(_singular(key), [])

    def __len__(self) -> int:
        return len(self.solid) + len(self.apart)
