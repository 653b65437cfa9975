"""Bulk work run with Python's cyclic garbage collector paused.

A build allocates hundreds of thousands of tuples and lists that live to its end (the books, the
analysis's memory of words, the segment's postings), and each collection their allocation
triggers walks them all again: about a tenth of a build's CPU. A build makes next to no
reference cycles; the few it makes are collected once the collector is back.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ParamSpec, TypeVar

    _P = ParamSpec("_P")
    _R = TypeVar("_R")

__all__ = ["collector_paused"]


def collector_paused(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """``function``, run with the cyclic garbage collector paused (and resumed after it, if it
    was running: a call inside another paused one leaves it paused)."""
    @functools.wraps(function)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()
    return paused
