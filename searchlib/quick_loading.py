"""Quicker stand-ins for functions numpy and Whoosh run while they load, with the same results.

numpy documents its C functions and types as it loads: ``numpy._core._add_newdocs`` (and
``_add_newdocs_scalars``) hand some 370 docstrings (8,700 lines) to :func:`inspect.cleandoc`,
which walks them line by line in Python (8 ms of a new process's CPU), and first pass 53 of them
through :func:`textwrap.dedent`, which alone imports :mod:`textwrap` (2.5 ms: it compiles its
word-splitting expressions); it checks the signature of 200 functions' ``__array_function__``
dispatchers (3 ms, most of it building named tuples). Whoosh (its English stemmer, its Sphinx
charset parser, its URL filter) and numpy (its dtype-string and poly1d parsers) compile 24
regular expressions as they load (5 ms) that a search never runs.

:func:`cleandoc` and :func:`dedent` give the originals' text by whole-text string operations
(4 ms for numpy's docstrings), for text whose only blanks are spaces, tabs and line feeds
(every docstring of numpy's); any other text goes to the original function.
:func:`verify_matching_signatures` passes what numpy's passes (1 ms) and hands anything else to
numpy's, which raises its error.
:func:`lazy_compile` is :func:`re.compile` compiling on the pattern's first use; searchlib's
own expressions that only a build runs use it too (1 ms: reading the table files, the books'
name pairs and word families).
:data:`NamedTuple` is the base class of searchlib's own named tuples: it makes them as
``typing.NamedTuple`` does, without importing :mod:`typing` (3 ms: the modules a search loads
name typing's types in annotations only, which ``from __future__ import annotations`` leaves
strings), nor compiling each field's annotation into a forward reference (3 ms for the nine a
search loads): the annotations stay the strings the module wrote, as a dataclass's do; nor the
source of each one's ``__new__``, which :func:`collections.namedtuple` compiles (0.8 ms more):
the same function comes from a template compiled with this module.
:data:`COMPILER_FLAG_NAMES` and :class:`NodeVisitor` are what inspect takes from dis and ast as
it loads, so that the stand-ins of those two hold them (a search loads neither: 5 ms).
:mod:`searchlib.deferred_imports` puts them in place while those modules load, in the thread
loading them, and only then: every other caller, before and after, runs the originals.
"""

from __future__ import annotations

import collections
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import CodeType, FunctionType

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NamedTuple

#: ``re.compile`` itself, for :class:`LazyPattern` (``re.compile`` is :func:`lazy_compile` while
#: Whoosh's modules load).
_compile = re.compile

#: The blanks other than space, tab and line feed that ``str.isspace`` (so ``str.lstrip``) sees
#: in ASCII text.
_OTHER_ASCII_BLANKS = "\r\x0b\x0c\x1c\x1d\x1e\x1f"
#: A line's leading spaces, when it holds more than spaces (searched after a line feed: ``re``
#: then scans for the line feed, far quicker than trying ``^`` at every character).
_INDENT = re.compile(r"\n( *)[^ \n]")
#: A line of spaces only (``textwrap``'s, without tabs), searched after a line feed as
#: :data:`_INDENT` is.
_SPACES_ONLY = re.compile(r"\n +(?=\n|\Z)")
#: Margin → a line feed starting a line that is neither empty nor indented by the margin (the
#: lines :func:`cleandoc` leaves to inspect's).
_UNINDENTED: dict[int, re.Pattern[str]] = {}


def _inspect_cleandoc() -> Callable[[str], str]:
    """:func:`inspect.cleandoc` itself (while numpy's docstrings load, the name is this module's
    :func:`cleandoc`, the original its ``__wrapped__``)."""
    import inspect

    return getattr(inspect.cleandoc, "__wrapped__", inspect.cleandoc)


def cleandoc(doc: str) -> str:
    """:func:`inspect.cleandoc`: the first line's leading blanks, the other lines' common
    indentation and the empty lines at both ends removed, tabs expanded."""
    if not doc.isascii() or any(blank in doc for blank in _OTHER_ASCII_BLANKS):
        return _inspect_cleandoc()(doc)
    first, _, rest = (doc.expandtabs() if "\t" in doc else doc).partition("\n")
    lines = "\n" + rest
    # inspect: the margin is the least indentation of the lines after the first that hold more
    # than spaces; each line after the first loses up to that many leading characters. Here the
    # margin is the first such line's: when every line indented less is empty, it is the least
    # and ``replace`` removes it from the others; otherwise (a line indented less holds more
    # than spaces, or fewer spaces only, which inspect empties) inspect decides.
    found = _INDENT.search(lines)
    margin = len(found.group(1)) if found else 0
    if margin:
        # One search for such a line, rather than counting the lines of each kind (splitting
        # numpy's 8,700 lines cost more than cleaning them).
        unindented = _UNINDENTED.get(margin)
        if unindented is None:
            unindented = _UNINDENTED[margin] = _compile(rf"\n(?!{' ' * margin}|\n|\Z)")
        if unindented.search(lines):
            return _inspect_cleandoc()(doc)
        lines = lines.replace("\n" + " " * margin, "\n")
    # Then the empty lines at the end go, and those at the start.
    return (first.lstrip() + lines).rstrip("\n").lstrip("\n")


