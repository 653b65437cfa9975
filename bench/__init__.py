"""Benchmarks against peers (run as scripts: ``python bench/bench_search.py``); a package only so
that the tests can import the served-instance helpers as ``bench.serving``."""
