"""The team server refuses what is not its own: foreign Host or Origin, no session, an idle
session, a locked account, one session too many; and runs each browser's planner as the
account that logged in. Driven over real HTTP and websockets (aiohttp's test client), with a
stand-in for `planner tui` that reports whom it was started as."""

from __future__ import annotations

import asyncio
import re
import shlex
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from planner.domain.codes import Role
from planner.store.db import open_db
from planner.store.users import add_user
from planner.tui.serve import PlannerServer, build_server
from planner.tui.web_guard import COOKIE, Exposure

PASSWORD = "correct horse battery"
Client = TestClient[web.Request, web.Application]
Served = tuple[PlannerServer, Client]
# Stands in for `planner tui`: says whom it runs as in one data packet, then waits for the
# server to stop it (textual-serve's protocol: a prelude line, then typed, sized packets).
FAKE_PLANNER = r"""
import os, sys
out = sys.stdout.buffer
out.write(b"__GANGLION__\n")
text = (os.environ["PLANNER_USER"] + " as " + os.environ["PLANNER_ROLE"]).encode()
out.write(b"D" + len(text).to_bytes(4, "big") + text)
out.flush()
sys.stdin.buffer.read(1)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "planner.db"
    db = open_db(path)
    add_user(db, "Alice", Role.OFFICER, PASSWORD, who="admin")
    add_user(db, "Victor", Role.VIEWER, PASSWORD, who="admin")
    db.close()
    return path


@pytest.fixture
async def served(database: Path) -> AsyncIterator[Served]:
    port = _free_port()
    server = build_server(database, None, Exposure(port=port), "localuser")
    server.command = f"{shlex.quote(sys.executable)} -c {shlex.quote(FAKE_PLANNER)}"
    app = await server._make_app()
    client: Client = TestClient(TestServer(app, host="127.0.0.1", port=port))
    await client.start_server()
    yield server, client
    for _ in range(100):  # let each session's planner stop before the loop closes
        if server.live == 0:
            break
        await asyncio.sleep(0.1)
    await client.close()


def _own(client: Client) -> dict[str, str]:
    return {"Origin": f"http://127.0.0.1:{client.port}"}


async def _log_in(
    client: Client, name: str = "Alice", password: str = PASSWORD
) -> aiohttp.ClientResponse:
    return await client.post(
        "/login", data={"name": name, "password": password}, headers=_own(client),
        allow_redirects=False,
    )  # fmt: skip


async def test_a_websocket_from_a_foreign_origin_is_refused_even_when_logged_in(
    served: Served,
) -> None:
    """Issue 13: a page at attacker.example opened the websocket and drove the planner."""
    _, client = served
    await _log_in(client)
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", headers={"Origin": "http://attacker.example"})
    assert refused.value.status == 403


async def test_a_foreign_host_header_is_refused(served: Served) -> None:
    """DNS rebinding: a foreign name that resolves to 127.0.0.1 reaches the port."""
    _, client = served
    response = await client.get("/login", headers={"Host": "attacker.example:8000"})
    assert response.status == 403
    assert "answers only at http://127.0.0.1" in await response.text()


async def test_without_a_session_the_page_sends_to_login_and_the_websocket_is_refused(
    served: Served,
) -> None:
    _, client = served
    page = await client.get("/", allow_redirects=False)
    assert page.status == 303 and page.headers["Location"] == "login"
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", headers=_own(client))
    assert refused.value.status == 403
    assert (await client.get("/download/anything")).status == 403


async def test_a_forged_cookie_is_no_session(served: Served) -> None:
    _, client = served
    client.session.cookie_jar.update_cookies({COOKIE: "made-up.0123abcd"})
    assert (await client.get("/", allow_redirects=False)).status == 303


async def test_logging_in_gives_an_httponly_strict_cookie_and_opens_the_planner(
    served: Served,
) -> None:
    _, client = served
    response = await _log_in(client)
    assert response.status == 303
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    page = await client.get("/")
    assert page.status == 200
    assert page.headers["X-Frame-Options"] == "DENY"
    # Not no-referrer: under it Chromium sends `Origin: null` with the login form.
    assert page.headers["Referrer-Policy"] == "same-origin"


async def test_the_pages_fetch_nothing_from_elsewhere(served: Served) -> None:
    """Police networks have no internet: no fonts or scripts from other sites."""
    _, client = served
    login = await (await client.get("/login")).text()
    await _log_in(client)
    page = await (await client.get("/")).text()
    for html in (login, page):
        addresses = re.findall(r"""(?:src|href)=["']?(https?://[^"' >]+)""", html)
        assert all(a.startswith(f"http://127.0.0.1:{client.port}/") for a in addresses), addresses
        assert "googleapis" not in html
    assert "RobotoMono-VariableFont_wght.ttf" in page
    assert (await client.get("/static/fonts/RobotoMono-VariableFont_wght.ttf")).status == 200


async def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(
    served: Served,
) -> None:
    _, client = served
    wrong_password = await _log_in(client, "Alice", "not the password")
    wrong_name = await _log_in(client, "Nobody", "not the password")
    assert wrong_password.status == wrong_name.status == 401
    assert "Wrong name or password" in await wrong_password.text()
    assert "Wrong name or password" in await wrong_name.text()
    assert COOKIE not in wrong_password.cookies


async def test_five_wrong_passwords_lock_the_account_and_say_so(served: Served) -> None:
    _, client = served
    for _ in range(4):
        assert "Wrong name or password" in await (await _log_in(client, "Alice", "guess")).text()
    fifth = await (await _log_in(client, "Alice", "guess")).text()
    assert "locked until" in fifth and "five wrong passwords" in fifth
    right_but_locked = await _log_in(client)
    assert right_but_locked.status == 401
    assert "locked until" in await right_but_locked.text()


async def test_a_post_from_a_foreign_origin_is_refused(served: Served) -> None:
    _, client = served
    response = await client.post(
        "/login", data={"name": "Alice", "password": PASSWORD},
        headers={"Origin": "http://attacker.example"}, allow_redirects=False,
    )  # fmt: skip
    assert response.status == 403


async def test_a_post_that_names_no_page_of_the_planner_is_refused(served: Served) -> None:
    """As Jupyter's XSRF check: a form must come from the planner's own page."""
    _, client = served
    form = {"name": "Alice", "password": PASSWORD}
    bare = await client.post("/login", data=form, allow_redirects=False)
    assert bare.status == 403
    own_page = f"http://127.0.0.1:{client.port}/login"
    referred = await client.post("/login", data=form, headers={"Referer": own_page},
                                 allow_redirects=False)  # fmt: skip
    assert referred.status == 303


async def test_an_idle_session_ends(served: Served) -> None:
    server, client = served
    now = [1000.0]
    server.sessions.clock = lambda: now[0]
    await _log_in(client)
    assert (await client.get("/", allow_redirects=False)).status == 200
    now[0] += server.sessions.idle_seconds + 1
    assert (await client.get("/", allow_redirects=False)).status == 303
    with pytest.raises(aiohttp.WSServerHandshakeError):
        await client.ws_connect("/ws", headers=_own(client))


async def test_each_session_runs_the_planner_as_its_logged_in_user(served: Served) -> None:
    """Issue 13: every change was attributed to whoever started the server."""
    _, client = served
    await _log_in(client, "Victor")
    websocket = await client.ws_connect("/ws", headers=_own(client))
    message = await websocket.receive(timeout=20)
    assert message.data == b"Victor as viewer"
    await websocket.close()


async def test_the_session_cap_refuses_the_next_one_clearly(served: Served) -> None:
    server, client = served
    server.max_sessions = 1
    await _log_in(client)
    first = await client.ws_connect("/ws", headers=_own(client))
    assert (await first.receive(timeout=20)).data == b"Alice as officer"
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", headers=_own(client))
    assert refused.value.status == 503
    page = await client.get("/")
    assert page.status == 503
    assert "limit of 1 sessions" in await page.text()
    await first.close()


async def test_a_disabled_account_cannot_open_the_planner(served: Served, database: Path) -> None:
    from planner.store.users import set_disabled

    _, client = served
    await _log_in(client)
    db = open_db(database)
    set_disabled(db, "Alice", True, who="admin")
    db.close()
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", headers=_own(client))
    assert refused.value.status == 403
    assert (await _log_in(client)).status == 401


async def test_the_start_up_token_logs_in_once_as_the_local_user(served: Served) -> None:
    server, client = served
    token = server.sessions.token
    assert token
    first = await client.get(f"/login?token={token}", allow_redirects=False)
    assert first.status == 303
    websocket = await client.ws_connect("/ws", headers=_own(client))
    assert (await websocket.receive(timeout=20)).data == b"localuser as manager"
    await websocket.close()
    client.session.cookie_jar.clear()
    again = await client.get(f"/login?token={token}", allow_redirects=False)
    assert again.status == 403


def test_plain_http_off_this_machine_is_refused_with_the_reason(tmp_path: Path) -> None:
    from planner.errors import PlannerError

    with pytest.raises(PlannerError, match=r"refusing to serve plain HTTP on 0\.0\.0\.0"):
        Exposure(host="0.0.0.0").check()
    with pytest.raises(PlannerError, match="--behind-proxy needs --url"):
        Exposure(host="0.0.0.0", behind_proxy=True).check()
    with pytest.raises(PlannerError, match="both --certfile and --keyfile"):
        Exposure(host="0.0.0.0", certfile=tmp_path / "cert.pem").check()
    Exposure(host="0.0.0.0", behind_proxy=True, url="https://planner.force.example").check()


def test_behind_a_proxy_only_the_proxys_address_is_accepted() -> None:
    exposure = Exposure(host="127.0.0.1", behind_proxy=True, url="https://planner.force.example/")
    assert exposure.origins() == {"https://planner.force.example"}
    assert exposure.hosts() == {"planner.force.example"}
    assert exposure.secure


def test_off_this_machine_there_must_be_an_account(tmp_path: Path) -> None:
    from planner.errors import PlannerError

    open_db(tmp_path / "empty.db").close()
    exposure = Exposure(behind_proxy=True, url="https://planner.force.example")
    with pytest.raises(PlannerError, match="no accounts yet"):
        build_server(tmp_path / "empty.db", None, exposure, "localuser")


async def test_a_malformed_message_from_the_browser_is_dropped_not_fatal(served: Served) -> None:
    _, client = served
    await _log_in(client)
    websocket = await client.ws_connect("/ws", headers=_own(client))
    assert (await websocket.receive(timeout=20)).data == b"Alice as officer"
    for junk in ("not json", "[]", "42", '["resize", {"width": "x"}]', '["resize"]'):
        await websocket.send_str(junk)
    await websocket.send_str('["ping", "still here"]')
    assert (await websocket.receive_json(timeout=10)) == ["pong", "still here"]
    await websocket.close()


async def test_an_open_planner_is_closed_when_its_session_goes_idle(served: Served) -> None:
    server, client = served
    now = [1000.0]
    server.sessions.clock = lambda: now[0]
    server.idle_check_seconds = 0.05
    await _log_in(client)
    websocket = await client.ws_connect("/ws", headers=_own(client))
    assert (await websocket.receive(timeout=20)).data == b"Alice as officer"
    now[0] += server.sessions.idle_seconds + 1
    closing = await websocket.receive(timeout=10)
    assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
    assert "without activity" in str(closing.extra)


async def test_a_page_opened_as_localhost_opens_its_websocket_at_localhost(served: Served) -> None:
    """The session cookie belongs to the name the browser used: 127.0.0.1 would not get it."""
    _, client = served
    await _log_in(client)
    page = await client.get("/", headers={"Host": f"localhost:{client.port}"})
    text = await page.text()
    assert f'data-session-websocket-url="ws://localhost:{client.port}/ws"' in text
    assert f"http://localhost:{client.port}/static/js/textual.js" in text


async def test_disabling_an_account_closes_its_open_planner(served: Served, database: Path) -> None:
    from planner.store.users import set_disabled

    server, client = served
    server.idle_check_seconds = 0.05
    await _log_in(client)
    websocket = await client.ws_connect("/ws", headers=_own(client))
    assert (await websocket.receive(timeout=20)).data == b"Alice as officer"
    db = open_db(database)
    set_disabled(db, "Alice", True, who="admin")
    db.close()
    closing = await websocket.receive(timeout=10)
    assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
    assert "disabled" in str(closing.extra)
    assert (await client.get("/", allow_redirects=False)).status == 303  # logged out


def test_a_certificate_that_is_not_one_is_refused_before_serving(tmp_path: Path) -> None:
    from planner.errors import PlannerError

    open_db(tmp_path / "planner.db").close()
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.write_text("not a certificate", encoding="utf-8")
    key.write_text("not a key", encoding="utf-8")
    exposure = Exposure(host="0.0.0.0", certfile=cert, keyfile=key)
    with pytest.raises(PlannerError, match="cannot serve HTTPS with"):
        build_server(tmp_path / "planner.db", None, exposure, "localuser")


def test_planner_serve_refuses_plain_http_off_this_machine_in_words(database: Path) -> None:
    from click.testing import CliRunner

    from planner.cli import main

    result = CliRunner().invoke(main, ["serve", "--db", str(database), "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: refusing to serve plain HTTP on 0.0.0.0")
    assert "--certfile and --keyfile" in result.stderr and "--behind-proxy" in result.stderr
