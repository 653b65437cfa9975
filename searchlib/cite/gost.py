"""GOST R 7.0.100-2018 references in the books' own French wording, and passage references.

The books cite as ``Titre [Ressource électronique]. – 2021. – URL : https://…`` and
``Zalessky, B. Titre / B. Zalessky. – Éditeur, 2021. – C. 26.``; these functions rebuild that
form from the parsed fields, with the repaired URLs. When a parse is partial the text as printed
is given instead (with the repaired URLs), so no reference ever drops what the book says.
"""

from __future__ import annotations

import re

from ..ingest.citation import clean_text
from ..model import BookMeta, ParsedCitation
from .locators import page_text
from .passages import CitedPassage

AREA = ". – "  # GOST's area separator
MEDIUM = "[Ressource électronique]"


def split_name(name: str) -> tuple[str, str]:
    """(family, given) of a name written ``Family, I.`` or ``Given Family``."""
    if "," in name:
        family, _, given = name.partition(",")
        return family.strip(), given.strip()
    parts = name.split()
    if len(parts) == 1:
        return parts[0], ""
    return parts[-1], " ".join(parts[:-1])


def initials(given: str) -> str:
    """``Boris`` → ``B.``; ``B.L.`` stays ``B.L.``."""
    return "".join(p[0] + "." for p in re.split(r"[\s.]+", given) if p)


def gost_name(name: str) -> str:
    """A name in GOST's heading form: ``Zalessky, B.``."""
    family, given = split_name(name)
    return f"{family}, {initials(given)}" if given else family


def _urls_area(urls: list[str], access_date: str | None) -> str:
    text = "URL : " + " ; ".join(urls)
    if access_date:
        text += f" (date d'accès : {access_date})"
    return text


def gost_reference(parsed: ParsedCitation, urls: list[str] | None = None) -> str:
    """The GOST reference of one parsed footnote.

    :param urls: the repaired URLs to print (default: those of the parse).
    """
    urls = list(urls if urls is not None else parsed.urls)
    if parsed.partial or not parsed.title:
        text = clean_text(parsed.raw)
        missing = [u for u in urls if u not in text]
        return text + (" " + _urls_area(missing, parsed.access_date) if missing else "")
    head = f"{parsed.authors[0]} " if parsed.authors else ""
    head += parsed.title
    if parsed.responsibility:
        head += f" / {parsed.responsibility}"
    if parsed.container:
        head += f" // {parsed.container}"
    if parsed.medium:
        head += (" // " if parsed.authors and not parsed.container else " ") + MEDIUM
    areas: list[str] = []
    publication = " : ".join(x for x in (parsed.place, parsed.publisher) if x)
    year = str(parsed.year) if parsed.year is not None else ""
    if publication or year:
        areas.append(", ".join(x for x in (publication, year) if x))
    if parsed.issue:
        areas.append(f"№ {parsed.issue}")
    if parsed.pages:
        areas.append(f"C. {parsed.pages}")
    if parsed.extent:
        areas.append(parsed.extent)
    text = AREA.join(a.rstrip(".") for a in [head, *areas])
    # GOST ends every area with a period, except a URL (a period would read as part of it).
    if urls:
        return text + AREA + _urls_area(urls, parsed.access_date)
    return text + "."


def book_reference(meta: BookMeta) -> str:
    """The GOST reference of a book itself."""
    head = f"{gost_name(meta.author)} {meta.title}" if meta.author else meta.title
    if meta.author:
        head += f" / {meta.author}"
    publication = ", ".join(str(x) for x in (meta.publisher, meta.year) if x)
    isbn = f"ISBN {meta.isbn}" if meta.isbn else ""
    return AREA.join(x for x in (head, publication, isbn) if x) + "."


def chapter_label(passage: CitedPassage) -> str | None:
    """``chap. 3 « Title »`` for a passage in a numbered chapter; ``None`` for front matter."""
    if not passage.chapter:
        return None
    title = f" « {passage.chapter_title} »" if passage.chapter_title else ""
    return f"chap. {passage.chapter}{title}"


def passage_reference(meta: BookMeta, passage: CitedPassage) -> str:
    """A GOST reference to a passage: the book, then chapter, printed page (or the chapter's first
    page) and the paragraph's ordinal in its chapter, what a reader of the printed book can find."""
    parts = [book_reference(meta).rstrip(".")]
    chapter = chapter_label(passage)
    if chapter:
        parts.append(chapter[0].upper() + chapter[1:])
    if passage.page is not None:
        parts.append(f"C. {passage.page}")
    elif passage.chapter_page is not None:
        parts.append(f"C. {passage.chapter_page} et suiv")  # the area separator adds the "."
    parts.append(passage.section)
    return AREA.join(parts) + "."


def passage_text_reference(meta: BookMeta, passage: CitedPassage) -> str:
    """A plain reference to a passage: ``Author, Title, Publisher, Year, chap. 3, p. 45, § 2``."""
    parts = [x for x in (meta.author, meta.title, meta.publisher, meta.year) if x]
    chapter = chapter_label(passage)
    if chapter:
        parts.append(chapter)
    page = page_text(passage.page, passage.chapter_page)
    if page:
        parts.append(page)
    parts.append(passage.section)
    return ", ".join(str(p) for p in parts) + "."
