"""The expansion tables a build stores in its generation: written, checksummed, read back equal to
the tables derived from the corpus, and set aside whenever they may not be (another corpus,
tables edited after the build, other analysis code, a damaged file)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import msgpack
import pytest
from conftest import write_ingested_corpus
from search_fixtures import build_tiny_index, tiny_books

from searchlib.analysis.corpus_tables import CorpusTables, load_corpus_tables
from searchlib.analysis.lookups import LazyLookup
from searchlib.index import expansion
from searchlib.index.expansion import (
    TABLES_FILE,
    read_expansion_tables,
    write_expansion_tables,
)
from searchlib.index.generation import open_live
from searchlib.index.generations import build_index
from searchlib.search import search
from searchlib.search.expand import Expander
from searchlib.search.expanders import expander_for

#: What a table derives from what it holds when made ready (an expander's are, at open).
_DERIVED = {"_heads"}


def _state(tables: CorpusTables) -> dict[str, object]:
    """What each table holds (its attributes but the stemming function, compared by kind, and
    what it derives from them)."""
    state: dict[str, object] = {"books": tables.books}
    for name in ("variants", "acronyms", "places", "families", "compounds"):
        table = getattr(tables, name)
        state[name] = {k: v for k, v in vars(table).items()
                       if not callable(v) and k not in _DERIVED}
        state[name + " functions"] = sorted(
            f"{k}:{type(getattr(v, '__self__', v)).__name__}" for k, v in vars(table).items()
            if callable(v))
    return state


def _tiny_corpus(tmp_path: Path) -> Path:
    corpus_dir = write_ingested_corpus(tmp_path / "corpus", tiny_books())
    (corpus_dir / "variants.tsv").write_text("Kostanay | Tobolgrad\n", encoding="utf-8")
    (corpus_dir / "synonyms.tsv").write_text("CCI | chambre de commerce et d'industrie\n",
                                             encoding="utf-8")
    return corpus_dir


# -- the real books ------------------------------------------------------------------------------


def test_the_build_stores_the_tables_its_corpus_derives(real_index_dir):
    generation = open_live(real_index_dir)
    stored = read_expansion_tables(generation.path, generation.corpus_dir)
    derived = load_corpus_tables(generation.corpus_dir)
    assert stored is not None
    assert _state(stored) == _state(derived)
    # Not empty tables compared with empty ones: both books' acronyms, cities and families.
    assert stored.books == ["b1", "b2"]
    assert len(stored.acronyms) and len(stored.places) and len(stored.families)
    assert len(stored.variants)
    # One of the generation's files, checksummed in its manifest like the others.
    assert TABLES_FILE in generation.manifest["files"]
    assert generation.damaged() == []


def test_the_stored_file_is_a_json_header_then_plain_msgpack_data(real_index_dir):
    generation = open_live(real_index_dir)
    header, payload = (generation.path / TABLES_FILE).read_bytes().split(b"\n", 1)
    assert json.loads(header)["format"] == expansion.TABLES_FORMAT
    assert not payload.startswith(b"\x80")  # a pickle's PROTO opcode
    data = msgpack.unpackb(payload, raw=False, strict_map_key=False)

    def plain(value: object) -> bool:
        if isinstance(value, dict):
            return all(isinstance(k, str | int) and plain(v) for k, v in value.items())
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return value is None or isinstance(value, str | int | float | bool | bytes)

    assert plain(data)
    # The large lookups are stored for reading entry by entry, each entry plain data too.
    assert {"places", "families"} <= set(data["lookups"])
    for fields in data["lookups"].values():
        for joined, _numeric, offsets, values in fields.values():
            ends = memoryview(offsets).cast("I")
            assert len(ends) == len(joined.split("\0")) + 1 and ends[-1] == len(values)
            assert all(plain(msgpack.unpackb(values[a:b], raw=False, strict_map_key=False))
                       for a, b in zip(ends, ends[1:], strict=False))
    assert _state(expansion.CorpusTables.from_data(expansion._unpack(data))) == _state(
        load_corpus_tables(generation.corpus_dir))


def test_stored_lookups_are_decoded_only_as_they_are_asked_for(real_index_dir):
    generation = open_live(real_index_dir)
    stored = read_expansion_tables(generation.path, generation.corpus_dir)
    derived = load_corpus_tables(generation.corpus_dir)
    assert stored is not None
    by_spelling = stored.places.by_spelling
    assert isinstance(by_spelling, LazyLookup) and by_spelling._done == {}
    assert stored.places.expand("Kostanay") == derived.places.expand("Kostanay")
    assert stored.places.expand("Kostanay")  # a city both books print
    assert 0 < len(by_spelling._done) < len(by_spelling) / 10
    assert "kostanay" in by_spelling and "no such city" not in by_spelling
    assert by_spelling.get("no such city") is None
    with pytest.raises(KeyError):
        by_spelling["no such city"]


def test_a_file_of_another_format_is_set_aside_and_the_tables_derived(tmp_path):
    corpus_dir = _tiny_corpus(tmp_path)
    index_dir = tmp_path / "index"
    ix = build_tiny_index(index_dir, corpus_dir)
    path = index_dir / TABLES_FILE
    header, payload = path.read_bytes().split(b"\n", 1)
    old = json.loads(header) | {"format": 1}
    path.write_bytes(json.dumps(old, ensure_ascii=False).encode("utf-8") + b"\n" + payload)
    assert read_expansion_tables(index_dir, corpus_dir) is None
    with ix.searcher() as searcher:  # derived from the corpus instead
        found = search(searcher, "Tobolgrad", corpus_dir=corpus_dir)
    assert found.total and all(h.id.startswith("b1.c01") for h in found.hits)


# -- when the stored tables are set aside --------------------------------------------------------


def test_tables_edited_after_the_build_are_derived_again(tmp_path):
    corpus_dir = _tiny_corpus(tmp_path)
    ix = build_tiny_index(tmp_path / "index", corpus_dir)
    with ix.searcher() as searcher:
        before = search(searcher, "Tobolgrad", corpus_dir=corpus_dir)
    assert before.total and all(h.id.startswith("b1.c01") for h in before.hits)
    variants = corpus_dir / "variants.tsv"
    variants.write_text("Gomel | Homiel\n", encoding="utf-8")
    stamp = variants.stat().st_mtime_ns + 1_000_000_000
    os.utime(variants, ns=(stamp, stamp))  # a second later, whatever the clock's resolution
    assert read_expansion_tables(tmp_path / "index", corpus_dir) is None
    with ix.searcher() as searcher:
        assert search(searcher, "Tobolgrad", corpus_dir=corpus_dir).total == 0
        after = search(searcher, "Homiel", corpus_dir=corpus_dir)
    assert after.total
    assert {"word": "Homiel", "kind": "variante", "form": "Gomel",
            "why": "corpus/variants.tsv"} in after.expansions


def test_another_corpus_gets_no_stored_tables_and_is_told_once(tmp_path, caplog):
    corpus_dir = _tiny_corpus(tmp_path)
    index_dir = tmp_path / "index"
    build_tiny_index(index_dir, corpus_dir)
    assert read_expansion_tables(index_dir, corpus_dir) is not None
    other = _tiny_corpus(tmp_path / "other")
    with caplog.at_level("WARNING", logger=expansion.__name__):
        assert read_expansion_tables(index_dir, other) is None
        assert read_expansion_tables(index_dir, other) is None
    told = [r.getMessage() for r in caplog.records]
    assert len(told) == 1 and "run searchlib index" in told[0] and str(corpus_dir) in told[0]
    assert read_expansion_tables(index_dir, None) is None
    assert read_expansion_tables(None, corpus_dir) is None


def test_a_generations_own_tables_are_used_without_looking_at_its_snapshot(tmp_path,
                                                                           monkeypatch):
    # Keyed to what they were derived from (the generation's own corpus snapshot, which never
    # changes), like its postings; no fingerprint of the analysis code, whose edits sent every
    # first query back to the books until the next build.
    corpus_dir = _tiny_corpus(tmp_path)
    build_index(corpus_dir, tmp_path / "index")
    generation = open_live(tmp_path / "index")
    monkeypatch.setattr("searchlib.analysis.corpus_tables.table_stamps",
                        lambda d: pytest.fail("a generation's snapshot is not stat-ed"))
    assert read_expansion_tables(generation.path, generation.corpus_dir) is not None
    # The snapshot named another way (relative to the working directory) is still its own.
    monkeypatch.chdir(tmp_path)
    relative = generation.path.relative_to(tmp_path)
    assert read_expansion_tables(generation.path, relative / "corpus") is not None


def test_a_generation_without_stored_tables_says_how_to_store_them(tmp_path, caplog):
    corpus_dir = _tiny_corpus(tmp_path)
    build_index(corpus_dir, tmp_path / "index")
    generation = open_live(tmp_path / "index")
    (generation.path / TABLES_FILE).unlink()
    with caplog.at_level("WARNING", logger=expansion.__name__):
        assert read_expansion_tables(generation.path, generation.corpus_dir) is None
    assert ["older searchlib" in r.getMessage() and "run searchlib index" in r.getMessage()
            for r in caplog.records] == [True]


def test_a_damaged_tables_file_is_reported_and_the_search_goes_on(tmp_path):
    corpus_dir = _tiny_corpus(tmp_path)
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir)
    generation = open_live(index_dir)
    path = generation.path / TABLES_FILE
    header, _payload = path.read_bytes().split(b"\n", 1)
    assert json.loads(header)["corpus"] == str(generation.corpus_dir.resolve())
    path.write_bytes(header + b"\n\x93damaged")
    assert generation.damaged() == [TABLES_FILE]
    assert read_expansion_tables(generation.path, generation.corpus_dir) is None
    with generation.searcher() as searcher:
        found = search(searcher, "Tobolgrad", corpus_dir=generation.corpus_dir)
    assert found.total and all(h.id.startswith("b1.c01") for h in found.hits)


def test_the_expander_of_an_index_uses_its_stored_tables(tmp_path, monkeypatch):
    corpus_dir = _tiny_corpus(tmp_path)
    ix = build_tiny_index(tmp_path / "index", corpus_dir)
    written = write_expansion_tables(tmp_path / "index", corpus_dir)
    derived: list[Path | None] = []
    monkeypatch.setattr("searchlib.search.expand.load_corpus_tables",
                        lambda d: derived.append(d) or CorpusTables())
    with ix.reader() as reader:
        expander = expander_for(reader, corpus_dir, tmp_path / "index")
    assert derived == []  # nothing derived at query time
    assert _state(expander.tables) == _state(written)
    with ix.reader() as reader:  # another reader of the same segments: the same expander
        assert expander_for(reader, corpus_dir, tmp_path / "index") is expander


def test_the_expander_finds_the_index_directory_itself_and_only_when_it_makes_one(tmp_path,
                                                                                  monkeypatch):
    corpus_dir = _tiny_corpus(tmp_path)
    ix = build_tiny_index(tmp_path / "index", corpus_dir)
    written = write_expansion_tables(tmp_path / "index", corpus_dir)
    with ix.reader() as reader:
        expander = expander_for(reader, corpus_dir)
        assert _state(expander.tables) == _state(written)  # the reader's directory's tables
        monkeypatch.setattr("searchlib.search.expanders.index_directory", None)  # not called
        assert expander_for(reader, corpus_dir) is expander


# -- a search process's start ---------------------------------------------------------------------


def test_a_search_process_loads_neither_the_lemma_dictionary_nor_ingest_nor_numpy_ma(tmp_path):
    corpus_dir = _tiny_corpus(tmp_path)
    build_tiny_index(tmp_path / "index", corpus_dir)
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from whoosh.index import open_dir\n"
        "from searchlib.search import search\n"
        f"searcher = open_dir({str(tmp_path / 'index')!r}).searcher()\n"
        f"corpus = Path({str(corpus_dir)!r})\n"
        "found = search(searcher, 'Tobolgrad tracteurs', corpus_dir=corpus)\n"
        "phrase = search(searcher, '\"région de Kostanay\"', corpus_dir=corpus)\n"
        "heavy = ('simplemma', 'numpy.ma')\n"
        "print(json.dumps([found.total, sorted(m for m in sys.modules\n"
        "                  if m in heavy or m.startswith('searchlib.ingest'))]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    total, loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert total >= 1
    assert loaded == []


def test_a_generations_snapshot_is_not_stat_ed_per_query_but_an_editable_corpus_is(tmp_path):
    from searchlib.index.layout import METADATA
    from searchlib.search import expanders

    editable = tmp_path / "corpus"
    editable.mkdir()
    (editable / "variants.tsv").write_text("Minsk\tMinsque\n", encoding="utf-8")
    snapshot = tmp_path / "gen-000001" / "corpus"
    snapshot.mkdir(parents=True)
    (snapshot / "variants.tsv").write_text("Minsk\tMinsque\n", encoding="utf-8")
    (snapshot.parent / METADATA).write_text("{}", encoding="utf-8")

    assert expanders._stamps(snapshot) == ()
    before = expanders._stamps(editable)
    assert before and before[0] > 0
    (editable / "variants.tsv").write_text("Minsk\tMinsque\tMinskas\n", encoding="utf-8")
    os.utime(editable / "variants.tsv", ns=(before[0] + 10**9, before[0] + 10**9))
    assert expanders._stamps(editable) != before


def test_a_builds_loaded_books_give_the_tables_of_their_files(real_corpus_dir: Path,
                                                              real_books: dict,
                                                              monkeypatch) -> None:
    # A build has loaded the books already: their fields are taken, the files not parsed again.
    derived = load_corpus_tables(real_corpus_dir)
    books = list(real_books.values())
    with monkeypatch.context() as patched:
        patched.setattr("searchlib.analysis.corpus_tables._book_tables", None)
        loaded = load_corpus_tables(real_corpus_dir, books[::-1])
    assert loaded.to_data() == derived.to_data()
    assert _state(loaded) == _state(derived)
    # Not every file's book: each file is parsed, as without them.
    assert load_corpus_tables(real_corpus_dir, books[:1]).to_data() == derived.to_data()


def test_runs_of_words_are_found_as_without_the_acronym_tables_first_words(real_index_dir):
    # Every run of words the real tables' forms of several words give, from each of their
    # words: the acronym table's first-word filter (AcronymTable.may_start) leaves its answer.
    generation = open_live(real_index_dir)
    stored = read_expansion_tables(generation.path, generation.corpus_dir)
    unfiltered = read_expansion_tables(generation.path, generation.corpus_dir)
    assert stored is not None and unfiltered is not None
    schema = generation.index().schema
    filtered, plain = Expander(schema, tables=stored), Expander(schema, tables=unfiltered)
    plain.tables.acronyms.may_start = lambda word: True  # type: ignore[method-assign]
    forms = {f for f in stored.forms() | stored.acronyms.forms() if len(f.split()) > 1}
    assert len(forms) > 100
    looked_up = found = 0
    for form in sorted(forms):
        words = form.split()
        for i in range(len(words) - 1):
            run = filtered._run(words, i)
            assert run == plain._run(words, i), (form, i)
            looked_up += 1
            found += run[0] > 1
    assert found > 100 and looked_up > found  # runs found, and runs that are none


def test_the_expander_answers_a_stored_form_from_the_build_and_derives_the_rest(tmp_path):
    corpus_dir = _tiny_corpus(tmp_path)
    ix = build_tiny_index(tmp_path / "index", corpus_dir)
    stored = read_expansion_tables(tmp_path / "index", corpus_dir)
    assert stored is not None and "Tobolgrad" in stored.analysis
    stored.analysis = {"Tobolgrad": (((0, "stored"),), ((0, "stored key"),))}
    expander = Expander(ix.schema, tables=stored)
    assert expander._terms("Tobolgrad") == ((0, "stored"),)
    assert expander._keys("Tobolgrad") == ((0, "stored key"),)
    assert expander._terms("Kostanay") == ((0, "kostanay"),)  # not stored: derived


def test_the_expander_answers_a_stored_forms_spellings_from_the_build(tmp_path):
    corpus_dir = _tiny_corpus(tmp_path)
    ix = build_tiny_index(tmp_path / "index", corpus_dir)
    stored = read_expansion_tables(tmp_path / "index", corpus_dir)
    assert stored is not None
    assert stored.found["Tobolgrad"] == (
        (("variante", "Kostanay", "corpus/variants.tsv", 1.0),), ())
    assert stored.found["CCI"][1][0][0] == "chambre de commerce et d'industrie"
    stored.found = {"Tobolgrad": ((("lieu", "Stored", "stored", 0.5),), ()),
                    "XYZ": ((), (("Stored name", "stored", ("b1",), 1.0),))}
    expander = Expander(ix.schema, tables=stored)
    assert [tuple(e) for e in expander._spellings("Tobolgrad")] == [
        ("Tobolgrad", "lieu", "Stored", "stored", (), (), 0.5)]
    assert [tuple(e) for e in expander._acronyms("XYZ")] == [
        ("XYZ", "sigle", "Stored name", "stored", (), ("b1",), 1.0)]
    # Not stored: found now, from the tables.
    assert [e.form for e in expander._spellings("Kostanay")] == ["Tobolgrad"]
    assert [e.form for e in expander._acronyms("CCI")] == ["chambre de commerce et d'industrie"]
