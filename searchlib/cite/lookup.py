"""Find citations: by reference (``b1:32``, ``b1.c03.p012``), by cited URL or BelTA id, by query.

Each answer is a list of :class:`FootnoteCitation`: the footnote's resolved record (its parsed
fields, year and bibliography entry, all filled at ingest by :mod:`searchlib.ingest.records`) and
the passages that carry its marker. Nothing here parses a note or reconciles a bibliography: a
lookup reads records. The formatters of :mod:`searchlib.cite.render` render these; nothing here
prints.

Ranked reverse lookup (``cite --search``) is orchestrated above the search package, which hands
:func:`paragraph_citations` the ids of the passages it ranked; this module only knows exact-word
matching (:func:`word_match_paragraphs`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace

from unidecode import unidecode

from ..archive import ArchivedPage, find_archived
from ..errors import DocumentNotFound, InvalidReference, UnknownBook
from ..ingest.url_repair import without_sentence_punctuation
from ..ingest.urls import make_source
from ..model import (
    BibMatch,
    Book,
    BookMeta,
    Footnote,
    Paragraph,
    ParsedCitation,
    Source,
    paragraph_id,
)
from .passages import Books, CitedPassage, books_by_id, passage_of

log = logging.getLogger(__name__)

_FOOTNOTE_REF = re.compile(r"^(?P<book>[A-Za-z]\w*):(?P<number>\d+)$")
_PARAGRAPH_REF = re.compile(r"^(?P<book>[A-Za-z]\w*)\.c(?P<chapter>\d+)\.p(?P<index>\d+)$")


@dataclass(frozen=True)
class FootnoteCitation:
    """One footnote with everything needed to cite it.

    :ivar meta: the book's manifest entry (title, author, publisher, year).
    :ivar passages: the passages that carry its marker, in order.
    :ivar archived: the saved copy of each source that has one (``searchlib sources import``),
        keyed by :attr:`Source.normalized`; see :func:`with_archive`.
    """

    meta: BookMeta
    footnote: Footnote
    passages: list[CitedPassage] = field(default_factory=list)
    archived: dict[str, ArchivedPage] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.footnote.key

    @property
    def missing_definition(self) -> bool:
        return self.footnote.text is None

    @property
    def parsed(self) -> ParsedCitation | None:
        """The fields of its text; ``None`` when the definition is missing from the source."""
        return self.footnote.fields

    @property
    def bibliography(self) -> BibMatch | None:
        """The entry of the book's own bibliography it corresponds to, if any."""
        return self.footnote.bibliography

    @property
    def year(self) -> int | None:
        """The year the note cites (the one rule: :func:`searchlib.ingest.records.cited_year`)."""
        return self.footnote.year


@dataclass(frozen=True)
class Resolution:
    """What a reference resolves to.

    :ivar kind: ``footnote`` (``b1:32``), ``paragraph`` (``b1.c03.p012``, or a search hit) or
        ``source`` (a reverse lookup by URL or BelTA id).
    :ivar passage: the paragraph itself, for a paragraph; ``meta`` its book.
    """

    ref: str
    kind: str
    citations: list[FootnoteCitation]
    passage: CitedPassage | None = None
    meta: BookMeta | None = None


class _Context:
    """Per-call cache: the paragraph index of each book, built once per book."""

    def __init__(self, books: Books) -> None:
        self.books = books_by_id(books)
        self._paragraphs: dict[str, dict[str, Paragraph]] = {}

    def book(self, book_id: str) -> Book:
        try:
            return self.books[book_id]
        except KeyError:
            known = ", ".join(self.books) or "none"
            raise UnknownBook(f"unknown book {book_id!r} (known: {known})") from None

    def paragraphs(self, book: Book) -> dict[str, Paragraph]:
        if book.id not in self._paragraphs:
            self._paragraphs[book.id] = book.paragraphs_by_id()
        return self._paragraphs[book.id]

    def citation(self, book: Book, note: Footnote) -> FootnoteCitation:
        paragraphs = self.paragraphs(book)
        # Each marker's printed page was resolved at ingest (the page a reader cites).
        passages = [
            passage_of(book, paragraphs[m.paragraph], (note.number, m.offset), page=m.page)
            for m in note.markers
            if m.paragraph in paragraphs
        ]
        return FootnoteCitation(meta=book.meta, footnote=note, passages=passages)

    def paragraph_resolution(self, book: Book, paragraph: Paragraph) -> Resolution:
        """The passage and the citations of every footnote marked in ``paragraph``."""
        notes = book.footnotes_by_number()
        citations = [self.citation(book, notes[n]) for n in paragraph.footnotes if n in notes]
        passage = passage_of(book, paragraph)
        return Resolution(paragraph.id, "paragraph", citations, passage, book.meta)


