"""Rebuilds as batch jobs, with real processes: readers in a loop, SIGKILL, concurrent builds.

Each test runs ``python -m searchlib`` in subprocesses against a corpus in ``tmp_path``.
``SEARCHLIB_TEST_BUILD_DELAY`` (read by the CLI only) slows each progress step of a build so a
test can act while the build is midway.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import write_ingested_corpus

from searchlib.index import generations as gen
from tests.test_generations import make_books

REPO = Path(__file__).resolve().parent.parent
WORD = "Minsk"

READER = r"""
import json, sys, time
from pathlib import Path
from whoosh.qparser import QueryParser
from searchlib.index import open_index
from searchlib.index.live import LiveIndex

index_dir, seen, stop = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
live = LiveIndex(index_dir)
stats = {"queries": 0, "errors": [], "empty": 0, "generations": []}
while not stop.exists():
    # "live": a server's LiveIndex; "fresh": a CLI search opening the index for one query.
    for mode in ("live", "fresh"):
        try:
            searcher = live.searcher() if mode == "live" else open_index(index_dir).searcher()
            with searcher:
                query = QueryParser("text", searcher.schema).parse(sys.argv[4])
                found = len(searcher.search(query, limit=5))
        except Exception as e:
            stats["errors"].append(f"{mode}: {type(e).__name__}: {e}")
            continue
        stats["queries"] += 1
        stats["empty"] += found == 0
        if mode == "live" and live.generation not in stats["generations"]:
            stats["generations"].append(live.generation)
            seen.write_text(live.generation)
    time.sleep(0.005)  # a busy reader, not a CPU hog on a small CI machine
