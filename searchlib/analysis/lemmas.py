"""Word families: the books' words grouped by lemma and by verb/noun derivation.

Snowball stems are suffix cuts: they unite most inflections, but not the irregular ones
(``travail``/``travaux``, ``matériau``/``matériaux``), and never a verb and the noun of its action
(``investir``/``investissement``, ``produire``/``production``), nor its agent
(``investisseur``, ``producteur``). A lemma, from ``simplemma``'s French
dictionary (no model to download), unites the inflections; a short list of derivation rules, each
checked against that dictionary, takes an action noun to its verb. The *family key* of a word is
that verb, or its lemma, with the accents it is printed with: ``forme`` (shape) and ``formé``
(formed, of the family of ``formation``) are two words, as are ``pêche``/``péché``,
``côte``/``côté``, ``marche``/``marché``.

The index is not touched: the text field keeps its stems, and a :class:`WordFamilies` table,
built from the vocabulary the index already holds (the ``spell`` field: the printed words), maps a
family key to the stems of its members. The query layer ORs those stems in, below the word typed;
phrases stay exact on the printed words.

Written by hand: the derivation rules (simplemma lemmatises, it does not derive).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

from ..quick_loading import lazy_compile
from .french import FrenchStemFilter, fold
from .lookups import converted
from .stem_overrides import STEM_OVERRIDES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["DERIVATIONS", "NOT_DERIVED", "WordFamilies", "book_families", "derived_verb",
           "family_key", "lemma"]

#: How a past participle ends (signé, menée, investi, conçu, inscrit), the only lemmas whose own
#: lemma :func:`family_key` asks (a noun's may be a verb of another sense: montre, montrer).
_PARTICIPLE_ENDINGS = ("é", "ée", "i", "u", "it")
#: Inflected participles the books print as nouns of their own: facts, a journal.
_NOT_PARTICIPLES = frozenset({"faits", "revue", "revues"})

#: Action noun suffix → verb suffix. A rule applies only when the verb it gives is a French word
#: simplemma knows, so ``nation`` (→ ``ner``) or ``seulement`` (→ ``seuler``) stay alone; the
#: first suffix a word ends with decides, so a longer one comes before the shorter it ends with.
DERIVATIONS: tuple[tuple[str, str], ...] = (
    ("oissement", "oître"),  # accroissement → accroître (before -issement)
    ("issement", "ir"),  # investissement → investir, établissement → établir
    ("uction", "uire"),  # production → produire, construction → construire
    ("isation", "iser"),  # modernisation → moderniser
    ("ication", "iquer"),  # fabrication → fabriquer
    ("ation", "er"),  # exportation → exporter, coopération → coopérer
    ("ement", "er"),  # développement → développer, financement → financer
    ("aison", "er"),  # livraison → livrer, comparaison → comparer
    ("erture", "rir"),  # ouverture → ouvrir, couverture → couvrir
    ("iture", "ir"),  # fourniture → fournir
    ("ature", "er"),  # signature → signer
    ("ition", "ir"),  # répartition → répartir, finition → finir
    ("usion", "ure"),  # conclusion → conclure, inclusion → inclure
    ("ussion", "uter"),  # discussion → discuter
    ("ission", "ettre"),  # transmission → transmettre, admission → admettre
    ("ision", "ider"),  # décision → décider
    ("ption", "pter"),  # adoption → adopter
    ("ution", "uer"),  # contribution → contribuer, distribution → distribuer
    ("ention", "enir"),  # intervention → intervenir, obtention → obtenir
    ("aissance", "aître"),  # connaissance → connaître
    # Agent nouns: who does it is of the family of what is done.
    ("isseur", "ir"),  # investisseur → investir, fournisseur → fournir
    ("ucteur", "uire"),  # producteur → produire, constructeur → construire
    ("uteur", "uer"),  # distributeur → distribuer
    ("icateur", "iquer"),  # indicateur → indiquer
    ("ateur", "er"),  # importateur → importer, organisateur → organiser
    ("icant", "iquer"),  # fabricant → fabriquer
    ("culteur", "culture"),  # agriculteur → agriculture (a noun: farming has no verb)
)

#: Nouns a rule would take to a verb of another sense: température is not tempérer's, nor
#: transition transir's, a commission commettre's, an institution instituer's (a body, not
#: the act), exception excepter's; a radiateur does not radier, an amateur is not amer; and devices
#: named after a process that is most often another thing in the books (a transformateur is no
#: transformation, a générateur no génération, an opérateur no opération), or an agent of
#: another trade (a restaurateur restores nothing, a constructeur makes cars).
NOT_DERIVED = frozenset({"température", "transition", "radiateur", "amateur", "transformateur",
                         "générateur", "opérateur", "restaurateur", "constructeur",
                         "commission", "institution", "exception"})

#: Every suffix of :data:`DERIVATIONS`, for ``str.endswith``.
_DERIVED_SUFFIXES = tuple(suffix for suffix, _ in DERIVATIONS)

#: Words shorter than this are not lemmatised: too short to tell apart (``or``, ``été``, ``as``).
MIN_LENGTH = 4


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """The dictionary form of a French word, lower case (the word itself when unknown)."""
    lowered = word.lower()
    if len(lowered) < MIN_LENGTH or not lowered.isalpha():
        return lowered
    import simplemma  # here: its import costs a reader's start 0.1 s; a query never lemmatises

    return str(simplemma.lemmatize(lowered, lang="fr")).lower()


@lru_cache(maxsize=50_000)
def family_key(word: str) -> str:
    """The key of a word's family: the verb of its action noun, or its lemma (accents kept).

    :param word: a printed or typed word (accents matter to the dictionary, case does not).
    :returns: e.g. ``"investir"`` for ``investissements``, ``"travail"`` for ``travaux``.
    """
    base = lemma(word)
    if base != word.lower() and base.endswith(_PARTICIPLE_ENDINGS) \
            and word.lower() not in _NOT_PARTICIPLES and fold(word) not in STEM_OVERRIDES:
        # simplemma takes some inflected participles to the masculine one, not to its verb
        # (signés, signée: signé, whose own lemma is signer; investis: investi, investir): one
        # step further. Not a word the stem overrides part from its verb (données: donner).
        base = lemma(base)
    verb = derived_verb(base)
    if verb is not None:
        import simplemma

        if simplemma.is_known(verb, lang="fr"):
            return verb
    return base


def derived_verb(noun: str) -> str | None:
    """The verb the first rule of :data:`DERIVATIONS` that ``noun`` ends with makes of it (a
    word to check: ``nation`` makes ``ner``); ``None`` for a noun of :data:`NOT_DERIVED` or of
    no rule. The first suffix decides: -isation is never tried again as -ation."""
    if noun in NOT_DERIVED or not noun.endswith(_DERIVED_SUFFIXES):
        return None  # most words end with no rule's suffix: one test, not one per rule
    for suffix, verb_suffix in DERIVATIONS:
        if noun.endswith(suffix) and len(noun) > len(suffix) + 2:
            return noun[: -len(suffix)] + verb_suffix
    return None


# Compiled on first use: only a build collects the books' families.
_WORD = lazy_compile(r"[^\W\d_]+")


def book_families(texts: Iterable[str], stem: Callable[[str], str] | None = None
                  ) -> dict[str, list[str]]:
    """The word families of a book that Snowball's stems do not already unite (at ingest).

    :param texts: the book's paragraphs.
    :param stem: the indexed term of one folded word (default: the French Snowball stem).
    :returns: family key → the book's words of that family, for each family where the words and
        the key have at least two stems (``travail``: ``["travaux"]``; ``produire``:
        ``["production", "productions"]``); and, with no words, each French word of another
        family that one of those words spells without its accents (``forme``, for ``formé`` of
        ``former``): typed, it is that word, never the accented one
        (:meth:`WordFamilies.key_of`); and, with no words too, each printed word of no family
        whose term a family's word has (``produits``, whose term ``produite`` of ``produire``
        has): it stands alone where a word the books never print takes that family.
    """
    stem = stem or FrenchStemFilter().stem
    words = {w for text in texts for w in _WORD.findall(text.lower()) if len(w) >= MIN_LENGTH}
    groups: dict[str, set[str]] = defaultdict(set)
    for word in words:
        groups[family_key(word)].add(word)
    families = {}
    for key, members in groups.items():
        if members == {key}:
            continue  # a word alone in its family, as its own key: nothing to join
        if len({stem(fold(w)) for w in members} | {stem(fold(key))}) > 1:
            families[key] = sorted(members)
    joined = {w: key for key, members in families.items() for w in (key, *members)}
    # A printed word of no family that shares a family's term stands alone: its lemma said so
    # (commune is not communiquer's), and only a word never printed takes a family by its term
    # (WordFamilies.key_of).
    terms = {stem(fold(w)) for w in joined}
    for word in sorted(words - joined.keys()):
        if stem(fold(word)) in terms:
            families[word] = []
    for word, key in sorted(joined.items()):
        bare = fold(word)
        # Printed or not, a word of the dictionary whose own family is another (forme, not
        # former's formé; but exporte is exporter's, as exporté is, and multiplie multiplier's,
        # as the adjective multiplié is).
        if bare not in joined and bare not in families and _is_french(bare) \
                and _verb(family_key(bare)) != _verb(key):
            families[bare] = []
    return dict(sorted(families.items()))


def _unshared(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """``{a: b}`` for each ``a`` paired with one ``b`` only."""
    found: dict[str, str | None] = {}
    for a, b in pairs:
        found[a] = b if found.get(a, b) == b else None
    return {a: b for a, b in found.items() if b is not None}


def _verb(key: str) -> str:
    """The verb of a key that is a past participle's adjective (``multiplié``: ``multiplier``)."""
    return key[:-1] + "er" if key.endswith("é") else key


