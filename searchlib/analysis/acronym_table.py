"""Acronyms and their expansions, per book: the books' own definitions, then the curated table.

Three sources, most specific first:

* the definitions a book prints (``Émirats arabes unis (EAU)``), found at ingest
  (:mod:`searchlib.ingest.acronyms`) and stored on the book;
* lines of ``corpus/synonyms.tsv`` scoped to one book, for a meaning the book uses without ever
  defining it: ``[b1] EAU | Union économique eurasienne`` (b1's translation writes EAU for the
  Eurasian Economic Union);
* the other lines of ``corpus/synonyms.tsv``, for every book; where a book gives an acronym
  another meaning (its own definition or scoped line shares nothing with the curated group), the
  acronym still expands to the curated forms there (b1 also writes the Emirates in full), but
  the curated forms no longer expand to the acronym in that book: ``Émirats arabes unis`` does
  not find b1's ``EAU``, which is the Eurasian Union.

A book's definition may have a distinctive head that the book also prints alone: ``République de
Kabardino-Balkarie (KBR)``, then ``la Kabardino-Balkarie``. :func:`distinctive_head` finds it (a
hyphenated proper name whose parts' initials spell most of the acronym), and the acronym also
expands to it, at :data:`HEAD_WEIGHT`: below the acronym and its full name.

:meth:`AcronymTable.expand` gives each alternative form with the books it holds in; an acronym
whose alternatives differ between books is expanded per book by the query layer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ..quick_loading import NamedTuple, lazy_compile
from .lookups import ascending_keys, converted, starts_a_key
from .tables import normalize

TYPE_CHECKING = False
if TYPE_CHECKING:  # an annotation only: a search imports this module, never the model
    from typing import Any

    from ..model import Acronym

__all__ = ["HEAD_WEIGHT", "AcronymTable", "Alternative", "distinctive_head", "split_scope"]

# Compiled on first use: the table is read when built, never by a search.
_SCOPE = lazy_compile(r"^\[(?P<book>[\w-]+)\]\s*(?P<form>.+)$")
_HYPHENS = lazy_compile(r"[\u2010\u2011-]")
#: Weight of a full name's distinctive head, relative to the full name's (see the docstring).
HEAD_WEIGHT = 0.4


class Alternative(NamedTuple):
    """One form to OR in for an acronym or expansion, the books where it holds (``None``: in
    every book), and why (shown in the query explanation). A named tuple (see
    :class:`searchlib.search.nodes.Expansion`)."""

    form: str
    books: frozenset[str] | None
    why: str
    #: Relative to the other alternatives: below 1 for a part of a full name.
    weight: float = 1.0


def split_scope(group: Sequence[str]) -> tuple[str | None, tuple[str, ...]]:
    """``("b1", forms)`` for a line starting ``[b1]``, ``(None, forms)`` for any other."""
    m = _SCOPE.match(group[0]) if group else None
    if m is None:
        return None, tuple(group)
    return m["book"], (m["form"].strip(), *group[1:])


def distinctive_head(acronym: str, name: str) -> str | None:
    """The hyphenated proper name in ``name`` whose parts' initials spell more than half of the
    acronym's capitals, at least two (``Kabardino-Balkarie`` of ``République de
    Kabardino-Balkarie`` for ``KBR``); ``None`` when there is none (``Asie-Pacifique`` is half of
    ``APEC`` only: the region, not the forum)."""
    capitals = [c for c in normalize(acronym).upper() if c.isalpha()]
    for word in name.split():
        word = word.split("'")[-1].split("’")[-1]
        parts = [p for p in _HYPHENS.split(word) if p]
        if len(parts) < 2 or not all(p[:1].isupper() for p in parts) or word == name:
            continue
        left = list(capitals)
        spelled = 0
        for initial in (normalize(p)[:1].upper() for p in parts):
            if initial in left:
                left.remove(initial)
                spelled += 1
        if spelled >= 2 and spelled * 2 > len(capitals):
            return word
    return None


def _is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return " " not in form.strip() and sum(c.isupper() for c in letters) >= 2


class AcronymTable:
    """The expansion table of a corpus.

    :param curated: the groups of ``corpus/synonyms.tsv`` (scoped lines start with ``[book]``).
    :param found: each book's definitions (:attr:`searchlib.model.Book.acronyms`).
    """

    _sorted: tuple[Sequence[str], Sequence[str]] | None = None

    def __init__(self, curated: Iterable[Sequence[str]],
                 found: Mapping[str, Iterable[Acronym]] | None = None) -> None:
        found = found or {}
        self.books = sorted(found)
        shared: list[tuple[str, ...]] = []
        own: dict[str, list[tuple[tuple[str, ...], str]]] = {b: [] for b in self.books}
        for group in curated:
            book, forms = split_scope(group)
            if book is None:
                shared.append(forms)
            else:
                own.setdefault(book, []).append((forms, f"corpus/synonyms.tsv ([{book}])"))
        #: acronym key → (book, head, why): a full name's distinctive head.
        self._heads: dict[str, list[tuple[str, str, str]]] = {}
        for book, acronyms in found.items():
            for a in acronyms:
                where = ", ".join(a.paragraphs[:3])
                own[book].append(((a.acronym, a.expansion), f"défini dans {book} ({where})"))
                head = distinctive_head(a.acronym, a.expansion)
                if head is not None:
                    self._heads.setdefault(normalize(a.acronym), []).append(
                        (book, head, f"partie distinctive de « {a.expansion} » ({book}, {where})"))
        #: normalised form → [(book or None, alternative forms, why)]
        self._by_key: dict[str, list[tuple[str | None, tuple[str, ...], str]]] = {}
        for book, groups in own.items():
            for forms, why in groups:
                self._add(book, forms, why)
        for forms in shared:
            keys = {normalize(f) for f in forms}
            if not self.books:
                self._add(None, forms, "corpus/synonyms.tsv")
                continue
            for book in self.books:
                redefined = [f for f in forms if self._redefined(book, f, keys)]
                kept = tuple(f for f in forms if f not in redefined)
                if len(kept) > 1:
                    self._add(book, kept, "corpus/synonyms.tsv")
                for acronym in redefined:  # still found from itself, never from the others
                    self._add(book, forms, "corpus/synonyms.tsv", keys=(acronym,))
        self.max_words = max((len(k.split()) for k in self._by_key), default=0)
        #: Each form and head of the table, normalised: what :meth:`expand` compares them by,
        #: derived once here (and stored by a build) rather than by each query naming them.
        self._form_keys: Mapping[str, str] = {f: normalize(f) for f in self.forms()}

    def to_data(self) -> dict[str, Any]:
        """The table as plain data (dicts, lists, str, int), lookups too: see :meth:`from_data`."""
        # A group is listed under each of its forms: stored once, and referred to by its number.
        numbers: dict[tuple[str | None, tuple[str, ...], str], int] = {}
        by_key = {k: [numbers.setdefault(e, len(numbers)) for e in entries]
                  for k, entries in self._by_key.items()}
        return {"books": self.books, "max_words": self.max_words,
                "heads": {k: [list(h) for h in heads] for k, heads in self._heads.items()},
                "entries": [[book, list(forms), why] for book, forms, why in numbers],
                "by_key": by_key, "form_keys": dict(sorted(self._form_keys.items()))}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> AcronymTable:
        """The table :meth:`to_data` gave, without normalising each form or finding heads again."""
        table = cls.__new__(cls)
        table.books = list(data["books"])
        table.max_words = int(data["max_words"])
        table._heads = {k: [(str(b), str(h), str(w)) for b, h, w in heads]
                        for k, heads in data["heads"].items()}
        entries = [(book, tuple(forms), why) for book, forms, why in data["entries"]]
        # A stored lookup (LazyLookup) is decoded entry by entry as a search asks for them.
        table._by_key = converted(data["by_key"], lambda numbers: [entries[i] for i in numbers])
        table._form_keys = converted(data["form_keys"], str)
        return table

    def forms(self) -> set[str]:
        """Every form and distinctive head of the table, as written."""
        found = {f for entries in self._by_key.values() for _, group, _ in entries for f in group}
        found.update(head for heads in self._heads.values() for _, head, _ in heads)
        return found

    def _key_of(self, form: str) -> str:
        """The normalised key of one of the table's forms (as derived when it was made)."""
        key = self._form_keys.get(form)
        return key if key is not None else normalize(form)

    def _add(self, book: str | None, forms: tuple[str, ...], why: str,
             keys: tuple[str, ...] | None = None) -> None:
        for form in keys or forms:
            self._by_key.setdefault(normalize(form), []).append((book, forms, why))

    def _redefined(self, book: str, form: str, curated: set[str]) -> bool:
        """Whether ``book`` gives the acronym ``form`` a meaning outside its curated group."""
        if not _is_acronym(form):
            return False
        key = normalize(form)
        own = [forms for b, forms, _ in self._by_key.get(key, ()) if b == book]
        others = {normalize(f) for forms in own for f in forms} - {key}
        return bool(own) and not others & curated

    def knows(self, text: str) -> bool:
        """Whether ``text`` is an acronym or a full name of the table (else :meth:`expand` gives
        nothing)."""
        key = normalize(text)
        return key in self._by_key or key in self._heads

    def may_start(self, word: str) -> bool:
        """Whether a text whose first word is ``word`` may be a form of the table: ``False``
        means :meth:`knows` is ``False`` for ``word`` followed by any words, as a text's key
        starts with its first word's (a run of typed words is looked up only then: most runs
        are no name, and normalising one cost a two-word query 25 µs)."""
        key = normalize(word)
        if not key:
            return True  # nothing to tell by
        first = key.partition(" ")[0]
        return any(starts_a_key(keys, first) for keys in self.sorted_keys())

    def sorted_keys(self) -> tuple[Sequence[str], Sequence[str]]:
        """The keys of the forms and of the heads, ascending: a stored table's as stored (a
        set of their first words cost a new process 80 µs to make), a derived one's sorted
        once."""
        if self._sorted is None:
            self._sorted = (ascending_keys(self._by_key), ascending_keys(self._heads))
        return self._sorted

    def expand(self, text: str) -> list[Alternative]:
        """The forms to OR in for ``text`` (an acronym or a full name), each with its books.

        :param text: a word or phrase as typed.
        :returns: the other forms of its groups, in table order; a form that holds in every
            book has ``books=None``.
        """
        key = normalize(text)
        by_form: dict[str, tuple[str, set[str | None], list[str]]] = {}
        for book, forms, why in self._by_key.get(key, ()):
            for form in forms:
                fkey = self._key_of(form)
                if fkey == key:
                    continue
                entry = by_form.setdefault(fkey, (form, set(), []))
                entry[1].add(book)
                if why not in entry[2]:
                    entry[2].append(why)
        out = []
        everywhere = set(self.books)
        for form, books, whys in by_form.values():
            scope = None if None in books or books >= everywhere else frozenset(
                b for b in books if b is not None)
            out.append(Alternative(form, scope, "; ".join(whys)))
        for book, head, why in self._heads.get(key, ()):
            if self._key_of(head) not in by_form:
                out.append(Alternative(head, frozenset({book}), why, HEAD_WEIGHT))
        return out

    def __len__(self) -> int:
        return len(self._by_key)
