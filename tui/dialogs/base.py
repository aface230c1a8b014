"""The base of every dialog: closes once, however fast the keys come."""

from __future__ import annotations

from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen
from textual.widget import Widget

from ..host import HostAccess
from ..widgets.spot_compositor import SpotUpdates

ResultType = TypeVar("ResultType")


class Dialog(HostAccess, SpotUpdates, ModalScreen[ResultType]):
    """A modal screen whose ``dismiss`` is ignored after the first call.

    Two Enters in one burst would otherwise dismiss twice and pop a screen
    that is not this one (or save a form twice).
    """

    CSS_PATH = "dialogs.tcss"

    #: A footer of the dialog's own keys, over the screen's below (which do not apply).
    KEY_BAR = True

    closing: bool = False

    def _extend_compose(self, widgets: list[Widget]) -> None:
        super()._extend_compose(widgets)
        if self.KEY_BAR:
            from ..widgets.keybar import KeyBar

            widgets.append(KeyBar())

    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        if self.closing or not self.is_current:
            return AwaitComplete.nothing()
        self.closing = True
        return super().dismiss(result)
