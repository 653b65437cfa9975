"""Short names for books and chapters, as headings, facets and page titles show them.

A book's full title can run to 130 characters; repeated over every search hit it pushes the
passage itself out of view. Pages name a book by its label instead
(:attr:`searchlib.model.BookMeta.label`, the rule the CLI and citations share) and a chapter by
``ch. 8 · title`` cut at a word boundary; the full titles stay on ``/books``, on the passage page
and in each heading's ``title`` attribute.
"""

from __future__ import annotations

from searchlib.model import surname

__all__ = ["chapter_label", "french_date", "shorten", "surname"]

MONTHS = ("janvier février mars avril mai juin juillet août septembre octobre novembre "
          "décembre").split()


def shorten(text: str, limit: int) -> str:
    """``text`` cut at the last word boundary before ``limit`` characters, with ``…``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut + "…"


def chapter_label(number: int | str, title: str | None, limit: int = 60) -> str:
    """``ch. 8 · Ouzbékistan : la coopération…`` (the title cut to ``limit`` characters)."""
    return f"ch. {number}" + (f" · {shorten(title, limit)}" if title else "")


def french_date(iso: str | None) -> str | None:
    """``15 octobre 2021`` for ``2021-10-15``; a partial or odd date is returned as given."""
    if not iso:
        return None
    parts = iso.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and 1 <= int(parts[1]) <= 12:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return iso
