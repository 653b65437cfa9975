"""Start-up: ``import searchlib`` and ``searchlib --help`` load none of the heavy libraries, a
plain search nothing it does not use, and numpy runs one BLAS thread.

Each check runs in a fresh interpreter, since this test process has long imported everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY = ("numpy", "whoosh", "bs4", "fitz")
#: What a plain search never uses: the corpus model (it reads the tables its build stored, never
#: a book), Whoosh's query parser (for OR/AND/NOT only), the gazetteer's ingest side, the
#: snapshot's checksums (a failure or ``index --check`` compares them) and, for a query without
#: accents, unidecode (the first accented word loads it).
NOT_SEARCHED = ("searchlib.model", "whoosh.qparser", "searchlib.analysis.gazetteer",
                "searchlib.index.snapshot", "unidecode")
#: What Whoosh and numpy import and no search uses (:mod:`searchlib.deferred_imports`), with
#: the CPU a new process saves (ms): network and event-loop modules (60), English word forms
#: (12), linear algebra (20), temporary files and copies, calendars, the platform report and
#: ctypes (10), HTML entities and queues (3), Whoosh's highlighter (1), URL parsing (pathlib's,
#: when searchlib comes first: 4), inspect's source reading (line cache, tokenizer: 3), random
#: numbers (3), textwrap (2.5), syntax trees and the disassembler (inspect's and numpy's: 5),
#: decimal numbers (Whoosh's NUMERIC: 1); and logging (5), which the read path's modules use
#: only when something goes wrong; and dataclasses (1, plus 0.7 to 1.7 ms to create each: 7.8
#: ms for the settings, the results and the highlighter, now
#: :class:`searchlib.value_objects.ValueObject`);
#: and cachetools (2.4 ms: an open index's caches are :class:`searchlib.index.bounded.BoundedCache`;
#: only the web app's use it); and Whoosh's stop word lists of every language (the French one is
#: written out, folded, in :mod:`searchlib.analysis.french`: 1.4 ms with the folding) and its
#: Sphinx charset tables (its accent-folding table is written out in
#: :mod:`searchlib.search.accents`: 1.5 ms); and typing (3 ms: searchlib's modules name its types in
#: annotations only, numpy's set routines' result classes are made by
#: :data:`searchlib.quick_loading.NamedTuple`).
UNUSED = ("asyncio", "urllib.request", "http.client", "email", "ssl", "socket",
          "whoosh.lang.morph_en", "numpy.linalg", "tempfile", "shutil", "calendar", "platform",
          "ctypes", "whoosh.lang.dmetaphone", "html", "html.entities", "queue",
          "whoosh.highlight", "urllib.parse", "ipaddress", "logging", "linecache", "tokenize",
          "token", "random", "textwrap", "ast", "_ast", "dis", "opcode", "decimal", "_decimal",
          "dataclasses", "typing",
          "cachetools", "whoosh.lang.stopwords", "whoosh.support.charset")


def _printed_by(code: str):
    """What a new process running ``code`` prints last, as JSON."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _loaded_after(code: str, modules: tuple[str, ...] = HEAVY) -> list[str]:
    report = f"print(json.dumps(sorted(m for m in {modules!r} if m in sys.modules)))"
    script = f"import json, sys\n{code}\n{report}\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_import_searchlib_loads_no_heavy_library():
    assert _loaded_after("import searchlib") == []


def test_help_loads_no_heavy_library():
    code = (
        "from searchlib.cli import cli\n"
        "try:\n"
        "    cli.main(['--help'], prog_name='searchlib')\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0, e.code\n"
    )
    assert _loaded_after(code) == []
    # Nor logging (only ``serve`` configures it) nor html (the search command's unescaping).
    assert _loaded_after(code, ("logging", "html")) == []


def test_public_names_still_resolve_on_first_use():
    import searchlib
    from searchlib.index import generations
    from searchlib.model import Footnote

    assert searchlib.build_index is generations.build_index
    assert searchlib.Footnote is Footnote
    assert not hasattr(searchlib, "no_such_name")
    assert "build_index" in searchlib.__all__


