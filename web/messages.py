"""The search library's notes to the reader, in the French of the web pages.

:mod:`searchlib.search` explains what it did to a query (an AND that fell back to OR, a quote it
ignored) in English, for the CLI and the JSON twins. The HTML pages are French, so the known
sentences are translated here; a sentence not known yet is shown as the library wrote it.
"""

from __future__ import annotations

import re

_SENTENCES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"No passage contains all the words; showing passages with any of them\."),
     "Aucun passage ne contient tous les mots ; voici ceux qui en contiennent au moins un."),
    (re.compile(r"The query was cut to its first (\d+) characters\."),
     r"La requête a été coupée à ses \1 premiers caractères."),
    (re.compile(r"An unbalanced quote was ignored\."),
     "Un guillemet sans son pendant a été ignoré."),
    (re.compile(r"Only excluded words: a query needs a word to look for\."),
     "Uniquement des mots exclus : il faut au moins un mot à chercher."),
    (re.compile(r"The query has nothing to look for\."),
     "La requête ne contient rien à chercher."),
    (re.compile(r"The query syntax could not be understood; its words were searched\."),
     "La syntaxe de la requête n'a pas été comprise ; ses mots ont été cherchés."),
    (re.compile(r"Only common words: nothing to look for\."),
     "Uniquement des mots trop courants : rien à chercher."),
]


def french_message(message: str | None) -> str | None:
    """``message`` with every sentence the search library writes put into French."""
    if not message:
        return message
    for pattern, french in _SENTENCES:
        message = pattern.sub(french, message)
    return message
