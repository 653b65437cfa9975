"""How the engine evaluates a phrase: its matches and their BM25F scores, and what it looked up.

:class:`PhraseNodes` holds the :class:`.engine.Engine`'s methods for ``Phrase`` and
``GappedPhrase`` nodes. A phrase the build stored (:mod:`..index.stored_phrases`: those a query
makes of the expansion tables' forms) is read there, when it holds this weighting's scores. A
phrase with a word no segment holds answers at once, from the segments' look-ups
(:meth:`PhraseNodes._missing_word`); any other is checked on the posting arrays
(:func:`..index.phrase_matches.stored_phrase`: each word's postings found once, candidates from
the rarest word, positions and weights read by posting index), or, where a segment has none,
through Whoosh's decoded positions. Its matches are scored as Whoosh's intersection of its words
scores them, each word's BM25F score summed in the words' order, for the matching documents
only; kept with the terms' scores, so a phrase met again costs a look-up.

The words a phrase looked up are remembered (:attr:`phrase_words`), their documents read only if
a partial answer's snippets ask (:meth:`PhraseNodes.looked_up_documents`).
"""

from __future__ import annotations

import numpy as np
from whoosh import query as Q

from ..index.phrase_matches import stored_phrase, summed_scores, summed_weights
from ..index.stored_phrases import StoredPhrases
from .budget import Budget
from .matches import NONE as _NONE
from .matches import Matches
from .nodes import PhraseKey, phrase_key
from .phrases import common_documents, decoded_phrase_documents
from .postings import IndexArrays, index_arrays

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["PhraseNodes", "stored_phrases"]

#: The key of the stored phrases among an opened index's derived structures.
_STORED = "stored_phrases"


def stored_phrases(reader: Any) -> StoredPhrases | None:
    """The phrases the build stored for the segments ``reader`` reads
    (:mod:`..index.stored_phrases`), opened once per opened index; ``None`` when there are
    none for them."""
    found = index_arrays(reader).derived(_STORED, lambda: StoredPhrases.open(reader) or False)
    return found or None