def dedent(text: str) -> str:
    """:func:`textwrap.dedent`: lines of spaces emptied, the common leading spaces removed."""
    if "\t" in text:
        import textwrap

        return textwrap.dedent(text)
    # Each line after a line feed, the first one too: the expressions scan for line feeds
    # (``^ +$`` and ``^`` + margin were tried at every character: numpy's 53 texts took 10.6 M
    # instructions to dedent, now 4.7 M).
    lines = _SPACES_ONLY.sub("\n", "\n" + text)
    # Without tabs, the common prefix of the indentations is the shortest; every line that
    # holds more than spaces starts with it (the others are empty now).
    margin = min(_INDENT.findall(lines), key=len, default="")
    if margin:
        lines = lines.replace("\n" + margin, "\n")
    return lines[1:]


#: ``dis.COMPILER_FLAG_NAMES`` (code flag → name), the one name inspect reads from dis as it
#: loads (each flag becomes a ``CO_`` constant of inspect's); the same from Python 3.11 to 3.13.
COMPILER_FLAG_NAMES = {1: "OPTIMIZED", 2: "NEWLOCALS", 4: "VARARGS", 8: "VARKEYWORDS",
                       16: "NESTED", 32: "GENERATOR", 64: "NOFREE", 128: "COROUTINE",
                       256: "ITERABLE_COROUTINE", 512: "ASYNC_GENERATOR"}


class NodeVisitor:
    """``ast.NodeVisitor``, the base inspect gives the visitor that finds a class in its
    module's source (``getsource``) as it loads: each method it lacks is the real class's, ast
    imported on the first visit."""

    def __getattr__(self, name: str) -> Any:
        import ast

        return getattr(ast.NodeVisitor, name).__get__(self)


def _arguments(code: CodeType) -> tuple[tuple[str, ...], str | None, str | None] | None:
    """Names of the positional arguments, of ``*args`` and of ``**kwargs`` as numpy's
    ``getargspec`` reads them from a code object (``None`` where it would raise)."""
    count = code.co_argcount
    names = code.co_varnames
    arguments = names[:count]
    # numpy refuses an empty name or one starting with a dot (a tuple argument's, implicit);
    # no identifier holds a dot.
    if not all(arguments) or "." in "".join(arguments):
        return None
    varargs = varkw = None
    if code.co_flags & 0x04:  # CO_VARARGS
        varargs = names[count]
        count += 1
    if code.co_flags & 0x08:  # CO_VARKEYWORDS
        varkw = names[count]
    return arguments, varargs, varkw


def verify_matching_signatures(implementation: Any, dispatcher: Any) -> None:
    """numpy's check (``numpy._core.overrides``) that a dispatcher of ``__array_function__``
    takes its implementation's arguments, its defaults all ``None``: the same conditions, read
    straight from the functions (numpy builds two named tuples per function first). A pair
    that fails them, or that is not two plain functions, goes to numpy's check, which raises."""
    if type(implementation) is FunctionType and type(dispatcher) is FunctionType:
        ours, theirs = implementation.__defaults__, dispatcher.__defaults__
        arguments = _arguments(implementation.__code__)
        if (arguments is not None and arguments == _arguments(dispatcher.__code__)
                and bool(ours) == bool(theirs)
                and (ours is None or (theirs is not None and len(ours) == len(theirs)
                                      and theirs == (None,) * len(theirs)))):
            return
    _numpys_verify()(implementation, dispatcher)


def _numpys_verify() -> Callable[[Any, Any], None]:
    """numpy's ``verify_matching_signatures`` itself (see :func:`_inspect_cleandoc`)."""
    from numpy._core import overrides

    check = overrides.verify_matching_signatures
    return getattr(check, "__wrapped__", check)  # type: ignore[no-any-return]


