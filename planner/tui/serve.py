"""The planner UI in a web browser (textual-serve), behind a login.

Each browser that logs in gets its own `planner tui` process, run as the account that
logged in (its name in the audit trail, its role deciding what it may change). Every request
is checked by `guard` first: the Host and Origin must be the server's own, and everything but
the login page needs a live session (planner.tui.web_guard)."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import shlex
import signal
import ssl
import sys
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from planner.domain.codes import Role
from planner.errors import PlannerError
from planner.store.db import open_db
from planner.store.users import (
    Login,
    LoginOutcome,
    check_login,
    has_users,
    session_settings,
    user_role,
)
from planner.tui.roles import ROLE_VARIABLE, USER_VARIABLE
from planner.tui.web_guard import COOKIE, Exposure, Session, Sessions, is_loopback

log = logging.getLogger("planner.serve")

SERVE_HOST = "127.0.0.1"  # the default: this machine only
TITLE = "Contract review planner"
_WEB = Path(__file__).with_name("web")
_OPEN_PATHS = ("/login", "/static/", "/favicon.ico")  # all a browser needs before it has logged in
_GOOGLE_FONTS = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*/>", re.DOTALL)
# The terminal font, from textual-serve's own static folder instead of Google's servers.
_LOCAL_FONT = (
    "<style>@font-face { font-family: 'Roboto Mono'; src: url('{{ config.static.url }}"
    "fonts/RobotoMono-VariableFont_wght.ttf') format('truetype'); }</style>"
)
SESSION = web.RequestKey("session", Session)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _offline_page(text: str) -> str:
    """textual-serve's page without its one outside address (police networks have no
    internet; a page that fetches from elsewhere also tells that site who is working)."""
    return _GOOGLE_FONTS.sub(_LOCAL_FONT, text)


class _SessionApp(AppService):
    """A `planner tui` process that works as the logged-in account."""

    def __init__(self, command: str, session: Session, **kwargs: Any) -> None:
        super().__init__(command, **kwargs)
        self.session = session

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        environment[USER_VARIABLE] = self.session.user
        environment[ROLE_VARIABLE] = self.session.role
        return environment

    async def wait(self) -> None:
        """Wait for the planner process to end (so none is left behind as a zombie)."""
        if self._process is not None:
            await self._process.wait()


class PlannerServer(Server):
    """textual-serve's server with the planner's login, address checks and session cap."""

    def __init__(self, command: str, db_path: Path, exposure: Exposure, local_user: str) -> None:
        super().__init__(command, host=exposure.host, port=exposure.port, title=TITLE,
                         public_url=exposure.public_url)  # fmt: skip
        self.tls = _tls_context(exposure)  # a bad certificate is refused before anything else
        self.db_path = db_path
        self.exposure = exposure
        self.local_user = local_user
        db = open_db(db_path, create=False)  # migrated here once, not by every login
        try:
            idle_minutes, self.max_sessions, _ = session_settings(db)
            self.accounts = has_users(db)
        finally:
            db.close()
        self.sessions = Sessions(idle_seconds=idle_minutes * 60)
        # The token is for one person on their own machine: never offered on a network.
        if not is_loopback(exposure.host) or exposure.url or exposure.behind_proxy:
            self.sessions.token = ""
        if not self.sessions.token and not self.accounts:
            raise PlannerError(
                "nobody could log in: there are no accounts yet, and the one-time link is only "
                "for this machine; add one first with: planner user add NAME --role manager"
            )
        self.live = 0
        self.idle_check_seconds = 15.0  # how often an open planner's session is checked
        # Two password checks at a time (32 MiB of scrypt each): a flood of logins queues
        # instead of taking the machine's memory and cores from the planners.
        self._hashing = asyncio.Semaphore(2)
        self._origins = exposure.origins()
        self._hosts = exposure.hosts()

    # ---------------------------------------------------------------- the application

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard])
        loader = jinja2.ChoiceLoader([
            jinja2.FileSystemLoader(_WEB),
            jinja2.FunctionLoader(self._load_textual_template),
        ])  # fmt: skip
        aiohttp_jinja2.setup(app, loader=loader, autoescape=True)
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/login", self.handle_login_page, name="login"),
            web.post("/login", self.handle_login),
            web.get("/logout", self.handle_logout),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, show_index=False, name="static"),
        ])  # fmt: skip
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    def _load_textual_template(self, name: str) -> str | None:
        path = Path(self.templates_path) / name
        return _offline_page(path.read_text(encoding="utf-8")) if path.is_file() else None

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse a request from a foreign Host or Origin, or without a session."""
        if request.host.lower() not in self._hosts:
            log.warning("refused a request for host %r", request.host)
            raise web.HTTPForbidden(text=f"This planner answers only at {self.public_url}.")
        origin = request.headers.get("Origin")
        if origin is None and request.method not in ("GET", "HEAD"):
            # A form must say where it comes from (browsers always do): as Jupyter's XSRF
            # check, a POST that names no page of the planner is refused.
            origin = _origin_of(request.headers.get("Referer", "")) or "(none)"
        if origin is not None and origin.lower() not in self._origins:
            log.warning("refused a request from origin %r", origin)
            raise web.HTTPForbidden(text="Requests from other web sites are refused.")
        if not request.path.startswith(_OPEN_PATHS):
            session = self.sessions.find(request.cookies.get(COOKIE))
            if session is None:
                if request.path == "/":
                    raise web.HTTPSeeOther("login")
                raise web.HTTPForbidden(text="Log in first.")
            request[SESSION] = session
        response = await handler(request)
        # No other site may frame the planner (clickjacking) or learn its addresses.
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
        # same-origin, not no-referrer: under no-referrer Chromium sends `Origin: null` with
        # the login form, which the Origin check rightly refuses.
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    async def on_startup(self, app: web.Application) -> None:
        """Say where the planner is, and the one-time link when there is one."""
        print(f"Serving the planner at {self.public_url} (ctrl+c to stop).", file=sys.stderr)
        if self.sessions.token:
            print(
                f"To open it as {self.local_user} without a password, this link works once:\n"
                f"    {self.public_url}/login?token={self.sessions.token}",
                file=sys.stderr,
            )

    # ---------------------------------------------------------------- logging in

    def _login_page(self, request: web.Request, problem: str = "", name: str = "",
                    status: int = 200) -> web.Response:  # fmt: skip
        note = "Ask a planner manager for an account."
        if not self.accounts:
            note = "There are no accounts yet: a manager adds them with `planner user add`."
        context = {"title": TITLE, "problem": problem, "name": name, "note": note}
        return aiohttp_jinja2.render_template("login.html", request, context, status=status)

    async def handle_login_page(self, request: web.Request) -> web.StreamResponse:
        """The login form; ?token= with the start-up token logs in at once (once)."""
        token = request.query.get("token")
        if token is not None:
            if not self.sessions.use_token(token):
                return self._login_page(request, "That link has been used or is wrong.", "", 403)
            return self._logged_in(self.local_user, Role.MANAGER, by_token=True)
        return self._login_page(request)

    async def handle_login(self, request: web.Request) -> web.StreamResponse:
        """Check a name and password (off the event loop: scrypt takes a tenth of a second)."""
        form = await request.post()
        name, password = str(form.get("name", "")), str(form.get("password", ""))
        now = datetime.now().astimezone()
        async with self._hashing:
            result = await asyncio.to_thread(self._check, name, password, now)
        if result.outcome == LoginOutcome.OK:
            log.info("%s logged in", result.name)
            return self._logged_in(result.name, result.role)
        log.warning("failed login for %r (%s)", name, result.outcome)
        if result.outcome == LoginOutcome.LOCKED and result.locked_until is not None:
            until = result.locked_until.astimezone().strftime("%H:%M")
            problem = (
                f"This account is locked until {until} after five wrong passwords in a row. "
                f'Wait until then, or ask a manager to run: planner user enable "{result.name}"'
            )
        elif result.outcome == LoginOutcome.DISABLED:
            problem = "This account is disabled; ask a planner manager."
        else:
            problem = "Wrong name or password."
        return self._login_page(request, problem, name, 401)

    def _check(self, name: str, password: str, now: datetime) -> Login:
        db = open_db(self.db_path, create=False, migrate=False)
        try:
            return check_login(db, name, password, now)
        finally:
            db.close()

    def _logged_in(self, user: str, role: Role, *, by_token: bool = False) -> web.StreamResponse:
        response = _see_other("./")
        response.set_cookie(
            COOKIE, self.sessions.start(user, role, by_token=by_token), httponly=True,
            samesite="Strict", secure=self.exposure.secure, path="/",
        )  # fmt: skip
        return response

    async def handle_logout(self, request: web.Request) -> web.StreamResponse:
        """End this browser's session."""
        self.sessions.end(request.cookies.get(COOKIE))
        response = _see_other("login")
        response.del_cookie(COOKIE, path="/")
        return response

    # ---------------------------------------------------------------- the planner itself

    def _cap_reached(self) -> str | None:
        if self.live < self.max_sessions:
            return None
        return (
            f"The planner is already running its limit of {self.max_sessions} sessions; try "
            "again when someone closes theirs (a manager can raise the max_sessions setting)."
        )

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The planner's page, or why it cannot open now."""
        if (full := self._cap_reached()) is not None:
            raise web.HTTPServiceUnavailable(text=full)
        # At the address the browser used (already checked by guard): a page opened as
        # localhost must open its websocket at localhost too, or the cookie is not sent.
        scheme = "https" if self.exposure.secure else "http"
        base = f"{scheme}://{request.host}"
        context = {
            "font_size": _number(request.query.get("fontsize"), 16),
            "app_websocket_url": ("wss" if scheme == "https" else "ws") + f"://{request.host}/ws",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    def _role_now(self, session: Session) -> Role | None:
        """The role as the database holds it now (None once the account is disabled)."""
        if session.by_token:
            return session.role
        db = open_db(self.db_path, create=False, migrate=False)
        try:
            return user_role(db, session.user)
        finally:
            db.close()

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Run a planner for this session, as its user, while the browser stays connected."""
        session: Session = request[SESSION]
        if (full := self._cap_reached()) is not None:
            raise web.HTTPServiceUnavailable(text=full)
        self.live += 1  # counted before any await, so two at once cannot both pass the cap
        try:
            role = await asyncio.to_thread(self._role_now, session)
            if role is None:
                raise web.HTTPForbidden(text="This account is disabled.")
            session.role = role
            return await self._run_planner(request, session)
        finally:
            self.live -= 1

    async def _run_planner(self, request: web.Request, session: Session) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        service = _SessionApp(
            self.command, session, write_bytes=websocket.send_bytes,
            write_str=websocket.send_str, close=websocket.close,
            download_manager=self.download_manager, debug=self.debug,
        )  # fmt: skip
        size = (_number(request.query.get("width"), 80), _number(request.query.get("height"), 24))
        watchdog = asyncio.create_task(self._end_when_idle(websocket, session))
        try:
            await service.start(*size)
            await self._relay(websocket, service, session)
        except asyncio.CancelledError:
            await websocket.close()
        finally:
            watchdog.cancel()
            await service.stop()
            await service.wait()
        return websocket

    async def _relay(
        self, websocket: web.WebSocketResponse, service: AppService, session: Session
    ) -> None:
        """Pass the browser's keys and resizes to the planner (as textual-serve does)."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, *rest = json.loads(message.data)
                await self._pass_on(websocket, service, session, kind, rest[0] if rest else None)
            except (ValueError, TypeError, KeyError):
                continue  # a malformed message is dropped, not allowed to end the session

    async def _pass_on(
        self, websocket: web.WebSocketResponse, service: AppService, session: Session,
        kind: object, data: Any,
    ) -> None:  # fmt: skip
        if kind == "stdin" and isinstance(data, str):
            self.sessions.touch(session)
            await service.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            await service.set_terminal_size(int(data["width"]), int(data["height"]))
        elif kind == "ping":
            await websocket.send_json(["pong", data])
        elif kind in ("blur", "focus"):
            await (service.blur() if kind == "blur" else service.focus())

    async def _end_when_idle(self, websocket: web.WebSocketResponse, session: Session) -> None:
        while True:
            await asyncio.sleep(self.idle_check_seconds)
            if not self.sessions.alive(session):
                await websocket.close(message=b"Logged out after a time without activity.")
                return
            if await asyncio.to_thread(self._role_now, session) is None:
                self.sessions.forget(session)
                await websocket.close(message=b"This account was disabled.")
                return

    # ---------------------------------------------------------------- running

    def serve(self, debug: bool = False) -> None:
        """Serve until ctrl+c (over HTTPS when a certificate was given)."""
        self.debug = debug
        logging.basicConfig(level=logging.INFO, format="%(message)s")
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self.request_exit)
        web.run_app(self._make_app(), host=self.exposure.host, port=self.exposure.port,
                    ssl_context=self.tls, handle_signals=False, loop=loop,
                    print=lambda *args: None)  # fmt: skip