def test_the_cli_formats_are_the_library_formats():
    from searchlib.cite import FORMATS
    from searchlib.cli.cite_commands import FORMATS as CLI_FORMATS

    assert CLI_FORMATS == FORMATS


def _search_code(index_dir, query: str, *, searchlib_first: bool = False) -> str:
    """A new process's search of the live generation, as a reader opens it (the bench's); with
    ``searchlib_first``, searchlib is imported before anything else, as the CLI and the
    README's library use do."""
    imports = ["from whoosh.index import open_dir\n",
               "from searchlib.index.layout import current_generation\n"]
    return (
        ("import searchlib\n" if searchlib_first else "")
        + "from pathlib import Path\n"
        + "".join(imports[::-1] if searchlib_first else imports)
        + "from searchlib.search import search\n"
        f"index = Path({str(index_dir)!r})\n"
        "gen = index / current_generation(index)\n"
        "searcher = open_dir(str(gen)).searcher()\n"
        f"assert search(searcher, {query!r}, corpus_dir=gen / 'corpus').total\n"
    )


def test_a_plain_search_loads_neither_the_model_nor_the_query_parser(real_index_dir):
    assert _loaded_after(_search_code(real_index_dir, "Kostanay"), NOT_SEARCHED) == []


def test_a_search_loads_none_of_what_it_does_not_use(real_index_dir):
    for query in ("Kostanay", "Kostanay OR Gomel", "kostanai~", "Kazakh*", '"la crise"'):
        code = _search_code(real_index_dir, query, searchlib_first=True)
        assert _loaded_after(code, UNUSED) == [], query


def test_a_build_loads_no_event_loop_nor_ast(real_corpus_dir, tmp_path):
    # The facet columns come from the postings the writer holds: a Whoosh reader's first
    # postings would import asyncio (cached_property's coroutine check), 20 ms of a build;
    # and they are mapped back without np.load, whose header's parse imports ast.
    code = ("from searchlib.index import build_index\n"
            f"build_index({str(real_corpus_dir)!r}, {str(tmp_path / 'index')!r})\n")
    assert _loaded_after(code, ("asyncio", "ast")) == []


def test_what_a_search_does_not_load_still_works_on_first_use():
    # Each module deferred for a search, used in a new process where searchlib came first: the
    # stock Whoosh highlighter (with its HTML escape), Whoosh's queue, pathlib's URL quoting, and
    # a read-path module's logger.
    code = (
        "import searchlib, logging\n"
        "from pathlib import Path\n"
        "from whoosh import compat\n"
        "from whoosh.fields import TEXT, Schema\n"
        "from whoosh.filedb.filestore import RamStorage\n"
        "from whoosh.query import Term\n"
        "from searchlib.index import display\n"
        "assert not {'html', 'queue', 'whoosh.highlight', 'urllib.parse'} & set(sys.modules)\n"
        "ix = RamStorage().create_index(Schema(content=TEXT(stored=True)))\n"
        "with ix.writer() as w:\n"
        "    w.add_document(content='tractors & trucks')\n"
        "with ix.searcher() as s:\n"
        "    hit = s.search(Term('content', 'tractors'))[0].highlights('content')\n"
        "records = []\n"
        "handler = logging.Handler()\n"
        "handler.emit = records.append\n"
        "logging.getLogger('searchlib').addHandler(handler)\n"
        "display.log.warning('told %s', 'once')\n"
        "print(json.dumps([hit, Path('/tmp/a b').as_uri(), compat.queue.Queue().qsize(),\n"
        "                  [(r.name, r.getMessage(), r.funcName) for r in records]]))\n"
    )
    hit, uri, size, records = _printed_by(f"import json, sys\n{code}")
    assert hit == '<b class="match term0">tractors</b> &amp; trucks'
    assert uri == "file:///tmp/a%20b"
    assert size == 0
    assert records == [["searchlib.index.display", "told once", "<module>"]]


