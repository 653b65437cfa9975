"""The functions that stand in while numpy and Whoosh load give what the originals give: the same
cleaned docstrings, the same dedented text, patterns that match as compiled ones do."""

from __future__ import annotations

import collections
import importlib.util
import inspect
import json
import re
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchlib import quick_loading
from searchlib.quick_loading import LazyPattern, cleandoc, dedent, lazy_compile

#: Text made of what the functions tell apart: spaces, tabs, line feeds, other blanks (carriage
#: return, form feed, a no-break space, a unit separator), letters (one accented).
TEXT = st.text(alphabet=[" ", " ", " ", "\t", "\n", "\n", "a", "b", "é", "\r", "\x0c", "\xa0",
                         "\x1f"], max_size=60)


#: Docstring-like text: lines of 0 to 9 spaces, then nothing, a word, or more spaces.
LINES = st.lists(st.tuples(st.integers(0, 9), st.sampled_from(["", "a", "b c", " ", "  d"])),
                 max_size=12).map(lambda lines: "\n".join(" " * n + s for n, s in lines))


@settings(max_examples=1500)
@given(TEXT)
def test_cleandoc_is_inspects(text):
    assert cleandoc(text) == inspect.cleandoc(text)


@settings(max_examples=1500)
@given(LINES)
def test_cleandoc_is_inspects_on_indented_lines(text):
    assert cleandoc(text) == inspect.cleandoc(text)
    assert dedent(text) == textwrap.dedent(text)


@settings(max_examples=1500)
@given(TEXT)
def test_dedent_is_textwraps(text):
    assert dedent(text) == textwrap.dedent(text)


def test_cleandoc_of_docstrings_as_numpy_writes_them():
    docs = [
        "\n    sum(a, axis=None)\n\n    Sum of array elements.\n\n      >>> 1\n    ",
        "first line\n        indented more\n    less\n  \n      \n",  # a later line shallower
        "x\n    a\n  \n    b\n",  # a line of fewer spaces only, emptied
        "x\n\ty\n\t\tz",  # tabs
        "   only line   ", "", "\n\n", "x\n    a\n          \n    b",
    ]
    for doc in docs:
        assert cleandoc(doc) == inspect.cleandoc(doc), doc


def test_the_original_cleandoc_decides_even_while_replaced(monkeypatch):
    # While numpy loads, ``inspect.cleandoc`` is this module's function (with the original as
    # ``__wrapped__``): what it hands back must reach the original, not itself.
    original = inspect.cleandoc

    def replaced(doc):
        return cleandoc(doc)

    replaced.__wrapped__ = original  # type: ignore[attr-defined]
    monkeypatch.setattr(inspect, "cleandoc", replaced)
    assert cleandoc("x\n\xa0 y") == original("x\n\xa0 y")


def test_a_lazy_pattern_compiles_on_first_use_and_matches_as_compiled():
    pattern = lazy_compile(r"^(.+?)(ational|tional)$", re.I)

    assert isinstance(pattern, LazyPattern) and "match" not in vars(pattern)
    assert pattern.match("Relational").groups() == ("Rel", "ational")
    assert "match" in vars(pattern)  # kept: the next use asks the pattern itself
    assert pattern.pattern == r"^(.+?)(ational|tional)$" and pattern.flags & re.I
    assert pattern.sub("-", "x") == "x"