def make_citation(book: Book, note: Footnote) -> FootnoteCitation:
    """The :class:`FootnoteCitation` of one footnote of ``book``."""
    return _Context([book]).citation(book, note)


def _footnote(book: Book, number: int) -> Footnote:
    notes = book.footnotes_by_number()
    if number in notes:
        return notes[number]
    if not notes:
        raise DocumentNotFound(f"book {book.id} has no footnotes")
    low, high = min(notes), max(notes)
    if not low <= number <= high:
        raise DocumentNotFound(
            f"footnote {book.id}:{number} is out of range ({book.id} has footnotes {low}–{high})"
        )
    raise DocumentNotFound(f"footnote {book.id}:{number} has neither marker nor definition")


def reference_book(ref: str) -> str | None:
    """The book id of a well-formed reference (``b1`` of ``b1:32`` or ``b1.c03.p012``), so that
    a caller loads only that book; ``None`` for a malformed one (:func:`resolve` says why)."""
    match = _FOOTNOTE_REF.match(ref.strip()) or _PARAGRAPH_REF.match(ref.strip())
    return match.group("book") if match else None


def resolve(books: Books, ref: str) -> Resolution:
    """Resolve a footnote reference (``b1:32``) or a paragraph id (``b1.c03.p012``).

    :returns: the footnote, or every footnote of the paragraph (possibly none).
    :raises InvalidReference: for a string that is neither form.
    :raises UnknownBook: for a book the corpus does not hold.
    :raises DocumentNotFound: for a footnote number or paragraph that does not exist.
    """
    ctx = _Context(books)
    ref = ref.strip()
    note_ref = _FOOTNOTE_REF.match(ref)
    if note_ref:
        book = ctx.book(note_ref.group("book"))
        note = _footnote(book, int(note_ref.group("number")))
        return Resolution(ref, "footnote", [ctx.citation(book, note)])
    para_ref = _PARAGRAPH_REF.match(ref)
    if not para_ref:
        raise InvalidReference(
            f"malformed reference {ref!r}: expected a footnote (b1:32) "
            "or a paragraph id (b1.c03.p012)"
        )
    book = ctx.book(para_ref.group("book"))
    pid = paragraph_id(book.id, int(para_ref.group("chapter")), int(para_ref.group("index")))
    paragraph = ctx.paragraphs(book).get(pid)
    if paragraph is None:
        raise DocumentNotFound(f"paragraph {pid} does not exist in {book.id}")
    return ctx.paragraph_resolution(book, paragraph)


def source_for_url(url: str) -> Source:
    """The :class:`Source` identity of a URL typed by a user.

    :raises InvalidReference: when it is not an http(s) URL with a host.
    """
    text = url.strip()
    if not text or any(c.isspace() for c in text):
        raise InvalidReference(f"malformed URL {url!r}")
    scheme = re.match(r"^([a-z][a-z0-9+.-]*)://", text, re.I)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        raise InvalidReference(f"malformed URL {url!r}: only http(s) URLs are cited")
    # Copied from a note as printed, a URL keeps the sentence's full stop ("...-2021/."), which
    # the ingest left out of the footnote's own.
    source = make_source(without_sentence_punctuation(text))
    if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?", source.domain):
        raise InvalidReference(f"malformed URL {url!r}: no host name")
    return source


