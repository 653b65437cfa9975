"""The query parser: simple syntax parsed here, advanced syntax through Whoosh, never a crash."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from search_fixtures import build_tiny_index

from searchlib.analysis.corpus_tables import CorpusTables
from searchlib.analysis.demonyms import DemonymTable
from searchlib.analysis.tables import VariantTable
from searchlib.search import query
from searchlib.search.expand import Expander
from searchlib.search.place_kinds import place_of
from searchlib.search.query import clean, filter_query, operators, parse


@pytest.fixture(scope="module")
def expander(tmp_path_factory):
    ix = build_tiny_index(tmp_path_factory.mktemp("ix"))
    return Expander(ix.schema)


@pytest.fixture(scope="module")
def place_expander(tmp_path_factory):
    ix = build_tiny_index(tmp_path_factory.mktemp("places"))
    tables = CorpusTables(
        variants=VariantTable([("Gomel", "Homiel"), ("République de Corée", "Corée du Sud")]),
        demonyms=DemonymTable([("Kazakhstan", "kazakh")]))
    return Expander(ix.schema, tables=tables)


def test_a_place_kind_beside_a_place_name_is_not_required(place_expander):
    assert parse("région de Gomel", place_expander).display == "Gomel (de préférence région)"
    parsed = parse("République du Kazakhstan exportations", place_expander)
    assert parsed.display == "Kazakhstan AND exportations (de préférence République)"
    # Nothing found with the name: the OR of every word, the kind included.
    assert parsed.fallback is not None and len(parsed.fallback.subqueries) == 3


def test_a_place_kind_is_a_word_like_any_other_elsewhere(place_expander):
    assert parse("projet district", place_expander).display == "projet AND district"
    # An adjective is no place's name: 'régions kazakhes' are not every passage on Kazakhstan.
    assert parse("régions kazakhes", place_expander).display == "régions AND kazakhes"
    assert parse("région", place_expander).display == "région"
    # A long question keeps each word's weight in counting.
    assert parse("ville de Gomel usines tracteurs exportations",
                 place_expander).display.startswith("4 sur 5")


def test_a_states_official_name_is_its_place(place_expander):
    # Beside a kind, the qualifiers of a state's name are as optional as the kind.
    assert (parse("République islamique du Kazakhstan", place_expander).display
            == "Kazakhstan (de préférence (République OR islamique))")
    assert (parse("Fédération de Gomel", place_expander).display
            == "Gomel (de préférence Fédération)")
    # Without a kind, a qualifier is a word like any other.
    assert parse("Kazakhstan islamique", place_expander).display == "Kazakhstan AND islamique"
    assert parse("République populaire", place_expander).display == "République AND populaire"


def test_a_name_holding_a_place_kind_stays_one_clause(place_expander):
    assert "préférence" not in parse("République de Corée", place_expander).display


def test_a_question_keeps_its_verb_without_the_inverted_subject(expander):
    # vend-il is vend; a-t-il and est-ce are stop words; a lone question mark is no word
    assert parse("Le Belarus vend-il des tracteurs ?", expander).display == (
        "2 sur 3 (Belarus, vend, tracteurs)")
    assert parse("Y a-t-il des tracteurs à Kostanay ?", expander).display == (
        "tracteurs AND Kostanay")
    assert parse("Est-ce que Kostanay exporte ?", expander).display == "Kostanay AND exporte"
    # a hyphenated name ending otherwise keeps its parts
    assert parse("Ust-Kamenogorsk", expander).display == "Ust-Kamenogorsk"
    assert parse("?", expander).query is None


def test_clean_strips_control_characters_and_unbalanced_quote():
    text, notes = clean('Kostanay\x00 \x1b"tracteurs')
    assert text == "Kostanay tracteurs"
    assert notes == ["Un guillemet sans son pendant a été ignoré."]


def test_clean_cuts_very_long_input_on_a_word_boundary():
    text, notes = clean("mot " * 1000, max_chars=50)
    assert len(text) <= 50 and text.endswith("mot")
    assert "coupée" in notes[0]


def test_french_quotes_make_a_phrase(expander):
    parsed = parse("« chambre de commerce »", expander)
    assert parsed.display == '"chambre de commerce"'


def test_plain_words_are_anded_with_an_or_fallback(expander):
    parsed = parse("Kostanay tracteurs", expander)
    assert parsed.display == "Kostanay AND tracteurs"
    assert parsed.fallback is not None
    assert parsed.words == ["Kostanay", "tracteurs"]


def test_minus_prefix_fuzzy_and_filters(expander):
    parsed = parse("kosta* tracteur~2 -lait book:b1 chapter:01", expander)
    assert parsed.display == "kosta* AND tracteur~2 AND book:b1 AND chapter:1 AND NOT lait"


def test_advanced_syntax_goes_through_whoosh(expander):
    parsed = parse("(Gomel OR Homiel) AND NOT lait", expander)
    assert parsed.display == "(Gomel OR Homiel) AND NOT lait"
    assert parsed.message is None


def test_a_hyphen_inside_a_word_is_no_operator_in_the_advanced_syntax(expander):
    # Whoosh's parser took it for a NOT: libre OR Minsk, without échange.
    assert parse("libre-échange OR Minsk", expander).display == "(libre-échange OR Minsk)"
    assert parse("(Kostanay OR agro-industriel) -lait", expander).display == \
        "(Kostanay OR agro-industriel) AND NOT lait"
    # A sign where a word starts is still one.
    assert parse("Gomel OR -lait", expander).display == "Gomel AND NOT lait"
    assert parse("(Gomel -lait) OR Brest", expander).display == "(Gomel AND NOT lait OR Brest)"


def test_unknown_field_is_searched_as_text(expander):
    assert parse("foo:bar", expander).display == "foo:bar"


@pytest.mark.parametrize(
    "text", ["", "   ", "OR", "AND", "NOT", "-", '"', '""', "(", ")", "((a", "*", "~", "de la",
             "-lait", "a:b:c", "^2", "x" * 5000, "\x00\x01", 'OR "de" NOT ('],
)
def test_malformed_input_never_raises_and_explains(expander, text):
    parsed = parse(text, expander)
    if parsed.query is None:
        assert parsed.message


def test_stop_words_only_say_so(expander):
    parsed = parse("de la", expander)
    assert parsed.query is None
    assert "mots trop courants" in parsed.message


def test_chapter_facet_value_filters_book_and_chapter():
    q = filter_query("chapter", "b1:03")
    assert q.display == "chapter:b1:03"
    assert filter_query("colour", "red") is None


@pytest.mark.parametrize(("with_not", "with_minus"), [
    ("tracteurs NOT Minsk", "tracteurs -Minsk"),
    ("NOT Minsk tracteurs", "-Minsk tracteurs"),
    ("Kostanay NOT lait NOT vache", "Kostanay -lait -vache"),
    ("Kostanay tracteurs NOT lait", "Kostanay tracteurs -lait"),
])
def test_not_builds_the_same_query_as_minus(expander, with_not, with_minus):
    a, b = parse(with_not, expander), parse(with_minus, expander)
    assert a.query == b.query
    assert a.display == b.display


#: The parts operators() splits a query into: each phrase with the signs glued to it, every
#: other run of non-blanks (found by string methods, :func:`query._parts`).
PARTS = re.compile(r'[^\s"]*"[^"]*"[^\s"]*|\S+')


@pytest.mark.parametrize("blank", [" ", "\t", "\n", "\xa0", "\u2003", "\u3000", "\x1c", "\x85"])
def test_a_query_without_quotes_splits_at_every_blank_as_one_with_them(blank):
    # Without a quote, operators() splits at the blanks (str.split): the same parts.
    text = f"minsk{blank}or{blank}{blank}Brest{blank}and"
    assert PARTS.findall(text) == text.split() == query._parts(text)
    assert operators(text) == ("minsk OR Brest",
                               ["L'opérateur « AND » en fin de requête a été ignoré."])
    assert operators(f'"la crise"{blank}or{blank}minsk') == ('"la crise" OR minsk', [])


@pytest.mark.parametrize(("words", "place"), [
    (["République", "populaire", "de", "Chine"], "Chine"),
    (["région", "de", "Kostanay"], "Kostanay"),
    (["République", "populaire"], None),  # no place
    (["populaire", "de", "Chine"], None),  # a qualifier alone says no kind
    (["région", "de", "Kostanay", "tracteurs"], None),  # another word
    (["Union", "populaire", "Chine"], None),  # Union is no place kind
])
def test_the_place_of_a_state_s_official_name(words, place):
    assert place_of(words, lambda w: w in ("Chine", "Kostanay"), lambda w: w == "de") == place


@settings(max_examples=400, derandomize=True, database=None)
@given(text=st.text(alphabet='ab"-\u00e9 \t\xa0\u3000', max_size=16))
def test_a_query_with_quotes_splits_as_the_expression_does(text):
    assert query._parts(text) == PARTS.findall(text)


_PRONOUN_EXPRESSION = re.compile(
    r"(?<=\w)(?:-t)?-(?:il|elle|on|ils|elles|ce|je|tu|nous|vous)$", re.IGNORECASE)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(["-", "t", "T", "-t", "-T", "il", "IL", "Elles", "nous", "ce",
                                 "vend", "a", "é", "ı", "ſ", "_", "2", "!", "ıl", "onS", "x"]),
                max_size=6).map("".join))
def test_the_inverted_subject_goes_as_its_expression_removes_it(word):
    assert query._without_inverted_subject(word) == _PRONOUN_EXPRESSION.sub("", word)


def test_the_inverted_subject_and_its_t_go_after_a_letter_only():
    without = query._without_inverted_subject
    assert without("vend-il") == "vend" and without("A-T-ON") == "A" and without("est-ce") == "est"
    assert without("Oulan-Bator") == "Oulan-Bator" and without("-t-il") == "-t"
    assert without("!-il") == "!-il" and without("x!-t-elle") == "x!-t"
