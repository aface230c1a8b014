"""A one-line footer of the keys that apply, drawn as a single widget.

Textual's ``Footer`` builds a widget per key and rebuilds them whenever the
bindings change; with the nine keys Today shows, that alone cost about a
third of the app's start-up. ``KeyBar`` reads the same active bindings and
draws them as one line of text (a click on a key still runs it), so it is cheap to
build and to redraw.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget

KEY_STYLE = "bold $footer-key-foreground"
TEXT_STYLE = "$footer-description-foreground"


class KeyBar(Widget):
    """The keys of the active screen and app, as ``key description`` pairs."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen) -> None:
        self.refresh()

    def _entries(self) -> list[tuple[str, str, str | None, bool]]:
        """(keys, description, click action, enabled) in display order, groups merged."""
        app = self.app
        entries: list[tuple[str, str, str | None, bool]] = []
        seen: set[str] = set()
        group_at: dict[object, int] = {}
        for node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            key = app.get_key_display(binding)
            action = _click_action(node, binding, app, self.screen)
            group = binding.group
            if group is not None and group in group_at:
                index = group_at[group]
                keys, description, _click, was_enabled = entries[index]
                entries[index] = (f"{keys} {key}", description, None, was_enabled or enabled)
                continue
            description = group.description if group is not None else binding.description
            if group is not None:
                group_at[group] = len(entries)
            entries.append((key, description, action, enabled))
        return entries

    def render(self) -> Content:
        """The keys, fitted to the width.

        When they do not all fit, the palette key goes first, then the line
        turns compact (one space inside a pair, one between pairs), then the
        screen's last keys give way, so every key shown keeps its label and
        ``? Help`` (which lists them all) and ``q Quit`` stay.
        """
        entries = self._entries()
        width = self.size.width
        palette = self._palette()
        left, targets = self._line(entries, compact=False)
        if left.cell_length + palette.cell_length + 1 > width:
            palette = Content("")
            if left.cell_length > width:
                shown = list(entries)
                left, targets = self._line(shown, compact=True)
                while left.cell_length > width:
                    droppable = [i for i, entry in enumerate(shown) if not _is_app(entry)]
                    if not droppable:
                        break
                    del shown[droppable[-1]]
                    left, targets = self._line(shown, compact=True)
        self._targets = targets
        gap = width - left.cell_length - palette.cell_length
        if palette and gap >= 1:
            start = left.cell_length + gap
            self._targets.append((start, start + palette.cell_length, "app.command_palette"))
            return Content.assemble(left, " " * gap, palette)
        return left

    def _line(
        self, entries: list[tuple[str, str, str | None, bool]], compact: bool
    ) -> tuple[Content, list[tuple[int, int, str]]]:
        """One line of ``key description`` pairs and where each can be clicked.

        ``compact`` keeps one space between a key and its words and one between pairs.
        """
        parts: list[Content] = []
        targets: list[tuple[int, int, str]] = []  # (first cell, end cell, action)
        x = 0
        for keys, description, action, enabled in entries:
            dim = " dim" if not enabled else ""
            if compact:
                part = Content.assemble(
                    (f" {keys}", f"{KEY_STYLE}{dim}"),
                    (f" {description}" if description else "", f"{TEXT_STYLE}{dim}"),
                )
            else:
                part = Content.assemble(
                    (f" {keys} ", f"{KEY_STYLE}{dim}"),
                    (f"{description} " if description else "", f"{TEXT_STYLE}{dim}"),
                )
            if action and enabled:
                targets.append((x, x + part.cell_length, action))
            x += part.cell_length
            parts.append(part)
        return Content("").join(parts), targets

    async def on_click(self, event: events.Click) -> None:
        """A click on a key runs its action, as a click on Textual's footer does."""
        for first, end, action in getattr(self, "_targets", []):
            if first <= event.x < end:
                event.stop()
                await self.run_action(action)
                return

    def _palette(self) -> Content:
        app = self.app
        if not app.ENABLE_COMMAND_PALETTE:
            return Content("")
        found = self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        if found is None:
            return Content("")
        binding = found[1]
        return Content.assemble(
            (f" {app.get_key_display(binding)} ", KEY_STYLE),
            ("palette ", TEXT_STYLE),
        )


def _is_app(entry: tuple[str, str, str | None, bool]) -> bool:
    """An app-wide key (help, quit): the last to give way in a narrow pane."""
    return (entry[2] or "").startswith("app.")


def _click_action(node, binding: Binding, app, screen) -> str | None:
    if node is app:
        return f"app.{binding.action}"
    if node is screen:
        return f"screen.{binding.action}"
    return None
