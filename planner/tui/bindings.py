"""Every key binding of a screen, as data: for the keys help, the palette and keymap checks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen


@dataclass(frozen=True, slots=True)
class KeyHelp:
    """One binding as the user sees it: where it works, its keys, what it does, its id."""

    section: str
    keys: str
    description: str
    binding_id: str | None
    action: str
    node: DOMNode
    shown: bool  # in the footer

    @property
    def movement(self) -> bool:
        """A widget's own cursor key (up, page down...): not worth a palette entry."""
        return not self.shown and not isinstance(self.node, App | Screen)


def _as_binding(entry: BindingType) -> Binding:
    if isinstance(entry, Binding):
        return entry
    return Binding(*entry)


def own_bindings(node_type: type[DOMNode]) -> list[Binding]:
    """The bindings a class declares itself (not those of Textual's base classes)."""
    return [_as_binding(b) for b in node_type.__dict__.get("BINDINGS", [])]


def _ours(node: DOMNode) -> bool:
    return type(node).__module__.startswith("planner.")


def _section(node: DOMNode) -> str:
    if isinstance(node, App):
        return "Everywhere"
    if isinstance(node, Screen):
        return str(getattr(node, "TITLE", "") or type(node).__name__.removesuffix("Screen"))
    return str(getattr(node, "HELP_SECTION", "") or type(node).__name__)


def _nodes(screen: Screen[object]) -> Iterator[DOMNode]:
    yield from (w for w in screen.query("*") if _ours(w) and own_bindings(type(w)))
    yield screen
    yield screen.app


def key_help(screen: Screen[object]) -> list[KeyHelp]:
    """Every binding that works on `screen`, with the user's keymap applied."""
    app = screen.app
    keymap = getattr(app, "_keymap", {})
    found: list[KeyHelp] = []
    for node in _nodes(screen):
        for binding in own_bindings(type(node)):
            if binding.system or (binding.action == "command_palette" and binding.id is None):
                continue
            keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
            display = ", ".join(
                app.get_key_display(Binding(k.strip(), binding.action)) for k in keys.split(",")
            )
            found.append(
                KeyHelp(
                    _section(node),
                    display,
                    binding.description or binding.action,
                    binding.id,
                    binding.action,
                    node,
                    binding.show,
                )
            )
    return found