#: What uses the modules inspect, numpy and Whoosh load later: inspect's code flags (dis's
#: table), a class's source (ast's visitor), a builtin's signature (ast's parser), numpy's dtype
#: and matrix strings (ast's literals), a NUMERIC field with decimal places (decimal), numpy's
#: set routines' named tuples and a padding width it does not know (typing's ``assert_never``).
_LATER_USES = (
    "import dis, inspect, typing, numpy as np\n"
    "from whoosh.fields import NUMERIC\n"
    "from whoosh.analysis import Token\n"
    "flags = {v: getattr(inspect, 'CO_' + v) for v in dis.COMPILER_FLAG_NAMES.values()}\n"
    "unique = np.unique_all(np.array([3, 1, 3]))\n"
    "try:\n"
    "    np.pad(np.zeros(2), {0: 'x'})\n"
    "except AssertionError as e:\n"
    "    never = str(e)\n"
    "print(json.dumps([flags, inspect.getsource(Token).splitlines()[0],\n"
    "                  str(inspect.signature(divmod)), str(np.dtype('(2,3)i4, f8')),\n"
    "                  np.matrix('1 2; 3 4').tolist(), repr(unique), unique._fields,\n"
    "                  repr(typing.get_type_hints(type(unique))), never,\n"
    "                  NUMERIC(int, decimal_places=2).prepare_number('1.25')]))\n"
)


def test_what_inspect_numpy_and_whoosh_load_later_works_as_without_searchlib():
    alone = _printed_by(f"import json\n{_LATER_USES}")
    unloaded = "assert not {'ast', 'dis', 'decimal', 'typing'} & set(sys.modules)\n"
    after_a_search = _printed_by(f"import searchlib.search, json, sys\n{unloaded}{_LATER_USES}")
    assert after_a_search == alone
    assert alone[1] == "class Token(object):" and alone[-1] == 125


def test_no_search_loads_hashlib(real_index_dir):
    # A plain search reads the posting arrays; the highlighter of a fuzzy one asks Whoosh which
    # of its expansions exist (``Query.existing_terms``), whose term tables the writer hashes
    # with CRC-32, not MD5 (:mod:`searchlib.index.term_writer`): neither loads hashlib.
    digests = ("hashlib",)
    for query in ("Kostanay", "kostanai~"):
        assert _loaded_after(_search_code(real_index_dir, query, searchlib_first=True),
                             digests) == [], query


def test_only_a_search_asking_whooshs_term_tables_loads_their_crc(real_index_dir):
    # A plain search reads its terms through posting arrays; a prefix (or fuzzy) word asks
    # Whoosh's term tables, whose hash (CRC-32) loads binascii through the stand-in that
    # ``whoosh.filedb.filetables`` got, with the answer it gives when binascii came first.
    crc = ("binascii",)
    for query in ("Kostanay", '"la crise"', "Kostanay OR Gomel", "Gomel Kostanaj"):
        code = _search_code(real_index_dir, query, searchlib_first=True)
        assert _loaded_after(code, crc) == [], query
    prefix = _search_code(real_index_dir, "Kazakh*", searchlib_first=True) + (
        "found = search(searcher, 'Kazakh*', corpus_dir=gen / 'corpus')\n"
        "print(json.dumps([found.total, [h.id for h in found.hits]]))\n")
    plain = prefix.replace("import searchlib\n", "import binascii\nimport searchlib\n", 1)
    assert _loaded_after(prefix, crc) == list(crc)
    assert _printed_by(f"import json\n{prefix}") == _printed_by(f"import json\n{plain}")
    assert _printed_by(f"import json\n{prefix}")[0] > 0


def test_only_a_fuzzy_search_loads_whooshs_automata(real_index_dir):
    # ``whoosh.codec.base`` binds the Levenshtein automata (1 ms to load) for a reader's
    # ``terms_within``, which only a ``fuzzy~`` word (or Whoosh's spelling) asks; the first
    # such search loads them, through the stand-in its ``from whoosh.automata import lev`` got.
    automata = ("whoosh.automata", "whoosh.automata.fsa", "whoosh.automata.lev")
    for query in ("Kostanay", "Kazakh*", '"la crise"', "Kostanay OR Gomel"):
        code = _search_code(real_index_dir, query, searchlib_first=True)
        assert _loaded_after(code, automata) == [], query
    fuzzy = _search_code(real_index_dir, "kostanai~", searchlib_first=True) + (
        "found = search(searcher, 'kostanai~', corpus_dir=gen / 'corpus')\n"
        "print(json.dumps([h.id for h in found.hits]))\n")
    plain = fuzzy.replace("import searchlib\n", "import whoosh.codec.base\nimport searchlib\n", 1)
    assert _loaded_after(fuzzy, automata) == list(automata)
    assert _printed_by(f"import json\n{fuzzy}") == _printed_by(f"import json\n{plain}") != []


