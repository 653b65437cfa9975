"""`searchlib cite` and `searchlib sources`: CliRunner on literal books, then the real ones."""

from __future__ import annotations

import json

import bibtexparser
import pytest
import rispy

from searchlib.cli import cli
from tests.cite_books import KOSTANAY_URL, citeproc_render, write_literal_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_literal_corpus(tmp_path_factory.mktemp("cite") / "corpus")


def run(cli_runner, corpus, *args, index=None):
    index = index or corpus / "no-index"
    return cli_runner.invoke(cli, [*args, "--corpus", str(corpus)] +
                             (["--index", str(index)] if args[0] == "cite" else []))


def test_cite_footnote_text(cli_runner, corpus):
    result = run(cli_runner, corpus, "cite", "b1:32")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("b1:32 — La priorité est donnée à des projets spécifiques")
    assert f"Source: {KOSTANAY_URL}  (belta.by, BelTA article 462339)" in out
    assert f"archived copies: https://web.archive.org/web/2021*/{KOSTANAY_URL}" in out
    assert "  Passage b1.c02.p001 (chap. 2 « Les régions », p. 30):" in out
    assert "feuille de route. [32] La coopération s'intensifie." in out
    assert "Cite the source (GOST): Les régions de Grodno" in out
    assert "Cite the passage: Boris Zalessky" in out