def _porter_compiled():
    """Whoosh's Porter stemmer loaded apart, its expressions compiled as it loads them."""
    from whoosh.lang import porter

    spec = importlib.util.spec_from_file_location("porter_compiled", porter.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return porter, module


def test_whooshs_stemmer_stems_as_it_did():
    porter, compiled = _porter_compiled()
    words = ("nationalization relational conditional hopping hoped caresses ponies feed agreed "
             "sensitiviti adjustable electrical rationalize controllable happily generalizations "
             "oscillators triplicate formative hopeful goodness revival allowance inference "
             "airliner gyroscopic defensible irritant replacement adjustment dependent adoption "
             "homologou communism activate angulariti homologous effective bowdlerize probate "
             "rate cease controll roll sky skies").split()
    assert [porter.stem(w) for w in words] == [compiled.stem(w) for w in words]


#: The docstrings of numpy's names and of its array, scalar and dtype methods (not of its
#: submodules: which of those are loaded differs, :mod:`searchlib.deferred_imports`).
_DOCS = (
    "import json, sys, types, numpy\n"
    "docs = {}\n"
    "for owner_name, owner in (('numpy', numpy), ('ndarray', numpy.ndarray),\n"
    "                          ('generic', numpy.generic), ('dtype', numpy.dtype)):\n"
    "    for name in dir(owner):\n"
    "        try:\n"
    "            value = getattr(owner, name)\n"
    "        except Exception:\n"
    "            continue\n"
    "        if not isinstance(value, types.ModuleType):\n"
    "            docs[owner_name + '.' + name] = value.__doc__\n"
    "print(json.dumps(docs))\n"
)


def _numpy_docs(first: str) -> dict:
    done = subprocess.run([sys.executable, "-c", first + _DOCS], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def test_numpy_documents_itself_as_without_searchlib():
    alone = _numpy_docs("")
    after_searchlib = _numpy_docs("import searchlib\n")

    assert len([doc for doc in alone.values() if doc]) > 800
    assert after_searchlib == alone


def test_the_code_flags_are_diss():
    import dis

    assert quick_loading.COMPILER_FLAG_NAMES == dis.COMPILER_FLAG_NAMES


def test_a_node_visitor_visits_as_asts():
    import ast

    tree = ast.parse("def f(a):\n    return g(a, [b, {c: 1.5}])\n")

    def names(base: type) -> list[str]:
        class Names(base):  # type: ignore[misc, valid-type]
            def __init__(self) -> None:
                self.found: list[str] = []

            def visit_Name(self, node: ast.Name) -> None:
                self.found.append(node.id)

        visitor = Names()
        visitor.visit(tree)
        return visitor.found

    assert names(quick_loading.NodeVisitor) == names(ast.NodeVisitor) == ["g", "a", "b", "c"]


def test_the_module_imports_nothing_heavy():
    # Its functions run while numpy and Whoosh load: it must load neither inspect nor textwrap
    # itself (a fallback imports what it needs when it runs).
    code = ("import sys\nimport searchlib.quick_loading\n"
            "print(sorted({'inspect', 'textwrap', 'numpy', 'whoosh'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
    assert quick_loading.__doc__


def test_what_uses_an_expression_compiled_late_works_as_before():
    # numpy's comma-separated dtype strings and poly1d's printing, Whoosh's URL filter pattern.
    code = ("import numpy as np\n"
            "from whoosh.analysis import filters\n"
            "print(repr(np.dtype('i4, (2,3)f8')), str(np.poly1d([1, 2, 3])),\n"
            "      filters.url_pattern.findall('see http://a.b/c and www.d.e'))\n")
    alone = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout
    after = subprocess.run([sys.executable, "-c", "import searchlib\n" + code],
                           capture_output=True, text=True, check=True).stdout
    assert after == alone and "f8" in alone


#: A function signature: some of a, b, c (a default of None or 0 from the first defaulted
#: one on), maybe ``*args``, maybe a keyword-only ``like``, maybe ``**kwargs``.
SIGNATURES = st.builds(
    lambda names, first_default, default, star, like, kwargs: ", ".join(
        [n if i < first_default else f"{n}={default}" for i, n in enumerate(names)]
        + (["*args"] if star else ["*"] if like else []) + (["like=None"] if like else [])
        + (["**kwargs"] if kwargs else [])),
    st.lists(st.sampled_from("abc"), unique=True, max_size=3), st.integers(0, 3),
    st.sampled_from(["None", "0"]), st.booleans(), st.booleans(), st.booleans())


def _function(signature: str):
    namespace: dict = {}
    exec(f"def f({signature}):\n    pass", namespace)
    return namespace["f"]


def _outcome(check, implementation, dispatcher):
    try:
        return check(implementation, dispatcher)
    except (RuntimeError, TypeError) as error:
        return type(error), str(error)


@settings(max_examples=800)
@given(SIGNATURES, SIGNATURES)
def test_verify_matching_signatures_is_numpys(ours, theirs):
    from numpy._core import overrides

    numpys = getattr(overrides.verify_matching_signatures, "__wrapped__",
                     overrides.verify_matching_signatures)
    implementation = _function(ours)
    # Any dispatcher, the one numpy would write (its own arguments, defaults None), a builtin.
    for dispatcher in (_function(theirs), _function(ours.replace("=0", "=None")), len):
        assert (_outcome(quick_loading.verify_matching_signatures, implementation, dispatcher)
                == _outcome(numpys, implementation, dispatcher))


_NAMED = '''
from __future__ import annotations
from {module} import NamedTuple
class Spot(NamedTuple):
    """A place."""
    name: str
    page: int | None = None
    def label(self) -> str:
        return f"{{self.name}} p. {{self.page}}"
'''


def _named_tuple(module: str):
    space: dict = {"__name__": "spots"}
    exec(_NAMED.format(module=module), space)
    return space["Spot"]


def test_a_named_tuple_made_without_typing_is_typings_with_its_annotations_as_written():
    import typing

    theirs = _named_tuple("typing")
    ours = _named_tuple("searchlib.quick_loading")
    assert (ours._fields, ours._field_defaults, ours.__module__, ours.__qualname__,
            ours.__doc__, ours.__mro__[1:]) == (
        theirs._fields, theirs._field_defaults, theirs.__module__, theirs.__qualname__,
        theirs.__doc__, theirs.__mro__[1:])
    assert ours("Gomel", 3) == theirs("Gomel", 3) == ("Gomel", 3)
    assert repr(ours("Gomel")) == repr(theirs("Gomel")) == "Spot(name='Gomel', page=None)"
    assert ours("Gomel", 3).label() == "Gomel p. 3"
    assert ours("Gomel", 3)._asdict() == {"name": "Gomel", "page": 3}
    # Its __new__ (not compiled from source: quick_loading._new_of) is namedtuple's.
    assert ours(page=3, name="Gomel") == theirs(page=3, name="Gomel")
    assert [(p.name, p.kind, p.default) for p in inspect.signature(ours).parameters.values()] == [
        (p.name, p.kind, p.default) for p in inspect.signature(theirs).parameters.values()]
    assert (ours.__new__.__name__, ours.__new__.__qualname__, ours.__new__.__doc__,
            ours.__new__.__defaults__) == (theirs.__new__.__name__, theirs.__new__.__qualname__,
                                           theirs.__new__.__doc__, theirs.__new__.__defaults__)
    for wrong in ((), ("a", 1, 2)):
        with pytest.raises(TypeError):
            ours(*wrong)
    assert "eval" not in vars(collections)  # namedtuple's eval, the builtin again
    assert ours.__annotations__ == ours.__new__.__annotations__ == {"name": "str",
                                                                    "page": "int | None"}
    assert typing.get_type_hints(ours) == typing.get_type_hints(theirs)


@pytest.mark.parametrize("body, error", [
    ("    a: int = 1\n    b: str\n", TypeError),  # a field without a default after one with
    ("    a: int\n    def _asdict(self):\n        return {}\n", AttributeError),
])
def test_a_named_tuple_without_typing_refuses_what_typings_refuses(body, error):
    for module in ("typing", "searchlib.quick_loading"):
        source = f"from {module} import NamedTuple\nclass Wrong(NamedTuple):\n{body}"
        with pytest.raises(error):
            exec(source, {"__name__": "wrong"})


@pytest.mark.parametrize("fields", [["a"], ["a", "b", "c"], list("abcdefghi"), list("abcdefghij")])
def test_a_named_tuples_new_is_namedtuples_whatever_its_fields(fields):
    space = {"_tuple_new": tuple.__new__, "__builtins__": {}}
    listed = ", ".join(fields) + ("," if len(fields) == 1 else "")
    source = f"lambda _cls, {listed}: _tuple_new(_cls, ({listed}))"
    ours, theirs = quick_loading._new_of(source, space), eval(source, space)
    assert inspect.signature(ours) == inspect.signature(theirs)
    values = range(len(fields))
    assert ours(tuple, *values) == theirs(tuple, *values) == tuple(values)
    assert ours(tuple, **dict(zip(fields, values, strict=True))) == tuple(values)
    # Any other source is evaluated.
    assert quick_loading._new_of("lambda _cls: 42", space)(None) == 42


def test_the_named_tuples_a_search_loads_get_their_new_uncompiled_and_work():
    # inspect's and numpy's, defined while searchlib.search imports them; afterwards
    # namedtuple compiles again (its module holds no ``eval`` of ours), as for dis's, which a
    # search does not load (:mod:`searchlib.deferred_imports`).
    code = (
        "import collections, json, sys\n"
        "import searchlib.search\n"
        "assert 'dis' not in sys.modules\n"
        "import dis, inspect, numpy as np\n"
        "unique = type(np.unique_all(np.array([1])))\n"
        "made = [t.__new__.__code__.co_filename.endswith('quick_loading.py')\n"
        "        for t in (dis.Positions, inspect.FullArgSpec, unique)]\n"
        "later = collections.namedtuple('Later', 'a b')\n"
        "print(json.dumps([made, 'eval' in vars(collections),\n"
        "                  later.__new__.__code__.co_filename, repr(dis.Positions(1, 2, 3, 4)),\n"
        "                  np.unique_all(np.array([3, 1, 3])).counts.tolist()]))\n"
    )
    made, shadowed, later, positions, counts = json.loads(subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert made == [False, True, True]
    assert not shadowed and later == "<string>"
    assert positions == "Positions(lineno=1, end_lineno=2, col_offset=3, end_col_offset=4)"
    assert counts == [1, 2]
