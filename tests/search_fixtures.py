"""A tiny literal corpus of two books, and an index of it, for the search unit tests."""

from __future__ import annotations

from pathlib import Path

from searchlib.ingest.records import resolve_records
from searchlib.model import Book, BookMeta, Chapter, Footnote, Marker, Paragraph, Source


def _p(pid: str, chapter: int, text: str, page: int, footnotes: list[int] | None = None):
    return Paragraph(pid, pid[:2], chapter, text, page, footnotes or [])


def _src(url: str, domain: str, year: int | None = None, belta: int | None = None) -> Source:
    return Source(url, url, domain, belta, year)


TINY_PARAGRAPHS = {
    "b1.c01.p001": (
        "La région de Kostanay est au cœur de la coopération agro-industrielle "
        "avec la Biélorussie. À Kostanay, l'usine d'assemblage de tracteurs produit "
        "des machines agricoles pour tout le Kazakhstan."
    ),
    "b1.c01.p002": (
        "Les partenaires sont nombreux : Almaty, Kostanaï, Astana, Tachkent, Bichkek, "
        "Douchanbé, Bakou, Erevan et d'autres villes de l'espace post-soviétique."
    ),
    "b1.c01.p003": (
        "La Communauté des États indépendants a adopté la stratégie de développement "
        "économique jusqu'en 2030 ; l'accord de libre-échange des services a été signé."
    ),
    "b1.c02.p001": (
        "La chambre de commerce et d'industrie de Gomel organise une exposition "
        "des entreprises de la région pour 2021-2025."
    ),
    "b2.c01.p001": (
        "Les entreprises de Homiel exportent vers les Émirats arabes unis ; "
        "l'ambassade a souligné l'intérêt des investisseurs."
    ),
    "b2.c01.p002": (
        "Le projet « Un district, un projet » prévoit la création d'emplois dans chaque "
        "district et le maintien du personnel."
    ),
    "b2.c02.p001": (
        "Le programme de coopération entre les régions prévoit des livraisons de lait."
    ),
}

TINY_NOTES = {
    ("b1", 1): (
        "Tracteurs biélorusses au Kazakhstan [Ressource électronique]. - 2021. - URL : "
        "https://www.belta.by/economics/view/traktory-469260-2021",
        [_src("https://www.belta.by/economics/view/traktory-469260-2021", "belta.by", 2021,
              469260)],
        "b1.c01.p001",
    ),
    ("b2", 1): (
        "Ministère des affaires étrangères : zoologie des pingouins. - URL : https://mfa.gov.by/x",
        [_src("https://mfa.gov.by/x", "mfa.gov.by", 2023)],
        "b2.c01.p001",
    ),
}


def tiny_books() -> list[Book]:
    """Two books of a few paragraphs each, with two footnotes carrying sources."""
    books = []
    for book_id, titles in (("b1", {1: "Le Kazakhstan", 2: "La Biélorussie"}),
                            ("b2", {1: "Exportations", 2: "Agriculture"})):
        meta = BookMeta(book_id, f"sources/{book_id}.txt", "markdown-export", f"Book {book_id}")
        chapters = []
        for number, title in titles.items():
            paras = []
            for pid, text in TINY_PARAGRAPHS.items():
                if pid.startswith(f"{book_id}.c{number:02d}"):
                    fns = [n for (b, n), v in TINY_NOTES.items() if v[2] == pid]
                    paras.append(_p(pid, number, text, 10 * number, fns))
            chapters.append(Chapter(number, title, 10 * number, paras))
        notes = [
            Footnote(b, n, text, sources, [Marker(pid, 5)])
            for (b, n), (text, sources, pid) in TINY_NOTES.items()
            if b == book_id
        ]
        books.append(resolve_records(Book(meta, chapters, notes)))  # as ingest leaves them
    return books


def build_tiny_index(directory: Path, corpus_dir: Path | None = None):
    """Write the tiny corpus into ``directory`` and open it."""
    from whoosh.index import open_dir

    from searchlib.index.writer import write_index

    write_index(tiny_books(), directory, corpus_dir=corpus_dir or directory)
    return open_dir(str(directory))
