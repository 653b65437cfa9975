"""The judged set of issue 12's mechanisms (tests/judged_mechanisms.toml) on the real books.

Word families, place spellings, compounds, long questions, acronyms per book and operators: each
query names paragraphs it must find (recall), traps it must not (a wrong lemma, city or acronym
meaning), and for long questions the paragraphs holding every word, one of which must rank in
the top 3.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest

from searchlib.search import search

JUDGED = tomllib.loads(
    (Path(__file__).parent / "judged_mechanisms.toml").read_text("utf-8"))["query"]


def test_at_least_ten_queries_of_each_kind():
    kinds = Counter(q["kind"].split(" (")[0].split(":")[0] for q in JUDGED)
    groups = Counter()
    for kind, n in kinds.items():
        groups[kind.split()[0]] += n
    assert {g for g, n in groups.items() if n >= 10} >= {
        "lemma", "place", "compound", "long", "acronym", "operators", "demonym"}, groups
    # a query finds something, or names a trap (a namesake's passages the books print)
    assert all(q["must"] or q.get("must_not") for q in JUDGED)


@pytest.mark.parametrize("judged", JUDGED, ids=[f"{q['q']}|{q['kind']}" for q in JUDGED])
def test_mechanism_query(real_searcher, real_corpus_dir, judged):
    results = search(real_searcher, judged["q"], corpus_dir=real_corpus_dir, page_len=5000)
    ids = [h.id for h in results.hits]
    missing = [i for i in judged["must"] if i not in ids]
    assert not missing, f"recall {1 - len(missing) / len(judged['must']):.2f}, missing {missing}"
    wrong = [i for i in judged.get("must_not", []) if i in ids]
    assert not wrong, f"returned {wrong}"
    top = ids[:3]
    assert all(i in top for i in judged.get("top", [])), f"top was {top}"
    if judged.get("top_any"):
        assert set(top) & set(judged["top_any"]), f"top was {top}"
    if "message" in judged:
        assert judged["message"] in (results.message or "")
    if judged["kind"] == "lemma":  # found through its family: the printed word is marked
        unmarked = [h.id for h in results.hits if h.id in judged["must"]
                    and "<mark>" not in h.snippet]
        assert not unmarked, f"no highlight in {unmarked}"
