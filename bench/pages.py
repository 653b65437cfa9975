"""CPU and weight of a results page, before and after its fragments were kept (web.fragments).

In process, through the app's WSGI callable (no HTTP client, no server), for the 25 queries of
``bench_search.py``, each search already in the results cache so that the figure is the page's,
not the search's. Each page is measured in four situations:

- ``every time``: ``FRAGMENT_CACHE_SIZE=0``, every fragment (each hit's heading and notes, the
  results block: summary, chart, hits, facets) rendered for every page;
- ``new process``: fragments kept, but nothing rendered yet (a new app whose searches were
  answered through the JSON twin): each page renders all its fragments and builds its links;
- ``first view``: its hits' parts already kept (the same pages were shown with other arguments,
  ``size=10``), its other fragments not: a reader's new page on a running server;
- ``kept``: the same pages again, every fragment kept.

"Before" is the same measurement of the web app of :data:`BEFORE` (the commit before the
fragments: ``git archive`` of its ``web/``, imported as ``web_before`` on this tree's library and
index), its rounds alternating with this tree's so that both see the same load; a ratio is the
median of ``after / before`` over the pairs of rounds (the old app renders every page whole:
its ``every time`` and ``kept`` are one measurement). CPU per page is ``time.process_time``,
median over rounds. Page weight: the HTML's bytes, raw and as the app gzips it.

    .venv/bin/python bench/pages.py            # builds the index in a temporary directory
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_search import QUERIES  # noqa: E402
from werkzeug.test import EnvironBuilder  # noqa: E402

#: The web app before its results pages kept rendered fragments (main at c68c3b4, issue 14).
BEFORE = "c68c3b4"
#: The situations measured, as the JSON names them.
SITUATIONS = ("every_time", "new_process", "first_view", "kept")


def _load_web(ref: str, dest: Path) -> Any:
    """The ``web`` package as it was at ``ref``, imported as ``web_before`` (its modules import
    each other relatively; Flask finds its templates beside it)."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", ref, "web"], check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    package = dest / "web_before"
    (dest / "web").rename(package)
    spec = importlib.util.spec_from_file_location(
        "web_before", package / "__init__.py", submodule_search_locations=[str(package)])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["web_before"] = module
    spec.loader.exec_module(module)
    return module


def _app(factory: Any, corpus_dir: Path, index_dir: Path, fragments: int | None = None) -> Any:
    config: dict[str, Any] = {"CORPUS_DIR": corpus_dir, "INDEX_DIR": index_dir}
    if fragments is not None:
        config["FRAGMENT_CACHE_SIZE"] = fragments
    return factory(config)


def _environs(urls: Iterable[str], gzip: bool = False) -> list[dict[str, Any]]:
    headers = {"Accept-Encoding": "gzip"} if gzip else {}
    out = []
    for url in urls:
        path, _, query = url.partition("?")
        out.append(EnvironBuilder(path=path, query_string=query, headers=headers).get_environ())
    return out


def _get(app: Any, environ: dict[str, Any]) -> bytes:
    status: list[str] = []
    body = app.wsgi_app(dict(environ), lambda s, h, e=None: status.append(s))
    try:
        data = b"".join(body)
    finally:
        getattr(body, "close", lambda: None)()
    if not status[0].startswith("200"):
        raise RuntimeError(f"{environ['PATH_INFO']}?{environ['QUERY_STRING']}: {status[0]}")
    return data


def _cpu_per_page(app: Any, environs: list[dict[str, Any]]) -> float:
    """CPU seconds per page for one round over ``environs``."""
    start = time.process_time()
    for environ in environs:
        _get(app, environ)
    return (time.process_time() - start) / len(environs)


def _warm(app: Any, queries: list[str]) -> Any:
    """``app`` with its searches answered (through the JSON twin), its corpus loaded and its
    templates compiled, none of these pages rendered."""
    for env in _environs(["/books", "/search?q=Minsk"]
                         + [f"/search.json?q={quote(q)}" for q in queries]):
        _get(app, env)
    return app


def _weight(app: Any, urls: list[str], at: int) -> dict[str, int]:
    raw = [len(_get(app, env)) for env in _environs(urls)]
    zipped = [len(_get(app, env)) for env in _environs(urls, gzip=True)]
    return {"raw_bytes": round(statistics.mean(raw)), "gzip_bytes": round(statistics.mean(zipped)),
            "kostanay_raw_bytes": raw[at], "kostanay_gzip_bytes": zipped[at]}


