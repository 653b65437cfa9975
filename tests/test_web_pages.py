"""What every page owes a reader: one search box at home, syntax help that works, lang, titles,
labelled inputs, visible focus and text that wraps on a phone."""

# ruff: noqa: F811  (pytest fixtures imported from web_fixtures are parameters here)
from __future__ import annotations

import re
from pathlib import Path

import pytest

from searchlib.index import build_index
from tests.web_fixtures import BELTA, app, client, tiny_dirs  # noqa: F401
from web import create_app
from web.views import EXAMPLES, SYNTAX

STYLE = Path(__file__).resolve().parent.parent / "web" / "static" / "style.css"

# Each page, and what its <title> must name.
PAGES = {
    "/": "Recherche",
    "/search?q=Kostanay": "« Kostanay » : 2 passages",
    "/search?q=": "Recherche",
    "/p/b1.c01.p001": "Zalessky 2023, ch. 1 · Le Kazakhstan, p. 11 — passage b1.c01.p001",
    "/note/b1/1": "Note 1 — Zalessky 2023",
    "/source?url=" + BELTA: f"Passages citant {BELTA} · searchlib",
    "/books": "Livres",
    "/p/b1.c09.p001": "Page introuvable",
}


def test_home_page_has_one_search_box_the_search_page_keeps_the_header_box(client):
    home = client.get("/").get_data(as_text=True)
    assert home.count('name="q"') == 1 and 'id="q-top"' not in home
    results = client.get("/search?q=Kostanay").get_data(as_text=True)
    assert results.count('name="q"') == 1 and 'id="q-top"' in results
    assert 'value="Kostanay"' in results


def test_syntax_help_documents_what_the_parser_accepts(client):
    home = client.get("/").get_data(as_text=True)
    documented = " ".join(f"{ex} {text}" for ex, text in SYNTAX)
    for token in ('"', " OR ", " NOT ", "-Minsk", "*", "~", "book:", "chapter:", "domain:",
                  "year:", "livre:", "chapitre:", "année:", "AND", "("):
        assert token in documented, token
    for example, _ in SYNTAX:
        href = re.escape('href="/search?q=')
        assert re.search(href + r'[^"]+"><code>' + re.escape(example.replace('"', "&#34;")), home
                         ), example
    data = client.get("/?format=json").get_json()
    assert [s["example"] for s in data["syntax"]] == [ex for ex, _ in SYNTAX]


