"""Reconcile a book's own bibliography (b1's ``Littérature``) with its footnotes.

The list and the notes were translated separately and their URLs damaged differently, so an entry
and a note citing the same article rarely agree letter for letter. A footnote's source is matched
to an entry, in order of trust, by BelTA article id, by normalised URL, then by title similarity
(accents and case folded, word overlap). The result says which entry each footnote corresponds to,
and which sources are in one list only.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from typing import Any
from urllib.parse import urlsplit

from unidecode import unidecode

from ..model import BibEntry, BibMatch, Book, Footnote, Repair, Source
from .census import Census, slug_words
from .citation import parse_footnote

# Below this similarity two titles are different articles (headlines of one news agency share
# many words; 0.6 keeps "adoptent"/"adopteront" variants and rejects neighbours).
TITLE_THRESHOLD = 0.6
_STOP = frozenset("les des une dans pour par sur avec aux est ont sont qui que the and".split())


@dataclass(frozen=True)
class Reconciliation:
    """Footnotes ↔ bibliography of one book.

    :ivar matches: footnote number → its :class:`BibMatch`.
    :ivar bibliography_only: numbers of entries that no footnote corresponds to.
    :ivar footnotes_only: numbers of defined footnotes that correspond to no entry.
    """

    book: str
    has_bibliography: bool
    matches: dict[int, BibMatch] = field(default_factory=dict)
    bibliography_only: list[int] = field(default_factory=list)
    footnotes_only: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _words(title: str | None) -> list[str]:
    if not title:
        return []
    words = re.findall(r"[a-z0-9]+", unidecode(title).lower())
    return [w for w in words if len(w) > 2 and w not in _STOP]


def title_similarity(a: str | None, b: str | None) -> float:
    """How alike two titles are, 0..1 (word overlap, or character similarity if higher)."""
    return _similarity(_words(a), _words(b))


def _similarity(wa: list[str], wb: list[str]) -> float:
    # On the titles' words (:func:`_words`), computed once per title: transliterating them
    # (unidecode) for each of the 14,000 pairs of b1 made ingest eight times slower.
    if not wa or not wb:
        return 0.0
    sa, sb = set(wa), set(wb)
    jaccard = len(sa & sb) / len(sa | sb)
    if jaccard < 0.3:
        return jaccard
    return max(jaccard, SequenceMatcher(None, " ".join(wa), " ".join(wb)).ratio())


@dataclass
class _Entry:
    entry: BibEntry
    words: list[str]  # of its title
    normalized: set[str]
    belta_ids: set[int]


def _prepare(book: Book) -> list[_Entry]:
    prepared = []
    for entry in book.bibliography:
        parsed = parse_footnote(entry.text, entry.sources)
        prepared.append(
            _Entry(
                entry=entry,
                words=_words(parsed.title),
                normalized={s.normalized for s in entry.sources},
                belta_ids={s.belta_id for s in entry.sources if s.belta_id is not None},
            )
        )
    return prepared


def _match(note: Footnote, entries: list[_Entry]) -> BibMatch | None:
    ids = {s.belta_id for s in note.sources if s.belta_id is not None}
    normalized = {s.normalized for s in note.sources}
    for e in entries:
        if ids & e.belta_ids:
            return BibMatch(e.entry.number, e.entry.text, "belta_id", 1.0)
    for e in entries:
        if normalized & e.normalized:
            return BibMatch(e.entry.number, e.entry.text, "url", 1.0)
    words = _words(parse_footnote(note.text or "", note.sources).title)
    best: tuple[float, _Entry] | None = None
    for e in entries:
        if ids and e.belta_ids and not ids & e.belta_ids:
            continue  # two different BelTA articles, however alike their headlines
        score = _similarity(words, e.words)
        if score >= TITLE_THRESHOLD and (best is None or score > best[0]):
            best = (score, e)
    if best is None:
        return None
    return BibMatch(best[1].entry.number, best[1].entry.text, "title", round(best[0], 3))


def reconcile(book: Book) -> Reconciliation:
    """Match every defined footnote of ``book`` with an entry of its bibliography.

    Run once per book at ingest (:mod:`.records`), which keeps each match on its footnote.

    :returns: the matches and the sources in one list only; for a book without a bibliography,
        ``has_bibliography`` is ``False`` and nothing is matched.
    """
    if not book.bibliography:
        return Reconciliation(book=book.id, has_bibliography=False)
    entries = _prepare(book)
    matches: dict[int, BibMatch] = {}
    for note in book.footnotes:
        if note.text is None:
            continue
        found = _match(note, entries)
        if found is not None:
            matches[note.number] = found
    return summarize(book, matches)


def summarize(book: Book, matches: dict[int, BibMatch]) -> Reconciliation:
    """The :class:`Reconciliation` of a book with a bibliography, given its footnotes' matches."""
    used = {m.entry for m in matches.values()}
    return Reconciliation(
        book=book.id,
        has_bibliography=True,
        matches=matches,
        bibliography_only=[e.number for e in book.bibliography if e.number not in used],
        footnotes_only=[n.number for n in book.footnotes if n.text and n.number not in matches],
    )


