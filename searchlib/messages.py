"""What a search tells its reader, in the language of each audience: French on the web, English
at the terminal.

The search writes its messages in French (:mod:`searchlib.search.query`, the fallback of
:mod:`searchlib.search`), the language of the books and of the web UI. The command line speaks
English: :func:`english` turns each French message of this catalogue into its English twin, and
leaves any other text as it is. The catalogue is the one list of the search's messages; a test
checks that every message the search produces is in it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

#: (French, English) per message; ``{n}`` stands for a number, ``{op}`` for an operator.
CATALOGUE: dict[str, tuple[str, str]] = {
    "truncated": ("La requête a été coupée à ses {n} premiers caractères.",
                  "The query was cut to its first {n} characters."),
    "unbalanced_quote": ("Un guillemet sans son pendant a été ignoré.",
                         "A quote without its pair was ignored."),
    "only_excluded": ("Uniquement des mots exclus : il faut au moins un mot à chercher.",
                      "Only excluded words: at least one word to search for is needed."),
    "nothing": ("La requête ne contient rien à chercher.", "The query has nothing to search for."),
    "empty": ("Tapez un ou plusieurs mots à chercher.", "Type one or more words to search for."),
    "not_understood": ("La syntaxe de la requête n'a pas été comprise ; ses mots ont été "
                       "cherchés.", "The query's syntax was not understood; its words were "
                       "searched for."),
    "stopwords": ("Uniquement des mots trop courants : rien à chercher.",
                  "Only very common words: nothing to search for."),
    "dangling_end": ("L'opérateur « {op} » en fin de requête a été ignoré.",
                     "The operator '{op}' at the end of the query was ignored."),
    "dangling": ("L'opérateur « {op} » n'a rien à relier : il a été ignoré.",
                 "The operator '{op}' had nothing to join and was ignored."),
    "budget_spent": ("La requête demandait trop de calcul : seuls ses premiers termes ont été "
                     "pris en compte ; simplifiez-la (moins de mots, de ~ et de *).",
                     "The query asked for too much work: only its first terms were used; "
                     "simplify it (fewer words, ~ and *)."),
    "budget_busy": ("Le serveur traite déjà une requête coûteuse : seuls les premiers termes de "
                    "celle-ci ont été pris en compte ; réessayez, ou simplifiez-la.",
                    "The server is already running a costly query: only this one's first "
                    "terms were used; try again, or simplify it."),
    "corrected": ("Aucun passage ne contient les mots tapés : voici ceux de la requête corrigée.",
                  "No passage has the words typed: here are those of the corrected query."),
    "apart": ("Aucun passage ne contient ces mots liés par un tiret : voici ceux qui les "
              "contiennent.", "No passage has these words joined by a dash: here are those "
              "holding them."),
    "fallback": ("Aucun passage ne contient tous les mots ; voici ceux qui en contiennent au "
                 "moins un.", "No passage has all the words; here are those with at least one."),
}


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    patterns = []
    for french, english_text in CATALOGUE.values():
        regex = (re.escape(french).replace(re.escape("{n}"), r"(?P<n>\d+)")
                 .replace(re.escape("{op}"), r"(?P<op>[A-Z]+)"))
        patterns.append((re.compile(regex), english_text))
    return patterns


def english(message: str | None) -> str | None:
    """``message`` with each French message of the catalogue in English (others unchanged)."""
    if not message:
        return message
    for pattern, english_text in _patterns():
        message = pattern.sub(_replacement(english_text), message)
    return message


def _replacement(template: str) -> Callable[[re.Match[str]], str]:
    return lambda match: template.format(**match.groupdict())


def unknown_french(message: str | None) -> str:
    """What is left of ``message`` once the catalogue's messages are taken out (for tests)."""
    left = message or ""
    for pattern, _ in _patterns():
        left = pattern.sub("", left)
    return left.strip()
