"""Response headers, request ids, the client's address, redirects and the session cookie.

Rules every request goes through, kept in one place:

- the client's address is read through Werkzeug's ``ProxyFix`` only when configuration
  says how many reverse proxies stand in front (``PROXY_HOPS``); with none, forwarded
  headers are ignored, since anyone can send them;
- a redirect target taken from the request is followed only when it is a path of this
  site (``safe_next_path``);
- an answer that failed (status 400 or more) never carries a new sign-in: whatever the
  request did to the session's identity is dropped, so a session is issued only with an
  answer whose transaction committed.
"""

from __future__ import annotations

import ipaddress
import re
import uuid
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, abort, g, make_response, request, url_for
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# The session keys that say who is signed in: ours (the server-side session's id) and
# Flask-Login's.
SESSION_ID_KEY = "sid"
IDENTITY_KEYS = (SESSION_ID_KEY, "_user_id", "_id", "_fresh")
MAX_NEXT_LENGTH = 2048


def client_address() -> str:
    """The client's IP address as the app may trust it, or "unknown"."""
    try:
        return str(ipaddress.ip_address((request.remote_addr or "").strip()))
    except ValueError:
        return "unknown"


def safe_next_path(target: str | None, default_endpoint: str = "dashboard.index") -> str:
    """``target`` if it is a plain path of this site, else the default page.

    Refused: anything with a scheme or a host (``//evil.example``, ``/\\evil.example``,
    which browsers read as a host), control characters or white space (a CR/LF would
    split the Location header), and overlong values.
    """
    if (
        target
        and len(target) <= MAX_NEXT_LENGTH
        and target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and "\\" not in target
        and all(character.isprintable() and not character.isspace() for character in target)
    ):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and parts.path.startswith("/"):
            return target
    return url_for(default_endpoint)


def no_store(page: str) -> Response:
    """An answer that shows a secret (a QR code's key, a new token): no cache keeps it."""
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"
    return response


class _TrackedSession(SecureCookieSession):
    """A cookie session that remembers who it said was signed in when the request came."""

    def __init__(self, initial: Any = None) -> None:
        super().__init__(initial)
        self.identity_on_arrival = self.identity()

    def identity(self) -> tuple[Any, ...]:
        return tuple(self.get(key) for key in IDENTITY_KEYS)


class CommittedSignInSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, except that a failed answer never changes who is signed in.

    The request's transaction rolls back on any answer of 400 or more (``backoffice.app``),
    taking the server-side session row with it; the browser keeps the cookie it came with
    rather than one naming a session that was never committed. Other changes (a form's
    CSRF token on an error page) are still saved.
    """

    session_class = _TrackedSession

    def save_session(self, app: Flask, session: Any, response: Response) -> None:
        if (
            response.status_code >= 400
            and isinstance(session, _TrackedSession)
            and session.identity() != session.identity_on_arrival
        ):
            return
        super().save_session(app, session, response)


def init_app(app: Flask) -> None:
    app.session_interface = CommittedSignInSessionInterface()
    hops = app.config.get("PROXY_HOPS", 0)
    if hops:
        # Only the address and the scheme: the host is this site's own, never a header's.
        # Flask types wsgi_app as a method; wrapping it is Flask's documented way to add
        # middleware, which mypy cannot express.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

    @app.before_request
    def _assign_request_id() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex

    @app.before_request
    def _refuse_nul_characters() -> None:
        # No database text column can hold NUL (PostgreSQL refuses it): say so up front.
        fields = [*request.args.values(), *request.args.keys()]
        if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            fields += [*request.form.values(), *request.form.keys()]
        if any("\x00" in value for value in fields):
            abort(400, description="Text may not contain NUL characters.")

    @app.after_request
    def _security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if "request_id" in g:
            headers["X-Request-ID"] = g.request_id
        if app.config["ENV"] == "production":
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