# -- Which copy of a URL to keep ---------------------------------------------------------------
#
# A footnote and the entry it matches print one article's URL twice, damaged differently. The
# less damaged copy is kept, compared in this order: its host is a known host (see
# :mod:`searchlib.ingest.census`); it has its BelTA article id (a URL on another site counts as
# having one); it is complete (not cut after a hyphen, not partial); it has fewer one-off slug
# words; it lacks none of the numbers the other prints (``bolee-800-chelovek``); the words where
# the copies differ are printed by more URLs (a letter misread the same way in several notes,
# ``realizaciva``, loses to the spelling the other list and book print).
# When the two copies compare equal and differ, the footnote's stays: if it is clean (no
# one-off word) nothing is said, otherwise an ``unresolved`` repair records that two damaged
# copies disagree. No URL is ever spliced from the two: only printed copies are kept.

#: Below this similarity of their paths, a note's URL and an entry's are different pages.
PATH_THRESHOLD = 0.5


def url_quality(
    source: Source, census: Census, other: Source | None = None
) -> tuple[bool, bool, bool, int, int, int]:
    """The comparison key of a copy of a URL against ``other`` (greater is less damaged)."""
    on_belta = source.domain.endswith("belta.by") or not source.domain
    complete = not source.partial and not source.url.endswith(("-", "_"))
    differing = set(slug_words(source.url)) - set(slug_words(other.url if other else ""))
    return (
        census.known(source.domain),
        source.belta_id is not None or not on_belta,
        complete,
        -census.one_offs(source.url),
        -len(_numbers(other) - _numbers(source)),
        sum(len(census.word_urls.get(w, ())) for w in differing),
    )


_NUMBER = re.compile(r"(?<![0-9a-z])\d+(?![0-9a-z])")


def _numbers(source: Source | None) -> set[str]:
    return set(_NUMBER.findall(_path(source.url))) if source else set()


def _path(url: str) -> str:
    return urlsplit(url).path.lower() if "://" in url else url.lower()


def pair_copies(
    note: list[Source], entry: list[Source], method: str, census: Census
) -> list[tuple[int, Source]]:
    """``(index in note, entry source)`` for each note source the entry prints a copy of.

    Matched by BelTA id, the copies are the sources with that id; matched otherwise (URL,
    title), a copy is on the same host once misprints are corrected, with a similar path.
    """
    pairs = []
    for i, mine in enumerate(note):
        if method == "belta_id" and mine.belta_id is not None:
            copies = [e for e in entry if e.belta_id == mine.belta_id]
        else:
            host = census.corrections.get(mine.domain, mine.domain)
            copies = [
                e
                for e in entry
                if census.corrections.get(e.domain, e.domain) == host
                and SequenceMatcher(None, _path(mine.url), _path(e.url)).ratio() >= PATH_THRESHOLD
            ]
        if len(copies) == 1:
            pairs.append((i, copies[0]))
    return pairs


def choose_copy(mine: Source, theirs: Source, census: Census) -> Source | Repair | None:
    """The entry's copy when it is less damaged; an ``unresolved`` record; or ``None`` (keep)."""
    if theirs.normalized == mine.normalized:
        return None
    ours, other = url_quality(mine, census, theirs), url_quality(theirs, census, mine)
    if other > ours:
        return theirs
    if other == ours and ours[3] < 0:
        return Repair("unresolved", mine.url, theirs.url)
    return None
