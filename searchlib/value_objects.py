"""Plain classes that compare and print by their fields, as dataclasses do, for what a search
creates as it loads.

Creating a dataclass generates and compiles its methods from source text (with ``from __future__
import annotations``, its fields' types are strings too): 0.7 to 1.7 ms each, and ``dataclasses``
itself 1 ms to import, in every new process. The classes a search loads (its results, its
highlighter, the settings) write their ``__init__`` and list their fields in ``_fields``;
:class:`ValueObject` gives them a dataclass's ``__repr__`` and ``__eq__`` over those fields.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar


class ValueObject:
    """``__repr__`` and ``__eq__`` over the fields named in ``_fields``, as ``@dataclass``
    writes them; unhashable (Python's rule for a class defining ``__eq__`` alone), as a dataclass
    that compares and is not frozen."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in self._fields])

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({shown})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()  # type: ignore[attr-defined]
        return NotImplemented
