"""The ingested corpus as plain typed dataclasses: Book → Chapter → Paragraph, Footnote, Source.

Every reader in :mod:`searchlib.ingest` produces these objects; :mod:`searchlib.corpus` writes
them to JSON and reads them back; the index, the citations and the web app only ever see these.

Footnotes are *resolved records*: ingest (:mod:`searchlib.ingest.records`) fills each one's parsed
fields, its year, the year of each source and the bibliography entry it matches, so that the
index, the citations and the web app read them and never re-parse a note.

Ids are readable and stable across re-ingestion of the same input: a paragraph is ``b1.c03.p012``
(book ``b1``, chapter 3, 12th paragraph of that chapter; chapter ``00`` holds text that precedes the
first chapter). A footnote is identified by its book and number (``b1:32``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


def paragraph_id(book: str, chapter: int | None, index: int) -> str:
    """The readable, stable id of the ``index``-th (1-based) paragraph of a chapter."""
    return f"{book}.c{chapter or 0:02d}.p{index:03d}"


@dataclass(frozen=True)
class Repair:
    """One change ingest made to a printed URL (see :mod:`searchlib.ingest.url_repair`).

    ``kind`` names the damage (``echo``, ``host``, ``bibliography``, ``unresolved``...);
    ``before`` and ``after`` are the URL text around the change. An ``unresolved`` record changes
    nothing: it says why a URL known to be damaged was kept as printed.
    """

    kind: str
    before: str
    after: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Repair:
        return cls(**data)


@dataclass(frozen=True)
class Source:
    """One cited URL: as printed in the book (after repair) and its normalised identity.

    ``normalized`` is what makes two spellings of one article one source: https, lower-case host
    without ``www.``, no trailing slash, no fragment. For belta.by URLs ``belta_id`` and ``year``
    come from the slug (``...-469260-2021``). ``repairs`` records every change made to the URL
    as printed (``repaired`` says whether any changed it); ``partial`` marks a URL the source
    printed only in part (cut at a page bottom, or only its slug tail), kept for its id.
    """

    url: str
    normalized: str
    domain: str
    belta_id: int | None = None
    #: From the slug of a belta.by URL; in a resolved footnote, the year of the one year rule
    #: (:func:`searchlib.ingest.records.cited_year`).
    year: int | None = None
    repaired: bool = False
    repairs: tuple[Repair, ...] = ()
    partial: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        repairs = tuple(Repair.from_dict(r) for r in data.get("repairs", ()))
        return cls(**{**data, "repairs": repairs})


@dataclass(frozen=True)
class Marker:
    """Where a footnote marker sat: the paragraph and the character offset in its clean text.

    ``page`` is the printed page the marker stands on, when known (set at ingest).
    """

    paragraph: str
    offset: int
    page: int | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Marker:
        return cls(**data)


@dataclass(frozen=True)
class ParsedCitation:
    """The fields of one footnote (or bibliography entry) as the book prints them.

    :ivar raw: the text as given, untouched.
    :ivar kind: ``online`` (a web page), ``book``, ``chapter`` (in a collection after ``//``),
        ``document`` (another printed source), ``ibid`` (the previous note's source) or ``note``
        (a comment, not a reference).
    :ivar authors: ``["Pushnyakova, A."]``, in GOST's "Family, I." form.
    :ivar responsibility: the statement after ``/`` as printed (``A. Pushnyakova``).
    :ivar medium: ``Ressource électronique`` (always in the books' French wording) when printed.
    :ivar year: the year the reference prints (the footnote's own ``year`` is the one year rule's).
    :ivar urls: the URLs of the source (repaired ones when the ingester's sources were given).
    :ivar pages: the pages cited (``45``, ``16-18``); ``extent`` a page count (``41 p.``);
        ``issue`` a journal issue (``№3``).
    :ivar access_date: the date of access when printed (``12.03.2024``).
    :ivar rest: what no field took, never discarded.
    :ivar partial: ``True`` when a field could not be read or something is left in ``rest``.
    """

    raw: str
    kind: str
    title: str | None
    authors: list[str] = field(default_factory=list)
    responsibility: str | None = None
    container: str | None = None
    medium: str | None = None
    place: str | None = None
    publisher: str | None = None
    year: int | None = None
    pages: str | None = None
    extent: str | None = None
    issue: str | None = None
    urls: list[str] = field(default_factory=list)
    access_date: str | None = None
    rest: str = ""
    partial: bool = False
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ParsedCitation:
        return cls(**data)


@dataclass(frozen=True)
class BibMatch:
    """The bibliography entry a footnote corresponds to.

    :ivar entry: the entry's number in the list; ``text`` its text as printed.
    :ivar method: ``belta_id``, ``url`` or ``title``; ``score`` is 1.0 except for titles.
    """

    entry: int
    text: str
    method: str
    score: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BibMatch:
        return cls(**data)


@dataclass
class Footnote:
    """A numbered footnote: its definition text (``None`` when the source lost it) and sources.

    The resolved part, filled at ingest: ``fields`` (the parsed reference, ``None`` without a
    definition), ``year`` (the one year rule), ``bibliography`` (the entry of the book's own list
    it matches, and how), and each marker's printed ``page``.
    """

    book: str
    number: int
    text: str | None
    sources: list[Source] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    page: int | None = None
    fields: ParsedCitation | None = None
    year: int | None = None
    bibliography: BibMatch | None = None

    @property
    def key(self) -> str:
        return f"{self.book}:{self.number}"

    @property
    def paragraphs(self) -> list[str]:
        """Ids of the paragraphs that carry this footnote's marker, in order, without repeats."""
        return list(dict.fromkeys(m.paragraph for m in self.markers))

    @property
    def urls(self) -> list[str]:
        return [s.url for s in self.sources]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Footnote:
        return cls(
            book=data["book"],
            number=data["number"],
            text=data["text"],
            sources=[Source.from_dict(s) for s in data["sources"]],
            markers=[Marker.from_dict(m) for m in data["markers"]],
            page=data.get("page"),
            fields=ParsedCitation.from_dict(data["fields"]) if data.get("fields") else None,
            year=data.get("year"),
            bibliography=BibMatch.from_dict(data["bibliography"])
            if data.get("bibliography") else None,
        )


@dataclass
class Paragraph:
    """One body paragraph: clean text (markers removed, line breaks and hyphenation repaired)."""

    id: str
    book: str
    chapter: int | None
    text: str
    page: int | None = None
    footnotes: list[int] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paragraph:
        return cls(**data)


@dataclass
class Chapter:
    """A numbered chapter: its heading, printed start page (when known) and paragraphs."""

    number: int
    title: str
    page: int | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chapter:
        return cls(
            number=data["number"],
            title=data["title"],
            page=data.get("page"),
            paragraphs=[Paragraph.from_dict(p) for p in data["paragraphs"]],
        )


@dataclass
class BibEntry:
    """An entry of a book's own bibliography (b1's ``Littérature``), numbered apart from notes."""

    number: int
    text: str
    sources: list[Source] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BibEntry:
        return cls(
            number=data["number"],
            text=data["text"],
            sources=[Source.from_dict(s) for s in data["sources"]],
        )


@dataclass
class BookMeta:
    """What the manifest (``corpus/books.toml``) says of a book."""

    id: str
    file: str
    format: str
    title: str
    author: str | None = None
    publisher: str | None = None
    year: int | None = None
    isbn: str | None = None
    language: str = "fr"
    #: What pages, the CLI and citations call the book (``Un district, un projet``): the
    #: manifest's choice wins over :attr:`label`'s own rule.
    short_title: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BookMeta:
        return cls(**data)

    @property
    def label(self) -> str:
        """The book's short name, one rule for the CLI, citations and the web.

        A full title can run to 130 characters; repeated over every hit it pushes the passage out
        of view. The label is the manifest's ``short_title``; else ``Zalessky 2023`` from the
        author and year; else the title when it is already short; else the id.
        """
        if self.short_title:
            return self.short_title
        if self.author:
            name = surname(self.author)
            return f"{name} {self.year}" if self.year else name
        if self.title and len(self.title) <= SHORT_TITLE:
            return self.title
        return self.id


#: A title this short is already a label (:attr:`BookMeta.label`).
SHORT_TITLE = 32


def surname(author: str) -> str:
    """The family name of ``Boris Zalessky`` or ``Zalessky, Boris`` (first author only)."""
    first = author.split(";")[0].split(" et ")[0].strip()
    if "," in first:
        return first.split(",")[0].strip()
    return first.split()[-1] if first.split() else first


@dataclass(frozen=True)
class Acronym:
    """An acronym as a book defines it (``Nom complet (SIGLE)``), and where."""

    acronym: str
    expansion: str
    paragraphs: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Acronym:
        return cls(**data)


@dataclass(frozen=True)
class Place:
    """A city a book names (GeoNames' ``name`` and ``geonameid``): the forms the book prints,
    and the spellings a reader may type it in (searchlib.analysis.gazetteer)."""

    name: str
    geonameid: int
    country: str
    printed: list[str] = field(default_factory=list)
    spellings: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Place:
        return cls(**data)


@dataclass
class Book:
    """One ingested book: what the manifest says of it, and everything its reader found."""

    meta: BookMeta
    chapters: list[Chapter] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    bibliography: list[BibEntry] = field(default_factory=list)
    pages: int | None = None
    # Counters only a reader can know (e.g. ``urls_repaired``); merged into the QA report.
    stats: dict[str, int] = field(default_factory=dict)
    # What query expansion learns from the book at ingest (searchlib.ingest.lexicon): the
    # acronyms it defines, the cities it names, its word families (family key → the
    # printed words of several stems that share it), and its compounds (letters without
    # spaces or hyphens → the forms printed in one piece or in two words).
    acronyms: list[Acronym] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    families: dict[str, list[str]] = field(default_factory=dict)
    compounds: dict[str, list[str]] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.meta.id

    def paragraphs(self) -> list[Paragraph]:
        """Every paragraph of the book, in reading order."""
        return [p for c in self.chapters for p in c.paragraphs]

    def paragraphs_by_id(self) -> dict[str, Paragraph]:
        """The book's paragraphs keyed by id (``b1.c03.p012``)."""
        return {p.id: p for p in self.paragraphs()}

    def footnotes_by_number(self) -> dict[int, Footnote]:
        """The book's footnotes keyed by number."""
        return {n.number: n for n in self.footnotes}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Book:
        return cls(
            meta=BookMeta.from_dict(data["meta"]),
            chapters=[Chapter.from_dict(c) for c in data["chapters"]],
            footnotes=[Footnote.from_dict(f) for f in data["footnotes"]],
            bibliography=[BibEntry.from_dict(b) for b in data["bibliography"]],
            pages=data.get("pages"),
            stats=data.get("stats", {}),
            acronyms=[Acronym.from_dict(a) for a in data.get("acronyms", [])],
            places=[Place.from_dict(p) for p in data.get("places", [])],
            families=data.get("families", {}),
            compounds=data.get("compounds", {}),
        )
