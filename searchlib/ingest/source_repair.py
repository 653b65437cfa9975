"""Source repair across the books: what one URL alone cannot tell, the corpus can.

Each reader repairs a URL from its own text (:mod:`searchlib.ingest.url_repair`). This pass
runs once all the books are read, on every footnote and bibliography source, and records each
change on the source as a :class:`~searchlib.model.Repair` (``kind``, ``before``, ``after``):

1. ``host`` and ``section``: a misprinted host or directory becomes the known one it stands for
   (the rule is in :mod:`searchlib.ingest.census`: ``sovuz.by`` → ``soyuz.by``, ``helta.by`` →
   ``belta.by``, ``belta.by/societv/`` → ``belta.by/society/``);
2. ``echo``: an echo whose two copies disagree by a letter (:mod:`searchlib.ingest.echoes`)
   loses the more damaged copy, by the rule that chooses between a footnote's and an entry's
   copy (:func:`~searchlib.ingest.bibliography.url_quality`); when that does not decide, the
   path stays as printed and an ``unresolved`` repair says so;
3. ``bibliography``: a footnote's URL is replaced by the copy that the matching bibliography
   entry prints (matched by BelTA id, then URL, then title:
   :mod:`searchlib.ingest.bibliography`) when that copy is less damaged by the rule stated
   there; where both are damaged and neither wins, the footnote keeps its copy and an
   ``unresolved`` repair names the other.

No letter is ever written that one of the books does not print. What stays damaged is counted
into :attr:`Book.stats` (``damaged_*``, ``urls_partial``) for the QA report.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from ..model import Book, Repair, Source
from .bibliography import choose_copy, pair_copies, reconcile, url_quality
from .census import Census, host_of
from .echoes import damaged_echo, drop_echoes, exact_echo
from .urls import make_source, partial_source

log = logging.getLogger(__name__)

# A BelTA article id as printed in a URL: ``-469260-2021``, or before a cut (``-640865-``).
_PRINTED_ID = re.compile(r"[-_]\d{5,7}[-_](?:(?:19|20)\d\d/?)?$")


def repair_sources(books: list[Book], context: list[Book] | None = None) -> None:
    """Repair the sources of ``books`` in place, counting what stays damaged in their stats.

    :param context: other books whose URLs also count as evidence (their hosts and words), not
        repaired themselves: ``searchlib ingest --book b1`` judges b1's hosts as a full ingest.
    """
    census = Census.of([*books, *(context or [])])
    echoed: dict[str, bool] = {}  # repaired URL -> whether an echo stays in it (undecided)
    for book in books:
        for note in book.footnotes:
            note.sources = [_repair_alone(s, census, echoed) for s in note.sources]
        for entry in book.bibliography:
            entry.sources = [_repair_alone(s, census, echoed) for s in entry.sources]
        _repair_from_bibliography(book, census)
        book.stats.update(damage_counts(book, census, echoed))
        if "urls_repaired" in book.stats:
            book.stats["urls_repaired"] = sum(s.repaired for n in book.footnotes for s in n.sources)


def _rebuild(source: Source, url: str, repairs: list[Repair]) -> Source:
    if source.partial:
        return partial_source(url, repairs)
    return make_source(url, repairs=repairs)


def _repair_alone(source: Source, census: Census, echoed: dict[str, bool]) -> Source:
    """Host and damaged-echo repair of one source (steps 1 and 2); notes what echo stays."""
    url, repairs = source.url, list(source.repairs)
    fixed = census.correct_host(url)
    if fixed != url:
        repairs.append(Repair("host", url, fixed))
        url = fixed
    fixed = census.correct_sections(url)
    if fixed != url:
        repairs.append(Repair("section", url, fixed))
        url = fixed
    host = host_of(url)
    if host:
        start = url.lower().index(host) + len(host)
        head, path = url[:start], url[start:]
    else:
        head, path = "", url

    def less_damaged(first: str, second: str) -> str | None:
        # The rule that chooses between a footnote's and an entry's copy, on the two copies.
        a = url_quality(make_source(head + first), census, make_source(head + second))
        b = url_quality(make_source(head + second), census, make_source(head + first))
        return first if a > b else second if b > a else None

    kept, undecided = drop_echoes(path, less_damaged, census.is_word)
    if kept != path:
        repairs.append(Repair("echo", url, head + kept))
        url = head + kept
    for echo in undecided:
        repairs.append(Repair("unresolved", url, head + echo.keep_second))
    echoed[url] = bool(undecided)  # drop_echoes leaves no echo it could decide
    if url == source.url and len(repairs) == len(source.repairs):
        return source
    return _rebuild(source, url, repairs)


def _repair_from_bibliography(book: Book, census: Census) -> None:
    """Step 3: each footnote source takes its bibliography copy when that one is less damaged."""
    if not book.bibliography:
        return
    entries = {e.number: e for e in book.bibliography}
    notes = book.footnotes_by_number()
    for number, match in reconcile(book).matches.items():
        note = notes[number]
        entry = entries[match.entry]
        for i, theirs in pair_copies(note.sources, entry.sources, match.method, census):
            mine = note.sources[i]
            choice = choose_copy(mine, theirs, census)
            if isinstance(choice, Source):
                log.debug("%s: URL taken from bibliography entry %d", note.key, entry.number)
                # An echo left undecided in the footnote's copy is decided by the entry's.
                kept = [r for r in mine.repairs if r.kind != "unresolved"]
                repairs = [*kept, Repair("bibliography", mine.url, choice.url)]
                note.sources[i] = make_source(choice.url, repairs=repairs)
            elif choice is not None:
                note.sources[i] = replace(mine, repairs=(*mine.repairs, choice))


def has_echo(url: str) -> bool:
    """Whether a URL's path still holds an echo, exact or damaged."""
    host = host_of(url)
    path = url[url.lower().index(host) + len(host) :] if host else url
    return exact_echo(path) is not None or damaged_echo(path) is not None


def damage_counts(
    book: Book, census: Census, echoed: dict[str, bool] | None = None
) -> dict[str, int]:
    """What stays damaged in a book's footnote sources, by kind, for the QA report.

    :param echoed: what the repair already knows of a URL's echoes (spares looking again).
    """
    sources = [s for n in book.footnotes for s in n.sources]
    known = echoed or {}
    return {
        "damaged_hosts": sum(bool(s.domain) and not census.known(s.domain) for s in sources),
        "damaged_echoes": sum(
            known[s.url] if s.url in known else has_echo(s.url) for s in sources
        ),
        "damaged_ids": sum(
            s.domain.endswith("belta.by")
            and s.belta_id is None
            and _PRINTED_ID.search(s.url) is not None
            for s in sources
        ),
        "damaged_unresolved": sum(any(r.kind == "unresolved" for r in s.repairs) for s in sources),
        "damaged_partial": sum(s.partial for s in sources),
    }
