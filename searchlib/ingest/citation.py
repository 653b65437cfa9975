"""Footnote text → bibliographic fields, without ever losing what could not be parsed.

The books cite in the GOST R 7.0.100 layout, translated into French, with conversion damage::

    Pushnyakova, A. Titre / A. Pushnyakova // [Ressource électronique]. - 2024. - URL : https://…
    Titre [Ressource électronique]. - 2021. - URL : <https://…>
    Titre [Ressource électronique] : <https://…>
    Zalessky, B. Titre / B. Zalessky. - LAP LAMBERT Academic Publishing, 2021. - C. 26.
    Zalessky, B.L. Titre / B.L. Zalessky // Matériaux de la … conférence … - C. 16-18.
    Titre. - M., 2020. - C.8.

:func:`parse_footnote` reads these into a :class:`ParsedCitation`. The original text is always kept
(``raw``); whatever is left once the recognised fields are taken out is kept in ``rest``, and the
parse is marked ``partial`` whenever a field is missing or something was left over, so a formatter
can fall back on the text as printed.

Ingest parses every footnote once (:mod:`.records`); everything downstream reads the fields from
the footnote's record.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import ParsedCitation, Source
from .urls import URL_TOKEN, normalize_url

# The medium designation, as printed (French, or left in English by the translator).
_MEDIUM = re.compile(r"\[\s*(Ressource\s+[ée]lectronique|Electronic\s+resource)\s*\]", re.I)
_TRUNCATED_MEDIUM = re.compile(r"\[\s*(?:Ressource|Electronic)\b[^\]]*$", re.I)
# Where the URL area starts: "URL :", "URI :", "URL" (the books' typos included).
_URL_LABEL = re.compile(r"(?:[.,]?\s*-\s*)?\bUR[LI]\b\s*:?", re.I)
_ACCESS = re.compile(
    r"\(\s*(?:date\s+d[e’']\s*(?:acc[èe]s|consultation)|date\s+of\s+access|consult[ée]\s+le)"
    r"\s*:?\s*([^)]+?)\s*\)",
    re.I,
)
# "Surname, I." / "Surname, I.I." / "Surname I.I." at the very start (a speaker's name followed by
# " : " is part of a news headline, not an author).
_AUTHOR = re.compile(
    r"^(?P<family>[A-ZÀ-Ý][\w'’-]+(?:[- ][A-ZÀ-Ý][\w'’-]+)?),?\s+"
    r"(?P<given>(?:[A-ZÀ-Ý][a-z]?\.\s?-?){1,3})(?=\s|$)"
)
_YEAR = re.compile(r"(?<![\d/.-])((?:1[89]|20)\d\d)(?!\d)")
_BROKEN_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d{3,}(?!\d)")
_PAGES = re.compile(r"\b[CСPS]\.\s*(\d+(?:\s*[-–]\s*\d+)?)(?!\s*[cс]\.)")
_PAGE_COUNT = re.compile(r"(\d+)\s*[cсp]\.?")
# The GOST area separator ". - ", as damaged by conversion ("-2021 .", " .- ").
# Before the medium, only the strict ". - " separates areas: titles hold " - " of their own.
_STRICT_AREA = re.compile(r"\.\s+[-–—]\s+")
_AREA = re.compile(r"\s*\.?\s*[-–—]\s+(?=\S)|\s*\.\s*[-–—](?=\d)|\s+\.\s*-?\s*(?=[A-Z])")
_PLACE_PUBLISHER = re.compile(r"^(?:(?P<place>[^:,]{1,40}?)\s*:\s*)?(?P<publisher>[^,]+?),\s*$")


def clean_text(text: str) -> str:
    """Whitespace collapsed and a leading marker (``²¹.``, ``4``, ``.``) removed."""
    text = " ".join(text.split())
    return re.sub(r"^(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\d{1,3}(?=\s))?\s*\.?\s*", "", text, count=1)


def searchable_text(text: str) -> str:
    """The words of a footnote a search should match: its text without the words the layout
    prints in nearly every note (the medium ``[Ressource électronique]``, 654 notes; the ``URL :``
    label; the access date). Left in, ``électronique`` found every passage with a note, and
    ``commerce électronique`` any passage on trade."""
    return _URL_LABEL.sub(" ", _ACCESS.sub(" ", _MEDIUM.sub(" ", text)))


def _split_url_area(text: str) -> tuple[str, str]:
    """(text before the URL area, the URL area)."""
    label = _URL_LABEL.search(text)
    first_url = URL_TOKEN.search(text)
    if label and (not first_url or label.start() <= first_url.start()):
        return text[: label.start()], text[label.end() :]
    if first_url:
        # "Titre [Ressource électronique] : <https://…>": the URL area opens at "<" or the URL.
        start = first_url.start()
        while start > 0 and text[start - 1] in "<[( ":
            start -= 1
        return text[:start], text[start:]
    return text, ""


def _urls_in(area: str) -> tuple[list[str], str]:
    """The distinct URLs of the URL area, and what else it holds."""
    found: dict[str, str] = {}
    for match in URL_TOKEN.finditer(area):
        url = match.group(0).rstrip(".,;:")
        found.setdefault(normalize_url(url), url)
    leftover = URL_TOKEN.sub(" ", area)
    leftover = re.sub(r"[<>\[\]()\s.,;:_-]+", " ", leftover).strip()
    return list(found.values()), leftover


def _take_year(tail: str, problems: list[str]) -> tuple[int | None, str]:
    broken = _BROKEN_YEAR.search(tail)
    if broken:
        problems.append(f"year {broken.group(0)!r} is not a year")
        return None, tail
    match = _YEAR.search(tail)
    if not match:
        return None, tail
    return int(match.group(1)), tail[: match.start()] + tail[match.end() :]


def _parse_head(head: str, fields: dict[str, Any]) -> None:
    """Authors, title, responsibility and container from the part before the medium/areas."""
    head = head.strip()
    author = _AUTHOR.match(head)
    if author:
        given = re.sub(r"\s+", "", author.group("given"))
        fields["authors"] = [f"{author.group('family')}, {given}"]
        head = head[author.end() :].strip()
    title_part, _, container = head.partition("//")
    title, slash, responsibility = title_part.partition(" / ")
    if slash:
        fields["responsibility"] = responsibility.strip(" .") or None
    if container.strip(" .:"):
        fields["container"] = container.strip(" .:")
    fields["title"] = title.strip(" .:/") or None


def _parse_tail(areas: list[str], fields: dict[str, Any], problems: list[str]) -> list[str]:
    """Year, place, publisher and pages from the GOST areas after the title; returns leftovers."""
    leftovers: list[str] = []
    for area in areas:
        area = area.strip(" .")
        if not area:
            continue
        pages = _PAGES.search(area)
        if pages and fields.get("pages") is None:
            fields["pages"] = re.sub(r"\s+", "", pages.group(1)).replace("–", "-")
            area = (area[: pages.start()] + area[pages.end() :]).strip(" .")
        count = _PAGE_COUNT.fullmatch(area)
        if count:
            fields["extent"] = f"{count.group(1)} p."
            continue
        issue = re.fullmatch(r"№\s*(\d+(?:\s*\(\d+\))?)", area)
        if issue:
            fields["issue"] = issue.group(1)
            continue
        if fields.get("year") is None:
            year, area = _take_year(area, problems)
            fields["year"] = year
            if year is not None:
                publisher = _PLACE_PUBLISHER.match(area.strip(" ."))
                if publisher and re.search(r"[A-Za-zÀ-ÿ]", publisher.group("publisher")):
                    place = publisher.group("place")
                    fields["place"] = place.strip() if place else None
                    name = publisher.group("publisher").strip()
                    # "M., 2020": an abbreviation before the year is a place.
                    if re.fullmatch(r"[A-ZÀ-Ý][\w-]{0,4}\.", name) and not place:
                        fields["place"] = name
                    else:
                        fields["publisher"] = name
                    area = ""
        if re.search(r"[\w]", area):
            leftovers.append(area.strip(" .,"))
    return leftovers


def parse_footnote(text: str, sources: list[Source] | None = None) -> ParsedCitation:
    """Read the fields of one footnote's text.

    :param text: the definition as the book prints it (a leading marker is tolerated).
    :param sources: the ingester's repaired sources of this footnote; their URLs replace the
        damaged ones of the text in ``urls`` (the text itself stays in ``raw``).
    :returns: the fields; ``partial`` is set when any could not be read (nothing is dropped).
    """
    problems: list[str] = []
    body = clean_text(text)
    access = _ACCESS.search(body)
    if access:
        body = body[: access.start()] + body[access.end() :]
    before_urls, url_area = _split_url_area(body)
    urls, url_rest = _urls_in(url_area)
    if sources and url_rest:
        # Pieces of a URL the export broke apart belong to the repaired URL, not to "rest".
        joined = " ".join(s.url for s in sources)
        if all(piece in joined for piece in url_rest.split()):
            url_rest = ""
    leftovers = [url_rest] if url_rest else []
    if url_area and not urls:
        problems.append("URL label without a URL")

    fields: dict[str, Any] = {}
    medium = _MEDIUM.search(before_urls)
    if medium:
        fields["medium"] = "Ressource électronique"
        head, tail = before_urls[: medium.start()], before_urls[medium.end() :]
        _parse_head(head.rstrip(" /"), fields)
        areas = _AREA.split(tail)
    else:
        areas = _STRICT_AREA.split(before_urls)
        _parse_head(_TRUNCATED_MEDIUM.sub("", areas[0]), fields)
        areas = [x for a in areas[1:] for x in _AREA.split(a)]
    leftovers = _parse_tail(areas, fields, problems) + leftovers
    if fields.get("year") is None and fields.get("container"):
        # A collection's year sits inside its description ("… 2021 : Sheffield").
        years = _YEAR.findall(fields["container"])
        fields["year"] = int(years[-1]) if years else None

    if sources:
        urls = [s.url for s in sources]
    ibid = re.match(r"^(?:Ibid|Ibidem|Там же)\.?\s*", body, re.I)
    if ibid:
        # "Ibid. C. 27.": the previous note's source, another page; no title of its own.
        pages = _PAGES.search(body)
        return ParsedCitation(raw=text, kind="ibid", title=None,
                              pages=pages.group(1) if pages else None)
    if urls or medium:
        kind = "online"
    elif fields.get("container"):
        kind = "chapter"
    elif fields.get("publisher"):
        kind = "book"
    elif fields.get("year") or fields.get("pages"):
        kind = "document"
    else:
        kind = "note"
    cut_medium = _TRUNCATED_MEDIUM.search(body) is not None
    if kind == "note" and (fields.get("authors") or fields.get("responsibility") or cut_medium):
        # A reference cut short (the rest of the note was lost in the source): keep what it gives.
        kind = "online" if cut_medium else "document"
        problems.append("reference cut short")
    if kind == "note":
        # A comment, not a reference: no field can be trusted, the text is the content.
        fields = {"title": None}
        leftovers = [body]
        problems.append("no bibliographic structure")
    if not fields.get("title"):
        problems.append("no title")
    rest = " | ".join(x for x in leftovers if x)
    if rest and kind != "note":
        problems.append("unparsed text left over")
    return ParsedCitation(
        raw=text,
        kind=kind,
        urls=urls,
        access_date=access.group(1) if access else None,
        rest=rest,
        partial=bool(problems),
        problems=problems,
        **fields,
    )
