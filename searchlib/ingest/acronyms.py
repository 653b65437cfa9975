"""The acronyms a book defines, as it prints them: ``Nom complet de l'organisation (SIGLE)``.

Found at ingest, with the paragraphs where each definition is printed, and stored on the book
(:attr:`searchlib.model.Book.acronyms`); the query layer adds them to the expansion table, per
book: ``EAU`` is the Emirates in one book and may be something else in another.

The full name is the run of words before the parenthesis that best accounts for the acronym's
capitals: the shortest run whose content words' initials spell it exactly (``Communauté des États
indépendants (CEI)``); failing that, since these books are translations and keep the English or
Russian acronym (``Union économique eurasienne (EAEU)``, ``Bourse universelle des marchandises du
Belarus (BUCE)``), the run starting at a capitalised word that holds the most of the acronym's
letters as initials, when it holds at least half of them and begins with its first letter, or
three quarters of them. Written by hand: no library reads French acronym definitions.
"""

from __future__ import annotations

import re
from collections import Counter

from ..analysis.french import STOP_WORDS, fold
from ..model import Acronym, Book

__all__ = ["find_acronyms", "definitions"]

#: An acronym: 2 to 8 letters, starting with a capital, at least two capitals, mostly capitals.
_ACRONYM = r"[A-ZÀ-Ý][A-Za-zÀ-ÿ]{1,7}"
_DEFINITION = re.compile(rf"\(\s*({_ACRONYM})\s*\)")
#: Where a full name cannot extend past: sentence or clause punctuation, another parenthesis,
#: quotes, a dash between spaces.
_BOUNDARY = re.compile(r"[.;:!?()\[\]«»\"“”]|\s[-–—]\s|\s,|,\s")
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
#: A determiner or elided particle before the name (``la Bourse ...``, ``l'Union ...``).
_LEADING = re.compile(r"^(?:(?:le|la|les|des|du|un|une)\s+|[ld]['’])", re.IGNORECASE)
#: Longest full name, in words.
MAX_WORDS = 12


def _capitals(acronym: str) -> str:
    caps = "".join(c for c in acronym if c.isupper())
    return fold(caps).upper()


def _initials(words: list[str]) -> str:
    out = []
    for word in words:
        base = word.split("'")[-1].split("’")[-1]  # l'Union → Union
        if fold(base) in STOP_WORDS:
            continue
        out.append(fold(base[:1]).upper())
    return "".join(out)


def _full_name(before: str, acronym: str) -> str | None:
    """The full name that ``before`` (the text up to the parenthesis) ends with, if any."""
    capitals = _capitals(acronym)
    if len(capitals) < 2 or len(capitals) < len(acronym) / 2:
        return None
    cut = [m.end() for m in _BOUNDARY.finditer(before)]
    clause = before[cut[-1] if cut else 0 :]
    spans = [(m.start(), m.group()) for m in _WORDS.finditer(clause)][-MAX_WORDS:]
    words = [w for _, w in spans]
    best: tuple[float, int] | None = None
    for start in range(len(words) - 1, -1, -1):
        initials = _initials(words[start:])
        if initials == capitals:
            best = (2.0, start)  # exact, and the shortest such run: take it
            break
        first = words[start].split("'")[-1].split("’")[-1]
        if not first[:1].isupper() or len(words) - start < 2:
            continue
        if len(initials) > len(capitals) + 2:
            break  # longer runs only add words the acronym does not account for
        common = sum((Counter(initials) & Counter(capitals)).values()) / len(capitals)
        if common >= 0.75 or (common >= 0.5 and initials[:1] == capitals[:1]):
            if best is None or common > best[0]:
                best = (common, start)
    if best is None:
        return None
    name = clause[spans[best[1]][0] :].strip()
    name = _LEADING.sub("", name)
    if len(_WORDS.findall(name)) < 2 or fold(name).upper() == fold(acronym).upper():
        return None
    return " ".join(name.split())


def definitions(text: str) -> list[tuple[str, str]]:
    """``(acronym, full name)`` for each definition printed in ``text``, in order."""
    found = []
    for m in _DEFINITION.finditer(text):
        name = _full_name(text[: m.start()], m.group(1))
        if name:
            found.append((m.group(1), name))
    return found


def find_acronyms(book: Book) -> list[Acronym]:
    """Every acronym definition of a book, one per (acronym, full name), with its paragraphs.

    :param book: an ingested book.
    :returns: sorted by acronym, then full name.
    """
    where: dict[tuple[str, str], list[str]] = {}
    for paragraph in book.paragraphs():
        for acronym, name in definitions(paragraph.text):
            places = where.setdefault((acronym, name), [])
            if paragraph.id not in places:
                places.append(paragraph.id)
    return [Acronym(acronym=a, expansion=n, paragraphs=p) for (a, n), p in sorted(where.items())]
