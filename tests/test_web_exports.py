"""Exports and the shape of the results page: page size and ``next`` links in the JSON, sorting,
the CSV (named after the query, with a BOM, one row per hit with its URL), the year chart, and a
zero-result page without export links or empty facets."""

# ruff: noqa: F811  (pytest fixtures imported from web_fixtures are parameters here)
from __future__ import annotations

import csv
import io
import re

from tests.web_fixtures import BELTA, app, client, tiny_dirs  # noqa: F401
from web.search_view import csv_filename


def test_json_pages_carry_the_next_url_until_the_last(client):
    first = client.get("/search.json?q=Kostanay&size=1").get_json()
    assert first["size"] == 1 and [h["id"] for h in first["hits"]] == ["b1.c01.p001"]
    assert first["next"] == 2
    assert first["next_url"] == "http://localhost/search.json?q=Kostanay&size=1&page=2"
    second = client.get(first["next_url"]).get_json()
    assert [h["id"] for h in second["hits"]] == ["b2.c01.p001"]
    assert second["next"] is None and second["next_url"] is None
    # n= still works; a size beyond the cap is a 400 that names the cap.
    assert client.get("/search.json?q=Kostanay&n=1").get_json()["size"] == 1
    refused = client.get("/search.json?q=Kostanay&size=101")
    assert refused.status_code == 400 and "entre 1 et 100" in refused.get_json()["error"]


def test_sort_by_book_order_and_by_cited_year(client):
    relevance = client.get("/search.json?q=tracteurs").get_json()
    by_book = client.get("/search.json?q=tracteurs&sort=livre").get_json()
    assert sorted(h["id"] for h in relevance["hits"]) == [h["id"] for h in by_book["hits"]]
    assert by_book["sort"] == "livre"
    by_year = client.get("/search.json?q=Kostanay&sort=année&size=1&page=2").get_json()
    assert by_year["total"] == 2 and [h["id"] for h in by_year["hits"]] == ["b2.c01.p001"]
    assert client.get("/search.json?q=Kostanay&sort=date").status_code == 400
    page = client.get("/search?q=Kostanay&sort=livre").get_data(as_text=True)
    assert '<strong aria-current="true">ordre du livre</strong>' in page
    # The sort travels with a hit's link (and back).
    assert "sort=livre" in re.search(r'class="hit-link" href="([^"]+)"', page).group(1)


def test_csv_is_named_after_the_query_with_a_bom_and_a_row_per_hit(client):
    response = client.get("/search.csv?q=Kostanay tracteurs&sort=livre")
    disposition = response.headers["Content-Disposition"]
    assert disposition == 'attachment; filename="recherche-kostanay-tracteurs.csv"'
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == ["b1.c01.p001", "b2.c01.p001"]
    assert rows[0]["url"] == "http://localhost/p/b1.c01.p001"
    assert rows[0]["emplacement"] == "chap. 1, p. 11, § 1"
    assert "Kostanay" in rows[0]["extrait"] and "<mark>" not in rows[0]["extrait"]
    assert rows[0]["notes"] == "1" and rows[0]["urls"] == BELTA
    assert rows[0]["notes_urls"] == "http://localhost/note/b1/1"
    assert csv_filename("Économie « CEI »") == "recherche-economie-cei.csv"
    assert csv_filename("«»") == "recherche.csv"


def test_a_single_cited_year_draws_no_chart(client):
    page = client.get("/search?q=tracteurs").get_data(as_text=True)
    # Two notes citing 2021 sources: one year is no chart.
    assert "year-chart" not in page


def test_year_chart_draws_one_linked_bar_per_year():
    from types import SimpleNamespace as V

    from web.chart import year_chart

    svg = str(year_chart([V(value="2022", count=1), V(value="2021", count=4)],
                         lambda y: f"?q=x&year={y}"))
    bars = re.findall(r'<a href="([^"]+)"><title>([^<]+)</title>', svg)
    assert bars == [("?q=x&amp;year=2021", "2021 : 4 passages"),
                    ("?q=x&amp;year=2022", "2022 : 1 passage")]
    heights = [int(h) for h in re.findall(r'<rect [^>]*height="(\d+)"', svg)]
    assert heights[0] == 4 * heights[1] or abs(heights[0] - 4 * heights[1]) <= 2
    assert year_chart([V(value="2021", count=3)], str) is None


def test_results_page_has_a_filter_link_and_hits_as_h2(client):
    page = client.get("/search?q=Kostanay").get_data(as_text=True)
    assert '<a href="#facets">Filtrer</a>' in page and 'id="facets"' in page
    assert "<h3>" not in page.split('id="facets"')[0].split("results-layout")[1]
    assert 'aria-label="Trier les résultats"' in page


def test_zero_results_page_has_no_exports_and_no_empty_facets(client):
    page = client.get("/search?q=Vitebsk").get_data(as_text=True)
    assert "Aucun passage pour « Vitebsk »" in page
    assert "search.csv" not in page and "Exporter" not in page and "Affiner" not in page
    assert "Filtrer" not in page
