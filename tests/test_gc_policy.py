"""A reader process freezes what its first search loaded, once (:mod:`searchlib.search.gc_policy`):
the collector's full collections no longer walk the open index and its structures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from search_fixtures import build_tiny_index

from searchlib.search.gc_policy import SETTLED_THRESHOLD

ROOT = Path(__file__).resolve().parent.parent

READER = r"""
import gc, json, sys
from whoosh.index import open_dir
from searchlib.search import search
from searchlib.search.postings import index_arrays

searcher = open_dir(sys.argv[1]).searcher()
thresholds = [gc.get_threshold()[0]]
tracked = lambda obj: any(o is obj for o in gc.get_objects())
counts = [gc.get_freeze_count()]
search(searcher, "Kostanay", corpus_dir=None)
arrays = index_arrays(searcher.reader())
counts.append(gc.get_freeze_count())
thresholds.append(gc.get_threshold()[0])
later = [object() for _ in range(3)]
search(searcher, "tracteurs", corpus_dir=None)
counts.append(gc.get_freeze_count())
print(json.dumps({"counts": counts, "thresholds": thresholds, "arrays_walked": tracked(arrays),
                  "later_walked": tracked(later)}))
"""


def test_the_first_search_freezes_what_it_loaded_and_the_next_ones_nothing(tmp_path: Path):
    build_tiny_index(tmp_path / "index")
    out = subprocess.run([sys.executable, "-c", READER, str(tmp_path / "index")],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    found = json.loads(out.stdout)
    before, first, second = found["counts"]
    # importing a search froze the modules' objects (searchlib.search); the first search froze
    # what it loaded on top of them, the second nothing
    assert first > before and second == first
    # the open index's arrays, made by the first search, are out of the collector's walks;
    # what the process made after it is still collected as usual
    assert not found["arrays_walked"] and found["later_walked"]
    # and the youngest generation, settled, is collected after the caches' filling, not during it
    interpreters, settled = found["thresholds"]
    assert interpreters < SETTLED_THRESHOLD == settled
