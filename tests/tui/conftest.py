"""Fixtures for the planner UI: a small demo database per test, the app factory with a
frozen today, and a way to wait for every worker instead of sleeping."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from planner.demo.build import build_demo
from planner.demo.generator import DemoSpec
from planner.store import Database, open_db
from planner.tui.app import PlannerApp, create_app
from tests.conftest import FROZEN_TODAY, migrated_db

DEMO_CONTRACTS = 120


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 120-contract demo programme, scheduled as of the frozen today, built once per
    session (each test gets a copy)."""
    path = tmp_path_factory.mktemp("demo") / "template.db"
    db = migrated_db(path)
    build_demo(db, DemoSpec(contracts=DEMO_CONTRACTS), FROZEN_TODAY, "demo")
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture(scope="session")
def plain_demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same demo without its payments ledger, benefits and claims: what the dashboard
    shows from the register alone, built once per session."""
    path = tmp_path_factory.mktemp("plain-demo") / "template.db"
    db = migrated_db(path)
    build_demo(db, DemoSpec(contracts=DEMO_CONTRACTS), FROZEN_TODAY, "demo", money=False)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def plain_demo_path(plain_demo_template: Path, tmp_path: Path) -> Path:
    """This test's own copy of the demo with no payments ledger."""
    path = tmp_path / "plain-demo.db"
    shutil.copy(plain_demo_template, path)
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """This test's own copy of the demo database."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    return path


@pytest.fixture
def make_app(demo_path: Path) -> Callable[..., PlannerApp]:
    """Build the app as the CLI does, on this test's database, with today frozen."""

    def build(start: str = "triage", path: Path | None = None, **options: Any) -> PlannerApp:
        options.setdefault("watch_seconds", None)
        options.setdefault("replan_seconds", None)  # the live plan: tests that want it say so
        options.setdefault("who", "tester")
        return create_app(path or demo_path, FROZEN_TODAY, start=start, **options)

    return build


@pytest.fixture
def read_db(demo_path: Path) -> Iterator[Database]:
    """A separate connection to check what the database holds after the UI acted."""
    db = open_db(demo_path, create=False)
    yield db
    db.close()


def record_notifications(app: App[Any]) -> list[str]:
    """The messages `app` will notify (each still shown as usual), listed as they come."""
    messages: list[str] = []
    notify = app.notify

    def recording(message: str, *args: Any, **kwargs: Any) -> None:
        messages.append(message)
        notify(message, *args, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    return messages


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until no worker is running and every message they posted is handled."""
    app = pilot.app
    for _ in range(50):
        await pilot.pause()
        running = [w for w in app.workers if w.is_running]
        if not running:
            await pilot.pause()
            if not any(w.is_running for w in app.workers):
                return
            continue
        await app.workers.wait_for_complete(running)
    raise AssertionError("workers kept running")


async def wait_until(pilot: Pilot[Any], condition: Callable[[], bool], seconds: float = 10) -> None:
    """Let the app run until `condition()` holds; fail if it still does not after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"still not so after {seconds} s"
        await pilot.pause(0.01)


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Press keys one at a time, letting each one's work finish before the next."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def burst(pilot: Pilot[Any], *keys: str) -> None:
    """Deliver `keys` as a terminal delivers a paste or tmux send-keys: every key queued at
    once, none waiting for the one before it (Pilot.press lets each settle), then settle."""
    driver = pilot.app._driver
    assert driver is not None
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await settle(pilot)


async def enter_text(pilot: Pilot[Any], text: str) -> None:
    """Put `text` in the focused text field, replacing what was there, and press enter:
    what typing it would do, without a key press (and a settle) per character."""
    field = pilot.app.focused
    assert isinstance(field, Input), f"the focus is on {field!r}, not a text field"
    field.value = text
    await settle(pilot)
    await press(pilot, "enter")