print(json.dumps(stats))
"""


def corpus_books(n: int, variant: str = "a"):
    texts = [f"Le projet {variant}{i} de {WORD} relie la ville à la région numéro {i}."
             for i in range(n)]
    return make_books(*texts)


def env(delay: float = 0) -> dict[str, str]:
    values = dict(os.environ, PYTHONPATH=str(REPO))
    if delay:
        values["SEARCHLIB_TEST_BUILD_DELAY"] = str(delay)
    return values


def searchlib(tmp_path: Path, *args: str, delay: float = 0) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "searchlib", *args,
               "--corpus", str(tmp_path / "corpus"), "--index", str(tmp_path / "index")]
    return subprocess.Popen(command, cwd=tmp_path, env=env(delay), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


#: How long a command may take before the test gives up on it: a guard against a hang, not a
#: speed check (a rebuild of the real books takes a minute on a loaded 2-core machine).
HANG = 300


def run(tmp_path: Path, *args: str, delay: float = 0) -> tuple[int, str, str]:
    proc = searchlib(tmp_path, *args, delay=delay)
    try:
        out, err = proc.communicate(timeout=HANG)
    except subprocess.TimeoutExpired:
        proc.kill()  # never leave a process behind for the next test to trip on
        proc.communicate()
        raise
    return proc.returncode, out, err


def record(out: str) -> dict:
    (line,) = out.splitlines()  # exactly one JSON line on stdout
    return json.loads(line)


def wait_for(condition, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def hits(index_dir: Path, word: str = WORD) -> int:
    from whoosh.qparser import QueryParser

    with gen.open_index(index_dir).searcher() as s:
        return len(s.search(QueryParser("text", s.schema).parse(word), limit=None))


@pytest.fixture
def indexed(tmp_path: Path) -> Path:
    """A synthetic ingested corpus of 300 paragraphs, indexed once (generation 1)."""
    write_ingested_corpus(tmp_path / "corpus", corpus_books(300))
    gen.build_index(tmp_path / "corpus", tmp_path / "index")
    return tmp_path


def test_reader_loop_sees_no_error_and_no_empty_result_during_rebuilds(indexed: Path) -> None:
    tmp_path, index_dir = indexed, indexed / "index"
    seen, stop = tmp_path / "seen", tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(index_dir), str(seen), str(stop), WORD],
        env=env(), text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        wait_for(lambda: seen.exists() and seen.read_text() == "gen-000001")
        for number, variant, n in ((2, "b", 400), (3, "c", 200)):
            write_ingested_corpus(tmp_path / "corpus", corpus_books(n, variant))
            code, out, err = run(tmp_path, "index", "-q", delay=0.1)
            assert code == 0, err
            assert record(out)["documents"] == n
            # The reader moves to the new generation on its own (no restart, no signal).
            wait_for(lambda: seen.read_text() == f"gen-{number:06d}")  # noqa: B023
    finally:
        stop.touch()
        out, err = reader.communicate(timeout=30)
    assert reader.returncode == 0, err
    stats = json.loads(out)
    assert stats["errors"] == [] and stats["empty"] == 0
    assert stats["queries"] > 20
    # The long-running reader moved to each new generation without a restart.
    assert stats["generations"] == ["gen-000001", "gen-000002", "gen-000003"]


def test_build_killed_midway_leaves_old_index_and_next_build_recovers(indexed: Path) -> None:
    tmp_path, index_dir = indexed, indexed / "index"
    write_ingested_corpus(tmp_path / "corpus", corpus_books(400, "b"))
    build = searchlib(tmp_path, "index", delay=0.5)
    half = index_dir / "gen-000002"
    wait_for(lambda: half.is_dir() and any(half.iterdir()))
    time.sleep(0.3)  # midway: Whoosh is writing, CURRENT still names gen-000001
    os.kill(build.pid, signal.SIGKILL)
    build.communicate(timeout=10)
    assert build.returncode == -signal.SIGKILL
    assert gen.current_generation(index_dir) == "gen-000001"
    assert hits(index_dir) == 300
    assert half.is_dir() and not (half / "searchlib.json").exists()
    assert json.loads((index_dir / "LOCK").read_text())["pid"] == build.pid

    code, out, err = run(tmp_path, "index")
    assert code == 0, err
    summary = record(out)
    assert summary["recovered"] == ["gen-000002"] and summary["generation"] == "gen-000003"
    assert f"pid {build.pid}" in err  # the warning names the killed build
    assert "removed gen-000002 left by a killed build" in err
    # Progress (click prints only the label when stderr is not a terminal), then the summary.
    assert err.splitlines()[-2:] == ["Indexing", f"Indexed 400 documents into {index_dir} "
                                     f"(gen-000003) in {summary['seconds']:.1f}s; removed "
                                     "gen-000002 left by a killed build"]
    assert not half.exists() and hits(index_dir) == 400
    assert (index_dir / "LOCK").read_text() == ""


def test_two_builds_started_together_one_is_refused(indexed: Path) -> None:
    tmp_path, index_dir = indexed, indexed / "index"
    first, second = (searchlib(tmp_path, "index", "-q", "--force", delay=0.2)
                     for _ in range(2))
    results = {p.pid: (p.returncode, out, err) for p in (first, second)
               for out, err in [p.communicate(timeout=60)]}
    codes = sorted(code for code, _, _ in results.values())
    assert codes == [0, 75], results
    (winner,) = [pid for pid, r in results.items() if r[0] == 0]
    (code, out, err), = [r for r in results.values() if r[0] == 75]
    assert err.startswith(f"Error: another build is running on {index_dir} (pid {winner} on ")
    assert record(out)["ok"] is False
    assert gen.current_generation(index_dir) == "gen-000002"

    # With --wait, the second build runs after the first instead of failing.
    procs = [searchlib(tmp_path, "index", "-q", "--wait", "--force", delay=0.1)
             for _ in range(2)]
    outs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert sorted(record(out)["generation"] for out, _ in outs) == ["gen-000003", "gen-000004"]
    assert gen.current_generation(index_dir) == "gen-000004"


def test_bad_corpus_fails_the_job_and_live_index_keeps_serving(indexed: Path) -> None:
    tmp_path, index_dir = indexed, indexed / "index"
    corpus_dir = tmp_path / "corpus"
    ingested = (corpus_dir / "ingested" / "t1.json").read_text()

    # A book that fails to parse: its source file is empty.
    (corpus_dir / "sources").mkdir()
    (corpus_dir / "sources" / "t1.txt").write_text("")
    code, out, err = run(tmp_path, "rebuild")
    assert code == 1 and err.startswith("Error: ") and len(err.splitlines()) == 1, err
    failure = record(out)
    assert (failure["event"], failure["ok"]) == ("index-build", False) and failure["error"]
    assert (corpus_dir / "ingested" / "t1.json").read_text() == ingested  # corpus untouched

    # An ingested book with no paragraph (an empty corpus).
    write_ingested_corpus(corpus_dir, make_books())
    code, out, err = run(tmp_path, "index")
    assert (code, err) == (1, "Error: the corpus in "
                              f"{corpus_dir} holds no paragraph; nothing to index\n")
    # No corpus at all.
    (corpus_dir / "ingested" / "t1.json").unlink()
    code, out, err = run(tmp_path, "index")
    assert code == 1 and "Error: no ingested corpus" in err

    assert gen.generations(index_dir) == ["gen-000001"]
    assert hits(index_dir) == 300


def test_rollback_and_check(indexed: Path) -> None:
    tmp_path, index_dir = indexed, indexed / "index"
    code, out, err = run(tmp_path, "index", "--check")
    assert code == 0 and "matches the corpus: 300 documents" in err, err
    assert record(out)["ok"] is True

    write_ingested_corpus(tmp_path / "corpus", corpus_books(200, "b"))
    code, out, err = run(tmp_path, "index", "--check", "-q")
    assert code == 1 and err.startswith("Error: the index does not match the corpus: "), err
    assert "the corpus changed since gen-000001 was built" in err
    assert record(out)["ok"] is False

    code, out, err = run(tmp_path, "index", "-q")
    assert (code, err) == (0, "") and hits(index_dir) == 200
    code, out, err = run(tmp_path, "index", "--rollback")
    assert code == 0, err
    assert record(out)["generation"] == "gen-000001"
    assert err == f"Rolled {index_dir} back to gen-000001 (gen-000002 kept)\n"
    assert hits(index_dir) == 300

    code, out, err = run(tmp_path, "index", "--check", "--rollback")
    assert code == 2 and "cannot be combined" in err


def test_rebuild_of_the_real_books_as_a_quiet_cron_job(tmp_path: Path) -> None:
    from searchlib.corpus import load_corpus
    from tests.conftest import copy_real_corpus

    copy_real_corpus(tmp_path / "corpus")
    log = tmp_path / "rebuild.jsonl"
    code, out, err = run(tmp_path, "rebuild", "-q", "--log", str(log))
    assert (code, out, err) == (0, "", "")  # silent: a cron job mails nothing when all is well
    books = load_corpus(tmp_path / "corpus")
    first = json.loads(log.read_text())
    assert first["ok"] is True and first["generation"] == "gen-000001"
    assert first["documents"] == sum(len(b.paragraphs()) for b in books) > 100
    assert {b.id for b in books} == {"b1", "b2"}

    code, out, err = run(tmp_path, "rebuild", "--book", "b1", "-q", "--log", str(log))
    assert code == 0, err
    lines = log.read_text().splitlines()
    assert len(lines) == 2
    second = json.loads(lines[1])
    # Re-ingesting the same sources gives the same corpus: nothing to build, nothing switched.
    assert second["unchanged"] is True and second["generation"] == "gen-000001"
    assert gen.generations(tmp_path / "index") == ["gen-000001"]
    assert (second["corpus_checksum"], second["documents"]) == (
        first["corpus_checksum"], first["documents"])
