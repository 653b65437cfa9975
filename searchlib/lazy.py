"""Public names of a package imported on first use (a module ``__getattr__``, PEP 562).

``import searchlib`` and ``import searchlib.index`` must not load Whoosh, numpy or a reader's
dependencies (``searchlib --help`` stays quick), yet both packages offer their public names at
the top. Each keeps a table of name → defining module and takes its ``__getattr__`` from here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_getattr(package: str, where: Mapping[str, str]) -> Callable[[str], Any]:
    """The module ``__getattr__`` of ``package``: a name of ``where`` (name → module, relative
    to ``package``) is imported from its module on first use; any other name is an
    ``AttributeError``, as for an ordinary module."""

    def __getattr__(name: str) -> Any:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(where[name], package), name)

    return __getattr__