class PhraseNodes:
    """The phrase nodes' part of :class:`.engine.Engine` (a mixin: the engine holds the index,
    the weighting and the budget, and looks terms up)."""

    arrays: IndexArrays
    reader: Any
    schema: Any
    weighting: Any
    budget: Budget
    looked_up: list[tuple[str, Any, Any]]
    #: The words of every phrase evaluated, by (field, word), up to the first one the index
    #: lacks: their documents are read only if asked (:meth:`looked_up_documents`).
    phrase_words: dict[tuple[str, Any], None]
    phrases: dict[PhraseKey, Any]

    # The engine's own, for its terms.
    def _postings(self, fieldname: str, text: Any) -> tuple[Any, Any, bytes] | None:
        raise NotImplementedError

    def _norms(self, fieldname: str) -> Any:
        raise NotImplementedError

    def _idf(self, fieldname: str, btext: bytes, postings: int) -> float:
        raise NotImplementedError

    def _btext(self, fieldname: str, text: Any) -> bytes | None:
        raise NotImplementedError

    def _GappedPhrase(self, q: Q.Phrase) -> Matches | None:
        return self._Phrase(q)

    def _Phrase(self, q: Q.Phrase) -> Matches | None:
        self.budget.spend(len(q.words))
        # Stored only for a field with positions, whose phrases this method evaluates.
        found = self._stored_phrase(q)
        if found is None:
            field = self.schema[q.fieldname] if q.fieldname in self.schema else None
            if field is None or not field.format or not field.format.supports("positions"):
                return None  # Whoosh decides (it raises for a field without positions)
            missing = self._missing_word(q)
            if missing is not None:
                # A word no segment holds: no match, and nothing to keep (its words' look-ups,
                # kept by each segment, cost less than asking the scores' cache again).
                for word in q.words[: missing + 1]:
                    self.phrase_words[q.fieldname, word] = None
                self.phrases[phrase_key(q)] = _NONE[0]
                return _NONE
            # Like a term's, a phrase's matches and scores depend on the index and the
            # weighting only: kept with the terms' scores, so a phrase met again costs a look-up.
            w = self.weighting
            key = ("phrase", q.fieldname, tuple(q.words), q.slop, type(w), w.K1,
                   w._field_B.get(q.fieldname, w.B))
            # (A phrase's entry holds its words looked up too.)
            computed: tuple[Any, Any, int] = self.arrays.term_scores(  # type: ignore[assignment]
                key, lambda: self._phrase(q))
            found = computed
        ids, scores, looked = found
        for word in q.words[:looked]:
            self.phrase_words[q.fieldname, word] = None
        self.phrases[phrase_key(q)] = ids
        if not len(ids):
            return _NONE
        return ids, scores * q.boost if q.boost != 1.0 else scores

    def _stored_phrase(self, q: Q.Phrase) -> tuple[Any, Any, int] | None:
        """What the build stored of phrase ``q`` (its documents, unboosted scores and words
        looked up: what :meth:`_phrase` computes), when it did for this weighting."""
        tables = self.__dict__.get("_phrase_tables")
        if tables is None:
            tables = self.__dict__["_phrase_tables"] = {}
        table = tables.get(q.fieldname, False)
        if table is False:
            # Per field, asked once per engine: the table, when its scores are this weighting's.
            table = stored_phrases(self.reader)
            if table is not None and not table.scores_for(q.fieldname, self.weighting):
                table = None
            tables[q.fieldname] = table
        return None if table is None else table.phrase(q.fieldname, q.words, q.slop)

    def _missing_word(self, q: Q.Phrase) -> int | None:
        """The index of the first word of phrase ``q`` that no segment holds, when every
        segment has posting arrays (else, or when each word is somewhere, ``None``)."""
        stores = self.arrays.stores(self.reader)
        held = [store for _l, _o, store in stores if store is not None]
        if len(held) < len(stores):
            return None
        for i, word in enumerate(q.words):
            btext = self._btext(q.fieldname, word)
            if btext is None:  # a word the field cannot hold
                return None
            for store in held:  # a loop: a generator's frames cost more than the look-ups
                if store.find(q.fieldname, btext) >= 0:
                    break
            else:
                return i
        return None

    def looked_up_documents(self) -> dict[tuple[str, Any], Any]:
        """The documents of every term looked up (:attr:`looked_up`) and of every phrase's
        words looked up (:attr:`phrase_words`), by (field, term): what a partial evaluation
        matched, for its snippets."""
        found = {(fieldname, text): ids for fieldname, text, ids in self.looked_up}
        for fieldname, word in self.phrase_words:
            if (fieldname, word) not in found:
                postings = self._postings(fieldname, word)
                found[fieldname, word] = _NONE[0] if postings is None else postings[0]
        return found

    def _phrase(self, q: Q.Phrase) -> tuple[Any, Any, int]:
        """The documents holding phrase ``q``, their unboosted scores, and how many of its words
        were looked up (until one is missing)."""
        stores = self.arrays.stores(self.reader)
        if self.arrays.live(self.reader) is not None or not all(
                store is not None and q.fieldname in store.widths for _l, _o, store in stores):
            return self._decoded_phrase(q)
        encoded = [self._btext(q.fieldname, word) for word in q.words]
        if None in encoded:  # a word the field cannot hold: as each word's look-up says
            return self._decoded_phrase(q)
        btexts: list[bytes] = encoded  # type: ignore[assignment]
        found = stored_phrase(stores, q.fieldname, btexts, q.slop)
        looked = len(found.postings)
        ids = found.ids
        if not len(ids):
            return (*_NONE, looked)
        # Scores summed in the words' order, as Whoosh's intersection sums them; each word's
        # score computed for these documents only (element by element the same numbers as over
        # its whole posting list: a phrase met for the first time scores no other document).
        return ids, self._summed(q.fieldname, found.weights, btexts, found.postings, ids), looked

    def _summed(self, fieldname: str, weights: Any, btexts: list[bytes], postings: list[int],
                ids: Any) -> Any:
        """The sum, in the words' order, of each word's BM25F score in ``ids``: ``weights`` has
        a row per word (its weight in each document: an array, or a list of a few Python
        floats), ``postings`` each word's posting count."""
        if not self.schema[fieldname].scorable:
            return summed_weights(weights)
        idfs = [self._idf(fieldname, b, n) for b, n in zip(btexts, postings, strict=True)]
        return summed_scores(self.weighting.K1, idfs, weights, self._norms(fieldname), ids)

    def _decoded_phrase(self, q: Q.Phrase) -> tuple[Any, Any, int]:
        """:meth:`_phrase` where a segment has no posting arrays (or a document is deleted):
        each word's postings read whole, positions decoded through Whoosh."""
        terms = []
        looked = 0
        for word in q.words:
            found = self._postings(q.fieldname, word)
            looked += 1
            if found is None or not len(found[0]):
                return (*_NONE, looked)
            terms.append(found)
        # The documents holding every word, rarest word first (most phrases end empty early),
        # then those holding them in order; only they are scored.
        ids = common_documents([tids for tids, _w, _b in terms])
        if not len(ids):
            return (*_NONE, looked)
        btexts = [btext for _i, _w, btext in terms]
        if len(terms) > 1:
            ids = ids[decoded_phrase_documents(self.arrays, self.reader, q.fieldname, btexts,
                                               ids, q.slop)]
            if not len(ids):
                return (*_NONE, looked)
        weights = np.stack([w[np.searchsorted(tids, ids)] for tids, w, _b in terms])
        return ids, self._summed(q.fieldname, weights, btexts,
                                 [len(tids) for tids, _w, _b in terms], ids), looked
