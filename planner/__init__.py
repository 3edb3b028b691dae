"""Contract review programme planner for public-sector procurement teams."""

from __future__ import annotations

DISTRIBUTION = "contract-review-planner"


def __getattr__(name: str) -> str:
    # `planner.__version__` is read from the installed package's metadata (the version lives
    # in pyproject.toml alone), and only when asked for: importlib.metadata costs tens of
    # milliseconds or more at import, which every `planner` start-up would otherwise pay (measured
    # with python -X importtime). `planner --version` reads the same metadata through click.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version(DISTRIBUTION)
        except PackageNotFoundError:  # a checkout that was never installed
            return "0+unknown"
    raise AttributeError(f"module 'planner' has no attribute {name!r}")
