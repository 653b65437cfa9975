"""Transliteration keys, the variants analyzer, and the editable variant and synonym tables."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import partial
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchlib.analysis import (
    Synonyms,
    VariantTable,
    default_tables,
    fold,
    is_name_like,
    load_synonyms,
    load_variant_table,
    normalize,
    variant_analyzer,
    variant_key,
)
from searchlib.analysis.variants import index_keys
from searchlib.errors import SearchlibError, TableError

REPO_CORPUS = Path(__file__).resolve().parent.parent / "corpus"

# Spellings the books (or their readers) mix, that the rules alone must join.
RULE_GROUPS = [
    ["Kostanay", "Kostanai", "Kostanaï"],
    ["Gomel", "Homiel", "Homel"],
    ["Grodno", "Hrodna"],
    ["Douchanbé", "Dushanbe"],
    ["Kirghizstan", "Kyrgyzstan"],
    ["Mogilev", "Moguilev"],
    ["Vitebsk", "Vitsebsk"],
    ["Ouzbékistan", "Uzbekistan"],
    ["Tachkent", "Tashkent"],
    ["Achgabat", "Ashgabat"],
    ["Bichkek", "Bishkek"],
    ["Tadjikistan", "Tajikistan", "Tadzhikistan"],
    ["Voronej", "Voronezh"],
    ["Kalouga", "Kaluga"],
    ["Zaleski", "Zaleskii", "Zalessky"],
    ["Glaziev", "Glazyev"],
    ["Fergana", "Ferghana"],
    ["Loukachenko", "Lukashenko"],
    ["Pouchkine", "Pushkin"],
    ["Golovchenko", "Golovtchenko"],
    ["Briansk", "Bryansk"],
    ["Novossibirsk", "Novosibirsk"],
    ["Sotchi", "Sochi"],
    ["Tchernobyl", "Chernobyl"],
    ["Zhodino", "Zhodzina"],
    ["Erevan", "Yerevan"],
    ["Tioumen", "Tyumen"],
    ["Utes", "Utyos"],
    ["Sibérie", "Siberia"],  # English -ia, French -ie
    ["Oudmourtie", "Udmurtia"],
    ["Kabardino-Balkarie", "Kabardino-Balkaria"],
    ["Mongolie", "Mongolia"],
    ["Tanzanie", "Tanzania"],
]

# Ordinary French words of these books and other names: all must keep distinct keys.
ORDINARY = (
    "change chose chasse cache hausse sauce bout but car date faire base pierre bien rien "
    "entre entrée santé sel sec sur sucre roue soude mille milieu vie vin tout toute grand "
    "porte parti partie pays paix prix projet produit marché marche coût commerce échange "
    "accord région ville usine lait viande blé céréales machine tracteur bourse banque "
    "exportation importation investissement croissance production industrie économie "
    "coopération intégration développement présidence communauté union commission"
).split()
OTHER_NAMES = (
    "Minsk Brest Pinsk Moscou Astana Almaty Shanghai Ghana Hanoi Kazakhstan Mongolie Russie "
    "Arménie Chine Inde Iran Pakistan Myanmar Ouganda Kenya Cuba Serbie Turquie Novgorod "
    "Smolensk Stavropol Samara Pskov Orsha Lida Slonim Bobruisk Mozyr Zhlobin Soligorsk"
).split()


@pytest.mark.parametrize("group", RULE_GROUPS, ids=lambda g: g[0])
def test_rule_groups_share_one_key(group: list[str]) -> None:
    keys = {variant_key(w) for w in group}
    assert len(keys) == 1, dict(zip(group, map(variant_key, group), strict=True))
    # Case and accents never matter.
    assert variant_key(group[0].lower()) == variant_key(group[0].upper()) == keys.pop()


def test_ordinary_words_and_other_names_keep_distinct_keys() -> None:
    words = ORDINARY + OTHER_NAMES
    by_key: dict[str, set[str]] = defaultdict(set)
    for w in words:
        by_key[variant_key(w)].add(fold(w))
    # marché/marche are one word folded; everything else must stay apart.
    merged = {k: v for k, v in by_key.items() if len(v) > 1}
    assert merged == {}
    names = {variant_key(w) for g in RULE_GROUPS for w in g}
    assert not names & {variant_key(w) for w in ORDINARY}


def finds(query: str, printed: str) -> bool:
    """Whether the query word ``query`` finds the printed name ``printed`` by its key."""
    return variant_key(query) in index_keys(printed)


@pytest.mark.parametrize("group", RULE_GROUPS, ids=lambda g: g[0])
def test_rule_groups_find_each_other_both_ways(group: list[str]) -> None:
    assert all(finds(a, b) for a in group for b in group)


# A French final e is mute: it stands for nothing, or for the other system's a/o.
MUTE_E = [("Pouchkine", "Pushkin"), ("Prague", "Praha"), ("Caire", "Cairo"),
          ("Ouganda", "Ugande"), ("Nationale", "National"), ("Minske", "Minsk")]
# A final a/o is pronounced: never the same name as the word without it.
PRONOUNCED = [("Atlanta", "Atlant"), ("Santa", "Sant"), ("Bishkeka", "Bishkek"),
              ("Zhaparova", "Japarov"), ("Kazakhstana", "Kazakhstan")]


@pytest.mark.parametrize(("one", "other"), MUTE_E, ids=lambda w: w)
def test_a_final_mute_e_matches_nothing_or_a_vowel_both_ways(one: str, other: str) -> None:
    assert finds(one, other) and finds(other, one)


@pytest.mark.parametrize(("with_vowel", "without"), PRONOUNCED, ids=lambda w: w)
def test_a_final_a_or_o_never_matches_a_name_without_it(with_vowel: str, without: str) -> None:
    assert not finds(with_vowel, without)
    assert variant_key(with_vowel) != variant_key(without)
    # One way only: the shorter word still finds the longer (a reader typing a stem).
    assert finds(without, with_vowel)


def test_index_keys() -> None:
    assert index_keys("Atlant") == ("atlant",) and variant_key("Atlant") == "atlant"
    assert index_keys("Atlanta") == index_keys("Atlante") == ("atlant", "atlanta")
    assert variant_key("Atlanta") == "atlanta" and variant_key("Atlante") == "atlant"
    assert index_keys("Grodno") == index_keys("Hrodna") == ("grodn", "grodna")
    assert index_keys("EAU") == ("EAU",) and index_keys("Lida") == ("lida",)
    assert index_keys("Pérou") == ("peru",)  # only a, e and o are final vowels set apart


def test_short_words_and_numbers_are_only_folded() -> None:
    assert variant_key("Komi") == "komi"
    assert variant_key("2021") == "2021"
    assert variant_key("Qazaqstan") != variant_key("Kazakhstan")  # left to the table


def test_is_name_like() -> None:
    assert is_name_like("Gomel") and is_name_like("Émirats") and is_name_like("BUTB")
    assert not is_name_like("gomel")
    assert not is_name_like("Les") and not is_name_like("Cette")
    assert not is_name_like("VIIIe") and not is_name_like("XVII")


def test_variant_analyzer_keeps_names_at_index_time_and_all_words_at_query_time() -> None:
    analyzer = variant_analyzer()
    text = "Les usines de Homiel et l'oblast de Kostanai."
    indexed = [
        (t.text, t.pos, text[t.startchar : t.endchar])
        for t in analyzer(text, positions=True, chars=True, mode="index")
    ]
    assert indexed == [
        (variant_key("Gomel"), 3, "Homiel"),
        (variant_key("Kostanay"), 7, "Kostanai"),
    ]
    queried = [t.text for t in analyzer("homiel kostanay", mode="query")]
    assert queried == [variant_key("Gomel"), variant_key("Kostanai")]
    # A name ending in a, e or o is indexed under both its keys, at one position and span.
    text = "Atlant et Atlanta, puis Hrodna."
    indexed = [(t.text, t.pos, text[t.startchar : t.endchar])
               for t in analyzer(text, positions=True, chars=True, mode="index")]
    assert indexed == [("atlant", 0, "Atlant"), ("atlant", 2, "Atlanta"),
                       ("atlanta", 2, "Atlanta"), ("grodn", 4, "Hrodna"),
                       ("grodna", 4, "Hrodna")]
    assert [t.text for t in analyzer("atlanta grodno", mode="query")] == ["atlanta", "grodna"]


def test_variant_key_collisions_on_the_books_vocabulary_stay_rare() -> None:
    """Measure the flood: lower-case words of the books whose key hits a different name."""
    words: set[str] = set()
    for source in sorted((REPO_CORPUS / "sources").glob("*.txt")):
        words.update(re.findall(r"[^\W\d_]+", source.read_text(encoding="utf-8")))
    ordinary = {fold(w) for w in words if w[0].islower()}
    names: dict[str, set[str]] = defaultdict(set)
    for w in words:
        if is_name_like(w):
            for key in index_keys(w):
                names[key].add(fold(w))
    hits = {w for w in ordinary if names.get(variant_key(w), set()) - {w}}
    assert len(ordinary) > 5000
    # Measured at 140 of 8433 (1.7 %), most of them inflections (breste/Brest, nationale/National)
    # or true variants from transliterated URLs (minske/Minsk); a rule that floods shows here.
    assert len(hits) / len(ordinary) < 0.03, sorted(hits)[:50]



@settings(max_examples=300, derandomize=True, database=None)
@given(word=st.text(alphabet="adeghijostuyz", max_size=12))
def test_the_rules_rewritten_by_string_methods_rewrite_as_their_expressions(word):
    from searchlib.analysis import variants

    assert variants._BY_STRING_METHODS.keys() <= set(variants.VARIANT_RULES)
    for (pattern, template), rewrite in variants._BY_STRING_METHODS.items():
        assert rewrite(word) == re.sub(pattern, template, word), (pattern, word)


def test_a_rule_left_out_for_a_word_without_its_letters_would_not_have_changed_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """:func:`_rule_key` runs a rule only on a word holding the text every match of it holds,
    a group's replacement as that group, and a rule of letters only as ``str.replace``: on
    every word of the books, the same key as running all the rules' expressions as written."""
    from searchlib.analysis import variants

    words: set[str] = set()
    for source in sorted((REPO_CORPUS / "sources").glob("*.txt")):
        text = source.read_text(encoding="utf-8")
        words.update(fold(w) for w in re.findall(r"[^\W\d_]+", text))
    assert len(words) > 5000
    derive = variants._rule_key.__wrapped__
    skipping = {w: derive(w) for w in sorted(words)}
    # Every rule, with its replacement as written: what the key was before either shortcut.
    monkeypatch.setattr(variants, "_REWRITINGS", tuple(
        ("", partial(re.compile(p).sub, r), None) for p, r in variants.VARIANT_RULES))
    assert {w: derive(w) for w in sorted(words)} == skipping
    assert skipping["mahiliou"] == ("magilev", "") and skipping["tachkent"] == ("tashkent", "")