def test_only_a_search_that_finds_little_loads_the_suggestions(real_index_dir):
    suggest = ("searchlib.search.suggest",)
    assert _loaded_after(_search_code(real_index_dir, "Kostanay"), suggest) == []
    code = _search_code(real_index_dir, "Gomel Kostanaj")  # one passage, one unknown word
    assert _loaded_after(code, suggest) == list(suggest)


def test_a_search_with_operators_loads_the_query_parser(real_index_dir):
    code = _search_code(real_index_dir, "Kostanay OR Gomel")
    assert _loaded_after(code, NOT_SEARCHED) == ["whoosh.qparser"]


def _collector_after_import(before: str) -> list:
    code = (f"import gc, json\n{before}\nimport searchlib.search\n"
            "print(json.dumps([gc.isenabled(), gc.get_freeze_count()]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def test_importing_a_search_leaves_the_collector_as_it_was_and_its_modules_frozen():
    # The collector is paused while the modules import, then their objects are frozen (no
    # collection scans them again); a program's own choice survives the import.
    enabled, frozen = _collector_after_import("")
    assert enabled and frozen > 10_000
    assert _collector_after_import("gc.disable()")[0] is False


def _blas_threads(env: dict) -> str:
    code = "import searchlib.search, os\nprint(os.environ.get('OPENBLAS_NUM_THREADS'))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env=env)
    return done.stdout.strip()


def test_searchlib_runs_one_blas_thread_unless_told_otherwise():
    # OpenBLAS's threads, one per core, spin at numpy's import: CPU spent for nothing, since
    # searchlib calls no BLAS routine.
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    assert _blas_threads(env) == "1"
    assert _blas_threads({**env, "OPENBLAS_NUM_THREADS": "3"}) == "3"


#: Module → its expressions compiled on first use (:mod:`searchlib.quick_loading`), none of
#: which a search runs: Whoosh's English stemmer (13, 3 ms), its URL filter (0.4 ms), numpy's
#: dtype-string and poly1d printing parsers (0.8 ms), searchlib's own below. (Whoosh's Sphinx
#: charset parser is not even loaded: :mod:`searchlib.search.accents`.)
LAZY_PATTERNS = {"whoosh.lang.porter": 13,
                 "whoosh.analysis.filters": 1, "whoosh.analysis": 1,  # (the filter's, exported)
                 "numpy._core._internal": 3, "numpy.lib._polynomial_impl": 1,
                 # searchlib's own that only a build runs (1 ms): reading the table files,
                 # the books' name pairs and word families, the index side's name test.
                 "searchlib.analysis.tables": 2, "searchlib.analysis.acronym_table": 2,
                 "searchlib.analysis.compounds": 1, "searchlib.analysis.lemmas": 1,
                 "searchlib.analysis.variants": 1}
#: searchlib's expressions that some queries run, compiled by the first that does, none by a
#: query of a common word (a new process's first answer: 4 ms less): the transliteration rule
#: of doubled letters (the others are string methods), the parts of a compound with other
#: joiners than hyphens and apostrophes, a spelling with other signs than ASCII's, operators, a
#: fuzzy word, a question's inverted subject in other letters than ASCII's, and a generation's
#: name (a reader given its generation never lists them).
#: Apostrophes, hyphens and quotes are looked for without expressions, and so are a
#: re-accented suffix and the signs of a name's key (:mod:`searchlib.analysis.words`,
#: :mod:`searchlib.analysis.french`, :mod:`searchlib.analysis.places`,
#: :mod:`searchlib.search.query`).
FIRST_USE_PATTERNS = {"searchlib.analysis.variants": 1, "searchlib.analysis.words": 1,
                      "searchlib.analysis.folding": 1,
                      "searchlib.search.query": 3, "searchlib.index.layout": 1}
#: Queries of each kind (words, acronyms, phrases, places, operators, prefixes).
KINDS = ("CEI", "zone de libre-échange", "Émirats arabes unis", '"feuille de route"',
         "tracteurs biélorusses", "l'économie d'Ouzbékistan", "Kostanay OR Gomel", "Kazakh*")

#: Prints {module: [its expressions compiled on first use, how many are compiled]} (those a
#: module holds, or a tuple of its holds, as the transliteration rules).
_REPORT_LAZY = """
from searchlib.quick_loading import LazyPattern
def lazy_patterns():
    found = {}
    for name, module in list(sys.modules.items()):
        for value in list(vars(module).values()):
            rows = value if isinstance(value, tuple) else (value,)
            for row in rows:
                for item in (row if isinstance(row, tuple) else (row,)):
                    if isinstance(item, LazyPattern):
                        count, used = found.get(name, (0, 0))
                        found[name] = (count + 1, used + (len(vars(item)) > 1))
    return found
"""


def test_the_expressions_no_search_runs_are_never_compiled(real_index_dir):
    # Should a library compile them otherwise, or a search use one, this fails; so does a
    # module that happened to load while they did (its expressions would be lazy too).
    code = _search_code(real_index_dir, "Kostanay", searchlib_first=True) + _REPORT_LAZY + (
        "after_a_word = lazy_patterns()\n"
        f"for query in {KINDS!r}:\n"
        "    search(searcher, query, corpus_dir=gen / 'corpus')\n"
        "print(json.dumps([after_a_word, lazy_patterns()]))\n"
    )
    after_a_word, after_every_kind = _printed_by(f"import json, sys\n{code}")
    expected = {name: LAZY_PATTERNS.get(name, 0) + FIRST_USE_PATTERNS.get(name, 0)
                for name in {*LAZY_PATTERNS, *FIRST_USE_PATTERNS}}
    assert {name: count for name, (count, _) in after_a_word.items()} == expected
    # A common word compiles none of them (the generation's name: this test finds the live
    # generation by it); the other kinds only searchlib's of first use.
    assert {name: used for name, (_, used) in after_a_word.items() if used} == {
        "searchlib.index.layout": 1}
    compiled = {name: used for name, (_, used) in after_every_kind.items() if used}
    assert len(compiled) > 1
    assert all(used <= FIRST_USE_PATTERNS.get(name, 0) for name, used in compiled.items())


def test_numpy_loads_through_the_quicker_functions():
    # Some 370 docstrings, 8 ms by ``inspect.cleandoc``, 4 by :func:`quick_loading.cleandoc`,
    # which hands none back to inspect's (numpy's are indented with spaces only); 200 checks
    # of a dispatcher's signature, 3 ms by numpy's, 1 by :func:`quick_loading.verify_matching_
    # signatures`, which hands none back to numpy's.
    code = (
        "import json, searchlib\n"
        "from searchlib import quick_loading as q\n"
        "counts = dict.fromkeys(['cleaned', 'to inspect', 'verified', 'to numpy'], 0)\n"
        "def counting(function, name):\n"
        "    def count(*args):\n"
        "        counts[name] += 1\n"
        "        return function(*args)\n"
        "    return count\n"
        "q.cleandoc = counting(q.cleandoc, 'cleaned')\n"
        "q._inspect_cleandoc = counting(q._inspect_cleandoc, 'to inspect')\n"
        "q.verify_matching_signatures = counting(q.verify_matching_signatures, 'verified')\n"
        "q._numpys_verify = counting(q._numpys_verify, 'to numpy')\n"
        "import numpy\n"
        "print(json.dumps(counts))\n"
    )
    counts = _printed_by(code)
    assert counts["cleaned"] > 350 and counts["verified"] > 190
    assert counts["to inspect"] == counts["to numpy"] == 0
