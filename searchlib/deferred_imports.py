"""Modules Whoosh, numpy and pathlib import at start-up that no search uses, loaded on first use;
work they do as they load, done quicker.

While Whoosh and numpy load, a few of their imports bring in code that a reader, a build and the
web app never run: about 90 ms of CPU, a third of a new process's time to its first answer.
The largest:

- ``whoosh.compat`` binds ``urllib.request.urlretrieve`` (a Python 2 shim no Whoosh module calls),
  which imports ``http.client``, ``email``, ``ssl`` and ``socket`` (40 ms);
- the ``cached_property`` package (used by ``whoosh.reading``) imports ``asyncio`` to ask, when a
  cached property is first read, whether its function is a coroutine (20 ms); the only such
  property, ``deleted_docs_set``, is read by ``IndexReader.postings``, which searchlib never calls;
- numpy's ``matrix`` class and polynomial fitting bind functions of ``numpy.linalg``, which
  imports numpy's typing aliases (20 ms); searchlib does no linear algebra;
- ``whoosh.query.terms`` binds ``whoosh.lang.morph_en.variations`` (English word forms for
  ``Variations`` queries, which searchlib never builds); that module compiles 25 regular
  expressions as it loads (12 ms).

Smaller ones follow in the table, each with its reason, down to a millisecond (Whoosh's HTML
escape and its entity table, its queues, its own highlighter; the source-reading half of
inspect, random numbers, textwrap: 8 ms together); one is the standard library's:
``pathlib`` imports ``urllib.parse`` (and it ``ipaddress``) only for ``Path.as_uri``, which a
program that imports searchlib before pathlib (the CLI does) then loads on first use.

``importlib.util.LazyLoader`` cannot defer these: on Python 3.11 every further ``import asyncio``
reads the module's ``__spec__``, which loads it, and ``from urllib.request import urlretrieve``
reads the name. So, while one of :data:`STAND_INS`' importers runs its module body, each module it
would load is a *stand-in* in ``sys.modules``: its named functions (and any attribute, through a
module ``__getattr__``) import the real module when first used. The stand-in leaves
``sys.modules`` as soon as the importer has loaded, so every other importer gets the real module,
and the importer's behaviour is unchanged; only when the real module loads differs. Should a
library's next version import otherwise, its entry simply stops saving anything
(``tests/test_startup.py`` would say so).

Some work numpy and Whoosh do as they load can be done quicker with the same result: while
an importer of :data:`WHILE_LOADING` runs its module body, and in its thread only, a function
it calls is replaced by its quicker twin of :mod:`searchlib.quick_loading` (numpy's docstrings
cleaned, its dispatchers' signatures checked; regular expressions no search runs compiled on
first use), and put back after (11 ms in all).

:func:`install` (called by ``import searchlib``) puts the finder first on ``sys.meta_path``; it
acts only on the importers named here and only if they are not loaded yet. A program that
imports Whoosh, numpy or pathlib *before* searchlib loads them the usual way.
"""

from __future__ import annotations

