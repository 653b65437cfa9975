"""Where the CLI looks for the corpus and the index, said when it does not find them.

``searchlib index`` run from another directory looks for ``./corpus`` there and fails; its hint
"(run: searchlib index)" would fail too. The hint names the ways to point at the project instead.
"""

from __future__ import annotations

from .options import HOME_ENVVAR

LOCATION_HINT = (
    f"searchlib looks in ./corpus and ./index; from another directory set {HOME_ENVVAR} to the "
    "project directory, or pass --corpus DIR / --index DIR (SEARCHLIB_CORPUS, SEARCHLIB_INDEX)"
)


def with_location_hint(message: str) -> str:
    """``message``, followed by :data:`LOCATION_HINT` when it says something was not found."""
    if "(run: searchlib" in message or "manifest not found" in message:
        return f"{message}. {LOCATION_HINT}."
    return message