def page_costs(corpus_dir: Path, index_dir: Path, ref: str = BEFORE, queries: list[str] = QUERIES,
               rounds: int = 7, first_views: int = 3) -> dict[str, Any]:
    """CPU per results page (ms) in each of :data:`SITUATIONS`, for this tree's web app and
    ``ref``'s (``before``: ``None`` when it cannot be run, ``before_error`` says why); the
    ratios; the pages' weight (mean bytes, raw and gzipped, and Kostanay's)."""
    from web import create_app

    urls = [f"/search?q={quote(q)}" for q in queries]
    environs = _environs(urls)
    resized = _environs(url + "&size=10" for url in urls)
    with tempfile.TemporaryDirectory() as name:
        try:
            old: Any = _load_web(ref, Path(name)).create_app
        except Exception as e:  # an old tree that no longer runs on this library: say so
            old, error = None, f"{type(e).__name__}: {e}"
        factories = {"after": create_app, **({"before": old} if old else {})}

        def one_round(situation: str, who: str) -> float:
            if situation == "new_process":
                return _cpu_per_page(_warm(_app(factories[who], corpus_dir, index_dir),
                                           queries), environs)
            app = _warm(_app(factories[who], corpus_dir, index_dir), queries)
            _cpu_per_page(app, resized)  # same searches and passages, other arguments
            return _cpu_per_page(app, environs)

        steady = {("after", "kept"): _app(create_app, corpus_dir, index_dir),
                  ("after", "every_time"): _app(create_app, corpus_dir, index_dir, 0)}
        if old:
            steady[("before", "kept")] = _app(old, corpus_dir, index_dir)
        cpu: dict[tuple[str, str], list[float]] = {}
        for app in steady.values():
            _warm(app, queries)
            _cpu_per_page(app, environs)
        # Every round of one is beside a round of the other, so that a change of load on the
        # machine weighs on both.
        for _ in range(rounds):
            for key, app in steady.items():
                cpu.setdefault(key, []).append(_cpu_per_page(app, environs))
        for _ in range(first_views):
            for situation in ("new_process", "first_view"):
                for who in factories:
                    cpu.setdefault((who, situation), []).append(one_round(situation, who))
        at = queries.index("Kostanay")
        result: dict[str, Any] = {"before_ref": ref, "before": None,
                                  "after": _weight(steady[("after", "kept")], urls, at)}
        if old:
            result["before"] = _weight(steady[("before", "kept")], urls, at)
        else:
            result["before_error"] = error

    def runs(who: str, situation: str) -> list[float]:
        return cpu[(who, situation)] if (who, situation) in cpu else cpu[(who, "kept")]

    for who in factories:
        for situation in SITUATIONS:
            result[who][f"{situation}_ms"] = round(statistics.median(runs(who, situation)) * 1e3, 3)
    if old:
        result["ratios"] = {
            situation: round(statistics.median(
                a / b for a, b in zip(runs("after", situation), runs("before", situation),
                                      strict=True)), 2)
            for situation in SITUATIONS
        }
    return result


ROWS = {
    "kept": "a page seen before (every fragment kept)",
    "first_view": "a page's first view (its passages' parts kept, the rest rendered once)",
    "new_process": "first view in a new process (nothing rendered yet)",
    "every_time": "fragments rendered every time (`FRAGMENT_CACHE_SIZE=0`)",
}


def markdown(result: dict[str, Any]) -> str:
    """The results-page section of ``bench/results/served.md``."""
    after, before = result["after"], result["before"]
    lines = [
        "## A results page: CPU and weight\n",
        "In process (`bench/pages.py`: the app's WSGI callable, no HTTP), the same 25 queries, "
        "each search already in the results cache; CPU per page, median of rounds. Before: the "
        f"web app of `{result['before_ref']}` (every page rendered whole), its rounds "
        "alternating with this tree's; ratio: median of after / before per pair of rounds.\n",
    ]
    if before is None:
        lines.append(f"Before: not measured ({result['before_error']}).\n")
        lines += ["| page | after |", "|---|---|"]
        lines += [f"| {label} | {after[name + '_ms']:.2f} ms |" for name, label in ROWS.items()]
    else:
        lines += ["| page | before | after | ratio |", "|---|---|---|---|"]
        lines += [f"| {label} | {before[name + '_ms']:.2f} ms | {after[name + '_ms']:.2f} ms | "
                  f"{result['ratios'][name]:.2f} |" for name, label in ROWS.items()]
    lines.append("")

    def weight(c: dict[str, Any]) -> str:
        return (f"{c['raw_bytes'] / 1000:.1f} kB of HTML, {c['gzip_bytes'] / 1000:.1f} kB "
                f"gzipped (`/search?q=Kostanay`: {c['kostanay_raw_bytes'] / 1000:.1f} kB, "
                f"{c['kostanay_gzip_bytes'] / 1000:.1f} kB)")

    lines.append(f"Page weight, mean of the 25 pages: {weight(after)}"
                 + (f"; before: {weight(before)}." if before else "."))
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="an ingested corpus (with --index)")
    parser.add_argument("--index", type=Path, help="its index (default: built in a temp dir)")
    parser.add_argument("--before", default=BEFORE, help=f"the commit compared (default "
                        f"{BEFORE})")
    args = parser.parse_args()
    if args.corpus and args.index:
        result = page_costs(args.corpus, args.index, args.before)
    else:
        from bench_search import load_books

        from searchlib.index.generations import build_index

        with tempfile.TemporaryDirectory() as name:
            tmp = Path(name)
            _books, corpus = load_books(tmp)
            build_index(corpus, tmp / "index")
            result = page_costs(corpus, tmp / "index", args.before)
    print(markdown(result))


if __name__ == "__main__":
    main()
