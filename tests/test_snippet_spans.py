"""Where a page's snippets mark a term or a phrase (:mod:`searchlib.search.snippet_spans`), on
small literal occurrences and postings (whole searches: ``tests/test_snippets.py``)."""

from __future__ import annotations

import numpy as np

from searchlib.search import snippet_spans
from searchlib.search.occurrences import DOC_POSITION_BITS, Occurrences


def _occurrences(places):
    """Occurrences of one term from (docnum, position, start, end) places, sorted."""
    keys = [d << DOC_POSITION_BITS | p for d, p, _s, _e in places]
    starts, ends = [s for _d, _p, s, _e in places], [e for _d, _p, _s, e in places]
    return Occurrences(np.array(keys, dtype=np.int64), np.array(starts, dtype=np.int32),
                       np.array(ends, dtype=np.int32))


# "zone (de) libre": words at offsets 0 and 2. Document 1 holds it at position 4 (and "zone"
# alone at 9); document 3 holds "libre" too far from "zone"; document 5 is not asked.
ZONE = [(1, 4, 20, 24), (1, 9, 50, 54), (3, 0, 0, 4), (5, 1, 6, 10)]
LIBRE = [(1, 6, 28, 33), (3, 5, 30, 35), (5, 3, 14, 19)]


def test_a_phrase_spans_from_its_first_word_to_its_last_where_all_sit_at_their_offsets():
    found = snippet_spans._phrase_spans([_occurrences(ZONE), _occurrences(LIBRE)], [0, 2],
                                        np.array([1, 3], dtype=np.int64))
    assert found == ([1], [20], [33])


def _store(*terms):
    """Posting arrays holding ``terms`` (term number: its index), each from (docnum, position,
    start, end) places sorted by document then position, as a page's spans read them."""
    from types import SimpleNamespace

    from searchlib.index.posting_arrays import PostingColumns

    starts, docs, bounds, occ = [0], [], [0], []
    for places in terms:
        for docnum in sorted({d for d, _p, _s, _e in places}):
            docs.append(docnum)
            occ += [v for d, p, s, e in places if d == docnum for v in (p, s, e)]
            bounds.append(len(occ))
        starts.append(len(docs))
    arrays = [np.array(starts, dtype=np.int64), np.array(docs, dtype=np.int32),
              np.array(bounds, dtype=np.int64), np.array(occ, dtype=np.int32)]
    starts_at, docs_at, bounds_at, occ_at = (memoryview(a) for a in arrays)
    return SimpleNamespace(posting_columns=PostingColumns(
        starts_at, arrays[1], None, arrays[2], arrays[3], docs_at, None, bounds_at, occ_at))


def test_a_phrase_in_the_documents_of_a_page_spans_the_same():
    def spans(terms, phrase, offsets, docs):
        found = {d: [] for d in docs}
        snippet_spans._add_phrase_spans(found, 0, _store(*terms), phrase, offsets, docs)
        return found

    assert spans([ZONE, LIBRE], [0, 1], [0, 2], [1, 3, 5]) == {1: [20, 33], 3: [], 5: [6, 19]}
    # "un district un projet": a word twice; the spans of both places of "un district".
    un = [(0, 0, 0, 2), (0, 5, 30, 32), (2, 1, 4, 6)]
    district = [(0, 1, 3, 11), (0, 6, 33, 41), (2, 7, 50, 58)]
    assert spans([un, district], [0, 1, 0], [0, 1, 2], [0, 2]) == {0: [], 2: []}
    assert spans([un, district], [0, 1], [0, 1], [0, 2]) == {0: [0, 11, 30, 41], 2: []}
    # A frequent first word (every other position) and a rare last one: looked for from the
    # rare one, the same span; the first word's first occurrence at its position starts it.
    de = [(4, p, 10 * p, 10 * p + 2) for p in range(0, 40, 2)] + [(4, 12, 999, 999)]
    de.sort()
    rare = [(4, 13, 131, 135), (4, 31, 311, 319)]
    assert spans([de, rare], [0, 1], [0, 1], [4]) == {4: [120, 135, 300, 319]}
    assert spans([rare, de], [0, 1], [0, 1], [4]) == {4: [131, 142, 311, 322]}


def test_the_places_of_a_term_are_those_in_the_documents_asked():
    term = [(0, 1, 3, 8), (2, 0, 0, 5), (2, 7, 40, 45), (4, 2, 9, 14)]
    found = snippet_spans._places(_occurrences(term), np.array([2, 4], dtype=np.int64))
    assert found == ([2, 2, 4], [0, 40, 9], [5, 45, 14])
