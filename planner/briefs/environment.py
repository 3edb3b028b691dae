"""The Jinja2 environment briefs are rendered with: user templates first, defaults behind.

A template in the user's folder (`--templates DIR` or $PLANNER_TEMPLATES) replaces the
default of the same name, and can build on it with `{% extends "default/NAME" %}`.

Templates are rendered in Jinja's immutable sandbox: a template is data someone may hand
the team, and outside a sandbox `{{ cycler.__init__.__globals__.os }}` reaches the operating
system. In the sandbox it may read what it is given and call the filters, nothing else.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment

from planner.briefs import formats
from planner.briefs.markdown import md_cell, md_text, mermaid_label
from planner.errors import PlannerError
from planner.resources import templates_dir

TEMPLATES_ENV = "PLANNER_TEMPLATES"
SUFFIX = ".md.j2"

FILTERS: dict[str, Callable[..., str]] = {
    "md_cell": md_cell,
    "md_text": md_text,
    "mermaid": mermaid_label,
    "money": formats.money,
    "money_short": formats.money_short,
    "date": formats.date_long,
    "iso": formats.iso_date,
    "pct": formats.percent,
    "ratio": formats.ratio,
    "count": formats.count,
    "hours": formats.hours,
    "rag": formats.rag,
    "plural": formats.plural,
    "figure": formats.figure,
    "met": formats.met,
}


def user_templates_dir(option: str | Path | None = None) -> Path | None:
    """The user's template folder: the option if given, else $PLANNER_TEMPLATES, else none."""
    chosen = option if option not in (None, "") else os.environ.get(TEMPLATES_ENV) or None
    if chosen is None:
        return None
    folder = Path(chosen).expanduser()
    if not folder.is_dir():
        raise PlannerError(f"the template folder {folder} does not exist")
    return folder


def make_environment(user_dir: str | Path | None = None) -> ImmutableSandboxedEnvironment:
    """A sandboxed, Markdown-safe Jinja2 environment: nothing escaped implicitly, any undefined name
    an error, and the brief filters registered. One per template folder is kept, so its
    compiled templates are reused (an edited template file is reloaded)."""
    folder = user_templates_dir(user_dir)
    return _environment(None if folder is None else folder.resolve())


@functools.lru_cache(maxsize=8)
def _environment(folder: Path | None) -> ImmutableSandboxedEnvironment:
    defaults = FileSystemLoader(templates_dir())
    loaders: list[Any] = []
    if folder is not None:
        loaders.append(FileSystemLoader(folder))
    loaders += [defaults, PrefixLoader({"default": defaults})]
    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,  # a user editing a template sees the change on the next render
    )
    env.filters.update(FILTERS)
    return env


def render_template(env: ImmutableSandboxedEnvironment, name: str, context: dict[str, Any]) -> str:
    """Render `name` (without the .md.j2 suffix) with `context`; template mistakes become
    one clear PlannerError naming the template and line."""
    template_name = name if name.endswith(SUFFIX) else f"{name}{SUFFIX}"
    try:
        template = env.get_template(template_name)
        return template.render(context)
    except TemplateNotFound as exc:
        raise PlannerError(
            f"there is no brief template called {exc.name}; put it in your template folder "
            f"(--templates or ${TEMPLATES_ENV})"
        ) from None
    except UnicodeDecodeError as exc:  # Jinja reads templates as UTF-8
        source = _unreadable(exc, template_name)
        raise PlannerError(
            f"the brief template {source} is not UTF-8 text; open it in an editor and "
            "save it as UTF-8"
        ) from None
    except TemplateError as exc:
        source, line = _where(exc, template_name)
        at = f" line {line}" if line else ""
        raise PlannerError(f"the brief template {source}{at} failed: {exc.message}") from None


def _unreadable(exc: UnicodeDecodeError, default: str) -> str:
    """The template file whose bytes would not decode: the loader that read it names it."""
    trace = exc.__traceback__
    found = default
    while trace is not None:
        filename = trace.tb_frame.f_locals.get("filename")
        if isinstance(filename, str) and filename.endswith(SUFFIX):
            found = filename
        trace = trace.tb_next
    return found


def _where(exc: TemplateError, default: str) -> tuple[str, int | None]:
    """The template file and line an error came from. A syntax error says so itself; an
    error while rendering is found in the traceback, whose frames Jinja names after the
    template."""
    filename = getattr(exc, "filename", None)
    lineno = getattr(exc, "lineno", None)
    if filename and lineno:
        return filename, lineno
    trace = exc.__traceback__
    found: tuple[str, int | None] = (default, None)
    while trace is not None:
        name = trace.tb_frame.f_code.co_filename
        if name.endswith(SUFFIX):
            found = (name, trace.tb_lineno)
        trace = trace.tb_next
    return found