@pytest.fixture(scope="module")
def real_web(real_corpus_dir, tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("pages") / "index"
    build_index(real_corpus_dir, index_dir)
    app = create_app({"TESTING": True, "CORPUS_DIR": real_corpus_dir, "INDEX_DIR": index_dir})
    return app.test_client()


def test_every_example_on_the_home_page_finds_passages_in_the_books(real_web):
    for query in EXAMPLES + [ex for ex, _ in SYNTAX]:
        data = real_web.get("/search.json", query_string={"q": query}).get_json()
        # Found as written: no fallback to OR, no part of the query dropped.
        assert data["total"] > 0 and data["message"] is None, (query, data["message"])


def test_real_hit_headings_are_short(real_web):
    page = real_web.get("/search?q=Kostanay&n=100").get_data(as_text=True)
    found = re.findall(r'class="hit-link" href="/p/[^"]+" title="[^"]*">(.*?)</a></h2>', page)
    texts = [re.sub(r"<[^>]+>", "", h) for h in found]
    assert len(texts) >= 2 and all(len(t) <= 110 for t in texts), texts
    # b2 states no author: the manifest's short title names it.
    assert {t.split(" · ")[0] for t in texts} == {"Zalessky 2023", "Un district, un projet"}
    assert any(re.search(r" · p\. \d+ · § \d+$", t) for t in texts if t.startswith("Un "))
    # b1 shows no page per paragraph: its chapter's first page and the paragraph's ordinal.
    assert any(re.search(r" · p\. \d+ et suiv\. · § \d+$", t) for t in texts
               if t.startswith("Zalessky"))


def test_every_page_is_french_titled_and_labels_its_inputs(client):
    for url, title in PAGES.items():
        page = client.get(url).get_data(as_text=True)
        assert '<html lang="fr">' in page, url
        found = re.search(r"<title>(.*?)</title>", page, re.S)
        assert found and found.group(1).startswith(title.replace("'", "&#39;")), (url, found)
        inputs = re.findall(r"<input [^>]*\bid=\"([^\"]+)\"", page)
        assert len(inputs) == page.count("<input "), url
        for input_id in inputs:
            assert re.search(f'<label [^>]*for="{input_id}"', page), (url, input_id)


def test_stylesheet_shows_focus_and_wraps_long_urls():
    css = STYLE.read_text(encoding="utf-8")
    assert re.search(r":focus-visible\s*\{[^}]*outline:\s*3px solid", css)
    wrap = re.search(r"([^{}]+)\{\s*overflow-wrap:\s*anywhere;\s*\}", css)
    assert wrap and all(s in wrap.group(1) for s in (".source-link", ".note-text", ".snippet"))
    # The results column may shrink below its content's width (a long URL) on a phone.
    assert "minmax(0, 1fr)" in css


def test_csv_export_holds_every_hit_not_one_page(real_web):
    import csv
    import io

    total = real_web.get("/search.json?q=Belarus").get_json()["total"]
    assert total > 100  # more than any page can hold
    rows = list(csv.reader(io.StringIO(real_web.get("/search.csv?q=Belarus").get_data(True))))
    assert len(rows) - 1 == total


def test_json_twins_keep_the_cli_contracts(real_web, real_corpus_dir, cli_runner):
    import json

    from searchlib.cli import cli

    cli_books = json.loads(cli_runner.invoke(
        cli, ["books", "--json", "--corpus", str(real_corpus_dir)]).stdout)
    web_books = real_web.get("/books.json").get_json()["books"]
    for ours, theirs in zip(cli_books, web_books, strict=True):
        assert {k: theirs[k] for k in ours if k != "chapters"} == {
            k: v for k, v in ours.items() if k != "chapters"}
    lines = cli_runner.invoke(
        cli, ["footnotes", "--book", "b1", "--json", "--corpus", str(real_corpus_dir)]).stdout
    note32 = json.loads(lines.splitlines()[31])
    web32 = real_web.get("/note/b1/32.json").get_json()
    assert {k: web32[k] for k in note32} == note32


def test_archived_copy_link_looks_in_the_year_the_note_cites(real_web):
    # b1:166 cites sb.by (no year in its URL); its reference prints "- 2021. -", which the one
    # year rule gives the note and its source.
    note = real_web.get("/note/b1/166.json").get_json()
    (source,) = note["sources"]
    assert note["year"] == source["year"] == 2021
    assert source["archive"].startswith("https://web.archive.org/web/2021*/https://www.sb.by/")


def test_real_year_chart_has_a_bar_per_cited_year_each_filtering(real_web):
    data = real_web.get("/search.json?q=Kostanay").get_json()
    years = sorted(v["value"] for v in data["facets"]["year"])
    page = real_web.get("/search?q=Kostanay").get_data(as_text=True)
    bars = re.findall(r'<a href="\?q=Kostanay&amp;year=(\d{4})"><title>\d{4} : (\d+) passage',
                      page)
    assert len(years) >= 2 and [y for y, _ in bars] == years
    for year, count in bars:
        filtered = real_web.get(f"/search.json?q=Kostanay&year={year}").get_json()
        assert filtered["total"] == int(count), year


def test_passage_pages_give_a_first_page_only_where_the_book_prints_one(real_web, real_books):
    """b2's text shows its printed pages: a passage page gives Zotero its first page. b1's text
    export prints none (only the table of contents gives each chapter's first page, and its page
    breaks cannot be counted: a page without notes leaves no trace), so a b1 passage page gives
    no citation_firstpage rather than a made-up one; its place reads "p. 17 et suiv."."""
    import json
    from html import unescape

    def described(pid: str) -> tuple[dict[str, str], dict]:
        page = real_web.get(f"/p/{pid}").get_data(as_text=True)
        tags = dict(re.findall(r'<meta name="([^"]+)" content="([^"]*)">', page))
        (ld,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        return tags, json.loads(unescape(ld))

    b2 = real_books["b2"].paragraphs_by_id()["b2.c10.p007"]
    tags, ld = described("b2.c10.p007")
    assert b2.page is not None
    assert tags["citation_firstpage"] == ld["pageStart"] == str(b2.page)
    b1 = real_books["b1"]
    assert all(p.page is None for p in b1.paragraphs())
    tags, ld = described("b1.c02.p002")
    assert tags["z:itemType"] == "bookSection" and "citation_firstpage" not in tags
    assert "pageStart" not in ld
    assert ld["position"] == f"chap. 2, p. {b1.chapters[1].page} et suiv., § 2" == (
        "chap. 2, p. 17 et suiv., § 2")
