"""The keymap file is read with care: it is read before the UI starts, so nothing in it may
hang, crash or lock the user in."""

from __future__ import annotations

import os
from pathlib import Path

from planner.tui.keymap import MAX_KEYMAP_BYTES, load_keymap


def test_a_fifo_is_refused_without_reading_it(tmp_path: Path) -> None:
    fifo = tmp_path / "keymap.toml"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    keymap, problems = load_keymap(fifo)
    assert keymap == {}
    assert problems == [f"{fifo}: is not a regular file; using the default keys"]


def test_a_device_such_as_dev_zero_is_refused() -> None:
    keymap, problems = load_keymap(Path("/dev/zero"))
    assert keymap == {}
    assert "is not a regular file" in problems[0]


def test_a_huge_file_is_refused_by_size(tmp_path: Path) -> None:
    big = tmp_path / "keymap.toml"
    big.write_text("# " + "x" * MAX_KEYMAP_BYTES + "\n", encoding="utf-8")
    keymap, problems = load_keymap(big)
    assert keymap == {}
    assert "too large to be a keymap" in problems[0]


def test_deeply_nested_toml_is_a_problem_not_a_recursion_error(tmp_path: Path) -> None:
    nested = tmp_path / "keymap.toml"
    nested.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    keymap, problems = load_keymap(nested)
    assert keymap == {}
    assert "nested too deeply" in problems[0]


def test_ctrl_q_always_quits_whatever_the_keymap_says(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text('[app]\nquit = "f10"\nquit_anywhere = "f12"\n', encoding="utf-8")
    keymap, problems = load_keymap(path)
    assert keymap == {"app.quit": "f10", "app.quit_anywhere": "f12,ctrl+q"}
    assert problems == [f"{path}: ctrl+q always quits, so it was kept for 'app.quit_anywhere'"]


def test_an_ordinary_keymap_reads_as_before(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text('"app.dashboard" = "f2"\n[triage]\nextend = "E, shift+e"\n', encoding="utf-8")
    assert load_keymap(path) == ({"app.dashboard": "f2", "triage.extend": "E,shift+e"}, [])
