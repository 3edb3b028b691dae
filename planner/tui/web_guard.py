"""What keeps the team server to its own users: the addresses it answers at, whether a
request may come from the page that sent it, and signed session cookies with an idle timeout.

Modelled on Jupyter Server: every request's Host must be the server's own address (so a
DNS-rebinding page cannot reach it under another name), a request that carries an Origin
must come from the server's own pages (so another web site open in the same browser cannot
drive it), and only a logged-in session, or the one-time token printed at start-up, opens
the planner."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from planner.domain.codes import Role
from planner.errors import PlannerError

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
COOKIE = "planner_session"


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class Exposure:
    """Where the server listens and the address people type to reach it."""

    host: str = "127.0.0.1"
    port: int = 8000
    certfile: Path | None = None
    keyfile: Path | None = None
    behind_proxy: bool = False
    url: str | None = None  # the address people type, when a proxy serves it

    @property
    def tls(self) -> bool:
        """True when the server itself speaks HTTPS."""
        return self.certfile is not None

    @property
    def public_url(self) -> str:
        """The address the browser uses, without a trailing slash."""
        if self.url:
            return self.url.rstrip("/")
        scheme = "https" if self.tls else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}"

    @property
    def secure(self) -> bool:
        """True when the browser reaches the planner over HTTPS (cookies are then Secure)."""
        return self.public_url.startswith("https://")

    def check(self) -> None:
        """Refuse a way of serving that would expose passwords or contracts, with the reason."""
        if (self.certfile is None) != (self.keyfile is None):
            raise PlannerError("give both --certfile and --keyfile (the certificate and its key)")
        for path in (self.certfile, self.keyfile):
            if path is not None and not path.is_file():
                raise PlannerError(f"there is no file {path}")
        if self.behind_proxy and not (self.url or "").startswith("https://"):
            raise PlannerError(
                "--behind-proxy needs --url, the https:// address people type to reach the "
                "proxy (the planner checks every request against it)"
            )
        if self.url and not urlsplit(self.url).hostname:
            raise PlannerError(f"--url '{self.url}' is not an address like https://host/")
        if not is_loopback(self.host) and not (self.tls or self.behind_proxy):
            raise PlannerError(
                f"refusing to serve plain HTTP on {self.host}: anyone on the network could "
                "read the passwords and contracts on their way; give --certfile and --keyfile "
                "to serve HTTPS, or put the planner behind an HTTPS reverse proxy and pass "
                "--behind-proxy --url (docs/guide/team-server.md)"
            )

    def origins(self) -> frozenset[str]:
        """The scheme://host:port a request's Origin may name: the server's own address
        (and, on this machine only, its other loopback names)."""
        found = {_origin(self.public_url)}
        if is_loopback(self.host) and not self.url:
            scheme = "https" if self.tls else "http"
            found |= {f"{scheme}://{name}:{self.port}" for name in LOOPBACK_NAMES}
        return frozenset(found)

    def hosts(self) -> frozenset[str]:
        """The values a request's Host header may have."""
        found = set()
        for origin in self.origins():
            parts = urlsplit(origin)
            found.add(parts.netloc)
            default = 443 if parts.scheme == "https" else 80
            if parts.port in (None, default):
                found.add(parts.netloc.rsplit(":", 1)[0] if parts.port else parts.netloc)
        return frozenset(found)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


@dataclass(slots=True)
class Session:
    """One browser's login."""

    user: str
    role: Role
    last_seen: float
    by_token: bool = False  # opened with the start-up token, by the user who started it


@dataclass
class Sessions:
    """Logged-in browsers, kept in memory: a restart logs everyone out. The cookie is the
    session id with an HMAC of it under a secret made at start-up, so a cookie not issued
    by this server is refused before it is even looked up."""

    idle_seconds: float
    clock: Callable[[], float] = time.monotonic
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    _live: dict[str, Session] = field(default_factory=dict)

    def _sign(self, session_id: str) -> str:
        return hmac.new(self.secret, session_id.encode(), hashlib.sha256).hexdigest()

    def start(self, user: str, role: Role, *, by_token: bool = False) -> str:
        """A new session for `user`; returns the cookie value."""
        session_id = secrets.token_urlsafe(32)
        self._live[session_id] = Session(user, role, self.clock(), by_token)
        return f"{session_id}.{self._sign(session_id)}"

    def find(self, cookie: str | None, *, touch: bool = True) -> Session | None:
        """The live session a cookie names, or None (unsigned, unknown or idle too long)."""
        if not cookie or "." not in cookie:
            return None
        session_id, signature = cookie.rsplit(".", 1)
        if not hmac.compare_digest(signature, self._sign(session_id)):
            return None
        session = self._live.get(session_id)
        if session is None:
            return None
        now = self.clock()
        if now - session.last_seen > self.idle_seconds:
            del self._live[session_id]
            return None
        if touch:
            session.last_seen = now
        return session

    def touch(self, session: Session) -> None:
        """Note activity on a session (keys typed in the planner)."""
        session.last_seen = self.clock()

    def alive(self, session: Session) -> bool:
        """False once `session` has been idle too long or has ended."""
        if self.clock() - session.last_seen > self.idle_seconds:
            self.forget(session)
            return False
        return any(v is session for v in self._live.values())

    def forget(self, session: Session) -> None:
        """End a session (its account was disabled)."""
        self._live = {k: v for k, v in self._live.items() if v is not session}

    def end(self, cookie: str | None) -> None:
        """Log a browser out."""
        if cookie and "." in cookie:
            session_id, signature = cookie.rsplit(".", 1)
            if hmac.compare_digest(signature, self._sign(session_id)):
                self._live.pop(session_id, None)

    def use_token(self, token: str) -> bool:
        """True once for the start-up token; it is then spent."""
        if not self.token or not hmac.compare_digest(token.encode(), self.token.encode()):
            return False
        self.token = ""
        return True