def _tls_context(exposure: Exposure) -> ssl.SSLContext | None:
    """The HTTPS context for the certificate and key given, checked before serving."""
    if exposure.certfile is None or exposure.keyfile is None:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(exposure.certfile, exposure.keyfile)
    except (ssl.SSLError, OSError) as exc:
        raise PlannerError(
            f"cannot serve HTTPS with {exposure.certfile} and {exposure.keyfile}: "
            f"{exc.strerror or exc} (give a PEM certificate and its private key)"
        ) from None
    return context


def _origin_of(url: str) -> str | None:
    """The scheme://host:port of a URL, or None if it has none."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def _see_other(location: str) -> web.Response:
    """A redirect that can carry a cookie (a returned HTTPException is deprecated)."""
    return web.Response(status=303, headers={"Location": location})


def _number(text: str | None, default: int) -> int:
    try:
        return int(text or default)
    except ValueError:
        return default


def tui_command(db_path: Path, today: date | None) -> str:
    """The shell command that runs one browser's planner on this database."""
    parts = [sys.executable, "-c", "from planner.cli import main; main()", "tui",
             "--db", str(db_path.resolve())]  # fmt: skip
    if today is not None:
        parts += ["--today", today.isoformat()]
    return " ".join(shlex.quote(part) for part in parts)


def build_server(
    db_path: Path, today: date | None, exposure: Exposure, local_user: str
) -> PlannerServer:
    """The team server for this database. Without a --today of its own, each session works
    out today when it starts (a server left running past midnight does not keep yesterday)."""
    exposure.check()
    return PlannerServer(tui_command(db_path, today), db_path, exposure, local_user)


__all__ = ["PlannerServer", "build_server", "tui_command"]
