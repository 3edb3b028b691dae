"""The command palette (ctrl+p): every action of every screen, and any contract by reference
or title."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from planner.store.triage import ContractRow, TriageQuery, fetch_rows
from planner.tui.bindings import key_help, own_bindings
from planner.tui.screens.registry import SCREENS, open_contract

if TYPE_CHECKING:
    from planner.tui.app import PlannerApp
    from planner.tui.screens.base import PlannerScreen

CONTRACT_HITS = 8


@dataclass(frozen=True, slots=True)
class PaletteCommand:
    """One entry of the palette: its words, a hint (its key) and what it does."""

    text: str
    help: str
    run: Callable[[], Awaitable[object] | object]


class PlannerCommands(Provider):
    """Offers every binding of the current screen, the other screens' actions (switching to
    the screen first) and contracts found by reference or title."""

    @property
    def planner(self) -> PlannerApp:
        """The app, typed."""
        return cast("PlannerApp", self.app)

    def commands(self) -> Iterator[PaletteCommand]:
        """Every action the palette offers from the screen it was opened on."""
        app = self.planner
        seen: set[str] = set()
        for item in key_help(self.screen):
            if item.movement or item.action.startswith("show(") or item.action == "command_palette":
                continue
            text = f"{item.section}: {item.description}"
            if text in seen:
                continue
            seen.add(text)
            yield PaletteCommand(
                text, f"key {item.keys}", partial(app.run_action, item.action, item.node)
            )
        for spec in SCREENS:
            yield PaletteCommand(
                f"Go to {spec.title}", f"key {spec.key}",
                partial(app.run_action, f"show('{spec.mode}')"),
            )  # fmt: skip
        for spec in SCREENS:
            if spec.mode == app.current_mode:
                continue
            for binding in own_bindings(spec.load()):
                if not binding.description:
                    continue
                yield PaletteCommand(
                    f"{spec.title}: {binding.description}",
                    f"on the {spec.title} screen, key {binding.key}",
                    partial(self._run_on, spec.mode, binding),
                )

    async def _run_on(self, mode: str, binding: Binding) -> None:
        """Switch to the screen, then run the action there; one that acts on the highlighted
        row asks for the row instead (the row highlighted there was never seen, and on a
        screen not yet read there is none)."""
        app = self.planner
        await app.switch_mode(mode)
        screen = app.screen
        row = getattr(screen, "PICK_FIRST", {}).get(binding.id or "")
        if row is None:
            await app.run_action(binding.action, screen)
            return
        keys = next((k.keys for k in key_help(screen) if k.binding_id == binding.id), binding.key)
        say = cast("PlannerScreen", screen).say
        say(f"Choose the {row}, then press {keys} ({binding.description})")

    async def discover(self) -> Hits:
        for command in self.commands():
            yield DiscoveryHit(command.text, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.commands():
            score = matcher.match(command.text)
            if score > 0:
                yield Hit(score, matcher.highlight(command.text), command.run, help=command.help)
        if len(query.strip()) >= 2:
            for row in await self._find_contracts(query.strip()):
                text = f"Open {row.ref}  {row.title or ''}"
                yield Hit(
                    max(matcher.match(text), 0.5),
                    matcher.highlight(text),
                    partial(self._open, row.id),
                    help=f"{row.department} · {row.supplier or 'no supplier'}",
                )

    async def _find_contracts(self, text: str) -> list[ContractRow]:
        app = self.planner

        def find() -> list[ContractRow]:
            with app.connections.reader() as db:
                return fetch_rows(db, TriageQuery(text=text, sort="ref"), 0, CONTRACT_HITS)

        worker = app.run_worker(find, thread=True, group="palette", exit_on_error=False)
        found = await worker.wait()
        return found or []

    def _open(self, contract_id: int) -> None:
        open_contract(self.app, contract_id)
