"""Error pages, JSON errors and security headers: what every response of the app carries.

Library errors are translated here, at the boundary: an unknown id is a 404, a malformed
parameter a 400, a missing index or corpus a 503; each renders ``error.html`` or, on a JSON twin,
``{"ok": false, "error": ...}``. Anything else is a bug: it is logged with its traceback and the
user still gets a readable 500 page, never a stack trace.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from searchlib.errors import (
    DocumentNotFound,
    EmptyCorpus,
    IndexNotFound,
    InvalidReference,
    ManifestError,
    SearchlibError,
    UnknownBook,
)

log = logging.getLogger(__name__)

# No inline script or style anywhere, so the policy can stay strict.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

TITLES = {
    400: "Requête invalide",
    404: "Page introuvable",
    405: "Méthode non autorisée",
    413: "Requête trop grande",
    500: "Erreur interne",
    503: "Service indisponible",
}


def wants_json() -> bool:
    """Whether the current request asked for a JSON twin (``*.json`` or ``?format=json``)."""
    return request.path.endswith(".json") or request.args.get("format") == "json"


def error_response(status: int, message: str) -> tuple[Response | str, int]:
    if wants_json():
        return jsonify({"ok": False, "error": message, "status": status}), status
    title = TITLES.get(status, "Erreur")
    return render_template("error.html", status=status, title=title, message=message), status


def _status_of(error: SearchlibError) -> int:
    if isinstance(error, DocumentNotFound | UnknownBook):
        return 404
    if isinstance(error, InvalidReference):
        return 400
    if isinstance(error, IndexNotFound | EmptyCorpus | ManifestError):
        return 503
    return 500


def _http_error(error: HTTPException) -> tuple[Response | str, int]:
    status = error.code or 500
    # Werkzeug's stock descriptions are English; only our own ``abort(4xx, "...")`` texts are shown.
    custom = error.description != type(error).description
    message = error.description if custom and status in (400, 404) else None
    default = {
        404: "Cette page n'existe pas.",
        405: "Cette méthode n'est pas acceptée ici.",
        413: "La requête est trop grande.",
    }
    return error_response(status, message or default.get(status, TITLES.get(status, "Erreur")))


def _library_error(error: SearchlibError) -> tuple[Response | str, int]:
    status = _status_of(error)
    if status == 500:
        log.exception("library error")
    return error_response(status, str(error))


def _unexpected(error: Exception) -> tuple[Response | str, int]:
    log.exception("unhandled error on %s", request.path)
    return error_response(500, "Une erreur interne est survenue ; elle a été consignée.")


def _add_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    """Register the error handlers and the security headers on ``app``."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(SearchlibError, _library_error)
    app.register_error_handler(Exception, _unexpected)
    app.after_request(_add_headers)
