"""The matches of the expansion tables' phrases, computed by the build: a query reads them.

An acronym's full name, a city's spelling of several words, a country's name (``Communauté des
États indépendants``, ``Bourse universelle des marchandises de Biélorussie``, ``Émirats arabes
unis``) is ORed into a query as a phrase in each field a word is searched in, and a name's
spelling also as the phrase of its words' transliteration keys. A phrase met for the first time
cost a query 0.1 to 0.6 ms (its words' postings, their positions in the candidates, the scores):
most of the slowest first queries (``CEI``: nine phrases, 2.4 ms of 4.8). Every one of those
phrases is known when the generation is built (the tables' forms, :mod:`.expansion`), and its
matches and scores depend on the generation and the weighting only, never on a query.

So :func:`write_stored_phrases`, run once the generation's segments are final, lists the phrases
a query makes of each form of the tables, and of the words the books often print with a hyphen
(``libre-échange``: a phrase of its parts, :mod:`.phrase_keys`), evaluates each with the
functions a search runs (:mod:`.phrase_matches`, the same idfs and length terms: the same numbers
to the last bit), and writes what a search keeps of a phrase (its documents, their scores, how
many of its words it looked up) beside the segments (``phrases1_arrays.npy``,
``phrases1_meta.json``, :mod:`.mapped`), keyed by field, words and slop (a few hundred keys, in
a dict at open). A phrase typed by the reader that is one of those forms
(``"zone de libre-échange"``) is read there too; any other is evaluated as before.

The meta names the segments and the weighting's parameters, as the scored postings' does
(:mod:`.generation_tables`): :meth:`StoredPhrases.open` gives ``None`` to a reader of other
segments or with deletions, and :meth:`StoredPhrases.scores_for` says whether a weighting is the
one stored, field by field. A one-book rebuild evaluates every phrase again: their scores depend
on both books' statistics.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
from whoosh.scoring import WeightingModel
from whoosh.searching import Searcher

from ..analysis.corpus_tables import CorpusTables
from .bm25f import field_B, length_norms, term_idf
from .doc_tables import BYTE_LENGTHS, read_length_table, segment_list
from .generation_tables import GenerationTable, weighting_meta
from .mapped import write_arrays
from .phrase_keys import PhraseKey, printed_compounds, query_phrases
from .phrase_matches import stored_phrase, summed_scores, summed_weights
from .posting_arrays import PostingArrays

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["PHRASES", "StoredPhrases", "phrase_name", "write_stored_phrases"]

#: The name of the table's files in a generation (a new layout gets a new name).
PHRASES = "phrases1"

_ARRAYS = ("names", "starts", "looked", "ids", "scores")

_NO_IDS = np.zeros(0, dtype=np.int64)
_NO_SCORES = np.zeros(0, dtype=np.float64)
_SEP = "\x1f"
#: Between two phrases' keys in the stored ``names`` (UTF-8 text).
_NEXT = "\n"


def phrase_name(fieldname: str, words: Iterable[str], slop: int) -> str:
    """A phrase's key in the table: its field, slop and words (a unit separator between them,
    which no field name or term holds)."""
    return _SEP.join([fieldname, str(slop), *words])


def write_stored_phrases(directory: Path, reader: Any, weighting: Any,
                         tables: CorpusTables) -> None:
    """Evaluate the phrases a query makes of the forms of ``tables`` and of the words the books
    print with a hyphen (:mod:`.phrase_keys`) on the segments ``reader`` reads (in
    ``directory``) and store their matches and scores under ``weighting`` (a BM25F); nothing
    when a segment has no posting arrays, the index has deletions, or no length table (searches
    then evaluate every phrase).

    A phrase of a field without positions (or whose length term is not stored), or whose words
    the field cannot hold, is left out: a search evaluates it.
    """
    segments = segment_list(reader)
    lengths = read_length_table(reader)
    stores = [(leaf, offset, PostingArrays.beside(leaf)) for leaf, offset in reader.leaf_readers()]
    if (segments is None or lengths is None or reader.has_deletions()
            or type(weighting).idf is not WeightingModel.idf
            or any(store is None for _l, _o, store in stores)):
        return
    evaluate = _Evaluator(reader, weighting, lengths, stores)
    phrases = query_phrases(tables, reader.schema,
                            printed_compounds([store for _l, _o, store in stores],
                                              reader.doc_count_all()))
    held = evaluate.look_up(phrases)
    found = {}
    for fieldname, words, slop in phrases:
        name = phrase_name(fieldname, words, slop)
        if name not in found:
            result = evaluate(fieldname, held.get((fieldname, words)), slop)
            if result is not None:
                found[name] = result
    names = sorted(found)
    starts = np.zeros(len(names) + 1, dtype=np.int64)
    np.cumsum([len(found[k][0]) for k in names], out=starts[1:])
    arrays = {"names": np.frombuffer(_NEXT.join(names).encode("utf-8"), dtype=np.uint8),
              "starts": starts,
              "looked": np.array([found[k][2] for k in names], dtype=np.int32),
              "ids": np.concatenate([_NO_IDS, *(found[k][0] for k in names)]),
              "scores": np.concatenate([_NO_SCORES, *(found[k][1] for k in names)])}
    write_arrays(directory, PHRASES, arrays, weighting_meta(segments, weighting, evaluate.fields))


class _Evaluator:
    """A phrase's (documents, scores, words looked up), as a search evaluates it on the posting
    arrays (:meth:`searchlib.search.phrase_nodes.PhraseNodes._phrase`); its words' look-ups
    shared by every phrase (each segment's posting arrays remember theirs)."""

    def __init__(self, reader: Any, weighting: Any, lengths: dict[str, Any],
                 stores: list[tuple[Any, int, Any]]) -> None:
        self.reader = reader
        self.schema = reader.schema
        self.weighting = weighting
        self.lengths = lengths
        self.stores = stores
        self.doc_count = reader.doc_count_all()
        self.searcher = Searcher(reader)
        #: Each field evaluated: its ``B`` (``None``: not scored, its weights summed).
        self.fields: dict[str, float | None] = {}
        self._norms: dict[str, Any] = {}

    def look_up(self, phrases: list[PhraseKey]) -> dict[tuple[str, tuple[str, ...]], Any]:
        """Each phrase's words as its field holds them (``None``: a word it cannot hold, read
        through Whoosh by a search), by (field, words); every word looked up in each segment at
        once (one binary search in C per segment and field, not one per word)."""
        found: dict[tuple[str, tuple[str, ...]], Any] = {}
        by_field: dict[str, list[bytes]] = {}
        for fieldname, words, _slop in phrases:
            if (fieldname, words) in found or not self._evaluates(fieldname):
                continue
            to_bytes = self.schema[fieldname].to_bytes
            try:
                btexts = found[fieldname, words] = [to_bytes(w) for w in words]
            except ValueError:
                found[fieldname, words] = None
                continue
            by_field.setdefault(fieldname, []).extend(btexts)
        asked = [(fieldname, b) for fieldname, btexts in by_field.items() for b in btexts]
        for _leaf, _offset, store in self.stores:
            store.find_many(asked)
        return found

    def __call__(self, fieldname: str, btexts: list[bytes] | None,
                 slop: int) -> tuple[Any, Any, int] | None:
        if btexts is None or not self._evaluates(fieldname):
            return None
        field = self.schema[fieldname]
        found = stored_phrase(self.stores, fieldname, btexts, slop)
        looked = len(found.postings)
        ids = found.ids
        if not len(ids):
            return _NO_IDS, _NO_SCORES, looked
        if not field.scorable:
            return ids, summed_weights(found.weights), looked
        idfs = [term_idf(self.doc_count, n) for n in found.postings]
        return ids, summed_scores(self.weighting.K1, idfs, found.weights,
                                  self._norms[fieldname], ids), looked

    def _evaluates(self, fieldname: str) -> bool:
        """Whether a search evaluates ``fieldname``'s phrases on the posting arrays, with length
        terms this build can compute as the search does (from the stored length table)."""
        if fieldname in self.fields:
            return True
        if fieldname not in self.schema:
            return False
        field = self.schema[fieldname]
        if not field.format or not field.format.supports("positions") or not all(
                fieldname in store.widths for _l, _o, store in self.stores):
            return False
        if not field.scorable:
            self.fields[fieldname] = None
            return True
        if fieldname not in self.lengths:
            return False
        K1, B = self.weighting.K1, field_B(self.weighting, fieldname)
        # The search's own length terms (.search.engine.Engine._norms): the same inputs.
        self._norms[fieldname] = length_norms(
            K1, B, BYTE_LENGTHS[self.lengths[fieldname]],
            self.searcher.avg_field_length(fieldname) or 1)
        self.fields[fieldname] = B
        return True


class StoredPhrases(GenerationTable):
    """The stored phrases of a generation, memory-mapped (see the module docstring)."""

    STEM = PHRASES
    ARRAYS = _ARRAYS

    def __init__(self, arrays: dict[str, Any], meta: dict[str, Any]) -> None:
        super().__init__(arrays, meta)
        names = arrays["names"].tobytes().decode("utf-8")
        # A few hundred phrases: their keys in a dict (a look-up is a joined string and a
        # hash), made at open in a few tens of microseconds.
        split = names.split(_NEXT) if names else []
        self._numbers = dict(zip(split, range(len(split)), strict=True))
        self._py_starts = memoryview(arrays["starts"])
        self._py_looked = memoryview(arrays["looked"])
        self._ids = arrays["ids"]
        self._scores = arrays["scores"]

    def phrases(self) -> list[PhraseKey]:
        """Every phrase stored, as (field, words, slop)."""
        found = []
        for name in self._numbers:
            fieldname, slop, *words = name.split(_SEP)
            found.append((fieldname, tuple(words), int(slop)))
        return found

    def phrase(self, fieldname: str, words: Iterable[str],
               slop: int) -> tuple[Any, Any, int] | None:
        """(documents ascending, unboosted scores, words looked up) of a phrase, as
        :meth:`searchlib.search.phrase_nodes.PhraseNodes._phrase` computes them (read-only
        views); ``None`` when it is not stored."""
        try:
            number = self._numbers.get(phrase_name(fieldname, words, slop))
        except TypeError:  # a word that is no text: not one a build stores
            return None
        if number is None:
            return None
        a, b = self._py_starts[number], self._py_starts[number + 1]
        return self._ids[a:b], self._scores[a:b], self._py_looked[number]
