"""A verified generation: damage to any file is found, named once, and never served.

Each kind of file a generation holds (Whoosh's terms, postings, stored fields and table of
contents, the display records, the corpus snapshot) is damaged in turn: ``index --check`` and
``search`` print one ``Error:`` line naming it and exit 1; the web app refuses to switch to a
damaged generation (it keeps the last good one, or answers a French 503 without a server path).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from searchlib.cli import cli
from searchlib.index import build_index, open_live
from searchlib.index.generations import current_generation, rollback
from searchlib.index.layout import CURRENT
from tests.web_fixtures import write_tiny_corpus
from web import create_app

# name pattern inside a generation -> how it is damaged
KINDS = {
    "*.trm": "truncate",
    "*.pst": "overwrite",
    "*_stored.col": "overwrite",
    "*.passages5": "overwrite",
    "*.toc": "truncate",
    "corpus/ingested/b1.json": "overwrite",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("verify")
    corpus_dir = write_tiny_corpus(root / "corpus")
    build_index(corpus_dir, root / "index")
    return corpus_dir, root / "index"


def damaged_copy(built: tuple[Path, Path], tmp_path: Path, pattern: str, how: str) -> tuple:
    corpus_dir, index_dir = built
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    gen_dir = copy / current_generation(copy)
    # One segment per book: damage the first book's file of that kind.
    target = sorted(gen_dir.glob(pattern))[0]
    data = target.read_bytes()
    if how == "truncate":
        target.write_bytes(data[: len(data) // 2])
    else:
        middle = len(data) // 2
        target.write_bytes(data[:middle] + b"\xff\x00garbage\x00" * 4 + data[middle + 44:])
    return corpus_dir, copy, target.relative_to(gen_dir).as_posix()


def one_error_line(result, name: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    errors = [line for line in lines if line.startswith("Error:")]
    assert len(errors) == 1 and name in errors[0] and "Traceback" not in result.output
    assert "damaged" in errors[0]


@pytest.mark.parametrize("pattern", KINDS)
def test_check_and_search_name_the_damaged_file(built, tmp_path, cli_runner, pattern):
    corpus_dir, index_dir, name = damaged_copy(built, tmp_path, pattern, KINDS[pattern])
    common = ["--corpus", str(corpus_dir), "--index", str(index_dir)]
    one_error_line(cli_runner.invoke(cli, ["index", "--check", "-q", *common]), name)
    one_error_line(cli_runner.invoke(cli, ["search", "Kostanay", *common]), name)


def test_check_passes_an_intact_generation(built, cli_runner):
    corpus_dir, index_dir = built
    result = cli_runner.invoke(cli, ["index", "--check", "-q", "--corpus", str(corpus_dir),
                                     "--index", str(index_dir)])
    assert result.exit_code == 0, result.output


def web_client(corpus_dir: Path, index_dir: Path):
    return create_app({"TESTING": True, "CORPUS_DIR": corpus_dir,
                       "INDEX_DIR": index_dir}).test_client()


def test_a_damaged_generation_without_a_good_one_is_a_french_503(built, tmp_path, caplog):
    corpus_dir, index_dir, name = damaged_copy(built, tmp_path, "*.trm", "truncate")
    client = web_client(corpus_dir, index_dir)
    with caplog.at_level(logging.ERROR):
        for path in ("/search?q=Kostanay", "/p/b1.c01.p001", "/books", "/note/b1/1"):
            page = client.get(path)
            text = page.get_data(as_text=True)
            assert page.status_code == 503 and "endommagé" in text
            assert str(tmp_path) not in text and "Traceback" not in text
        twin = client.get("/search.json?q=Kostanay")
        assert twin.status_code == 503 and twin.get_json()["ok"] is False
        assert str(tmp_path) not in twin.get_data(as_text=True)
    assert sum(name in r.getMessage() for r in caplog.records) == 1  # logged once


def test_the_server_keeps_the_last_good_generation(built, tmp_path, caplog):
    corpus_dir, index_dir = built
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    client = web_client(corpus_dir, copy)
    good = client.get("/search.json?q=Kostanay").get_json()
    build_index(corpus_dir, copy, force=True)
    new = copy / current_generation(copy)
    (new / "corpus" / "ingested" / "b2.json").write_text("{garbled", encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        for _ in range(3):
            assert client.get("/search.json?q=Kostanay").get_json() == good
            assert client.get("/p/b2.c01.p001.json").status_code == 200
    assert sum("damaged" in r.getMessage() for r in caplog.records) == 1
    # A server started after the damage falls back to the generation PREVIOUS names.
    fresh = web_client(corpus_dir, copy)
    assert fresh.get("/search.json?q=Kostanay").get_json() == good


def test_a_garbled_ingested_corpus_does_not_touch_the_site(built, tmp_path):
    corpus_dir, index_dir = built
    garbled = tmp_path / "corpus"
    shutil.copytree(corpus_dir, garbled)
    (garbled / "ingested" / "b1.json").write_bytes(b"\x00{not json")
    client = web_client(garbled, index_dir)
    for path in ("/books", "/search?q=Kostanay", "/p/b1.c01.p001", "/note/b1/1"):
        assert client.get(path).status_code == 200


def test_rollback_and_the_next_build_when_current_is_gone(built, tmp_path):
    corpus_dir, _ = built
    index_dir = tmp_path / "index"
    for _ in range(3):
        build_index(corpus_dir, index_dir, force=True)
    (index_dir / CURRENT).unlink()
    done = rollback(index_dir)  # from PREVIOUS (gen-2)
    assert done.generation == "gen-000002" and done.replaced is None
    assert current_generation(index_dir) == "gen-000002"
    (index_dir / CURRENT).unlink()
    (index_dir / "PREVIOUS").unlink()
    assert rollback(index_dir).generation == "gen-000003"  # the newest complete one
    (index_dir / CURRENT).unlink()
    summary = build_index(corpus_dir, index_dir, force=True)
    assert summary.generation == "gen-000004" and summary.previous == "gen-000003"


def test_a_failed_build_leaves_no_generation_and_no_lock_record(built, tmp_path):
    corpus_dir, _ = built
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir)

    def failing(books, directory, *, corpus_dir, progress=None):
        (directory / "half-written").write_text("x")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        build_index(corpus_dir, index_dir, writer=failing, force=True)
    assert sorted(p.name for p in index_dir.iterdir() if p.name.startswith("gen-")) == [
        "gen-000001"]
    assert (index_dir / "LOCK").read_text() == ""
    assert open_live(index_dir).damaged() == []


def test_ingest_on_a_read_only_corpus_is_one_error_line(cli_runner, tmp_path, monkeypatch):
    from searchlib import atomic
    from tests.conftest import copy_real_corpus

    corpus_dir = copy_real_corpus(tmp_path / "corpus")

    def refuse(*args, dir=None, **kwargs):  # noqa: A002  (the tempfile keyword)
        # Tests run as root, which ignores file modes: the refusal a read-only disk gives.
        raise PermissionError(13, "Permission denied", str(dir))

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    result = cli_runner.invoke(cli, ["ingest", "-q", "--book", "b1", "--corpus", str(corpus_dir),
                                     "--index", str(tmp_path / "index")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    (line,) = result.output.strip().splitlines()
    assert line.startswith("Error: cannot write") and "Permission denied" in line


def test_ingest_takes_the_build_lock(cli_runner, tmp_path):
    from searchlib.index.lock import BuildLock
    from tests.conftest import copy_real_corpus

    corpus_dir = copy_real_corpus(tmp_path / "corpus")
    index_dir = tmp_path / "index"
    args = ["ingest", "-q", "--book", "b1", "--corpus", str(corpus_dir), "--index", str(index_dir)]
    with BuildLock(index_dir):
        held = cli_runner.invoke(cli, args)
    assert held.exit_code == 75 and "another build is running" in held.output  # EX_TEMPFAIL
    assert not (corpus_dir / "ingested").exists()
    assert cli_runner.invoke(cli, args).exit_code == 0
    assert (corpus_dir / "ingested" / "b1.json").exists()


def test_what_a_killed_build_left_is_removed_even_by_a_failing_job(built, tmp_path):
    import json

    from searchlib import jobs
    from searchlib.errors import SearchlibError

    corpus_dir, index_dir = built
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    (copy / "gen-000002").mkdir()  # a killed build: files, no manifest, its lock record
    (copy / "gen-000002" / "half.trm").write_bytes(b"x" * 100)
    (copy / "LOCK").write_text(json.dumps({"pid": 999999, "host": "h", "started": 1.0}))
    with pytest.raises(SearchlibError):  # the tiny corpus has no source files to ingest
        jobs.rebuild(corpus_dir, copy)
    assert not (copy / "gen-000002").exists() and (copy / "LOCK").read_text() == ""
    assert current_generation(copy) == "gen-000001"


def test_damage_found_while_serving_is_a_503_then_the_previous_generation(built, tmp_path,
                                                                          caplog):
    corpus_dir, index_dir = built
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    build_index(corpus_dir, copy, force=True)  # gen-000002 live, gen-000001 kept as PREVIOUS
    client = web_client(corpus_dir, copy)
    assert client.get("/books.json").status_code == 200  # gen-000002 verified and served
    for records in (copy / "gen-000002").glob("*.passages5"):  # one per book
        records.write_bytes(b"\xff" * records.stat().st_size)  # damaged after the switch
    with caplog.at_level(logging.ERROR):
        damaged = client.get("/search.json?q=Kostanay")
    assert damaged.status_code == 503 and damaged.get_json()["ok"] is False
    assert "Traceback" not in caplog.text and str(tmp_path) not in damaged.get_data(as_text=True)
    served = client.get("/search.json?q=Kostanay").get_json()
    assert [h["id"] for h in served["hits"]] == ["b1.c01.p001", "b2.c01.p001"]
