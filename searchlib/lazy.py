"""What a module binds at import but loads on first use: public names, loggers.

``import searchlib`` and ``import searchlib.index`` must not load Whoosh, numpy or a reader's
dependencies (``searchlib --help`` stays quick), yet both packages offer their public names at
the top. Each keeps a table of name → defining module and takes its ``__getattr__`` from here.

The read path's modules log only when something goes wrong (a damaged table set aside, a query
that cannot be parsed), yet ``logging.getLogger`` at import loaded :mod:`logging` (with
``traceback``, ``string`` and ``threading``'s conditions) into every search process: about 5 ms
of a new process's 0.2 s to its first answer. Their ``log`` comes from :func:`lazy_logger`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping

TYPE_CHECKING = False
if TYPE_CHECKING:
    import logging
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


class _LazyLogger:
    """Stands for ``logging.getLogger(name)``: each attribute comes from the real logger, which
    is created (and :mod:`logging` imported) on first use."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __getattr__(self, attribute: str) -> Any:
        import logging

        # The real logger's bound method: the record it makes names the caller's function and
        # line, as if the module had called ``logging.getLogger`` itself.
        return getattr(logging.getLogger(self.name), attribute)

    def __repr__(self) -> str:
        return f"<lazy logger {self.name}>"


def lazy_logger(name: str) -> logging.Logger:
    """``logging.getLogger(name)`` on first use: the module's ``log``, for a module that logs
    only when something goes wrong (levels, handlers and ``caplog`` see the real logger)."""
    logger: logging.Logger = _LazyLogger(name)  # type: ignore[assignment]
    return logger
