"""Each expansion table's plain-data form (``to_data``/``from_data``), on literal fixtures: the data
is dicts, lists, str and int only, survives MessagePack as a build stores it, and restores a table
equal to the derived one (its lookups included) without deriving them again."""

from __future__ import annotations

from typing import Any

import msgpack
import pytest

from searchlib.analysis import acronym_table, demonyms, lemmas, places, tables
from searchlib.analysis.acronym_table import AcronymTable
from searchlib.analysis.compounds import CompoundTable
from searchlib.analysis.corpus_tables import CorpusTables
from searchlib.analysis.demonyms import DemonymTable
from searchlib.analysis.lemmas import WordFamilies
from searchlib.analysis.places import PlaceTable
from searchlib.analysis.tables import VariantTable
from searchlib.model import Acronym, Place

VARIANTS = [("Mogilev", "Mahiliou", "Moguilev"), ("Pékin", "Beijing"),
            ("Kostanay", "Qostanaï", "Koustanaï")]
CURATED = [("EAU", "UAE", "Émirats arabes unis"), ("[b1] EAU", "Union économique eurasienne")]
FOUND = {"b1": [Acronym("KBR", "République de Kabardino-Balkarie", ["b1.c05.p008"])],
         "b2": [Acronym("EAU", "Émirats arabes unis", ["b2.c06.p009"])]}
PLACES = [Place("Moscow", 524901, "RU", ["Moscou"], ["Moskva", "Moscow"]),
          Place("Brest", 629634, "BY", ["Brest"], ["Brest-Litovsk", "Berestja"]),
          Place("Moscow", 524901, "RU", ["Moscou", "Moskou"], ["Moskva"])]  # named by two books
FAMILIES = [{"travail": ["travaux"]}, {"produire": ["production", "productions"],
                                       "travail": ["travaux", "travails"]}]
COMPOUNDS = [{"agroindustriel": ["agro-industriel", "agro industriel"]},
             {"agroindustriel": ["agroindustriel"], "hautniveau": ["haut niveau"]}]


