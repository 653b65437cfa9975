"""Archived source pages: saved BelTA article pages read, archive.json merged, footnotes matched."""

from __future__ import annotations

import json

import pytest
from conftest import write_ingested_corpus

from searchlib.archive import (
    ArchivedPage,
    find_archived,
    import_pages,
    load_archive,
    parse_date,
    unwrap_wayback,
)
from searchlib.errors import ArchiveError
from searchlib.ingest.urls import make_source
from searchlib.model import Book, BookMeta, Chapter, Footnote, Marker, Paragraph

LEBEDEV = (
    "https://www.belta.by/politics/view/lebedev-soglashenie-o-svobodnoj-torgovle-uslugami-v-sng-"
    "mozhet-byt-podpisano-v-mae-2022-goda-469260-2021/"
)
KOSTANAY = (
    "https://www.belta.by/society/view/dorozhnuju-kartu-po-razvitiju-sotrudnichestva-podpisali-"
    "grodnenskaja-i-kostanajskaja-oblasti-462339-2021/"
)
LEBEDEV_TITLE = (
    "Лебедев: соглашение о свободной торговле услугами в СНГ может быть подписано в мае 2022 года"
)
LEBEDEV_LEAD = (
    "МИНСК, 15 октября (БЕЛТА) - Соглашение о свободной торговле услугами в СНГ может быть "
    "подписано в мае 2022 года, сообщил журналистам председатель Исполкома СНГ Сергей Лебедев."
)

# A BelTA article page as a browser saves it: Open Graph metadata, h1, date block, lead paragraph.
BROWSER_PAGE = f"""<!DOCTYPE html>
<!-- saved from url=(0120){LEBEDEV} -->
<html lang="ru"><head><meta charset="utf-8">
<title>{LEBEDEV_TITLE} | Новости Беларуси | БелТА</title>
<meta property="og:type" content="article">
<meta property="og:title" content="{LEBEDEV_TITLE}">
<meta property="og:url" content="{LEBEDEV}">
<meta property="og:description" content="Соглашение о свободной торговле услугами...">
<meta property="article:published_time" content="2021-10-15T12:34:00+03:00">
<link rel="canonical" href="{LEBEDEV}">
<script>var x = "<p>not text</p>";</script>
</head><body>
<div class="main_menu"><a href="/">Главная</a> <span class="date">16 октября 2021</span></div>
<div class="content_margin">
  <div class="date_full">15 октября 2021, 12:34</div>
  <h1>{LEBEDEV_TITLE}</h1>
  <div class="js-mediator-article">
    <p>{LEBEDEV_LEAD}</p>
    <p>"Мы рассчитываем, что документ будет подписан на заседании Совета глав правительств".</p>
  </div>
</div></body></html>
"""

KOSTANAY_TITLE = (
    "Гродненская и Костанайская области подписали дорожную карту по развитию сотрудничества"
)
# The same structure captured by the Wayback Machine: URLs rewritten to web.archive.org/web/<ts>/,
# its toolbar inserted, no published_time meta (only the date block), and a windows-1251 charset.
WAYBACK_PAGE = f"""<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<meta property="og:title" content="{KOSTANAY_TITLE}">
<meta property="og:url" content="https://web.archive.org/web/20210415083012/{KOSTANAY}">
<link rel="canonical" href="https://web.archive.org/web/20210415083012/{KOSTANAY}">
</head><body>
<!-- BEGIN WAYBACK TOOLBAR INSERT -->
<div id="wm-ipp-base"><div class="date">15 апреля 2021</div><p>The Wayback Machine - a long
toolbar paragraph about captures</p></div>
<!-- END WAYBACK TOOLBAR INSERT -->
<div class="content_margin"><h1>{KOSTANAY_TITLE}</h1>
<div class="date_full">14 апреля 2021, 17:05</div>
<div class="js-mediator-article"><p>ГРОДНО, 14 апреля (БЕЛТА) - Дорожную карту по развитию
сотрудничества подписали Гродненская и Костанайская области.</p></div></div>
</body></html>
"""


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def small_corpus(tmp_path):
    """An ingested one-book corpus: footnote 2 cites Lebedev, 3 a damaged Kostanay URL."""
    meta = BookMeta(id="t", file="sources/t.html", format="html", title="T")
    para = Paragraph("t.c01.p001", "t", 1, "Texte.", None, [2, 3])
    damaged = KOSTANAY.replace("grodnenskaja", "grodnenskai-a")  # the slug as a book prints it
    notes = [
        Footnote("t", 2, "Lebedev", [make_source(LEBEDEV)], [Marker(para.id, 5)]),
        Footnote("t", 3, "Kostanay", [make_source(damaged)], [Marker(para.id, 5)]),
    ]
    book = Book(meta, [Chapter(1, "Un", None, [para])], notes)
    return write_ingested_corpus(tmp_path / "corpus", [book])