def _is_french(word: str) -> bool:
    import simplemma

    return bool(simplemma.is_known(word, lang="fr"))


class WordFamilies:
    """Query side: the printed words of a typed word's family, from the books' families.

    Only words the books print, and the family keys, have a family here: a query never needs the
    dictionary (loading it takes most of a second).

    :param families: each book's ``families`` (see :func:`book_families`).
    :param stem: as for :func:`book_families`.
    """

    def __init__(self, families: Iterable[dict[str, list[str]]],
                 stem: Callable[[str], str] | None = None) -> None:
        # Remembered, in the stems the query's analysis shares (a typed word's family is
        # looked up by the term its analysis has just stemmed).
        self.stem = stem or FrenchStemFilter().stemmed
        self.members: dict[str, set[str]] = defaultdict(set)
        for book in families:
            for key, words in book.items():
                self.members[key].update(words)
                self.members[key].add(key)
        # The words as printed, accents kept: a family's words before a word standing alone
        # (``continue`` of ``continu`` in one book, alone as ``continué``'s twin in another).
        self._keys: dict[str, str] = {}
        for key, members in sorted(self.members.items(), key=lambda kv: len(kv[1]) == 1):
            for word in members:
                self._keys.setdefault(word, key)
        # A word typed without accents, for the one family whose accented word spells it so
        # (``operation``: ``opérer``); not a French word of another family, which stands alone
        # above (:func:`book_families`), nor one two families spell (``peche``: pêche, péché).
        bare: dict[str, set[str]] = defaultdict(set)
        for key, members in self.members.items():
            for word in members:
                if fold(word) != word:
                    bare[fold(word)].add(key)
        for word, keys in bare.items():
            if len(keys) == 1 and word not in self._keys:
                self._keys[word] = keys.pop()
        #: family key → the term of each of its words: what :meth:`related` compares, derived
        #: once here (and stored by a build) rather than per word a query types.
        self.stems: Mapping[str, dict[str, str]] = {
            key: {w: self.stem(fold(w)) for w in members} for key, members in self.members.items()}
        #: The term of a family's printed word → the family, for a word typed in a form the
        #: books never print (``agriculteur``, where they print ``agriculteurs``); a term two
        #: families share (``form``: ``formé``, ``forme``) has none.
        self.by_stem: Mapping[str, str] = _unshared(
            (stem, key) for key, stems in self.stems.items() for stem in stems.values())

    def to_data(self) -> dict[str, Any]:
        """The families as plain data (dicts, lists, str): see :meth:`from_data`."""
        return {"members": {k: sorted(v) for k, v in self.members.items()}, "keys": self._keys,
                "stems": {k: dict(sorted(v.items())) for k, v in self.stems.items()},
                "by_stem": dict(sorted(self.by_stem.items()))}

    @classmethod
    def from_data(cls, data: dict[str, Any],
                  stem: Callable[[str], str] | None = None) -> WordFamilies:
        """The families :meth:`to_data` gave, without folding each member again."""
        families = cls((), stem)
        # Stored lookups (LazyLookup) are decoded entry by entry as a search asks for them;
        # plain data fills the defaultdict, as derived.
        members = converted(data["members"], set)
        if isinstance(members, dict):
            families.members.update(members)
        else:
            families.members = members
        families._keys = converted(data["keys"], str)
        families.stems = converted(data["stems"], dict)
        families.by_stem = converted(data["by_stem"], str)
        return families

    def key_of(self, word: str) -> str | None:
        """The family key of a typed word as printed, accents kept (``formé``: ``former``, but
        ``forme``: ``forme``); a word typed without accents reaches an accented word's family only
        when it is no word of its own (``operation``: ``opérer``); a word the books never print
        takes the family of the printed words of its term, when one family alone has it
        (``agriculteur``: ``agriculture``, through ``agriculteurs``; a printed word that shares
        a family's term without its lemma stands alone: :func:`book_families`), else the family
        of the verb it is made from (:meth:`_made_from`)."""
        typed = unicodedata.normalize("NFC", word.lower())
        key = self._keys.get(typed)
        if key is None and self.by_stem:
            key = self.by_stem.get(self.stem(fold(typed)))
        if key is None:
            key = self._made_from(typed)
        return key

    def _made_from(self, typed: str) -> str | None:
        """The family of the verb an action or agent noun the books never print is made from
        (``réduction``: ``réduire``, printed as réduire, réduite), by :data:`DERIVATIONS` read
        the other way: the verb must be a family of the books (no dictionary at query time)."""
        singular = typed[:-1] if typed.endswith("s") else typed  # their plural is regular
        verb = derived_verb(singular)
        return verb if verb is not None and verb in self.members else None

    def related(self, word: str, key: str | None = None) -> list[str]:
        """The printed words of ``word``'s family whose stem differs from its stem, sorted.

        :param key: the family's key, when the caller has just asked :meth:`key_of` for it
            (asked again, a typed word's family was found twice).
        """
        key = key if key is not None else self.key_of(word)
        if key is None:
            return []
        own = self.stem(fold(word))
        return sorted(w for w, stem in self.stems[key].items() if stem != own)

    def linked_words(self) -> set[str]:
        """The words (printed, or typed without accents) that have a family of several stems."""
        return {w for w, key in self._keys.items() if len(self.members[key]) > 1}

    def __len__(self) -> int:
        return len(self.members)
