"""The wheel carries schema/ and templates/ and works from a fresh virtualenv."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _build_wheel(out: Path) -> Path:
    # --no-isolation builds with the hatchling already installed: no download needed.
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out),
         str(ROOT)],
        check=True, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    (wheel,) = out.glob("contract_review_planner-*.whl")
    return wheel


def _fresh_venv(folder: Path, wheel: Path) -> Path:
    venv.EnvBuilder(with_pip=True).create(folder)
    python = folder / "bin" / "python"
    site_packages = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
    )  # fmt: skip
    # The dependencies come from the test environment's site-packages, added as a plain
    # path so its .pth files (the editable install of this checkout) are not processed.
    (site_packages / "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)],
        check=True, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    return folder / "bin"


@pytest.mark.slow
def test_the_wheel_installs_and_runs_init_and_export_register(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path / "dist")
    names = zipfile.ZipFile(wheel).namelist()
    assert "planner/schema/0001_initial.sql" in names
    assert "planner/templates/README.md" in names
    assert "planner/tui/web/login.html" in names  # the team server's login page

    bin_dir = _fresh_venv(tmp_path / "fresh", wheel)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PLANNER_DB")}
    where = subprocess.run(
        [str(bin_dir / "python"), "-c",
         "import planner, planner.resources as r; "
         "print(planner.__file__); print(r.schema_dir()); print(r.templates_dir())"],
        check=True, capture_output=True, text=True, cwd=tmp_path, env=env,
    ).stdout.split()  # fmt: skip
    installed = str(tmp_path / "fresh")
    assert all(path.startswith(installed) for path in where), where

    db = str(tmp_path / "wheel.db")
    init = subprocess.run([str(bin_dir / "planner"), "init", "--db", db],
                          capture_output=True, text=True, cwd=tmp_path, env=env)  # fmt: skip
    assert init.returncode == 0, init.stderr
    assert "Created" in init.stderr
    export = subprocess.run([str(bin_dir / "planner"), "export", "register", "--db", db],
                            capture_output=True, text=True, cwd=tmp_path, env=env)  # fmt: skip
    assert export.returncode == 0, export.stderr
    assert export.stdout.startswith("ref,title,department,supplier,")