def test_browser_saved_belta_page(tmp_path):
    corpus = small_corpus(tmp_path)
    (result,) = import_pages([write(tmp_path, "lebedev.html", BROWSER_PAGE)], corpus)
    assert result.page == ArchivedPage(
        url=LEBEDEV,
        normalized=make_source(LEBEDEV).normalized,
        title=LEBEDEV_TITLE,
        published="2021-10-15",
        lead=LEBEDEV_LEAD,
        file="lebedev.html",
        belta_id=469260,
        archived_url=None,
        archived_at=None,
    )
    assert result.footnotes == ["t:2"]
    assert result.replaced is False


def test_wayback_page_is_unwrapped(tmp_path):
    corpus = small_corpus(tmp_path)
    (result,) = import_pages([write(tmp_path, "k.html", WAYBACK_PAGE, "cp1251")], corpus)
    page = result.page
    assert page.url == KOSTANAY
    assert page.archived_url == f"https://web.archive.org/web/20210415083012/{KOSTANAY}"
    assert page.archived_at == "2021-04-15"
    assert page.title == KOSTANAY_TITLE
    assert page.published == "2021-04-14"  # the article's date block, not the toolbar's date
    assert page.lead == (
        "ГРОДНО, 14 апреля (БЕЛТА) - Дорожную карту по развитию сотрудничества подписали "
        "Гродненская и Костанайская области."
    )
    # The book prints the slug damaged; the BelTA article id still matches it.
    assert result.footnotes == ["t:3"]


def test_archive_json_merges_and_reloads(tmp_path):
    corpus = small_corpus(tmp_path)
    import_pages([write(tmp_path, "a.html", BROWSER_PAGE)], corpus)
    import_pages([write(tmp_path, "b.html", WAYBACK_PAGE, "cp1251")], corpus)
    again = import_pages([write(tmp_path, "c.html", BROWSER_PAGE)], corpus)
    assert again[0].replaced is True
    archive = load_archive(corpus)
    assert sorted(archive) == sorted(
        [make_source(LEBEDEV).normalized, make_source(KOSTANAY).normalized]
    )
    assert archive[make_source(LEBEDEV).normalized].file == "c.html"
    data = json.loads((corpus / "archive.json").read_text(encoding="utf-8"))
    assert list(data["pages"]) == sorted(archive)
    assert not list(corpus.glob(".archive.json.*"))  # no temporary file left behind


def test_find_archived_by_url_then_belta_id(tmp_path):
    corpus = small_corpus(tmp_path)
    import_pages([write(tmp_path, "a.html", BROWSER_PAGE)], corpus)
    archive = load_archive(corpus)
    assert find_archived(
        archive, make_source(LEBEDEV.replace("https://www.", "http://"))
    ).title == (LEBEDEV_TITLE)
    damaged = make_source("https://www.belta.by/politics/view/lebedev-soglashenie-469260-2021/")
    assert find_archived(archive, damaged).url == LEBEDEV
    assert find_archived(archive, make_source("https://example.org/other")) is None


def test_import_without_an_ingested_corpus_still_stores(tmp_path):
    corpus = tmp_path / "empty"
    corpus.mkdir()
    (result,) = import_pages([write(tmp_path, "a.html", BROWSER_PAGE)], corpus)
    assert result.footnotes == []
    assert list(load_archive(corpus)) == [make_source(LEBEDEV).normalized]


def test_bad_page_leaves_archive_untouched(tmp_path):
    corpus = small_corpus(tmp_path)
    import_pages([write(tmp_path, "a.html", BROWSER_PAGE)], corpus)
    before = (corpus / "archive.json").read_bytes()
    bad = write(tmp_path, "bad.html", "<html><body><p>Пустая страница</p></body></html>")
    with pytest.raises(ArchiveError) as e:
        import_pages([write(tmp_path, "k.html", WAYBACK_PAGE, "cp1251"), bad], corpus)
    assert str(e.value) == "bad.html: no URL in the page (no og:url, canonical link or saved-from)"
    assert (corpus / "archive.json").read_bytes() == before
    with pytest.raises(ArchiveError, match=r"^cannot read .*nope.html: No such file"):
        import_pages([tmp_path / "nope.html"], corpus)