import _thread
import importlib
import sys
from collections.abc import Callable, Mapping, Sequence
from types import ModuleType

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Importer → {module it imports: the names it binds from it}, for modules no searchlib path uses.
STAND_INS: dict[str, dict[str, tuple[str, ...]]] = {
    "whoosh.compat": {"urllib.request": ("urlretrieve",),
                      # For Whoosh's HtmlFormatter, its escape (html imports its table of
                      # 2,000 entities, 2 ms), and its multiprocessing writer's queues (1 ms).
                      "html": ("escape",), "queue": ()},
    "cached_property": {"asyncio": ()},
    # (and the syntax trees that read a matrix written as text, ``np.matrix("1 2; 3 4")``: ast
    # below, with inspect's)
    "numpy.matrixlib.defmatrix": {"numpy.linalg": ("matrix_power",), "ast": ()},
    "numpy.lib._polynomial_impl": {"numpy.linalg": ("eigvals", "inv", "lstsq")},
    "whoosh.query.terms": {"whoosh.lang.morph_en": ("variations",)},
    # English sound-alike keys for Whoosh's ``DoubleMetaphoneFilter``, which no searchlib field
    # uses (1 ms). Not its neighbour ``whoosh.lang.porter``: ``StemFilter`` keeps its ``stem``
    # as a default argument, which a pickled schema (stock Whoosh's) must find by name.
    "whoosh.analysis.morph": {"whoosh.lang.dmetaphone": ("double_metaphone",)},
    # OpenSSL's digests, for the md5 that hashes a key of Whoosh's hash tables, and binascii's
    # CRC-32, for the hash of searchlib's own term tables: a plain search reads its terms
    # through posting arrays, not by a hash (3 ms and 0.4 ms; only a word Whoosh looks up, a
    # prefix's or a fuzzy one's, loads binascii).
    "whoosh.filedb.filetables": {"hashlib": ("md5",), "binascii": ("crc32",)},
    # Temporary storage and compound-file writing (with bz2 and lzma), calendar arithmetic for
    # date ranges, the platform report of ``numpy.show_runtime`` and the ``ndarray.ctypes``
    # interface: 10 ms more.
    "whoosh.filedb.filestore": {"tempfile": ()},
    "whoosh.filedb.compound": {"shutil": ("copyfileobj",)},
    "whoosh.util.times": {"calendar": ()},
    # (numpy.lib._utils_impl's textwrap: below.)
    "numpy.lib._utils_impl": {"platform": (), "textwrap": ("indent",)},
    # (and its syntax trees, for a dtype string's repeat counts: ast below, with inspect's)
    "numpy._core._internal": {"ctypes": (), "ast": ()},
    # Levenshtein automata, for a reader's ``terms_within`` (fuzzy terms, Whoosh's spelling
    # suggestions): 1 ms. A stand-in package holds its stand-in submodules (``from whoosh.automata
    # import lev`` finds the stand-in ``lev``).
    "whoosh.codec.base": {"whoosh.automata": (),
                          "whoosh.automata.lev": ("levenshtein_automaton",)},
    # Whoosh's own highlighter, for ``Results.highlights`` (searchlib cuts its snippets itself):
    # 1 ms. Not its neighbour ``classify``, whose ``Bo1Model`` is a default argument there.
    "whoosh.searching": {"whoosh.highlight": ()},
    # ``Path.as_uri``'s quoting: urllib.parse, which imports ipaddress (4 ms). Deferred only when
    # searchlib is imported before pathlib (the CLI, a program that imports searchlib first).
    "pathlib": {"urllib.parse": ("quote_from_bytes",)},
    # The source-reading half of inspect (``getsource``, ``getblock``): the line cache and the
    # tokenizer (3 ms); the syntax trees it parses a class's source into and, for a builtin's
    # signature, its text (ast, whose C half makes a hundred node types: 4 ms), and the
    # disassembler it reads a frame's position with (dis, opcode: 1 ms). As it loads, inspect
    # reads dis's table of code flags and subclasses ast's ``NodeVisitor``: the stand-ins hold
    # searchlib's own (:mod:`searchlib.quick_loading`). numpy (its ``overrides``) and
    # dataclasses import inspect for ``signature`` and ``cleandoc``.
    "inspect": {"linecache": (), "tokenize": (), "token": (), "ast": (), "dis": ()},
    # Decimal numbers, which Whoosh's NUMERIC fields make of a value only when given decimal
    # places (none of searchlib's): ``_decimal`` and its context (1 ms).
    "whoosh.fields": {"decimal": ("Decimal",)},
    # Random choices: Whoosh's temporary file names and k-means clustering, cachetools' random
    # eviction (``RRCache``, whose default ``choice`` its class binds): 3 ms with the generator
    # seeded from the system's entropy.
    "whoosh.util": {"random": ()},
    "whoosh.classify": {"random": ()},
    "cachetools": {"random": ("choice",)},
    # numpy's docstrings: ``_add_newdocs`` dedents 53 of them as it loads, by the stand-in's own
    # :func:`~searchlib.quick_loading.dedent` (same text), and ``_utils_impl`` indents a
    # deprecation note: textwrap compiles its word-splitting expressions as it loads (2.5 ms).
    "numpy._core._add_newdocs": {"textwrap": ()},
    # typing (3 ms), which no module a search loads imports otherwise (searchlib's name its
    # types in annotations only): numpy's padding asks it for ``assert_never`` on a mode it
    # does not know, and its set routines' three result classes are ``NamedTuple`` classes,
    # which searchlib's own :data:`~searchlib.quick_loading.NamedTuple` makes the same.
    "numpy.lib._arraypad_impl": {"typing": ()},
    "numpy.lib._arraysetops_impl": {"typing": ()},
}

#: A stand-in's names that are searchlib's own, with the same results or content
#: (:mod:`searchlib.quick_loading`): module → its names.
OWN_NAMES: dict[str, tuple[str, ...]] = {"textwrap": ("dedent",), "ast": ("NodeVisitor",),
                                         "typing": ("NamedTuple",),
                                         "dis": ("COMPILER_FLAG_NAMES",)}

