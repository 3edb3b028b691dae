"""A what-if session: the scratch copy the UI reads and writes while it lasts, and the
changes made in it, in order, to replay on the real database at commit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from textual.message import Message

from planner.store.db import Database
from planner.store.schedule_run import LivePlan
from planner.store.whatif import Comparison
from planner.tui.connections import ScratchConnections


@dataclass(slots=True)
class WhatIfSession:
    """The scratch copy, the last edit when it was made, and the changes tried in it (each
    step, and what it did in words)."""

    connections: ScratchConnections
    started_after: int
    steps: list[Callable[[Database], Message]] = field(default_factory=list)
    tried: list[str] = field(default_factory=list)  # what each step did, in words
    live: LivePlan = field(default_factory=LivePlan)


class WhatIfStarted(Message):
    """The scratch copy was made: from now on the screens read and write it."""

    def __init__(self, session: WhatIfSession) -> None:
        super().__init__()
        self.session = session


class WhatIfCompared(Message):
    """The what-if was compared with the real plan."""

    def __init__(self, comparison: Comparison) -> None:
        super().__init__()
        self.comparison = comparison


class WhatIfEnded(Message):
    """The what-if was committed (`committed` changes), or the commit was refused (`refusal`
    says why; the what-if goes on)."""

    def __init__(self, committed: int = 0, refusal: str | None = None) -> None:
        super().__init__()
        self.committed = committed
        self.refusal = refusal
