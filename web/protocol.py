"""HTTP details every response gets right: relative redirects, ``Allow`` on a 405.

Werkzeug answers a URL with doubled slashes (``/static//x``) with a 308 whose ``Location`` it
builds from the request's ``Host`` header, which the client chooses: ``Host: evil.example`` made
the site redirect to ``http://evil.example/static/x``. Every redirect of this app stays on the
site, so its ``Location`` is made relative (a path), whatever the Host header said. A 405 page is
rendered by :mod:`web.errors` like any other error, which dropped the ``Allow`` header that
RFC 9110 requires; it is put back from the routing error.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, request
from werkzeug.exceptions import MethodNotAllowed


def relative_location(location: str) -> str:
    """``location`` as a path on this site (never ``//host``, which a browser reads as a host)."""
    parts = urlsplit(location)
    path = "/" + parts.path.lstrip("/")
    return path + (f"?{parts.query}" if parts.query else "")


def _fix(response: Response) -> Response:
    if response.location and 300 <= response.status_code < 400:
        response.headers["Location"] = relative_location(response.location)
    if response.status_code == 405 and "Allow" not in response.headers:
        error = request.routing_exception
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            response.headers["Allow"] = ", ".join(sorted(error.valid_methods))
    return response


class RelativeResponse(Response):
    """A response whose relative ``Location`` is never made absolute from the Host header
    (Werkzeug's default since 2.1; said here so that it stays so)."""

    autocorrect_location_header = False


def init_app(app: Flask) -> None:
    """Make ``app``'s redirects relative and its 405s carry ``Allow``."""
    app.response_class = RelativeResponse
    app.after_request(_fix)
