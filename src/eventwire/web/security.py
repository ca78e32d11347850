"""Response headers every page and API answer carries, the Host check, and the optional access token.

The Content-Security-Policy allows scripts and styles only from our own
static files: no inline script, no inline event handlers, no third-party
origin. Even if some text slipped through unescaped, a browser would not run
it. The token (``eventwire serve --token``) is accepted as ``Authorization:
Bearer``, ``X-Eventwire-Token`` or, after opening any page with
``?token=...``, a cookie holding an HMAC of the token (not the token itself).

Without a token, the server answers only requests addressed to it by a
loopback name, an IP address, or a name given with ``--host`` (``HostCheck``):
a web page on another site cannot read it through DNS rebinding (pointing
its own name at 127.0.0.1), because the browser then sends that name.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Iterable
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from ..errors import Errors, message

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}
COOKIE = "eventwire_session"
PUBLIC_PREFIXES = ("/static/",)


def add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def host_name(header: str | None) -> str:
    """The name in a Host header, without its port or IPv6 brackets, lower-case ("" when there is none)."""
    value = (header or "").strip().lower()
    if value.startswith("["):  # [::1]:8000
        return value[1:].split("]", 1)[0]
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


class HostCheck:
    """Which Host headers a server without a token answers: loopback names (``localhost`` and
    ``*.localhost``), IP addresses (a rebinding attack needs a DNS name, and a page of another
    origin cannot read a server it addresses by IP), and the names given with ``--host``."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self.names = {host_name(n) for n in names if n}

    def allowed(self, header: str | None) -> bool:
        name = host_name(header)
        if not name:  # HTTP/1.0 without a Host header: no browser sends that
            return header is None
        if name == "localhost" or name.endswith(".localhost") or name in self.names:
            return True
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True


def local_path(path: str) -> str:
    """A path to redirect to that stays on this server: one leading slash (``//evil.example/`` and
    ``/\\evil.example`` would send the browser to another host), every unsafe character encoded."""
    return "/" + quote(path.lstrip("/\\"), safe="/-._~!$&'()*+,;=:@")


class TokenGate:
    """Decides whether a request may proceed when the server was started with a token."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.session = hmac.new(token.encode(), b"eventwire-session", hashlib.sha256).hexdigest()

    def _matches(self, supplied: str | None, expected: str) -> bool:
        return bool(supplied) and hmac.compare_digest(supplied.encode(), expected.encode())

    def allowed(self, request: Request) -> bool:
        auth = request.headers.get("authorization", "")
        bearer = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        return (
            self._matches(bearer, self.token)
            or self._matches(request.headers.get("x-eventwire-token"), self.token)
            or self._matches(request.cookies.get(COOKIE), self.session)
        )

    def login(self, request: Request) -> Response | None:
        """A ``?token=`` in the URL: set the cookie and redirect to the URL without it."""
        supplied = request.query_params.get("token")
        if supplied is None:
            return None
        if not self._matches(supplied, self.token):
            return None
        rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
        target = local_path(request.scope.get("path") or "/") + ("?" + urlencode(rest) if rest else "")
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(COOKIE, self.session, httponly=True, samesite="strict", path="/")
        return response

    def refuse(self, request: Request, render_login) -> Response:
        if request.url.path == "/api" or request.url.path.startswith("/api/"):
            return JSONResponse(
                {"error": {"code": Errors.E602, "message": message(Errors.E602)}},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        return render_login(request)
