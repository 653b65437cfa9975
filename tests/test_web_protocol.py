"""HTTP details (web.protocol): redirects never follow the Host header, a 405 says what is
allowed."""

# ruff: noqa: F811  (pytest fixtures imported from web_fixtures are parameters here)
from __future__ import annotations

import pytest

from tests.web_fixtures import app, client, tiny_dirs  # noqa: F401
from web.errors import SECURITY_HEADERS
from web.protocol import relative_location


@pytest.mark.parametrize(("path", "location"), [
    ("/static//style.css", "/static/style.css"),
    ("//", "/"),
    ("/static//style.css?v=1", "/static/style.css?v=1"),
])
def test_redirects_are_relative_whatever_the_host_header(client, path, location):
    response = client.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 308
    assert response.headers["Location"] == location
    assert all(response.headers[name] == value for name, value in SECURITY_HEADERS.items())


@pytest.mark.parametrize(("location", "relative"), [
    ("http://evil.example/static/x", "/static/x"),
    ("https://evil.example//evil.example/x?a=1", "/evil.example/x?a=1"),
    ("/p/b1.c01.p001", "/p/b1.c01.p001"),
])
def test_a_location_never_names_a_host(location, relative):
    assert relative_location(location) == relative


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_405_names_the_allowed_methods(client, method):
    response = getattr(client, method)("/search?q=x")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert response.headers["X-Frame-Options"] == "DENY"