#: numpy's check that each function's ``__array_function__`` dispatcher takes its arguments,
#: by the functions' code objects (numpy reads them into named tuples: 3 ms for 200 functions).
_VERIFY_SIGNATURES = ("numpy._core.overrides", "verify_matching_signatures",
                      "verify_matching_signatures")
_DISPATCHING = (
    "numpy._core._asarray", "numpy._core.arrayprint", "numpy._core.einsumfunc",
    "numpy._core.fromnumeric", "numpy._core.function_base", "numpy._core.numeric",
    "numpy._core.shape_base", "numpy.lib._arraypad_impl", "numpy.lib._arraysetops_impl",
    "numpy.lib._function_base_impl", "numpy.lib._histograms_impl",
    "numpy.lib._index_tricks_impl", "numpy.lib._nanfunctions_impl", "numpy.lib._npyio_impl",
    "numpy.lib._scimath_impl", "numpy.lib._shape_base_impl", "numpy.lib._stride_tricks_impl",
    "numpy.lib._twodim_base_impl", "numpy.lib._type_check_impl", "numpy.lib._ufunclike_impl",
)

#: Importer → (module, its function, the function of :mod:`searchlib.quick_loading` that stands
#: for it while the importer's body runs, in the thread importing it).
WHILE_LOADING: dict[str, tuple[tuple[str, str, str], ...]] = {
    # numpy's 400 docstrings through a quicker ``inspect.cleandoc`` (same text): 8 ms → 4.
    "numpy._core.multiarray": (("inspect", "cleandoc", "cleandoc"),),
    "numpy._core._add_newdocs": (("inspect", "cleandoc", "cleandoc"),),
    "numpy._core._add_newdocs_scalars": (("inspect", "cleandoc", "cleandoc"),),
    # Expressions no search runs, compiled when first used: Whoosh's English stemmer and its
    # Sphinx charset parser (19, 4 ms; a search does not load the charset module, whose
    # ``accent_map`` :mod:`searchlib.search.accents` writes out), its URL filter's (0.4 ms),
    # numpy's parser of comma-separated dtype strings and of poly1d's printed powers (0.8 ms).
    "whoosh.lang.porter": (("re", "compile", "lazy_compile"),),
    "whoosh.support.charset": (("re", "compile", "lazy_compile"),),
    "whoosh.analysis.filters": (("re", "compile", "lazy_compile"),),
    "numpy._core._internal": (("re", "compile", "lazy_compile"),),
    "numpy.lib._polynomial_impl": (("re", "compile", "lazy_compile"),
                                   _VERIFY_SIGNATURES),
    # The rest of numpy's modules whose functions dispatch ``__array_function__``.
    **dict.fromkeys(_DISPATCHING, (_VERIFY_SIGNATURES,)),
}


def _real(name: str, stand_in: ModuleType) -> ModuleType:
    """The real module ``name`` (used while its importer still loads: the stand-in leaves first)."""
    if sys.modules.get(name) is stand_in:
        del sys.modules[name]
    return importlib.import_module(name)


