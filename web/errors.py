"""Error pages, JSON errors and security headers: what every response of the app carries.

Library errors are translated here, at the boundary: an unknown id is a 404, a malformed
parameter a 400, a missing, damaged or unreadable index generation a 503; each renders
``error.html`` or, on a JSON twin, ``{"ok": false, "error": ...}``. A 503 says what happened in
French, without the server's paths, and is logged once per cause, not once per request. An
unexpected exception while a request reads a generation whose files then fail their checksums is
damage, not a bug: a 503, and the live index stops serving that generation (it falls back to the
previous one when that verifies). Anything else is a bug: it is logged with its traceback and the
user still gets a readable 500 page, never a stack trace.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from searchlib.errors import (
    CorpusError,
    DocumentNotFound,
    EmptyCorpus,
    IndexDamaged,
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


#: What a reader is told when the site cannot serve (no server path, no library message).
UNAVAILABLE = {
    IndexNotFound: "Aucun index n'est en service : l'administrateur doit le construire "
                   "(searchlib index).",
    IndexDamaged: "L'index en service est endommagé ; le site reprendra dès qu'un index intact "
                  "sera en place (searchlib index --check).",
}
UNREADABLE = "Les données du site sont illisibles pour le moment ; réessayez plus tard."
#: Causes of 503s already logged, at most this many (then logging starts again).
LOGGED_MAX = 256


def _status_of(error: SearchlibError) -> int:
    if isinstance(error, DocumentNotFound | UnknownBook):
        return 404
    if isinstance(error, InvalidReference):
        return 400
    if isinstance(error, IndexNotFound | IndexDamaged | EmptyCorpus | ManifestError | CorpusError):
        return 503
    return 500


def _unavailable(error: SearchlibError) -> tuple[Response | str, int]:
    """A 503 in French, logged once per cause (the app keeps which it logged)."""
    logged: set[str] = current_app.extensions.setdefault("searchlib.logged_503", set())
    cause = f"{type(error).__name__}: {error}"
    if cause not in logged:
        if len(logged) >= LOGGED_MAX:
            logged.clear()
        logged.add(cause)
        log.error("503: %s", cause)
    message = next((m for t, m in UNAVAILABLE.items() if isinstance(error, t)), UNREADABLE)
    return error_response(503, message)


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
    generation = g.get("generation")
    if (isinstance(error, IndexDamaged) and generation is not None
            and generation.name == error.generation):
        from .searcher import live_index

        live_index().mark_damaged(generation, error)
    if status == 503:
        return _unavailable(error)
    if status == 500:
        log.exception("library error")
    return error_response(status, str(error))


def _damage(error: Exception) -> IndexDamaged | None:
    """When the request's generation fails its checksums, the damage (and the live index is
    told, so that the next requests are served from a good generation)."""
    generation = g.get("generation")
    if generation is None:
        return None
    damaged = generation.damaged()
    if not damaged:
        return None
    found = IndexDamaged(generation.name, damaged)
    from .searcher import live_index

    live_index().mark_damaged(generation, found)
    return found


def _unexpected(error: Exception) -> tuple[Response | str, int]:
    damage = _damage(error)
    if damage is not None:
        return _unavailable(damage)
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
