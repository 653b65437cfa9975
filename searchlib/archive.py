"""Archived source pages: the cited articles themselves, saved as HTML, kept beside the corpus.

A researcher saves the page of a cited article (from a browser, or from the Wayback Machine) and
runs ``searchlib sources import PAGE.html...``. :func:`import_pages` reads each page's URL, title,
publication date and lead paragraph, matches it to the footnotes that cite that URL, and merges it
into ``corpus/archive.json`` (keyed by normalised URL, written atomically, under the index's build
lock so that two imports, or an import and a build, never interleave). Citations and the web
app call :func:`load_archive` and :func:`find_archived` to show the source's own title and date
beside a footnote, so a claim can be checked against its source offline.

What a page is read from, first match wins (a BelTA article page carries all of them):

- URL: ``og:url``, ``<link rel="canonical">``, the browser's ``<!-- saved from url=... -->``;
  a Wayback address ``https://web.archive.org/web/<timestamp>/<url>`` is unwrapped to ``<url>``;
- title: ``og:title``, the article's ``<h1>``, ``<title>``;
- date: ``article:published_time``, ``itemprop=datePublished``, ``<time datetime>``, the date block
  (``15 октября 2021, 12:34``, ``15.10.2021``, ``October 15, 2021``), as ``YYYY-MM-DD``;
- lead: the first paragraph of the article body, else ``og:description`` / ``description``.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .atomic import atomic_write
from .corpus import load_corpus
from .errors import ArchiveError, EmptyCorpus, InvalidReference, ManifestError, SourceFileError
from .ingest import check_source_size, collapse_whitespace
from .ingest.urls import make_source
from .model import Source

if TYPE_CHECKING:  # bs4 is imported when a page is read: citations only load the archive
    from bs4 import BeautifulSoup

log = logging.getLogger(__name__)

ARCHIVE_FILE = "archive.json"
#: Bytes of one saved page, at most: a page saved with its images inlined ("single file") weighs a
#: few MB; a larger file is not an article page and is refused before it is parsed.
MAX_PAGE_BYTES = 20_000_000
_WAYBACK = re.compile(r"^(?:https?:)?//web\.archive\.org/web/(\d{4,14})[a-z_]*/(.+)$", re.I)
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+)", re.IGNORECASE)
_ARTICLE_BODY = (
    "[itemprop=articleBody], .js-mediator-article, .text_block, .article_text, .news_text, "
    "div.text, article .text, article"
)
_MONTHS = {
    **{
        m: i
        for i, m in enumerate(
            "января февраля марта апреля мая июня июля августа сентября "
            "октября ноября декабря".split(),
            1,
        )
    },
    **{
        m: i
        for i, m in enumerate(
            "january february march april may june july august september "
            "october november december".split(),
            1,
        )
    },
    **{
        m: i
        for i, m in enumerate(
            "janvier février mars avril mai juin juillet août septembre "
            "octobre novembre décembre".split(),
            1,
        )
    },
}
_WORD_DATE = re.compile(r"(\d{1,2})\s+([^\W\d_]+)\s+(\d{4})|([^\W\d_]+)\s+(\d{1,2}),?\s+(\d{4})")
_DOT_DATE = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class ArchivedPage:
    """What a saved article page says of itself.

    ``url`` is the article's own address (unwrapped from the Wayback Machine), ``normalized`` its
    identity (as :attr:`searchlib.model.Source.normalized`), ``published`` an ISO date
    (``YYYY-MM-DD``) or ``None``, ``archived_at`` the Wayback capture date when it came from there.
    """

    url: str
    normalized: str
    title: str
    published: str | None
    lead: str | None
    file: str
    belta_id: int | None = None
    archived_url: str | None = None
    archived_at: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArchivedPage:
        return cls(**data)


@dataclass
class ImportedPage:
    """One imported page and the footnotes (``b1:2``) that cite its URL."""

    page: ArchivedPage
    footnotes: list[str] = field(default_factory=list)
    replaced: bool = False


def _meta(soup: BeautifulSoup, *names: str) -> str | None:
    from bs4 import Tag

    for name in names:
        for attr in ("property", "name", "itemprop"):
            tag = soup.find("meta", attrs={attr: name})
            if isinstance(tag, Tag) and tag.get("content"):
                return collapse_whitespace(str(tag["content"]))
    return None


def unwrap_wayback(url: str) -> tuple[str, str | None]:
    """``(original url, capture date YYYY-MM-DD or None)`` for a Wayback Machine address."""
    match = _WAYBACK.match(url.strip())
    if not match:
        return url.strip(), None
    stamp, original = match.groups()
    if original.startswith("//"):
        original = "https:" + original
    elif not re.match(r"https?://", original, re.IGNORECASE):
        original = "https://" + original
    when = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}" if len(stamp) >= 8 else None
    return original, when


def _page_url(soup: BeautifulSoup) -> str | None:
    from bs4 import Comment, Tag

    url = _meta(soup, "og:url")
    canonical = soup.find("link", rel="canonical")
    if not url and isinstance(canonical, Tag) and canonical.get("href"):
        url = str(canonical["href"])
    if not url:
        for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
            match = _SAVED_FROM.search(str(comment))
            if match:
                url = match.group(1)
                break
    return url


def parse_date(text: str) -> str | None:
    """An ISO date (``YYYY-MM-DD``) from a date as pages print it, or ``None``.

    >>> parse_date("15 октября 2021, 12:34")
    '2021-10-15'
    """
    candidates: list[tuple[int, int, int]] = []
    iso = _ISO_DATE.search(text)
    if iso:
        candidates.append((int(iso.group(1)), int(iso.group(2)), int(iso.group(3))))
    for match in _WORD_DATE.finditer(text.lower()):
        day, month, year = (match.group(1), match.group(2), match.group(3))
        if day is None:
            month, day, year = match.group(4), match.group(5), match.group(6)
        if month in _MONTHS:
            candidates.append((int(year), _MONTHS[month], int(day)))
    dot = _DOT_DATE.search(text)
    if dot:
        candidates.append((int(dot.group(3)), int(dot.group(2)), int(dot.group(1))))
    for year, month, day in candidates:
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _published(soup: BeautifulSoup) -> str | None:
    value = _meta(soup, "article:published_time", "datePublished", "pubdate", "date")
    if value and parse_date(value):
        return parse_date(value)
    for time in soup.find_all("time"):
        found = parse_date(str(time.get("datetime") or "")) or parse_date(time.get_text())
        if found:
            return found
    for block in soup.select(".date_full, .date, .news_date, .article_date, [class*=date]"):
        found = parse_date(block.get_text(" "))
        if found:
            return found
    return None


def _lead(soup: BeautifulSoup) -> str | None:
    for body in soup.select(_ARTICLE_BODY):
        for p in body.find_all("p"):
            text = collapse_whitespace(p.get_text())
            if len(text) > 20:
                return text
    return _meta(soup, "og:description", "description")


def _title(soup: BeautifulSoup) -> str | None:
    from bs4 import Tag

    title = _meta(soup, "og:title")
    if title:
        return title
    h1 = soup.find("h1")
    if isinstance(h1, Tag) and collapse_whitespace(h1.get_text()):
        return collapse_whitespace(h1.get_text())
    if soup.title and soup.title.string:
        return collapse_whitespace(soup.title.string)
    return None


def parse_page(data: bytes, name: str) -> ArchivedPage:
    """Read one saved article page.

    :param data: the page's bytes (any encoding the page declares).
    :param name: the file name, recorded with the page and used in messages.
    :raises ArchiveError: when the page states no URL, a malformed one, or no title.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    # The Wayback Machine's toolbar is not part of the article.
    for junk in soup.select("#wm-ipp-base, #wm-ipp, #donato, script, style, noscript"):
        junk.decompose()
    raw_url = _page_url(soup)
    if not raw_url:
        raise ArchiveError(f"{name}: no URL in the page (no og:url, canonical link or saved-from)")
    url, archived_at = unwrap_wayback(raw_url)
    if not re.match(r"https?://", url, re.IGNORECASE):
        raise ArchiveError(f"{name}: the page's URL {url!r} is not a web address")
    title = _title(soup)
    if not title:
        raise ArchiveError(f"{name}: no title in the page (no og:title, <h1> or <title>)")
    try:
        source = make_source(url)
    except InvalidReference:
        raise ArchiveError(f"{name}: the page's URL {url!r} is malformed") from None
    return ArchivedPage(
        url=url,
        normalized=source.normalized,
        title=title,
        published=_published(soup),
        lead=_lead(soup),
        file=name,
        belta_id=source.belta_id,
        archived_url=raw_url if archived_at else None,
        archived_at=archived_at,
    )