class LazyPattern:
    """A compiled pattern, compiled on first use: each attribute is the real pattern's (kept
    on this object once asked, so the next use costs what the pattern's would)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__") or attribute == "_source":
            raise AttributeError(attribute)
        value = getattr(_compile(*self._source), attribute)
        setattr(self, attribute, value)
        return value

    def __repr__(self) -> str:
        return f"LazyPattern({self._source[0]!r}, {self._source[1]!r})"


def lazy_compile(pattern: str, flags: int = 0) -> LazyPattern:
    """:func:`re.compile`, compiling when the pattern is first used."""
    return LazyPattern(pattern, flags)


#: ``tuple.__new__``, as a named tuple's ``__new__`` calls it (the name its source gives it).
_tuple_new = tuple.__new__

#: A named tuple's ``__new__`` for each number of fields, as :func:`collections.namedtuple`
#: writes it (``lambda _cls, a, b: _tuple_new(_cls, (a, b))``), compiled with this module: the
#: fields' names are put in as its arguments' (:func:`_new_of`) instead of compiling that source
#: again for each class (60 µs).
_NEW_OF_ARITY: dict[int, Callable[..., Any]] = {
    1: lambda _cls, a: _tuple_new(_cls, (a,)),
    2: lambda _cls, a, b: _tuple_new(_cls, (a, b)),
    3: lambda _cls, a, b, c: _tuple_new(_cls, (a, b, c)),
    4: lambda _cls, a, b, c, d: _tuple_new(_cls, (a, b, c, d)),
    5: lambda _cls, a, b, c, d, e: _tuple_new(_cls, (a, b, c, d, e)),
    6: lambda _cls, a, b, c, d, e, f: _tuple_new(_cls, (a, b, c, d, e, f)),
    7: lambda _cls, a, b, c, d, e, f, g: _tuple_new(_cls, (a, b, c, d, e, f, g)),
    8: lambda _cls, a, b, c, d, e, f, g, h: _tuple_new(_cls, (a, b, c, d, e, f, g, h)),
    9: lambda _cls, a, b, c, d, e, f, g, h, i: _tuple_new(_cls, (a, b, c, d, e, f, g, h, i)),
}


def _new_of(source: str, namespace: dict[str, Any]) -> Any:
    """``eval(source, namespace)`` for :func:`collections.namedtuple`, which evaluates a
    ``__new__``'s source: for that source, the template of its arity with the fields' names;
    any other source, evaluated."""
    head, colon, _ = source.partition(": ")
    fields = tuple(name.strip() for name in head.removeprefix("lambda _cls, ").split(",")
                   if name.strip())
    template = _NEW_OF_ARITY.get(len(fields))
    listed = ", ".join(fields) + ("," if len(fields) == 1 else "")
    if template is None or source != f"lambda _cls, {listed}: _tuple_new(_cls, ({listed}))":
        return eval(source, namespace)
    code = template.__code__.replace(co_varnames=("_cls", *fields))
    return FunctionType(code, namespace)


@contextmanager
def uncompiled_named_tuples() -> Iterator[None]:
    """Meanwhile, :func:`collections.namedtuple`'s ``eval`` (a global name of its module, else
    the builtin) is :func:`_new_of`: each named tuple's ``__new__`` is the same function, not
    compiled (a named tuple another thread makes meanwhile gets the same; a source of another
    shape is evaluated). Nested, the outermost puts the builtin back."""
    space = vars(collections)
    outermost = "eval" not in space
    if outermost:
        space["eval"] = _new_of
    try:
        yield
    finally:
        if outermost:
            space.pop("eval", None)


#: What a named tuple's class statement may not define, and what it defines that the class keeps
#: as :func:`collections.namedtuple` made it (typing's ``_prohibited`` and ``_special``).
_PROHIBITED = frozenset({"__new__", "__init__", "__slots__", "__getnewargs__", "_fields",
                         "_field_defaults", "_make", "_replace", "_asdict", "_source"})
_SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})


class _NamedTupleMeta(type):
    """typing's ``NamedTupleMeta`` for a class of fields, defaults and methods (no ``Generic``):
    the class is :func:`collections.namedtuple`'s, its annotations the strings its module wrote
    (typing's would be their :class:`typing.ForwardRef`, each compiled, as a dataclass's are
    not), its ``__new__`` not compiled (:func:`uncompiled_named_tuples`)."""

    def __new__(cls, name: str, bases: tuple[type, ...], space: dict[str, Any]) -> Any:
        if bases != (_NamedTupleBase,):
            raise TypeError("can only inherit from a NamedTuple type")
        types = space.get("__annotations__", {})
        defaults: list[str] = []
        for field in types:
            if field in space:
                defaults.append(field)
            elif defaults:
                raise TypeError(f"Non-default namedtuple field {field} cannot follow default "
                                f"field{'s' if len(defaults) > 1 else ''} {', '.join(defaults)}")
        named_tuple: Any = collections.namedtuple  # (mypy wants literal names)
        with uncompiled_named_tuples():
            made = named_tuple(name, list(types), defaults=[space[n] for n in defaults],
                               module=space["__module__"])
        made.__annotations__ = made.__new__.__annotations__ = dict(types)
        for key, value in space.items():
            if key in _PROHIBITED:
                raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
            if key not in _SPECIAL and key not in made._fields:
                setattr(made, key, value)
        return made


_NamedTupleBase = type.__new__(_NamedTupleMeta, "NamedTuple", (), {})


if not TYPE_CHECKING:  # type checkers see typing's

    def NamedTuple(*args, **kwargs):
        """``typing.NamedTuple`` as a base class (``class Passage(NamedTuple): ...``): the same
        classes, typing not imported. Called (typing's functional form, which searchlib does
        not use), it raises."""
        raise TypeError("searchlib.quick_loading.NamedTuple is a base class only")

    NamedTuple.__mro_entries__ = lambda bases: (_NamedTupleBase,)
