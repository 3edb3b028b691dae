"""Modal dialogs: each is a typed ModalScreen that dismisses with its result."""

from planner.tui.dialogs.choice import Choice, ChoiceDialog
from planner.tui.dialogs.confirm import ConfirmDialog, MessageDialog
from planner.tui.dialogs.keys import KeysDialog
from planner.tui.dialogs.prompt import Entered, PromptDialog

__all__ = [
    "Choice",
    "ChoiceDialog",
    "ConfirmDialog",
    "Entered",
    "KeysDialog",
    "MessageDialog",
    "PromptDialog",
]