def load_archive(corpus_dir: Path) -> dict[str, ArchivedPage]:
    """The archived pages of a corpus, keyed by normalised URL (empty when none were imported).

    :raises ArchiveError: when ``archive.json`` exists but is unreadable.
    """
    path = Path(corpus_dir) / ARCHIVE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (ValueError, UnicodeDecodeError) as e:
        raise ArchiveError(f"archive file {path} is unreadable: {e}") from None
    try:
        return {key: ArchivedPage.from_dict(page) for key, page in data["pages"].items()}
    except (KeyError, TypeError, AttributeError) as e:
        raise ArchiveError(f"archive file {path} does not match the model: {e}") from None


def find_archived(archive: dict[str, ArchivedPage], source: Source) -> ArchivedPage | None:
    """The archived page of a cited source: same normalised URL, else the same BelTA article id.

    The books print many BelTA slugs damaged; the article id at the slug's end survives.
    """
    page = archive.get(source.normalized)
    if page is None and source.belta_id is not None:
        page = next((p for p in archive.values() if p.belta_id == source.belta_id), None)
    return page


def _citing(corpus_dir: Path) -> list[tuple[str, Source]]:
    try:
        books = load_corpus(corpus_dir)
    except (EmptyCorpus, ManifestError):
        return []  # nothing ingested yet: pages are stored, matched later by find_archived
    return [(note.key, s) for b in books for note in b.footnotes for s in note.sources]


