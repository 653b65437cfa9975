"""Two tiny literal books for the citation tests, with footnote texts copied from the real books.

b1 is shaped like the markdown export (author, publisher, a ``Littérature`` list), b2 like the
page-text book (no author). Footnote 5 of b1 has a marker but no definition; b1:32 and b1:33 cite
one BelTA article under two spellings; b2:9 cites the same article as b1:2.
"""

from __future__ import annotations

from pathlib import Path

from conftest import write_ingested_corpus

from searchlib.ingest.records import resolve_records
from searchlib.ingest.urls import make_source
from searchlib.model import BibEntry, Book, BookMeta, Chapter, Footnote, Marker, Paragraph

LEBEDEV_URL = (
    "https://www.belta.by/politics/view/lebedev-soglashenie-o-svobodnoj-torgovle-uslugami-"
    "v-sng-mozhet-byt-podpisano-v-mae-2022-goda-469260-2021"
)
KOSTANAY_URL = (
    "https://www.belta.by/society/view/dorozhnuju-kartu-po-razvitiju-sotrudnichestva-"
    "podpisali-grodnenskaja-i-kostanajskaja-oblasti-462339-2021/"
)
# The same article under another slug, over http, without www.
KOSTANAY_VARIANT = "http://belta.by/society/view/dorozhnuju-kartu-podpisali-462339-2021"
PUSHNYAKOVA_URL = (
    "https://belta.by/society/view/golovchenko-programma-odin-rajon-odin-proekt-napravlena-"
    "na-raskreposchenie-initsiativy-na-mestah-657380-2024/"
)
GOVERNMENT_URL = "http://www.government.by/ru/content/10051"

B1_NOTES = {
    1: "Roman Golovchenko : le Belarus a toujours défendu le développement de la CEI et vise à "
    f"promouvoir l'intégration régionale [Ressource électronique] : <{GOVERNMENT_URL}>",
    2: "Lebedev : L'accord de libre-échange des services de la CEI pourrait être signé en mai "
    f"2022 [Ressource électronique]. - 2021. - URL : <{LEBEDEV_URL}>",
    10: "Programme interétatique de coopération en matière d'innovation des États membres de la "
    "CEI jusqu'en 2030. - M., 2020. - C.8.",
    32: "Les régions de Grodno et de Kostanay ont signé une feuille de route pour le "
    f"développement de la coopération [Ressource électronique]. - 2021. - URL : <{KOSTANAY_URL}>.",
    33: "Feuille de route Grodno-Kostanay [Ressource électronique]. - 2021. - URL : "
    f"<{KOSTANAY_VARIANT}>",
    40: "Zalessky, B. Le temps des nouvelles opportunités. Collection d'articles / B. Zalessky. "
    "- LAP LAMBERT Academic Publishing, 2021. - C. 26.",
}

P1 = (
    "La levée des barrières renforcera la coopération. Un détail important est que \"les "
    "travaux durent depuis neuf ans\". Le résultat est attendu en mai 2022."
)
P2 = "Le programme a été approuvé en 2011. Il a été achevé en 2020."
P3 = (
    "Les régions de Kostanay et de Grodno ont signé une feuille de route. La coopération "
    "s'intensifie. Le chiffre d'affaires a doublé."
)
P4 = "Un paragraphe sans note de bas de page sur Kostanay."


def _note(book: str, number: int, text: str | None, markers: list[Marker]) -> Footnote:
    sources = [make_source(u) for u in _urls(text)] if text else []
    return Footnote(book=book, number=number, text=text, sources=sources, markers=markers)


def _urls(text: str) -> list[str]:
    from searchlib.ingest.urls import extract_sources

    return [s.url for s in extract_sources(text)]