def _stored(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` written and read back as :mod:`searchlib.index.expansion` does."""
    return msgpack.unpackb(msgpack.packb(data, use_bin_type=True), raw=False,
                           strict_map_key=False)


def _plain(value: object) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str | int) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, str | int)


def _state(table: object) -> dict[str, Any]:
    return {k: v for k, v in vars(table).items() if not callable(v)}


def _round_trip(table: Any) -> Any:
    data = table.to_data()
    assert _plain(data)
    restored = type(table).from_data(_stored(data))
    assert _state(restored) == _state(table)
    assert restored.to_data() == data
    return restored


def _no_derivation(monkeypatch: pytest.MonkeyPatch, module: Any, *names: str) -> None:
    """Make the costly derivation functions of ``module`` fail: ``from_data`` must not call them."""
    def fail(*_args: object) -> str:
        raise AssertionError("derived again")

    for name in names:
        monkeypatch.setattr(module, name, fail)


def test_a_variant_table_round_trips_without_transliterating_again(monkeypatch):
    table = VariantTable(VARIANTS)
    data = table.to_data()
    _no_derivation(monkeypatch, tables, "variant_key", "normalize")
    restored = VariantTable.from_data(_stored(data))
    assert _state(restored) == _state(table)
    assert restored.groups[1] == ("Pékin", "Beijing")  # tuples again, as derived
    assert restored.by_key == table.by_key
    monkeypatch.undo()
    assert restored.expand("Moguilev") == table.expand("Moguilev") == set(VARIANTS[0])


def test_an_acronym_table_round_trips_per_book_meanings_and_heads(monkeypatch):
    table = AcronymTable(CURATED, FOUND)
    data = table.to_data()
    _no_derivation(monkeypatch, acronym_table, "normalize", "distinctive_head", "split_scope")
    restored = AcronymTable.from_data(_stored(data))
    monkeypatch.undo()
    assert _state(restored) == _state(table)
    for text in ("EAU", "Émirats arabes unis", "KBR", "Union économique eurasienne"):
        assert restored.expand(text) == table.expand(text)
    assert {a.form for a in restored.expand("KBR")} >= {"Kabardino-Balkarie"}
    empty = _round_trip(AcronymTable([]))
    assert len(empty) == 0 and empty.max_words == 0


def test_a_place_table_round_trips_with_geonames_ids_as_int_keys(monkeypatch):
    table = PlaceTable(PLACES)
    data = table.to_data()
    assert set(data["names"]) == {524901, 629634}
    _no_derivation(monkeypatch, places, "variant_key", "name_key")
    restored = PlaceTable.from_data(_stored(data))
    monkeypatch.undo()
    assert _state(restored) == _state(table)
    assert restored.printed[524901] == {"Moscou", "Moskou"}
    for text in ("Moskva", "Berestja", "Brest-Litovsk", "Moscou"):
        assert restored.expand(text) == table.expand(text)
    assert restored.expand("Moskva") == [("Moscou", "Moscow"), ("Moskou", "Moscow")]


def test_word_families_round_trip_with_the_default_stemmer(monkeypatch):
    table = WordFamilies(FAMILIES)
    data = table.to_data()
    _no_derivation(monkeypatch, lemmas, "fold")
    restored = WordFamilies.from_data(_stored(data))
    monkeypatch.undo()
    assert _state(restored) == _state(table)
    assert restored.members["travail"] == {"travail", "travaux", "travails"}
    assert restored.related("travaux") == table.related("travaux") == ["travail", "travails"]
    assert restored.related("Produire") == ["production", "productions"]
    restored.members["inconnu"].add("x")  # still a defaultdict, as derived
    assert restored.related("reseaux") == []


def test_restored_families_compare_stored_stems_instead_of_stemming_each_member():
    stemmed: list[str] = []

    def stem(word: str) -> str:
        stemmed.append(word)
        return lemmas.FrenchStemFilter().stem(word)

    data = _stored(WordFamilies(FAMILIES).to_data())
    assert data["stems"]["travail"] == {"travail": "travail", "travails": "travail",
                                        "travaux": "traval"}
    restored = WordFamilies.from_data(data, stem)
    assert restored.related("travaux") == ["travail", "travails"]
    assert stemmed == ["travaux"]  # the word typed only, not the members of its family


def test_a_restored_acronym_table_normalises_the_text_asked_only(monkeypatch):
    restored = AcronymTable.from_data(_stored(AcronymTable(CURATED, FOUND).to_data()))
    normalised: list[str] = []

    def normalize(text: str) -> str:
        normalised.append(text)
        return tables.normalize(text)

    monkeypatch.setattr(acronym_table, "normalize", normalize)
    assert {a.form for a in restored.expand("KBR")} == {"République de Kabardino-Balkarie",
                                                       "Kabardino-Balkarie"}
    assert normalised == ["KBR"]


def test_a_demonym_table_round_trips_without_inflecting_or_normalising_again(monkeypatch):
    table = DemonymTable([("Kazakhstan", "kazakh", "kazakhstanais"), ("Turquie", "turc")])
    data = table.to_data()
    _no_derivation(monkeypatch, demonyms, "normalize", "inflections")
    restored = DemonymTable.from_data(_stored(data))
    monkeypatch.undo()
    assert _state(restored) == _state(table)
    assert restored.to_data() == data
    assert restored.countries("kazakhes") == ["Kazakhstan"]
    assert restored.adjectives("Turquie") == table.adjectives("Turquie") == ["turc", "turque"]


def test_a_compound_table_round_trips_both_directions():
    table = CompoundTable(COMPOUNDS)
    restored = _round_trip(table)
    assert restored.joined("agro", "industriel") == ["agro-industriel", "agroindustriel"]
    assert restored.joined("agro", "industriel") == table.joined("agro", "industriel")
    assert restored.split("agroindustriel") == ["agro industriel"]
    assert restored.split("hautniveau") == ["haut niveau"]
    assert len(_round_trip(CompoundTable())) == 0


def test_corpus_tables_round_trip_together():
    corpus = CorpusTables(variants=VariantTable(VARIANTS), acronyms=AcronymTable(CURATED, FOUND),
                          places=PlaceTable(PLACES), families=WordFamilies(FAMILIES),
                          compounds=CompoundTable(COMPOUNDS), books=["b1", "b2"])
    data = corpus.to_data()
    assert _plain(data)
    restored = CorpusTables.from_data(_stored(data))
    assert restored.books == ["b1", "b2"]
    for name in ("variants", "acronyms", "places", "families", "compounds"):
        assert _state(getattr(restored, name)) == _state(getattr(corpus, name)), name
    assert _state(CorpusTables.from_data(_stored(CorpusTables().to_data())).places) == _state(
        CorpusTables().places)


def test_data_of_another_shape_is_refused():
    data = _stored(CorpusTables(variants=VariantTable(VARIANTS)).to_data())
    del data["places"]["by_key"]
    with pytest.raises(KeyError):
        CorpusTables.from_data(data)
    with pytest.raises(TypeError):
        VariantTable.from_data({"groups": 3, "by_key": {}})


#: Texts a query may ask the tables about: spellings, acronyms, full names, adjectives, countries,
#: cities, in other cases and without accents, and words no table holds.
PROBES = ["Mogilev", "mahiliou", "Moguilev", "Mahilioŭ", "Pekin", "Beijing", "Kostanai", "EAU",
          "eau", "UAE", "Émirats arabes unis", "emirats arabes unis", "Union économique eurasienne",
          "KBR", "Kabardino-Balkarie", "Moskva", "moskva", "Moscou", "Brest", "Berestja",
          "Kazakhstan", "kazakhes", "Kazakh", "ukrainiennes", "Ukraine", "travaux", "Paris",
          "Minsk", "tracteurs", "", "de", "arabes unis"]


def test_a_table_that_does_not_know_a_text_gives_nothing_for_it():
    # knows() is the expander's first question to each table: False must mean an empty answer
    # (True may still give nothing: a city whose every printed form is the text asked).
    variant = VariantTable(VARIANTS)
    acronym = AcronymTable(CURATED, FOUND)
    place = PlaceTable(PLACES)
    demonym = DemonymTable([("Kazakhstan", "kazakh", "kazakhstanais"), ("Ukraine", "ukrainien")])
    for table in (variant, acronym, place, demonym):
        for restored in (table, _round_trip(table)):
            for text in PROBES:
                if restored is demonym or isinstance(restored, DemonymTable):
                    answer: Any = restored.countries(text) or restored.adjectives(text)
                elif isinstance(restored, VariantTable):
                    answer = restored.expand(text) - {text}
                else:
                    answer = restored.expand(text)
                assert restored.knows(text) or not answer, (type(table).__name__, text)
    unknown = ["Paris", "Minsk", "tracteurs", "", "de", "moskvaa", "arabes unis"]
    for table in (variant, acronym, place, demonym):
        assert not any(table.knows(text) for text in unknown)
    assert place.knows("Brest") and not place.expand("Brest")  # a city, printed only so
    assert variant.knows("Mahilioŭ") and acronym.knows("eau") and not acronym.knows("de")
    assert place.knows("Moskva") and not place.knows("moskvaa") and demonym.knows("kazakhes")