def read_pages(paths: list[Path]) -> list[ArchivedPage]:
    """Read saved article pages, all of them before anything is written.

    :raises ArchiveError: for a missing, empty, unreadable or oversized page (refused on its size
        before it is read).
    """
    pages = []
    for path in paths:
        path = Path(path)
        try:
            check_source_size(path, MAX_PAGE_BYTES, "saved page")
        except SourceFileError as e:
            raise ArchiveError(str(e)) from None
        try:
            data = path.read_bytes()
        except OSError as e:
            raise ArchiveError(f"cannot read {path}: {e.strerror}") from None
        if not data.strip():
            raise ArchiveError(f"{path}: the file is empty")
        pages.append(parse_page(data, path.name))
    return pages


def merge_pages(pages: list[ArchivedPage], corpus_dir: Path) -> list[ImportedPage]:
    """Merge read pages into ``corpus_dir/archive.json``, replacing the file all at once.

    This reads the archive, adds to it and writes it back: the caller holds the build lock
    (:func:`searchlib.jobs.import_sources`), or two imports at once could each drop the other's
    pages.

    :returns: per page, what was read and which footnotes cite it.
    :raises ArchiveError: when the existing archive file is unreadable (it is left as it was).
    """
    archive = load_archive(corpus_dir)
    citing = _citing(Path(corpus_dir))
    results = []
    for page in pages:
        replaced = page.normalized in archive
        archive[page.normalized] = page
        single = {page.normalized: page}
        keys = [key for key, source in citing if find_archived(single, source) is not None]
        results.append(ImportedPage(page, list(dict.fromkeys(keys)), replaced))
        log.info("archived %s (%s)", page.url, page.file)
    payload = {"pages": {k: asdict(archive[k]) for k in sorted(archive)}}
    text = json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    atomic_write(Path(corpus_dir) / ARCHIVE_FILE, text)
    return results


def import_pages(paths: list[Path], corpus_dir: Path) -> list[ImportedPage]:
    """Read saved article pages and merge them into ``corpus_dir/archive.json`` (no lock: see
    :func:`searchlib.jobs.import_sources` for the command's locked version).

    Every page is read before anything is written; one unreadable page leaves the archive as it was.

    :param paths: the saved HTML files.
    :param corpus_dir: the corpus directory (its ingested books give the citing footnotes).
    :returns: per page, what was read and which footnotes cite it.
    :raises ArchiveError: for a missing, empty or unreadable page.
    """
    return merge_pages(read_pages(paths), corpus_dir)
