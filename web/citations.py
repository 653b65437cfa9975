"""The "cite this" block and downloads of a passage, and the reverse lookup of a source.

Formatting belongs to :mod:`searchlib.cite`; this module picks the formats a passage page offers
and serves each as a download with its conventional file type.
"""

from __future__ import annotations

from flask import Response, abort

from searchlib.cite import find_citing, render_passage
from searchlib.model import Book, Footnote, Paragraph

from .corpus import CorpusView

# URL name -> (searchlib.cite format, MIME type, file extension)
DOWNLOADS: dict[str, tuple[str, str, str]] = {
    "gost": ("gost", "text/plain", "txt"),
    "bibtex": ("bibtex", "application/x-bibtex", "bib"),
    "ris": ("ris", "application/x-research-info-systems", "ris"),
    "csl-json": ("csl-json", "application/vnd.citationstyles.csl+json", "json"),
}


def citation_block(book: Book, paragraph: Paragraph) -> dict[str, str]:
    """The passage's citation in each offered format (GOST text, BibTeX, RIS, CSL-JSON)."""
    return {name: str(render_passage(book, paragraph, fmt)) for name, (fmt, _, _) in
            DOWNLOADS.items()}


def download(book: Book, paragraph: Paragraph, name: str) -> Response:
    """One citation format as a file download; 404 for a format we do not offer."""
    if name not in DOWNLOADS:
        abort(404, f"Format de citation inconnu : « {name[:40]} ».")
    fmt, mimetype, ext = DOWNLOADS[name]
    response = Response(str(render_passage(book, paragraph, fmt)), mimetype=mimetype)
    filename = f"{paragraph.id}.{ext}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def citing(view: CorpusView, url: str) -> list[Footnote]:
    """The footnotes citing ``url`` (any spelling of it), in book then number order."""
    return [citation.footnote for citation in find_citing(view.books, url=url)]
