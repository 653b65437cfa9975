"""The stylesheet and scripts, gzip-compressed when the client accepts it, like the pages.

Flask serves a static file straight from disk (``direct_passthrough``), so :mod:`web.compression`
leaves it alone. This view replaces the ``static`` endpoint: a text file is compressed once per
version of it (its path, size and modification time; the app keeps the bounded cache) and served
with its own ``ETag`` (the identity and gzip bodies differ, so their tags do too), the file's
``Last-Modified``, ``Cache-Control: no-cache`` (revalidate: a deploy is seen at once, and an
unchanged file costs a 304) and ``Vary: Accept-Encoding``. Anything else, a client that does not
accept gzip, or a missing file goes through Flask's own ``send_static_file`` as before.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
import threading
from dataclasses import dataclass

from cachetools import LRUCache
from flask import Flask, Response, current_app, request
from flask.typing import ResponseReturnValue
from werkzeug.security import safe_join

from .compression import MIN_SIZE, TEXT_TYPES

EXTENSION = "searchlib.static_gzip"
#: Compressed files kept per app (the site ships two; a bound all the same).
CACHE_SIZE = 64


@dataclass(frozen=True)
class Compressed:
    """One version of a static file, gzip-compressed."""

    body: bytes
    etag: str
    mtime: float


class StaticGzip:
    """The app's compressed static files, keyed by path, size and modification time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: LRUCache[tuple[str, int, float], Compressed] = LRUCache(maxsize=CACHE_SIZE)

    def get(self, path: str, stat: os.stat_result) -> Compressed:
        key = (path, stat.st_size, stat.st_mtime)
        with self._lock:
            found = self._items.get(key)
        if found is not None:
            return found
        with open(path, "rb") as f:
            raw = f.read()
        # mtime=0: the same file always compresses to the same bytes (and the same ETag).
        body = gzip.compress(raw, compresslevel=9, mtime=0)
        item = Compressed(body, hashlib.sha256(raw).hexdigest()[:20] + "-gzip", stat.st_mtime)
        with self._lock:
            self._items[key] = item
        return item


def _gzip_target(filename: str) -> tuple[str, os.stat_result, str] | None:
    """(path, stat, mimetype) of a static text file worth compressing for this request."""
    if "gzip" not in request.accept_encodings or current_app.static_folder is None:
        return None
    path = safe_join(current_app.static_folder, filename)
    mimetype = mimetypes.guess_type(filename)[0] or ""
    if path is None or not mimetype.startswith(TEXT_TYPES):
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    if not os.path.isfile(path) or stat.st_size < MIN_SIZE:
        return None
    return path, stat, mimetype


def static(filename: str) -> ResponseReturnValue:
    """A static file: gzip-encoded when accepted and worth it, else as Flask sends it."""
    target = _gzip_target(filename)
    if target is None:
        response = current_app.send_static_file(filename)
        response.vary.add("Accept-Encoding")
        return response
    path, stat, mimetype = target
    item = current_app.extensions[EXTENSION].get(path, stat)
    response = Response(item.body, mimetype=mimetype)
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    response.set_etag(item.etag)
    response.last_modified = int(item.mtime)  # type: ignore[assignment]
    response.cache_control.no_cache = True
    return response.make_conditional(request)


def init_app(app: Flask) -> None:
    """Serve ``app``'s static files through :func:`static`."""
    app.extensions[EXTENSION] = StaticGzip()
    app.view_functions["static"] = static
