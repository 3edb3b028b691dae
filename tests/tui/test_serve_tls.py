"""`planner serve` over HTTPS with a certificate and key: the server speaks TLS, and the
session cookie is Secure (sent only over HTTPS). Uses the openssl command to make a
throw-away self-signed certificate; skipped with the reason without it."""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.domain.codes import Role
from planner.store.db import open_db
from planner.store.users import add_user

PASSWORD = "correct horse battery"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def https_server(tmp_path: Path) -> Iterator[str]:
    cert, key = tmp_path / "planner.crt", tmp_path / "planner.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    path = tmp_path / "planner.db"
    db = open_db(path)
    add_user(db, "Alice", Role.OFFICER, PASSWORD, who="admin")
    db.close()
    port = _free_port()
    root = Path(__file__).resolve().parents[2]
    process = subprocess.Popen(
        [sys.executable, "-c", "from planner.cli import main; main()", "serve", "--db",
         str(path), "--port", str(port), "--certfile", str(cert), "--keyfile", str(key)],
        env={**os.environ, "PYTHONPATH": str(root)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        yield f"https://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def test_with_a_certificate_the_server_speaks_https_and_the_cookie_is_secure(
    https_server: str,
) -> None:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # a throw-away self-signed certificate
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=context), _NoRedirect()
    )
    with opener.open(f"{https_server}/login", timeout=30) as page:
        assert page.status == 200
    form = urllib.parse.urlencode({"name": "Alice", "password": PASSWORD}).encode()
    request = urllib.request.Request(
        f"{https_server}/login", data=form, headers={"Origin": https_server}
    )
    with pytest.raises(urllib.error.HTTPError) as redirected:  # the 303 to the planner
        opener.open(request, timeout=30)
    cookie = redirected.value.headers["Set-Cookie"]
    assert redirected.value.code == 303
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    with pytest.raises((urllib.error.URLError, ConnectionError)):  # plain HTTP: nothing
        urllib.request.urlopen(https_server.replace("https", "http") + "/login", timeout=10)