def find_citing(
    books: Books, *, url: str | None = None, belta_id: int | None = None
) -> list[FootnoteCitation]:
    """Every footnote, in every book, that cites one source.

    A URL matches on its normalised form (scheme, ``www.``, trailing slash do not matter); a
    belta.by article URL also matches every other slug of the same article id.

    :param url: the cited URL; or
    :param belta_id: a BelTA article id (``469260``).
    :returns: the citing footnotes in book order, then footnote number.
    :raises InvalidReference: for a malformed URL or id, or when neither or both are given.
    """
    if (url is None) == (belta_id is None):
        raise InvalidReference("give either a URL or a BelTA article id")
    if belta_id is not None:
        if belta_id <= 0:
            raise InvalidReference(f"malformed BelTA article id {belta_id}")
        target_ids = {belta_id}
        target_urls: set[str] = set()
    else:
        source = source_for_url(url or "")
        target_ids = {source.belta_id} if source.belta_id is not None else set()
        target_urls = {source.normalized}
    ctx = _Context(books)
    found = []
    for book in ctx.books.values():
        for note in book.footnotes:
            if any(s.normalized in target_urls or s.belta_id in target_ids for s in note.sources):
                found.append(ctx.citation(book, note))
    log.debug("%d footnotes cite %s", len(found), url or belta_id)
    return found


def _word_key(text: str) -> str:
    # Exact-word matching ignores accents and case: "Kostanaï" and "KOSTANAI" are one word.
    return unidecode(text).casefold()


def word_match_paragraphs(books: Books, query: str, limit: int = 5) -> list[tuple[Book, Paragraph]]:
    """Paragraphs carrying footnotes that contain every word of ``query`` (case and accents
    folded), most occurrences first: the stand-in for ranked search in ``cite --search``.

    :raises InvalidReference: for a query without words.
    """
    words = re.findall(r"\w+", _word_key(query))
    if not words:
        raise InvalidReference(f"query {query!r} has no words")
    scored: list[tuple[int, int, Book, Paragraph]] = []
    order = 0
    for book in books_by_id(books).values():
        for paragraph in book.paragraphs():
            order += 1
            if not paragraph.footnotes:
                continue
            tokens = re.findall(r"\w+", _word_key(paragraph.text))
            counts = [tokens.count(w) for w in words]
            if all(counts):
                scored.append((-sum(counts), order, book, paragraph))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [(b, p) for _, _, b, p in scored[:limit]]


def paragraph_citations(books: Books, paragraph_ids: list[str], limit: int = 5) -> list[Resolution]:
    """The footnotes of the given passages (ranked elsewhere), one :class:`Resolution` each.

    Passages without footnotes, or not in ``books``, are skipped; at most ``limit`` are kept.
    """
    ctx = _Context(books)
    found: list[Resolution] = []
    for pid in paragraph_ids:
        book = ctx.books.get(pid.split(".", 1)[0])
        paragraph = ctx.paragraphs(book).get(pid) if book is not None else None
        if book is None or paragraph is None or not paragraph.footnotes:
            continue
        found.append(ctx.paragraph_resolution(book, paragraph))
        if len(found) >= limit:
            break
    return found


def search_citations(books: Books, query: str, limit: int = 5) -> list[Resolution]:
    """The footnotes of the top passages for ``query`` by exact-word matching
    (:func:`word_match_paragraphs`), one :class:`Resolution` per passage."""
    ctx = _Context(books)
    top = word_match_paragraphs(ctx.books, query, limit)
    return [ctx.paragraph_resolution(book, paragraph) for book, paragraph in top]


def with_archive(
    resolutions: list[Resolution], archive: dict[str, ArchivedPage]
) -> list[Resolution]:
    """The same resolutions, each citation knowing the archived copies of its sources.

    :param archive: what :func:`searchlib.archive.load_archive` returns (empty: no change).
    """
    if not archive:
        return resolutions

    def attach(citation: FootnoteCitation) -> FootnoteCitation:
        found = {s.normalized: find_archived(archive, s) for s in citation.footnote.sources}
        pages = {key: page for key, page in found.items() if page is not None}
        return replace(citation, archived=pages) if pages else citation

    return [replace(r, citations=[attach(c) for c in r.citations]) for r in resolutions]
