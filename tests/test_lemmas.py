"""Word families: a word's family key (its verb, its lemma), the printed words each book's family
holds, and what a typed word finds of them (searchlib.analysis.lemmas)."""

from __future__ import annotations

import pytest

from searchlib.analysis.lemmas import WordFamilies, book_families, derived_verb, family_key


def test_family_keys_join_plurals_and_action_nouns():
    assert family_key("travaux") == family_key("travail") == "travail"
    assert family_key("investissements") == "investir"
    assert family_key("production") == "produire"
    assert family_key("nation") == "nation"  # no verb *ner


def test_family_keys_of_the_other_action_nouns():
    assert family_key("livraisons") == "livrer"
    assert family_key("signature") == "signer"
    assert family_key("fournitures") == "fournir"
    assert family_key("ouverture") == "ouvrir"
    assert family_key("répartition") == "répartir"
    # A verb of another sense: kept apart.
    assert family_key("températures") == "température"
    assert family_key("transition") == "transition"


@pytest.mark.parametrize(("word", "key"), [
    ("conclusion", "conclure"), ("discussions", "discuter"), ("transmission", "transmettre"),
    ("décisions", "décider"), ("adoption", "adopter"), ("contributions", "contribuer"),
    ("intervention", "intervenir"), ("connaissances", "connaître"),
    ("accroissement", "accroître"),  # not -issement's accroir
    # agent nouns: who does it is of the family of what is done
    ("investisseurs", "investir"), ("producteurs", "produire"), ("fournisseur", "fournir"),
    ("importateurs", "importer"), ("indicateur", "indiquer"), ("fabricants", "fabriquer"),
    ("distributeurs", "distribuer"), ("agriculteurs", "agriculture"),
    # a body, not the act; an agent of another trade, a device: left alone
    ("commissions", "commission"), ("institution", "institution"), ("exception", "exception"),
    ("constructeurs", "constructeur"), ("transformateur", "transformateur"),
    ("radiateurs", "radiateur"),
])
def test_family_keys_of_more_action_nouns_and_of_agent_nouns(word, key):
    assert family_key(word) == key


def test_a_word_the_books_never_print_takes_the_family_of_its_term():
    families = book_families(["Les agriculteurs et l'agriculture.",
                              "Les produits ; la production sera produite."])
    # produits shares the term of produite (produire's) without its lemma: it stands alone
    assert families["produits"] == []
    table = WordFamilies([families])
    assert table.key_of("agriculteur") == "agriculture"  # printed only in the plural
    assert table.related("agriculteur") == ["agriculture"]
    assert table.key_of("produits") == "produits" and table.related("produits") == []
    assert table.key_of("produit") is None  # its term is produite's and produits': neither
    assert WordFamilies.from_data(table.to_data()).key_of("agriculteur") == "agriculture"


def test_an_action_noun_the_books_never_print_takes_its_verb_s_family():
    table = WordFamilies([{"réduire": ["réduire", "réduite"],
                           "commettre": ["commettre", "commis"]}])
    assert table.key_of("réduction") == table.key_of("réductions") == "réduire"
    assert table.related("réduction") == ["réduire", "réduite"]
    assert table.key_of("commission") is None  # a body, not the act (NOT_DERIVED)
    assert table.key_of("production") is None  # produire is no family of these books
    assert table.key_of("action") is None  # too short to be derived


def test_families_hold_only_what_snowball_stems_apart():
    families = book_families(["Les travaux et le travail.", "La production va produire.",
                              "Les exportations et exporter."])
    assert families["travail"] == ["travail", "travaux"]
    assert families["produire"] == ["production", "produire"]
    assert "exporter" not in families  # exportation and exporter share a stem


def test_related_words_are_printed_words_of_other_stems():
    table = WordFamilies([{"travail": ["travaux"]}, {"produire": ["production", "productions"]}])
    assert table.related("travaux") == ["travail"]
    assert table.related("Produire") == ["production", "productions"]
    assert table.related("reseaux") == []  # a word the books never print has no family here



def test_the_first_derivation_a_noun_ends_with_makes_its_verb():
    assert derived_verb("modernisation") == "moderniser"  # -isation before -ation
    assert derived_verb("exportation") == "exporter"
    assert derived_verb("température") is None  # a noun the rules must leave alone
    assert derived_verb("tracteur") is None  # no rule's suffix
    assert derived_verb("ation") is None  # too short for its suffix


def test_related_words_of_a_key_already_found_are_the_same():
    table = WordFamilies([{"travail": ["travaux"]}, {"produire": ["production", "productions"]}])
    key = table.key_of("Produire")
    assert key == "produire"
    assert table.related("Produire", key) == table.related("Produire") == ["production",
                                                                           "productions"]


def test_a_family_key_keeps_the_accents_of_the_printed_word():
    families = book_families(["La forme du projet.", "Il a formé des ingénieurs.",
                              "La formation des cadres.", "Elle a exporté ; il exporte."])
    assert families["former"] == ["formation", "formé"]
    assert families["forme"] == []  # a French word of its own: typed, it is not formé
    assert "exporte" not in families  # exporte is exporter's, as exporté is
    table = WordFamilies([families])
    assert table.key_of("forme") == "forme" and table.related("forme") == []
    assert table.key_of("Formé") == "former" and table.related("formé") == ["formation"]


def test_a_word_typed_without_accents_reaches_one_family_only():
    table = WordFamilies([{"opérer": ["opération", "opérations"]},
                          {"pêcher": ["pêche", "pêcheurs"]}, {"pécher": ["péché", "pécheurs"]}])
    assert table.key_of("operation") == "opérer"  # no French word: the accented one meant
    assert table.key_of("pêche") == "pêcher" and table.key_of("péché") == "pécher"
    assert table.key_of("peche") is None  # pêche or péché: neither is guessed


def test_a_family_word_wins_over_the_same_word_alone_in_another_book():
    table = WordFamilies([{"continue": []}, {"continu": ["continue", "continus"]}])
    assert table.key_of("continue") == "continu"
    assert table.linked_words() == {"continu", "continue", "continus"}


def test_an_inflected_participle_takes_its_verb_s_family():
    # simplemma gives signés and signée the masculine signé, whose own lemma is signer.
    for word in ("signés", "signée", "signées", "signé"):
        assert family_key(word) == "signer", word
    assert family_key("investis") == "investir"
    assert family_key("menées") == "mener"
    # Not a word the stem overrides part from its verb (données: data), nor a noun that is a
    # participle's twin (les faits: facts), nor a noun whose lemma is a verb of another sense.
    assert family_key("données") == "donnée"
    assert family_key("faits") == "fait"
    assert family_key("montres") == "montre"
    assert family_key("traités") == "traité"