def test_page_with_a_malformed_url(tmp_path):
    page = '<html><head><meta property="og:url" content="https://[::1/x"><title>T</title></head></html>'
    with pytest.raises(ArchiveError) as e:
        import_pages([write(tmp_path, "v6.html", page)], small_corpus(tmp_path))
    assert str(e.value) == "v6.html: the page's URL 'https://[::1/x' is malformed"


def test_unreadable_archive_file(tmp_path):
    (tmp_path / "archive.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ArchiveError, match="archive file .* is unreadable"):
        load_archive(tmp_path)
    assert load_archive(tmp_path / "nowhere") == {}


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("15 октября 2021, 12:34", "2021-10-15"),
        ("2021-10-15T12:34:00+03:00", "2021-10-15"),
        ("15.10.2021", "2021-10-15"),
        ("October 5, 2021", "2021-10-05"),
        ("le 3 mai 2022", "2022-05-03"),
        ("hier", None),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_unwrap_wayback():
    assert unwrap_wayback("https://web.archive.org/web/20211015123456id_/http://belta.by/x") == (
        "http://belta.by/x",
        "2021-10-15",
    )
    assert unwrap_wayback("https://www.belta.by/x") == ("https://www.belta.by/x", None)


def test_cli_sources_import(tmp_path, cli_runner):
    import searchlib.cli.archive_commands  # noqa: F401  (registers ``sources import``)
    from searchlib.cli import cli

    corpus = small_corpus(tmp_path)
    page = write(tmp_path, "lebedev.html", BROWSER_PAGE)
    result = cli_runner.invoke(cli, ["sources", "import", "--corpus", str(corpus), str(page)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        LEBEDEV,
        f"  2021-10-15  {LEBEDEV_TITLE}",
        "  cited by: t:2",
    ]
    assert f"Imported 1 page(s) into {corpus / 'archive.json'}" in result.stderr
    result = cli_runner.invoke(
        cli, ["sources", "import", "--json", "--corpus", str(corpus), str(page)]
    )
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert (row["url"], row["footnotes"], row["replaced"]) == (LEBEDEV, ["t:2"], True)


def test_cli_sources_import_bad_page(tmp_path, cli_runner):
    import searchlib.cli.archive_commands  # noqa: F401
    from searchlib.cli import cli

    bad = write(tmp_path, "bad.html", "<html><body><p>rien</p></body></html>")
    result = cli_runner.invoke(cli, ["sources", "import", "--corpus", str(tmp_path), str(bad)])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: bad.html: no URL in the page (no og:url, canonical link or saved-from)\n"
    )
    assert not (tmp_path / "archive.json").exists()
    result = cli_runner.invoke(cli, ["sources", "import", "--corpus", str(tmp_path)])
    assert result.exit_code == 2


def test_cite_shows_the_saved_copy_of_each_source(tmp_path, cli_runner):
    from searchlib.cli import cli

    corpus = small_corpus(tmp_path)
    wayback = write(tmp_path, "kostanay.html", WAYBACK_PAGE, encoding="cp1251")
    imported = cli_runner.invoke(cli, ["sources", "import", "--corpus", str(corpus), str(wayback)])
    assert imported.exit_code == 0, imported.output
    # Footnote 3 prints a damaged slug: the saved page is found by its BelTA article id.
    result = cli_runner.invoke(cli, ["cite", "t:3", "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    assert f"saved copy: « {KOSTANAY_TITLE} », published 2021-04-14" in result.stdout
    result = cli_runner.invoke(cli, ["cite", "t:3", "--format", "json", "--corpus", str(corpus)])
    (source,) = json.loads(result.stdout)["citations"][0]["sources"]
    assert source["archived"]["title"] == KOSTANAY_TITLE
    assert source["archived"]["published"] == "2021-04-14"
    # Footnote 2's source was never imported: nothing is claimed.
    result = cli_runner.invoke(cli, ["cite", "t:2", "--corpus", str(corpus)])
    assert "saved copy" not in result.stdout


def test_import_under_a_held_lock_exits_75_and_changes_nothing(tmp_path, cli_runner):
    import os
    import threading

    import searchlib.cli.archive_commands  # noqa: F401
    from searchlib.cli import cli
    from searchlib.index.lock import BuildLock

    corpus, index_dir = small_corpus(tmp_path), tmp_path / "index"
    lebedev = write(tmp_path, "lebedev.html", BROWSER_PAGE)
    kostanay = write(tmp_path, "kostanay.html", WAYBACK_PAGE, "cp1251")
    args = ["sources", "import", "--corpus", str(corpus), "--index", str(index_dir)]
    assert cli_runner.invoke(cli, [*args, str(lebedev)]).exit_code == 0
    before = (corpus / "archive.json").read_bytes()

    lock = BuildLock(index_dir).acquire()  # an ingest or a build is running
    result = cli_runner.invoke(cli, [*args, str(kostanay)])
    assert result.exit_code == 75, result.output
    assert result.stderr.startswith(f"Error: another build is running on {index_dir} "
                                    f"(pid {os.getpid()} on ")
    assert result.stderr.endswith("; retry later or use --wait\n")
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert (corpus / "archive.json").read_bytes() == before
    assert sorted(p.name for p in corpus.iterdir()) == ["archive.json", "books.toml", "ingested"]

    # With --wait the import runs once the lock is released, and keeps the pages already there.
    threading.Timer(0.3, lock.release).start()
    result = cli_runner.invoke(cli, [*args, "--wait", str(kostanay)])
    assert result.exit_code == 0, result.output
    assert sorted(p.file for p in load_archive(corpus).values()) == ["kostanay.html",
                                                                     "lebedev.html"]


def test_concurrent_imports_keep_every_page(tmp_path):
    """Each import reads, merges and rewrites the archive: under the lock none loses the other's."""
    from concurrent.futures import ThreadPoolExecutor

    from searchlib.jobs import import_sources

    corpus, index_dir = small_corpus(tmp_path), tmp_path / "index"
    pages = []
    for i in range(12):
        url = f"https://example.org/article-{i}"
        html = f'<html><head><meta property="og:url" content="{url}"><title>A{i}</title></head>'
        pages.append(write(tmp_path, f"p{i}.html", html))
    with ThreadPoolExecutor(6) as pool:
        list(pool.map(lambda p: import_sources([p], corpus, index_dir, wait=True), pages))
    assert sorted(p.title for p in load_archive(corpus).values()) == sorted(
        f"A{i}" for i in range(12))


def test_a_failed_write_leaves_the_previous_archive_whole(tmp_path, cli_runner, monkeypatch):
    import searchlib.atomic
    import searchlib.cli.archive_commands  # noqa: F401
    from searchlib.cli import cli

    corpus = small_corpus(tmp_path)
    args = ["sources", "import", "--corpus", str(corpus), "--index", str(tmp_path / "index")]
    assert cli_runner.invoke(cli, [*args, str(write(tmp_path, "a.html", BROWSER_PAGE))]
                             ).exit_code == 0
    before = (corpus / "archive.json").read_bytes()

    def full_disk(fd: int) -> None:  # the new file's bytes are written, then the disk refuses
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(searchlib.atomic.os, "fsync", full_disk)
    page = write(tmp_path, "k.html", WAYBACK_PAGE, "cp1251")
    result = cli_runner.invoke(cli, [*args, str(page)])
    monkeypatch.undo()
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: cannot write ") and result.stderr.count("\n") == 1
    assert "No space left on device" in result.stderr and "Traceback" not in result.output
    assert (corpus / "archive.json").read_bytes() == before
    assert not list(corpus.glob(".archive.json.*"))  # no temporary file left behind


def test_an_oversized_saved_page_is_refused_before_it_is_parsed(tmp_path, cli_runner):
    import searchlib.cli.archive_commands  # noqa: F401
    from searchlib.archive import MAX_PAGE_BYTES
    from searchlib.cli import cli

    corpus = small_corpus(tmp_path)
    page = write(tmp_path, "huge.html", BROWSER_PAGE)
    with page.open("r+b") as f:
        f.truncate(50_000_000)  # a real page, then 50 MB of holes (sparse: instant)
    with pytest.raises(ArchiveError, match=r"^saved page is too large: .*huge.html is 50.0 MB"):
        import_pages([page], corpus)
    result = cli_runner.invoke(cli, ["sources", "import", "--corpus", str(corpus), "--index",
                                     str(tmp_path / "index"), str(page)])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: saved page is too large: {page} is 50.0 MB, more than "
                             f"{MAX_PAGE_BYTES / 1e6:.1f} MB; is it the right file?\n")
    assert not (corpus / "archive.json").exists()
