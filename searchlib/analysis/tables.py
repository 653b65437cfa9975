"""The two editable tables of query expansion: name variants and acronym synonyms.

Both live in the corpus directory as plain text a researcher can edit, one group of equivalent
forms per line, separated by tabs or ``|``; blank lines and lines starting with ``#`` are ignored::

    # corpus/synonyms.tsv
    CEI | CIS | СНГ | Communauté des États indépendants

``corpus/variants.tsv`` groups the spellings of one place or person that the transliteration
rules of :mod:`searchlib.analysis.variants` cannot join (Mogilev / Mahiliou, Pékin / Beijing);
``corpus/synonyms.tsv`` groups acronyms and their expansions. Both are used at **query time only**
(the query layer ORs the alternatives in), so editing a table needs no index rebuild.
Entries are matched on folded lower-case text (accents, case and apostrophe style ignored); a
variant entry also matches any word with the same transliteration key.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from ..errors import TableError
from ..quick_loading import NamedTuple, lazy_compile
from .french import ELISION_PARTICLES, HYPHENS, WORD_RE, fold
from .lookups import converted
from .variants import english_spelled, variant_key
from .words import whole_word

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "Synonyms",
    "Tables",
    "VariantTable",
    "default_tables",
    "load_synonyms",
    "load_variant_table",
    "normalize",
    "read_groups",
]

VARIANTS_FILE = "variants.tsv"
SYNONYMS_FILE = "synonyms.tsv"
# Compiled on first use: only a build reads the table files.
_SEPARATOR = lazy_compile(r"\t|\|")
#: Each hyphen as a space, for ``str.translate``.
_HYPHENS_AS_SPACES = str.maketrans(dict.fromkeys(HYPHENS, " "))
#: What a word holding it may be split at (hyphens) or unelided at (apostrophes).
_CONTROL = lazy_compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """Folded lower-case form of a word or phrase, words joined by one space.

    Hyphens separate words here (``libre-échange`` = ``libre échange``) and elided particles go
    (``l'UE`` = ``UE``), as in the analyzer.

    :param text: a word or phrase as typed or printed.
    :returns: e.g. ``"Émirats  arabes unis"`` → ``"emirats arabes unis"``.

    Remembered: a query word is looked up by this key in the variant, acronym and place tables,
    each of which normalises it (folding an accented word costs about 10 µs).
    """
    if WORD_RE.fullmatch(text) is not None and whole_word(text):
        return fold(text)  # one word, nothing to split or unelide: most texts asked
    words = (_unelide(fold(m.group()))
             for m in WORD_RE.finditer(text.translate(_HYPHENS_AS_SPACES)))
    return " ".join(w for w in words if w)


def _unelide(word: str) -> str:
    particle, apostrophe, rest = word.partition("'")
    return rest if apostrophe and rest and particle in ELISION_PARTICLES else word


def read_groups(path: Path) -> list[tuple[str, ...]]:
    """Read a table of groups: one group of at least two forms per line.

    :param path: the table file; a missing file is an empty table.
    :returns: the groups, each a tuple of its forms as written, duplicates removed.
    :raises TableError: when the file is unreadable or a line is malformed (with its number).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise TableError(f"{path}: cannot read the table: {exc}") from exc
    groups = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        where = f"{path}:{number}"
        if _CONTROL.search(stripped):
            raise TableError(f"{where}: control character in the line")
        forms = [f.strip() for f in _SEPARATOR.split(stripped)]
        if any(not f for f in forms):
            raise TableError(f"{where}: empty entry (two separators in a row, or one at an end)")
        unique = tuple(dict.fromkeys(forms))
        if len({normalize(f) for f in unique}) < 2:
            raise TableError(f"{where}: a group needs at least two different forms: {stripped!r}")
        if any(not normalize(f) for f in unique):
            raise TableError(f"{where}: an entry has no letter or digit: {stripped!r}")
        groups.append(unique)
    return groups


class _GroupIndex:
    """Groups, and which groups each lookup key belongs to. (A plain class: as a dataclass, it
    cost a new process 0.5 ms to create.)"""

    def __init__(self, groups: list[tuple[str, ...]],
                 by_key: dict[str, set[int]] | None = None) -> None:
        self.groups = groups
        self.by_key: dict[str, set[int]] = {} if by_key is None else by_key

    def add(self, key: str, group: int) -> None:
        self.by_key.setdefault(key, set()).add(group)

    def lookup(self, key: str) -> list[int]:
        return sorted(self.by_key.get(key, ()))

    def __len__(self) -> int:
        return len(self.groups)

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return iter(self.groups)


def _variant_lookup_key(text: str) -> str:
    # One-word entries by transliteration key (so Jodino finds the Zhodino line), phrases by words.
    words = normalize(english_spelled(text)).split()
    return " ".join(variant_key(w) for w in words)


class VariantTable(_GroupIndex):
    """Spellings of one name, from ``corpus/variants.tsv``."""

    #: The key of the first word of each name of several words (on first use).
    _heads: frozenset[str] | None = None

    def __init__(self, groups: list[tuple[str, ...]]) -> None:
        super().__init__(groups)
        for i, group in enumerate(groups):
            for form in group:
                self.add(_variant_lookup_key(form), i)

    def expand(self, word: str) -> set[str]:
        """All spellings of the name ``word`` is a spelling of, as written in the table.

        :param word: a word (or a multi-word name) as typed.
        :returns: the spellings of its groups plus ``word`` itself; ``{word}`` when it is in none.
        """
        spellings = {word}
        for i in self.lookup(_variant_lookup_key(word)):
            spellings.update(self.groups[i])
        return spellings

    def knows(self, word: str) -> bool:
        """Whether ``word`` spells a name of the table (else :meth:`expand` gives it alone): one
        look-up, without the set of spellings."""
        return self.knows_key(_variant_lookup_key(word))

    def knows_key(self, key: str) -> bool:
        """:meth:`knows` of a word whose lookup key (its words' transliteration keys) is
        ``key``."""
        return key in self.by_key

    def names_of_several_words(self, first_word: str) -> bool:
        """Whether a name of several words starts with ``first_word`` (by transliteration key):
        a run of typed words is looked up only then, as most are no name (a phrase's lookup key
        transliterates each of its words)."""
        return variant_key(first_word) in self.several_word_heads()

    def several_word_heads(self) -> frozenset[str]:
        """The key of the first word of each name of several words (made once, when the
        tables are made ready: :meth:`~.corpus_tables.CorpusTables.ready`)."""
        if self._heads is None:
            self._heads = frozenset(k.split()[0] for k in self.by_key if " " in k)
        return self._heads

    def to_data(self) -> dict[str, Any]:
        """The table as plain data (lists, str, int), lookup keys too: see :meth:`from_data`."""
        return {"groups": [list(g) for g in self.groups],
                "by_key": {k: sorted(v) for k, v in self.by_key.items()}}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> VariantTable:
        """The table :meth:`to_data` gave, without recomputing each form's transliteration key
        (stored lookups decoded as they are asked, :func:`.lookups.converted`)."""
        table = cls.__new__(cls)
        _GroupIndex.__init__(table, [tuple(g) for g in data["groups"]],
                             converted(data["by_key"], set))
        return table


class Synonyms(_GroupIndex):
    """Acronyms and their expansions, from ``corpus/synonyms.tsv``."""

    def __init__(self, groups: list[tuple[str, ...]]) -> None:
        super().__init__(groups)
        for i, group in enumerate(groups):
            for form in group:
                self.add(normalize(form), i)
        #: The longest form in words: how far :meth:`spans` needs to look ahead.
        self.max_words = max((len(k.split()) for k in self.by_key), default=0)

    def expand(self, text: str) -> list[str]:
        """The alternative forms to OR in for a query word or phrase.

        :param text: a word or phrase as typed (``"cei"``, ``"Émirats arabes unis"``).
        :returns: the other forms of its groups, in table order, without ``text`` itself;
            empty when ``text`` is in no group.
        """
        key = normalize(text)
        found: dict[str, None] = {}
        for i in self.lookup(key):
            for form in self.groups[i]:
                if normalize(form) != key:
                    found.setdefault(form)
        return list(found)

    def spans(self, words: Sequence[str]) -> list[tuple[int, int, list[str]]]:
        """Find table entries in a tokenized query, longest first, left to right.

        :param words: the query's words in order.
        :returns: ``(start, end, alternatives)`` for each match of ``words[start:end]``.
        """
        found = []
        i = 0
        while i < len(words):
            for end in range(min(len(words), i + self.max_words), i, -1):
                alternatives = self.expand(" ".join(words[i:end]))
                if alternatives:
                    found.append((i, end, alternatives))
                    i = end
                    break
            else:
                i += 1
        return found


def load_variant_table(path: Path) -> VariantTable:
    """Load the variant table (a missing file is an empty table).

    :param path: usually ``corpus/variants.tsv``.
    :returns: the table.
    :raises TableError: on a malformed line, with its number.
    """
    return VariantTable(read_groups(path))


def load_synonyms(path: Path) -> Synonyms:
    """Load the synonym table (a missing file is an empty table).

    :param path: usually ``corpus/synonyms.tsv``.
    :returns: the table.
    :raises TableError: on a malformed line, with its number.
    """
    return Synonyms(read_groups(path))


class Tables(NamedTuple):
    """Both query-expansion tables of a corpus."""

    variants: VariantTable
    synonyms: Synonyms


def default_tables(corpus_dir: Path) -> Tables:
    """Load ``variants.tsv`` and ``synonyms.tsv`` from a corpus directory.

    :param corpus_dir: the corpus directory (``corpus/``).
    :returns: ``Tables(variants, synonyms)``; missing files give empty tables.
    :raises TableError: on a malformed line, with its file and number.
    """
    return Tables(
        load_variant_table(corpus_dir / VARIANTS_FILE),
        load_synonyms(corpus_dir / SYNONYMS_FILE),
    )
