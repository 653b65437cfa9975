"""Web UI security: escaping, headers, limits, and no input a browser can send gives a 500."""

# ruff: noqa: F811  (pytest fixtures imported from web_fixtures are parameters here)
from __future__ import annotations

import random
from urllib.parse import quote

from tests.web_fixtures import app, client, tiny_dirs  # noqa: F401
from web.errors import SECURITY_HEADERS

PAGES = [
    "/",
    "/books",
    "/books.json",
    "/p/b1.c01.p001",
    "/p/b1.c01.p001.json",
    "/note/b1/1",
    "/search?q=tracteurs",
    "/search.json?q=tracteurs",
    "/search.csv?q=tracteurs",
    "/source?url=https://mfa.gov.by/accord",
    "/nowhere",
    "/p/b9.c01.p001",
    "/search?page=abc&q=x",
]

ODD = [
    "/p/../..",
    "/p/..%2F..%2Fetc%2Fpasswd",
    "/p/%2e%2e",
    "/p/b1.c01.p001%00",
    "/p/%ff%fe",
    "/p/b1.c01.p001%E2%80%AE",
    "/p/" + "b1.c01.p001" * 300,
    "/p/b1.c01.p001/cite/..%2f..",
    "/p/b1.c01.p001/cite/",
    "/note/../..",
    "/note/b1/%ff",
    "/note/b1/99999999999999999999",
    "/note/b1/1.json.json",
    "/note/%3Cscript%3E/1",
    "/static/../web/__init__.py",
    "/static/%2e%2e/%2e%2e/pyproject.toml",
    "//",
    "/p/",
    "/books.xml",
    "/search.xml?q=x",
    "/search?q=%00",
    "/search?q=%ff%fe",
    "/search?q=%E2%80%AE%E2%80%AE",
    "/search?q=" + "a" * 501,
    "/search?q=" + quote("é" * 400),
    "/search?q=x&page=0",
    "/search?q=x&page=-1",
    "/search?q=x&page=1e3",
    "/search?q=x&page=99999999999999999999",
    "/search?q=x&page=%EF%BC%91",  # a full-width digit
    "/search?q=x&page=1&page=2",
    "/search?q=x&n=0",
    "/search?q=x&n=100000",
    "/search?q=x&format=xml",
    "/search?q=x&format=json&format=html",
    "/search?q=x&book=../../etc",
    "/search?q=x&book=b9",
    "/search?q=x&chapter=b1:abc",
    "/search?q=x&chapter=b1:3",
    "/search?q=x&year=20x1",
    "/search?q=x&domain=%3Cscript%3E",
    "/search?q=x&q=y",
    "/search?q[]=x",
    "/search.json?q=",
    "/search.json",
    "/search.csv",
    "/search.csv?q=" + "b" * 600,
    "/search?q=" + quote('"unbalanced'),
    "/search?q=" + quote("((((((((( OR AND NOT )))"),
    "/search?q=" + quote("*"),
    "/search?q=" + quote("?~^:-+"),
    "/search?q=" + quote("book: chapter: year: domain:"),
    "/search?q=" + quote("tracteurs~9"),
    "/search?q=" + quote("title:x content:y"),
    "/search?q=" + quote("\t\r\n"),
    "/source?url=" + quote("http://[::1"),
    "/source?url=" + quote("http://%ff"),
    "/source?url=" + quote("https://" + "a" * 3000),
    "/source?url=" + quote("data:text/html,<script>alert(1)</script>"),
    "/source.json?url=",
    "/source?url=x&url=y",
]


def test_security_headers_on_every_response(client):
    for url in PAGES:
        response = client.get(url)
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (url, name)
    csp = SECURITY_HEADERS["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp


def test_no_inline_script_or_style_so_the_csp_holds(client):
    for url in ("/", "/books", "/p/b1.c01.p002", "/search?q=tracteurs", "/nowhere"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>" not in page and "style=" not in page and "onclick" not in page, url


def test_no_odd_url_gives_a_500(client):
    for url in ODD:
        response = client.get(url)
        assert response.status_code < 500, (url, response.get_data(as_text=True)[:300])
        assert response.status_code in (200, 301, 302, 308, 400, 404), url


def test_random_parameters_never_give_a_500(client):
    alphabet = "ab é\"'*?~^:()-+<>&%;/\\\x00\x7f\u202e\ufffd\U0001f600AND OR NOT b1 c01 0123456789"
    rng = random.Random(7)
    for _ in range(300):
        q = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        page = rng.choice(["", "1", "2", "-3", "x", "9" * 12])
        facet = rng.choice(["book", "chapter", "domain", "year", "n", "format"])
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        for base in ("/search", "/search.json"):
            url = f"{base}?q={quote(q)}&page={quote(page)}&{facet}={quote(value)}"
            response = client.get(url)
            assert response.status_code in (200, 400), (url, response.status_code)


def test_odd_methods_are_405_not_500(client):
    for method in ("post", "put", "delete", "patch"):
        response = getattr(client, method)("/search?q=x")
        assert response.status_code == 405
        assert "Méthode non autorisée" in response.get_data(as_text=True)
    assert client.head("/books").status_code == 200
    assert client.options("/books").status_code == 200


def test_query_is_echoed_escaped(client):
    payload = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    page = client.get("/search?q=" + quote(payload)).get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_query_length_and_page_limits_are_400(client, app):
    limit = app.config["MAX_QUERY_CHARS"]
    ok = client.get("/search.json?q=" + "a" * limit)
    assert ok.status_code == 200
    too_long = client.get("/search.json?q=" + "a" * (limit + 1))
    assert too_long.status_code == 400
    assert too_long.get_json() == {
        "ok": False,
        "error": f"La requête dépasse {limit} caractères.",
        "status": 400,
    }
    page = client.get(f"/search?q=x&page={app.config['MAX_PAGE'] + 1}")
    assert page.status_code == 400
    assert "Requête invalide" in page.get_data(as_text=True)
    assert client.get("/search.json?q=x&page=abc").get_json()["error"] == (
        "Le paramètre « page » doit être un entier."
    )


def test_path_traversal_ids_are_404(client):
    for url in ("/p/../..", "/p/..%2F..%2Fetc%2Fpasswd", "/p/%2e%2e", "/note/../.."):
        assert client.get(url).status_code == 404, url
    assert client.get("/static/../web/__init__.py").status_code == 404


def test_error_pages_do_not_leak_tracebacks(app):
    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    client = app.test_client()
    for url, marker in (("/boom", "Erreur interne"), ("/boom?format=json", '"ok":false')):
        response = client.get(url)
        assert response.status_code == 500
        body = response.get_data(as_text=True)
        assert marker in body and "secret internals" not in body and "Traceback" not in body
