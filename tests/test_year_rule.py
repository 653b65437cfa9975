"""One year rule (ingest.records.cited_year): for every footnote of both real books, the year
facet of the index, ``cite --format json``, ``sources --json`` and the web note page agree."""

from __future__ import annotations

import json
from collections import defaultdict

from searchlib.cite import resolve
from searchlib.cite.render import render_resolutions
from searchlib.cli import cli


def _index_years(real_searcher) -> dict[str, set[int]]:
    """Each indexed passage's year facet values, read from the index's ``year`` terms."""
    reader = real_searcher.reader()
    years: dict[str, set[int]] = defaultdict(set)
    for term in reader.lexicon("year"):
        for docnum in reader.postings("year", term).all_ids():
            years[reader.stored_fields(docnum)["id"]].add(int(term))
    return years


def test_facets_cite_sources_and_web_agree_on_every_footnote(
    real_books, real_corpus_dir, real_index_dir, real_searcher, cli_runner
):
    from web import create_app

    facet_years = _index_years(real_searcher)
    result = cli_runner.invoke(cli, ["sources", "--json", "--corpus", str(real_corpus_dir)])
    assert result.exit_code == 0, result.output
    listing = {s["key"]: s for s in json.loads(result.output)["sources"]}
    client = create_app({"TESTING": True, "CORPUS_DIR": real_corpus_dir,
                         "INDEX_DIR": real_index_dir}).test_client()
    checked = with_year = 0
    for book in real_books.values():
        for note in book.footnotes:
            year = note.year
            # The index: every passage carrying the note has its year among its facet values.
            for pid in note.paragraphs:
                assert year is None or year in facet_years[pid], (note.key, pid)
            # cite --format json (what the command renders for the reference).
            cited = json.loads(render_resolutions([resolve([book], note.key)], "json"))
            assert cited["citations"][0]["year"] == year, note.key
            # sources --json: each of its sources is listed under the note's year.
            for source in note.sources:
                key = f"belta:{source.belta_id}" if source.belta_id else source.normalized
                assert listing[key]["year"] == source.year == year, (note.key, key)
            # The web note page's JSON twin.
            page = client.get(f"/note/{book.id}/{note.number}.json").get_json()
            assert page["year"] == year, note.key
            assert [s["year"] for s in page["sources"]] == [year] * len(note.sources), note.key
            checked += 1
            with_year += year is not None
    assert checked >= 700 and with_year >= 500
    # And every facet value comes from a footnote of its passage, none from elsewhere.
    for book in real_books.values():
        notes = book.footnotes_by_number()
        for paragraph in book.paragraphs():
            expected = {notes[n].year for n in paragraph.footnotes if n in notes} - {None}
            assert facet_years.get(paragraph.id, set()) == expected, paragraph.id


def test_cite_json_on_the_command_line_gives_the_slug_year(real_corpus_dir, cli_runner):
    # b1:125 prints 2021 for a BelTA article whose URL dates it 2017: the rule takes 2017.
    result = cli_runner.invoke(cli, ["cite", "b1:125", "--format", "json",
                                     "--corpus", str(real_corpus_dir)])
    assert result.exit_code == 0, result.output
    (citation,) = json.loads(result.output)["citations"]
    assert citation["fields"]["year"] == 2021 and citation["year"] == 2017