def _on_first_call(name: str, stand_in: ModuleType, function: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(_real(name, stand_in), function)(*args, **kwargs)

    call.__name__ = call.__qualname__ = function
    call.__doc__ = f"{name}.{function}, its module imported on the first call."
    return call


def stand_in(name: str, functions: Sequence[str],
             own: Mapping[str, Any] | None = None) -> ModuleType:
    """A stand-in for module ``name``: ``functions`` and any other attribute come from the real
    module, imported when first used, except the names ``own`` gives."""
    module = ModuleType(name, f"Stand-in for {name}, imported on first use.")
    for function in functions:
        setattr(module, function, _on_first_call(name, module, function))
    for function, implementation in (own or {}).items():
        setattr(module, function, implementation)

    def __getattr__(attribute: str) -> Any:
        # The import system asks a module for ``__path__`` and such: a stand-in has none of
        # them, and a question must not load the real module.
        if attribute.startswith("__") and attribute.endswith("__"):
            raise AttributeError(attribute)
        return getattr(_real(name, module), attribute)

    module.__getattr__ = __getattr__  # type: ignore[method-assign]
    return module


def _own(module: str) -> dict[str, Any]:
    if module not in OWN_NAMES:
        return {}
    from . import quick_loading

    return {name: getattr(quick_loading, name) for name in OWN_NAMES[module]}


#: (module, function) → the original and, for each thread loading an importer that replaces
#: it, the replacement and how many such importers that thread is inside.
_REPLACED: dict[tuple[str, str], tuple[Any, dict[int, tuple[Any, int]]]] = {}
_REPLACING = _thread.allocate_lock()


def _dispatching(original: Callable[..., Any],
                 threads: dict[int, tuple[Any, int]]) -> Callable[..., Any]:
    """A function that calls its thread's replacement in ``threads``, else ``original``."""

    def call(*args: Any, **kwargs: Any) -> Any:
        chosen = threads.get(_thread.get_ident())
        return (chosen[0] if chosen else original)(*args, **kwargs)

    call.__wrapped__ = original  # type: ignore[attr-defined]
    return call


def _replace(target: ModuleType, function: str, replacement: Callable[..., Any]) -> None:
    """From now on, ``target.function`` is ``replacement`` in this thread (until
    :func:`_put_back`), the original in every other: one stand-in function however many
    threads replace it at once, the original put back when the last is done."""
    ident = _thread.get_ident()
    with _REPLACING:
        key = (target.__name__, function)
        if key not in _REPLACED:
            original = getattr(target, function)
            _REPLACED[key] = (original, {})
            setattr(target, function, _dispatching(original, _REPLACED[key][1]))
        threads = _REPLACED[key][1]
        mine, depth = threads.get(ident, (replacement, 0))
        threads[ident] = (mine, depth + 1)


def _put_back(target: ModuleType, function: str) -> None:
    ident = _thread.get_ident()
    with _REPLACING:
        key = (target.__name__, function)
        original, threads = _REPLACED[key]
        replacement, depth = threads.pop(ident)
        if depth > 1:
            threads[ident] = (replacement, depth - 1)
        elif not threads:
            setattr(target, function, original)
            del _REPLACED[key]


class _WithStandIns:
    """The real loader of an importer, running its module body beside stand-ins, and with the
    functions of :data:`WHILE_LOADING` replaced meanwhile."""

    def __init__(self, loader: Any, modules: dict[str, tuple[str, ...]],
                 replaced: tuple[tuple[str, str, str], ...] = ()) -> None:
        self.loader = loader
        self.modules = modules
        self.replaced = replaced

    def create_module(self, spec: Any) -> ModuleType | None:
        return self.loader.create_module(spec)  # type: ignore[no-any-return]

    def exec_module(self, module: ModuleType) -> None:
        placed = {name: stand_in(name, functions, _own(name))
                  for name, functions in self.modules.items() if name not in sys.modules}
        for name, placeholder in placed.items():
            package, _, attribute = name.rpartition(".")
            if package in placed:
                setattr(placed[package], attribute, placeholder)
        sys.modules.update(placed)
        replaced = []
        if self.replaced:
            from . import quick_loading

            for owner, function, replacement in self.replaced:
                target = importlib.import_module(owner)
                _replace(target, function, getattr(quick_loading, replacement))
                replaced.append((target, function))
        try:
            self.loader.exec_module(module)
        finally:
            for target, function in replaced:
                _put_back(target, function)
            for name, placeholder in placed.items():
                if sys.modules.get(name) is placeholder:
                    del sys.modules[name]
            # Loaded, the module looks as if imported the usual way (reload, inspect, pickle).
            module.__loader__ = self.loader
            if module.__spec__ is not None:
                module.__spec__.loader = self.loader


class StandInFinder:
    """Finds an importer of ``stand_ins`` (by default :data:`STAND_INS`) the way the other finders
    would, and loads it beside its stand-ins; every other import is left to the other finders."""

    def __init__(self, stand_ins: dict[str, dict[str, tuple[str, ...]]] = STAND_INS,
                 while_loading: dict[str, tuple[tuple[str, str, str], ...]] = WHILE_LOADING,
                 ) -> None:
        self.stand_ins = stand_ins
        self.while_loading = while_loading

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        modules = self.stand_ins.get(fullname)
        replaced = self.while_loading.get(fullname, ())
        if modules is None and not replaced:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            # Any: a loader is anything with exec_module (importlib.abc, which names the type,
            # costs a start 15 ms; it imports tempfile).
            spec: Any = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _WithStandIns(spec.loader, modules or {}, replaced)
                return spec
        return None


def install() -> None:
    """Put the finder first on ``sys.meta_path`` (once per process)."""
    if not any(isinstance(finder, StandInFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, StandInFinder())
