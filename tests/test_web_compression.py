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


def test_static_files_are_gzipped_with_their_own_etag_and_revalidated(client):
    for path, mimetype in (("/static/style.css", "text/css"), ("/static/copy.js", "javascript")):
        plain = client.get(path)
        body = plain.get_data()
        plain.close()  # Flask streams the file itself: the response owns the open file
        zipped = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert plain.status_code == zipped.status_code == 200, path
        assert zipped.headers["Content-Encoding"] == "gzip", path
        assert mimetype in zipped.headers["Content-Type"], path
        assert gzip.decompress(zipped.get_data()) == body, path
        assert len(zipped.get_data()) < len(body), path
        assert int(zipped.headers["Content-Length"]) == len(zipped.get_data()), path
        for response in (plain, zipped):
            assert "Accept-Encoding" in response.headers["Vary"], path
            assert "no-cache" in response.headers["Cache-Control"], path
            assert response.headers["Last-Modified"], path
        assert "Content-Encoding" not in plain.headers, path
        # Two bodies, two tags: a cache never answers one with the other.
        assert zipped.headers["ETag"] != plain.headers["ETag"], path
        again = client.get(path, headers={"Accept-Encoding": "gzip",
                                          "If-None-Match": zipped.headers["ETag"]})
        assert again.status_code == 304 and not again.get_data(), path
        assert again.headers["ETag"] == zipped.headers["ETag"], path
        # The identity tag does not validate the gzip body.
        other = client.get(path, headers={"Accept-Encoding": "gzip",
                                          "If-None-Match": plain.headers["ETag"]})
        assert other.status_code == 200 and other.headers["Content-Encoding"] == "gzip", path


def test_static_errors_and_head_requests(client):
    assert client.get("/static/nothing.css", headers={"Accept-Encoding": "gzip"}).status_code == 404
    assert client.get("/static/..%2F__init__.py",
                      headers={"Accept-Encoding": "gzip"}).status_code == 404
    head = client.head("/static/style.css", headers={"Accept-Encoding": "gzip"})
    assert head.status_code == 200 and head.headers["Content-Encoding"] == "gzip"
    assert not head.get_data()