def make_b1() -> Book:
    meta = BookMeta(
        id="b1", file="sources/b1.txt", format="markdown-export",
        title="La priorité est donnée à des projets spécifiques", author="Boris Zalessky",
        publisher="Sciencia Scripts", year=2023, isbn="978-620-6-04071-2",
    )
    paragraphs_c1 = [
        Paragraph("b1.c01.p001", "b1", 1, P1, page=12, footnotes=[2]),
        Paragraph("b1.c01.p002", "b1", 1, P2, page=13, footnotes=[1, 5, 10, 40]),
    ]
    paragraphs_c2 = [
        Paragraph("b1.c02.p001", "b1", 2, P3, page=30, footnotes=[32, 33]),
        Paragraph("b1.c02.p002", "b1", 2, P4, page=31, footnotes=[]),
    ]
    offset_p1 = P1.index("Un détail")
    offset_p2 = P2.index(" Il a")
    notes = [
        _note("b1", 1, B1_NOTES[1], [Marker("b1.c01.p002", 0)]),
        _note("b1", 2, B1_NOTES[2], [Marker("b1.c01.p001", offset_p1)]),
        _note("b1", 5, None, [Marker("b1.c01.p002", offset_p2)]),
        _note("b1", 10, B1_NOTES[10], [Marker("b1.c01.p002", len(P2))]),
        _note("b1", 32, B1_NOTES[32], [Marker("b1.c02.p001", P3.index(" La coop"))]),
        _note("b1", 33, B1_NOTES[33], [Marker("b1.c02.p001", len(P3))]),
        _note("b1", 40, B1_NOTES[40], [Marker("b1.c01.p002", len(P2))]),
    ]
    bibliography = [
        BibEntry(1, "Lebedev : L'accord de libre-échange des services de la CEI pourrait être "
                 "signé en mai 2022 [Ressource électronique]. - 2021. - URL : "
                 "<https://www.belta.by/politics/view/lebedev-soglashenie-469260-2021/>",
                 [make_source("https://www.belta.by/politics/view/lebedev-soglashenie-469260-2021/")]),
        BibEntry(2, "Un article que les notes ne citent pas [Ressource électronique]. - 2021. - "
                 "URL : <https://cis.minsk.by/page/19314>",
                 [make_source("https://cis.minsk.by/page/19314")]),
        BibEntry(3, "Programme interétatique de coopération en matière d'innovation des États "
                 "membres de la CEI jusqu'en 2030. - M., 2020. - 41 c.", []),
        BibEntry(4, "Roman Golovchenko : le Belarus a toujours défendu le développement de la CEI "
                 "et vise à développer l'intégration régionale [Ressource électronique]. - 2021. - "
                 "URL : <https://government.by/ru/content/10051/>",
                 [make_source("https://government.by/ru/content/10051/")]),
    ]
    # Resolved as ingest leaves it (parsed fields, year, bibliography match, marker pages).
    return resolve_records(Book(
        meta=meta,
        chapters=[
            Chapter(1, "La coopération dans la CEI", page=12, paragraphs=paragraphs_c1),
            Chapter(2, "Les régions", page=30, paragraphs=paragraphs_c2),
        ],
        footnotes=notes,
        bibliography=bibliography,
    ))


B2_NOTES = {
    4: "Pushnyakova, A. Golovchenko : le programme \"Un district - un projet\" vise à libérer "
    "les initiatives locales / A. Pushnyakova // [Ressource électronique]. - 2024. - URL : "
    f"{PUSHNYAKOVA_URL}",
    9: "Lebedev : l'accord sur les services [Ressource électronique]. - 2021. - URL : "
    "https://belta.by/politics/view/lebedev-469260-2021/",
}
Q1 = "Au total, 1,5 milliard de Br devraient être investis dans le cadre de ce programme en 2024."
Q2 = "Le commerce des services représente la moitié du produit brut."


def make_b2() -> Book:
    meta = BookMeta(
        id="b2", file="sources/b2.txt", format="page-text",
        title="L'initiative « Un district, un projet »",
    )
    paragraphs = [
        Paragraph("b2.c01.p001", "b2", 1, Q1, page=3, footnotes=[4]),
        Paragraph("b2.c01.p002", "b2", 1, Q2, page=4, footnotes=[9]),
    ]
    notes = [
        _note("b2", 4, B2_NOTES[4], [Marker("b2.c01.p001", len(Q1))]),
        _note("b2", 9, B2_NOTES[9], [Marker("b2.c01.p002", len(Q2))]),
    ]
    return resolve_records(Book(
        meta=meta,
        chapters=[Chapter(1, "Un district, un projet", page=3, paragraphs=paragraphs)],
        footnotes=notes,
    ))


def write_literal_corpus(corpus_dir: Path) -> Path:
    """A corpus directory holding the two literal books, as ``searchlib ingest`` would leave it."""
    return write_ingested_corpus(corpus_dir, [make_b1(), make_b2()])


def citeproc_render(csl_items: list[dict]) -> list[str]:
    """The bibliography citeproc-py renders from CSL-JSON items (Harvard style, plain text)."""
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(csl_items), formatter.plain)
    for item in csl_items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bibliography.bibliography()]