def test_cite_paragraph_lists_all_its_footnotes(cli_runner, corpus):
    result = run(cli_runner, corpus, "cite", "b1.c01.p002", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kind"] == "paragraph" and data["passage"]["paragraph"] == "b1.c01.p002"
    assert [c["key"] for c in data["citations"]] == ["b1:1", "b1:5", "b1:10", "b1:40"]


def test_missing_definition_is_said_and_passage_still_shown(cli_runner, corpus):
    result = run(cli_runner, corpus, "cite", "b1:5")
    assert result.exit_code == 0, result.output
    assert "definition is missing from the source" in result.stdout
    assert "Le programme a été approuvé en 2011. [5] Il a été achevé en 2020." in result.stdout
    assert result.stderr.strip() == (
        "Warning: footnote b1:5 has no definition in the source; its passage is shown"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cite", "b9:1"], "Error: unknown book 'b9' (known: b1, b2)"),
        (["cite", "b1:999"], "Error: footnote b1:999 is out of range (b1 has footnotes 1–40)"),
        (["cite", "b1.c09.p001"], "Error: paragraph b1.c09.p001 does not exist in b1"),
        (["cite", "b1-32"], "Error: malformed reference 'b1-32': expected a footnote (b1:32) "
                            "or a paragraph id (b1.c03.p012)"),
        (["cite", "--url", "not a url"], "Error: malformed URL 'not a url'"),
        (["cite", "--url", "ftp://belta.by/x"],
         "Error: malformed URL 'ftp://belta.by/x': only http(s) URLs are cited"),
        (["cite", "--url", "http://[::1"], "Error: malformed URL 'http://[::1': Invalid IPv6 URL"),
        (["cite", "--search", "?!"], "Error: query '?!' has no words"),
    ],
)
def test_user_errors_are_one_line_exit_1(cli_runner, corpus, args, message):
    result = run(cli_runner, corpus, *args)
    assert result.exit_code == 1, result.output
    # One error line (a search without an index also notes that on stderr, before it).
    assert result.stderr.strip().splitlines()[-1] == message
    assert result.stderr.count("Error:") == 1
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["cite"],
        ["cite", "b1:2", "--belta", "469260"],
        ["cite", "--belta", "abc"],
        ["cite", "--belta", "0"],
        ["cite", "b1:2", "--format", "mla"],
        ["sources", "--bogus"],
    ],
)
def test_usage_errors_exit_2(cli_runner, corpus, args):
    result = run(cli_runner, corpus, *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_no_corpus_is_a_one_line_error(cli_runner, tmp_path):
    (tmp_path / "books.toml").write_text('[[book]]\nid="b1"\nfile="x"\nformat="page-text"\n'
                                         'title="T"\n', encoding="utf-8")
    result = cli_runner.invoke(cli, ["cite", "b1:1", "--corpus", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no ingested corpus")


def test_reverse_lookup_by_url_and_belta_id(cli_runner, corpus):
    by_url = run(cli_runner, corpus, "cite", "--url", "http://belta.by/x-462339-2021/",
                 "--format", "json")
    assert by_url.exit_code == 0, by_url.output
    assert [c["key"] for c in json.loads(by_url.stdout)["citations"]] == ["b1:32", "b1:33"]
    by_id = run(cli_runner, corpus, "cite", "--belta", "469260", "--format", "ris")
    assert by_id.exit_code == 0, by_id.output
    assert [r["id"] for r in rispy.loads(by_id.stdout)] == ["b1:2", "b2:9"]


def test_reverse_lookup_without_result_says_so(cli_runner, corpus):
    result = run(cli_runner, corpus, "cite", "--url", "https://example.org/nothing")
    assert result.exit_code == 0
    assert result.stdout.strip() == "No footnote cites https://example.org/nothing."


def test_search_with_exact_words_without_index(cli_runner, corpus):
    result = run(cli_runner, corpus, "cite", "--search", "Kostanay", "--format", "bibtex")
    assert result.exit_code == 0, result.output
    keys = [e.key for e in bibtexparser.parse_string(result.stdout).entries]
    assert keys == ["b1_32", "b1_33"]
    assert "matching exact words" in result.stderr
    none = run(cli_runner, corpus, "cite", "--search", "Vladivostok")
    assert none.stdout.strip() == "No passage with footnotes matches 'Vladivostok'."


def test_search_ranked_with_an_index(cli_runner, corpus, tmp_path):
    from searchlib.index import build_index

    build_index(corpus, tmp_path / "index")
    result = run(cli_runner, corpus, "cite", "--search", "Kostanay", "--format", "json",
                 index=tmp_path / "index")
    assert result.exit_code == 0, result.output
    assert "exact words" not in result.stderr
    data = json.loads(result.stdout)
    assert data["ref"] == "b1.c02.p001"  # the passage without footnotes is not offered
    assert [c["key"] for c in data["citations"]] == ["b1:32", "b1:33"]


def test_sources_text_and_domain_filter(cli_runner, corpus):
    result = run(cli_runner, corpus, "sources", "--domain", "belta.by")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["2", "2021"]
    assert "[b1:2, b2:9]" in result.stdout and "[b1:32, b1:33]" in result.stdout
    assert "government.by" not in result.stdout
    assert "3 sources. Per domain (sources / citations):" in result.stdout


def test_sources_json_counts(cli_runner, corpus):
    result = run(cli_runner, corpus, "sources", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["per_domain"]["belta.by"] == {"sources": 3, "citations": 5}
    assert data["per_year"]["2024"] == {"sources": 1, "citations": 1}
    assert data["sources"][0]["count"] == 2
    assert data["sources"][0]["wayback"].startswith("https://web.archive.org/web/2021*/")


def test_sources_is_a_group_others_can_extend():
    import click

    assert isinstance(cli.commands["sources"], click.Group)
    assert cli.commands["sources"].invoke_without_command


# --- the real books ---------------------------------------------------------------------------


def test_real_b1_32_kostanay(cli_runner, real_corpus_dir):
    result = cli_runner.invoke(cli, ["cite", "b1:32", "--corpus", str(real_corpus_dir)])
    assert result.exit_code == 0, result.output
    assert "Les régions de Grodno et de Kostanay ont signé une feuille de route" in result.stdout
    assert "BelTA article 462339" in result.stdout
    assert "Bibliography: entry 30 (matched by BelTA id)" in result.stdout
    assert "[32]" in result.stdout
    assert "https://web.archive.org/web/2021*/" in result.stdout


def test_real_reverse_lookup_finds_the_same_article(cli_runner, real_corpus_dir, real_books):
    result = cli_runner.invoke(cli, ["cite", "--belta", "462339", "--format", "json",
                                     "--corpus", str(real_corpus_dir)])
    assert result.exit_code == 0, result.output
    keys = [c["key"] for c in json.loads(result.stdout)["citations"]]
    expected = [n.key for b in real_books.values() for n in b.footnotes
                if any(s.belta_id == 462339 for s in n.sources)]
    assert keys == expected and "b1:32" in keys


def test_real_missing_definitions_and_range(cli_runner, real_corpus_dir, real_books):
    missing = next(n for n in real_books["b1"].footnotes if n.text is None)
    result = cli_runner.invoke(cli, ["cite", missing.key, "--corpus", str(real_corpus_dir)])
    assert result.exit_code == 0, result.output
    assert "definition is missing" in result.stdout and f"[{missing.number}]" in result.stdout
    top = max(n.number for n in real_books["b2"].footnotes)
    out = cli_runner.invoke(cli, ["cite", f"b2:{top + 1}", "--corpus", str(real_corpus_dir)])
    assert out.exit_code == 1 and "out of range" in out.stderr


@pytest.mark.parametrize("book", ["b1", "b2"])
def test_real_books_export_in_every_format(real_books, book):
    from searchlib.cite import make_citation, render_citations

    citations = [make_citation(real_books[book], n) for n in real_books[book].footnotes]
    defined = [c for c in citations if not c.missing_definition]
    library = bibtexparser.parse_string(render_citations(citations, "bibtex"))
    assert library.failed_blocks == [] and len(library.entries) == len(defined)
    assert len(rispy.loads(render_citations(citations, "ris"))) == len(defined)
    items = json.loads(render_citations(citations, "csl-json"))
    assert len(citeproc_render(items)) == len(defined)
    gost = render_citations(citations, "gost").splitlines()
    assert len(gost) == len(defined)
    # Most notes parse completely; a note without a title (its start lost) is marked partial.
    parsed = [c.parsed for c in defined]
    assert sum(p.partial for p in parsed) < len(parsed) * 0.1
    assert all(p.title or p.partial or p.kind == "ibid" for p in parsed)


def test_real_sources_listing(cli_runner, real_corpus_dir, real_books):
    result = cli_runner.invoke(cli, ["sources", "--json", "--corpus", str(real_corpus_dir)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    cited = sum(s["count"] for s in data["sources"])
    assert cited == sum(c["citations"] for c in data["per_domain"].values())
    assert data["per_domain"]["belta.by"]["sources"] > 100
    keys = {k for s in data["sources"] for k in s["citations"]}
    assert {k.split(":")[0] for k in keys} == {"b1", "b2"}


def test_real_bibliography_reconciliation(real_books):
    from searchlib.ingest.bibliography import reconcile

    result = reconcile(real_books["b1"])
    defined = [n for n in real_books["b1"].footnotes if n.text]
    assert len(result.matches) >= 0.9 * len(defined)
    assert result.matches[32].entry == 30
    assert set(result.footnotes_only) | set(result.matches) == {n.number for n in defined}


def test_real_citation_gives_the_page_of_the_marker(cli_runner, real_corpus_dir, real_books):
    # b2:15's paragraph starts on printed page 9; its marker (source line 346, `cible"15 .`)
    # stands on the physical page that starts at line 340, printed page 10.
    note = real_books["b2"].footnotes_by_number()[15]
    paragraph = real_books["b2"].paragraphs_by_id()[note.paragraphs[0]]
    assert (paragraph.page, note.page) == (9, 10)
    result = cli_runner.invoke(cli, ["cite", "b2:15", "--format", "json",
                                     "--corpus", str(real_corpus_dir)])
    assert result.exit_code == 0, result.output
    (passage,) = json.loads(result.stdout)["citations"][0]["passages"]
    assert passage["page"] == 10


def test_real_sources_lists_what_only_one_list_holds(cli_runner, real_corpus_dir, real_books):
    from searchlib.ingest.bibliography import reconcile

    result = cli_runner.invoke(cli, ["sources", "--json", "--corpus", str(real_corpus_dir)])
    assert result.exit_code == 0, result.output
    only = json.loads(result.stdout)["bibliography"]
    assert set(only) == {"b1"}  # b2 has no bibliography of its own
    expected = reconcile(real_books["b1"])
    assert only["b1"] == {"bibliography_only": expected.bibliography_only,
                          "footnotes_only": expected.footnotes_only}
    assert only["b1"]["bibliography_only"]  # entries 95, 107, 187 as of this corpus
    text = cli_runner.invoke(cli, ["sources", "--corpus", str(real_corpus_dir)]).stdout
    assert text.splitlines()[-1].startswith("b1: in the bibliography only: entries ")
