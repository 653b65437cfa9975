"""Words whose Snowball stem they would share with words of another meaning, given a stem of
their own (as Lucene's ``StemmerOverrideFilter``).

Snowball's French stemmer strips suffixes by rule, and in these books some rules join words a
researcher keeps apart: ``importations`` and ``important`` are both ``import``, ``environnement``
and ``environ`` (about) both ``environ``, ``série`` and ``sera`` both ``ser``, ``productivité``
and ``production`` both ``product``. Each line here was found by listing the stems the books'
words share across word families (``lemmas.family_key``) and reading them; the words of the
smaller meaning get their own stem, their inflections with them, so a query for either finds
only its own (``importations`` found 191 passages, 87 of which print only ``important`` or
``importance``). Keys are folded words, as :class:`~searchlib.analysis.french.FrenchStemFilter`
stems them; a word here is stemmed so at build and at query time alike.

Related words the stemmer joins are left joined (``efficace``, ``efficacité``; ``compétitif``,
``compétitivité``): only words of unrelated meanings are parted.
"""

from __future__ import annotations

__all__ = ["STEM_OVERRIDES"]

#: Each stem of its own → the folded words that take it.
_GROUPS: dict[str, tuple[str, ...]] = {
    # important, importance: not the imports (importations, importer: "import")
    "important": ("important", "importants", "importante", "importantes", "importance",
                  "importances"),
    # the environment: not "environ" (about), which most of their 100 occurrences are
    "environnement": ("environnement", "environnements"),
    # a series: not "sera" (will be), Snowball's "ser" too
    "serie": ("serie", "series"),
    # notamment (in particular): not note, noter
    "notamment": ("notamment",),
    # a position: not positif, positive
    "position": ("position", "positions"),
    # a mechanism: not mécanique (engineering)
    "mecanisme": ("mecanisme", "mecanismes"),
    # communication joins communiquer ("communiqu"), not commune, commun, communiste ("commun")
    "communiqu": ("communication", "communications"),
    # productivity: not production (produire) nor the English "products"
    "productivit": ("productivite", "productivites"),
    # data: not donner (to give)
    "donnee": ("donnee", "donnees"),
    # a direction (and a management): not direct, directs (investissements directs)
    "direction": ("direction", "directions"),
    # the specialists: not spécial, spécialement
    "specialist": ("specialiste", "specialistes"),
    # a design: not concept
    "conception": ("conception", "conceptions"),
    # the trade's format: not formation (training), Snowball's "format" too
    "formation": ("formation", "formations"),
    # partir (mostly "à partir de", from): not partie, parties (the parties to an agreement)
    "partir": ("partir",),
    # a part, the parties (to an agreement): not a share, "part de marché" (Snowball's "part")
    "partie": ("partie", "parties"),
    # porter (to carry) and its forms: not a port, ports (Snowball's "port" for all)
    "porter": ("porter", "porte", "portes", "portee", "portees", "portant", "portent", "portait",
               "portaient", "portera", "porteront", "porterait"),
    # insurance: not assurer (to ensure)
    "assurance": ("assurance", "assurances"),
    # a publication: not publique (public)
    "publication": ("publication", "publications"),
}

#: Folded word → its stem, overriding Snowball's.
STEM_OVERRIDES: dict[str, str] = {
    word: stem for stem, words in _GROUPS.items() for word in words}
