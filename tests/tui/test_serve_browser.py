"""The team server in a real browser: headless Chromium (Debian's `chromium` package, no
browser download) driven by Playwright logs in as an officer, triages a contract, and the
audit trail names that officer; a viewer's key press changes nothing (issue 13).

Needs /usr/bin/chromium (`apt-get install chromium`) and the playwright package (in the
test extras); skipped with the reason when either is missing."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from planner.domain.codes import Role
from planner.store.db import open_db
from planner.store.users import add_user

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path(os.environ.get("PLANNER_CHROMIUM", "/usr/bin/chromium"))
PASSWORD = "correct horse battery"

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="the browser test needs playwright (pip install playwright)"
)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"the browser test needs Chromium at {CHROMIUM} (apt-get install chromium)",
    ),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"planner serve did not start listening on {port}")


@pytest.fixture
def server(demo_path: Path) -> Iterator[tuple[str, Path]]:
    db = open_db(demo_path)
    add_user(db, "Alice", Role.OFFICER, PASSWORD, who="admin")
    add_user(db, "Victor", Role.VIEWER, PASSWORD, who="admin")
    db.close()
    port = _free_port()
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    process = subprocess.Popen(
        [sys.executable, "-c", "from planner.cli import main; main()", "serve", "--db",
         str(demo_path), "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_for_port(port)
        yield f"http://127.0.0.1:{port}", demo_path
    finally:
        process.terminate()
        process.wait(timeout=30)


def _changes_by(path: Path, who: str) -> list[str]:
    db = open_db(path, migrate=False)
    try:
        return [r[0] for r in db.conn.execute("SELECT summary FROM changes WHERE who = ?", (who,))]
    finally:
        db.close()


def _wait_for(check: Callable[[], object], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return False


def _open_as(browser: Browser, url: str, name: str) -> Page:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(url)
    assert page.url.endswith("/login")  # no session: the planner is not shown
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("#login")
    # textual-serve marks the page once the planner has drawn its first screen.
    page.wait_for_selector("body.-first-byte", state="attached", timeout=90_000)
    time.sleep(2)
    page.focus(".xterm-helper-textarea")  # where xterm.js takes the keys typed
    return page


def _press(page: Page, *keys: str) -> None:
    for key in keys:
        page.keyboard.press(key)
        time.sleep(3)  # the screen changes, its rows are read in a worker


def test_an_officer_logs_in_triages_and_the_audit_names_them(server: tuple[str, Path]) -> None:
    url, path = server
    with playwright_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            viewer = _open_as(browser, url, "Victor")
            _press(viewer, "2", "t")  # the triage screen; re-tender the contract under the cursor
            officer = _open_as(browser, url, "Alice")
            _press(officer, "2")
            found = False
            for _ in range(5):  # on a busy machine the rows may not be there for the first t
                _press(officer, "t")
                if found := _wait_for(lambda: _changes_by(path, "Alice"), seconds=10):
                    break
            if not found:
                officer.screenshot(path=str(path.with_name("officer.png")))
            assert found, f"no change under Alice's name (screenshot beside {path})"
        finally:
            browser.close()
    assert any("re-tender" in summary.lower() for summary in _changes_by(path, "Alice"))
    assert _changes_by(path, "Victor") == []  # a viewer's key press changed nothing