# --- tables -----------------------------------------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "t.tsv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_table_parsing_accepts_tabs_bars_comments_and_blank_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "# comment\n\nCEI\tCIS | Communauté des États indépendants\n  EAU|Émirats arabes unis  \n",
    )
    synonyms = load_synonyms(path)
    assert isinstance(synonyms, Synonyms) and len(synonyms) == 2
    assert synonyms.expand("cis") == ["CEI", "Communauté des États indépendants"]
    assert synonyms.expand("communaute des etats  INDEPENDANTS") == ["CEI", "CIS"]
    assert synonyms.expand("emirats arabes unis") == ["EAU"]
    assert synonyms.expand("Russie") == []


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("A | B\nCEI\n", 2, "at least two"),
        ("A | B\n\n# c\nCEI | | CIS\n", 4, "empty entry"),
        ("CEI | CIS |\n", 1, "empty entry"),
        ("Émirats | Emirats\n", 1, "at least two"),
        ("CEI | C\x01IS\n", 1, "control character"),
        ("CEI | ...\n", 1, "no letter"),
    ],
)
def test_malformed_lines_raise_with_their_number(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = write(tmp_path, text)
    for loader in (load_synonyms, load_variant_table):
        with pytest.raises(TableError, match=rf"t\.tsv:{line}: .*{message}") as info:
            loader(path)
        assert isinstance(info.value, SearchlibError)


def test_unreadable_table_raises(tmp_path: Path) -> None:
    path = tmp_path / "t.tsv"
    path.write_bytes(b"CEI | \xff\xfe\n")
    with pytest.raises(TableError, match="cannot read"):
        load_synonyms(path)


def test_missing_files_give_empty_tables(tmp_path: Path) -> None:
    variants, synonyms = default_tables(tmp_path)
    assert len(variants) == 0 and len(synonyms) == 0
    assert variants.expand("Gomel") == {"Gomel"}
    assert synonyms.expand("CEI") == []


def test_variant_table_expands_by_transliteration_key(tmp_path: Path) -> None:
    table = load_variant_table(write(tmp_path, "Mogilev | Mahiliou\nOulan-Bator | Ulaanbaatar\n"))
    assert isinstance(table, VariantTable)
    assert table.expand("mahiliou") == {"mahiliou", "Mogilev", "Mahiliou"}
    # Moguilev is not in the table, but has Mogilev's key.
    assert table.expand("Moguilev") == {"Moguilev", "Mogilev", "Mahiliou"}
    assert table.expand("Ulan-Bator") == {"Ulan-Bator", "Oulan-Bator", "Ulaanbaatar"}
    assert table.expand("Minsk") == {"Minsk"}


def test_synonym_spans_find_the_longest_entries_in_a_query() -> None:
    synonyms = Synonyms([("CEI", "Communauté des États indépendants"), ("UE", "Union européenne")])
    words = "commerce entre la communauté des états indépendants et l'UE".split()
    assert synonyms.spans(words) == [(3, 7, ["CEI"]), (8, 9, ["Union européenne"])]


def test_normalize() -> None:
    assert normalize("Zone de libre-échange") == "zone de libre echange"
    assert normalize("l’Asie du Sud-Est") == "asie du sud est"
    assert normalize("aujourd’hui") == "aujourd'hui"


def test_a_single_word_is_normalised_as_any_text() -> None:
    """:func:`normalize` folds a lone plain word directly: on every word of the books, printed
    and in lower case (with apostrophes and hyphens: the general way), the same as that word
    with a space before it, which always takes the general way."""
    from searchlib.analysis.words import WORD_RE

    words: set[str] = set()
    for source in sorted((REPO_CORPUS / "sources").glob("*.txt")):
        words.update(WORD_RE.findall(source.read_text(encoding="utf-8")))
    words |= {w.lower() for w in words}
    assert len(words) > 10_000
    differ = [w for w in sorted(words) if normalize(w) != normalize(" " + w)]
    assert differ == []
    assert normalize("Émirats") == "emirats" and normalize("l'UE") == "ue"


def test_the_repo_tables_load_and_cover_the_issue_examples() -> None:
    variants, synonyms = default_tables(REPO_CORPUS)
    assert {"Mogilev", "Mahiliou"} <= variants.expand("Moguilev")
    assert {"Borisov", "Barysau"} <= variants.expand("Barysau")
    assert {"Kirghizistan", "Kyrgyzstan"} <= variants.expand("kirghizstan")
    assert "Beijing" in variants.expand("Pékin")
    cei = synonyms.expand("CEI")
    assert {"CIS", "Communauté des États indépendants"} <= set(cei)
    assert "Émirats arabes unis" in synonyms.expand("EAU")
    assert {"UEE", "Union économique eurasienne"} <= set(synonyms.expand("EAEU"))
    assert {"CEE", "Eurasian Economic Commission"} <= set(
        synonyms.expand("commission économique eurasienne")
    )
    assert "Bourse universelle des marchandises biélorusse" in synonyms.expand("BUTB")
    for acronym in ("OTSC", "OCS", "BRICS"):
        assert synonyms.expand(acronym), acronym


def test_the_books_spell_the_butb_the_way_the_table_does() -> None:
    """The full names in the table are the ones the books print (found by reading them)."""
    _, synonyms = default_tables(REPO_CORPUS)
    text = " ".join(
        normalize(p.read_text(encoding="utf-8")) for p in (REPO_CORPUS / "sources").glob("*.txt")
    )
    printed = [f for f in synonyms.expand("BUTB") if normalize(f) in text]
    assert len(printed) >= 2, printed
    assert normalize("Communauté des États indépendants") in text


def test_short_acronyms_keep_their_capitals_as_key() -> None:
    assert variant_key("EAU") == "EAU" and variant_key("Eau") == variant_key("eau") == "eau"
    assert variant_key("CEI") == "CEI" and variant_key("cei") == "cei"
    # Longer names printed in capitals keep the ordinary key.
    assert variant_key("UTES") == variant_key("Utyos")
    assert variant_key("KOSTANAI") == variant_key("Kostanay")


def test_real_index_keys_keep_atlanta_apart_from_atlant(real_searcher, real_corpus_dir) -> None:
    """b2 prints the firm Atlant (b2.c10.p007), a note of b1 the city Prague (b1.c02.p011): in
    the real index the query Atlanta's key no longer reaches Atlant; Praha's reaches Prague."""
    from searchlib.search import search

    reader = real_searcher.reader()
    assert ("variants", "atlant") in reader and ("variants", "atlanta") not in reader
    assert ("note_variants", "prag") in reader and ("note_variants", "praga") in reader
    atlanta = search(real_searcher, "Atlanta", corpus_dir=real_corpus_dir, page_len=50)
    assert not [e for e in atlanta.expansions if e["kind"] == "translittération"]
    praha = search(real_searcher, "Praha", corpus_dir=real_corpus_dir, page_len=50)
    assert "b1.c02.p011" in [h.id for h in praha.hits]
    assert [e["form"] for e in praha.expansions if e["kind"] == "translittération"] == ["praga"]


def test_the_scholarly_transliteration_spells_as_english_does() -> None:
    # ISO 9 and Belarusian Latin write one letter where English writes two.
    for scholarly, english in [("Mišustin", "Mishustin"), ("Baranoviči", "Baranovichi"),
                               ("Žlobin", "Zhlobin"), ("Šklov", "Shklov"),
                               ("Golovčenko", "Golovchenko"), ("Ščučin", "Shchuchin")]:
        assert variant_key(scholarly) == variant_key(english), scholarly
        assert index_keys(scholarly) == index_keys(english), scholarly
    # Elsewhere the accents fold as before.
    assert variant_key("Mahilëŭ") == variant_key("Mahileu")
    table = VariantTable([("Baranovichi", "Baranavichy")])
    assert table.expand("Baranoviči") == {"Baranoviči", "Baranovichi", "Baranavichy"}
