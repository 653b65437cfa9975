"""gzip of text responses (web/compression.py)."""

# ruff: noqa: F811  (pytest fixtures imported from web_fixtures are parameters here)
from __future__ import annotations

import gzip

from tests.web_fixtures import app, client, tiny_dirs  # noqa: F401


def test_text_responses_are_gzipped_when_accepted(client):
    for path in ("/books", "/search?q=Kostanay", "/search.json?q=Kostanay",
                 "/p/b1.c01.p001"):
        plain = client.get(path)
        zipped = client.get(path, headers={"Accept-Encoding": "gzip, deflate"})
        assert zipped.headers["Content-Encoding"] == "gzip", path
        assert "Accept-Encoding" in zipped.headers["Vary"], path
        assert gzip.decompress(zipped.get_data()) == plain.get_data(), path
        assert len(zipped.get_data()) < len(plain.get_data()), path
        assert "Content-Encoding" not in plain.headers, path


def test_small_or_error_responses_are_left_alone(client):
    small = client.get("/nowhere", headers={"Accept-Encoding": "gzip"})
    assert small.status_code == 404 and "Content-Encoding" not in small.headers
    assert client.get("/books", headers={"Accept-Encoding": "identity"}).headers.get(
        "Content-Encoding") is None
