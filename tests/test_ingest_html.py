"""The HTML reader on small exports the project writes: chapters, paragraphs, markers, notes."""

from __future__ import annotations

import pytest

from searchlib.errors import ParseError, SourceFileError
from searchlib.ingest import reader_for
from searchlib.model import BookMeta, Marker

META = BookMeta(id="h", file="sources/h.html", format="html", title="Test")
URL = "https://www.belta.by/economics/view/strahar-mezhregionalnoe-sotrudnichestvo-474946-2021/"

# A pandoc-style export: one <h1> (the book), <h2> chapters, <sup><a href="#fnN"> markers and a
# <section class="footnotes"> list with back-links.
PANDOC = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Livre</title>
<style>p {{ margin: 0 }}</style></head>
<body>
<h1>La priorité est donnée à des projets spécifiques</h1>
<p>Avant-propos de l'éditeur.</p>
<h2>Chapitre 1 : <em>La CEI</em></h2>
<p>La coopération interrégionale est la base du commerce
   mutuel<sup><a href="#fn1" id="fnref1">1</a></sup>. Au XX<sup>e</sup> siècle, rien.</p>
<p>Les régions de Grodno et de Kostanay<sup><a href="#fn2" id="fnref2">2</a></sup> ont signé
   une feuille de route<sup><a href="#fn3" id="fnref3">3</a></sup>.</p>
<h2>Chapitre 2</h2>
<p>Bishkek prévoit d'acheter des machines<sup>4, 5</sup>.</p>
<section class="footnotes" role="doc-endnotes"><hr><ol>
<li id="fn1"><p>Strahar : la coopération [Ressource électronique]. - 2021. - URL :
  <a href="{URL}">{URL}</a> <a href="#fnref1" class="footnote-back">↩</a></p></li>
<li id="fn2"><p>Voir <a href="https://www.belta.by/regions/view/grodno-462339-2021/">l'article</a>.
  <a href="#fnref2">↩</a></p></li>
<li id="fn3"><p>Sans source.</p></li>
<li id="fn4"><p>www.example.org/bishkek</p></li>
</ol></section>
</body></html>
"""

# <h1> chapters, plain <a href="#note-N"> markers and <aside> notes.
ASIDES = """<html><body>
<h1>Premier chapitre</h1>
<p>Le texte<a href="#note-7">[7]</a> continue.</p>
<aside id="note-7">7. Une note en aside : http://www.belta.by/society/view/x-420406-2020/.</aside>
<h1>Second chapitre</h1>
<p>Fin<a href="#note-8">8</a>.</p>
<aside id="note-8">8 Dernière note.</aside>
</body></html>
"""


def ingest(tmp_path, html: str, name: str = "book.html"):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return reader_for("html")(path, META)


def test_pandoc_style_export_exactly(tmp_path):
    book = ingest(tmp_path, PANDOC)
    assert [(c.number, c.title) for c in book.chapters] == [
        (0, ""),
        (1, "Chapitre 1 : La CEI"),
        (2, "Chapitre 2"),
    ]
    p1 = "La coopération interrégionale est la base du commerce mutuel. Au XXe siècle, rien."
    p2 = "Les régions de Grodno et de Kostanay ont signé une feuille de route."
    p3 = "Bishkek prévoit d'acheter des machines."
    assert [(p.id, p.chapter, p.page, p.footnotes, p.text) for p in book.paragraphs()] == [
        ("h.c00.p001", 0, None, [], "Avant-propos de l'éditeur."),
        ("h.c01.p001", 1, None, [1], p1),
        ("h.c01.p002", 1, None, [2, 3], p2),
        ("h.c02.p001", 2, None, [4, 5], p3),
    ]
    notes = [(f.number, f.text, f.urls, f.markers) for f in book.footnotes]
    assert notes == [
        (
            1,
            f"Strahar : la coopération [Ressource électronique]. - 2021. - URL : {URL}",
            [URL],
            [Marker("h.c01.p001", p1.index(". Au"))],
        ),
        (
            2,
            "Voir l'article.",
            ["https://www.belta.by/regions/view/grodno-462339-2021/"],
            [Marker("h.c01.p002", p2.index(" ont"))],
        ),
        (3, "Sans source.", [], [Marker("h.c01.p002", len(p2) - 1)]),
        (
            4,
            "www.example.org/bishkek",
            ["https://www.example.org/bishkek"],
            [Marker("h.c02.p001", len(p3) - 1)],
        ),
        (5, None, [], [Marker("h.c02.p001", len(p3) - 1)]),
    ]
    assert book.footnotes[1].sources[0].belta_id == 462339
    assert book.pages is None


def test_aside_notes_and_h1_chapters(tmp_path):
    book = ingest(tmp_path, ASIDES)
    assert [(c.number, c.title, [p.text for p in c.paragraphs]) for c in book.chapters] == [
        (1, "Premier chapitre", ["Le texte continue."]),
        (2, "Second chapitre", ["Fin."]),
    ]
    assert [(f.number, f.text, f.urls, f.markers) for f in book.footnotes] == [
        (
            7,
            "Une note en aside : http://www.belta.by/society/view/x-420406-2020/.",
            ["http://www.belta.by/society/view/x-420406-2020/"],
            [Marker("h.c01.p001", 8)],
        ),
        (8, "Dernière note.", [], [Marker("h.c02.p001", 3)]),
    ]


def test_legacy_encoding_is_detected(tmp_path):
    path = tmp_path / "latin1.html"
    html = '<html><head><meta charset="iso-8859-1"></head><body><h1>Été</h1><p>Déjà vu.</p></body>'
    path.write_bytes(html.encode("latin-1"))
    book = reader_for("html")(path, META)
    assert [(c.title, c.paragraphs[0].text) for c in book.chapters] == [("Été", "Déjà vu.")]


@pytest.mark.parametrize(
    "html",
    ["<html><body>Just some text\nwith lines\n</body></html>", "<pre>Un texte brut</pre>"],
)
def test_html_without_structure_is_refused(tmp_path, html):
    with pytest.raises(ParseError) as e:
        ingest(tmp_path, html)
    path = tmp_path / "book.html"
    assert str(e.value) == f"{path}: no <p> paragraphs found: not a structured HTML book export"


def test_empty_and_missing_html(tmp_path):
    with pytest.raises(SourceFileError, match="source file is empty"):
        ingest(tmp_path, "  \n")
    with pytest.raises(SourceFileError, match="source file not found"):
        reader_for("html")(tmp_path / "nope.html", META)
