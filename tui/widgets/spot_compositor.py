"""Partial screen updates that draw only what lies under the changed spots.

Textual's compositor draws a partial update from every widget whose parent's
clip touches the rectangle around *all* the changed regions. A tick on Today
changes the day bar at the top and the detail line at the bottom, so that
rectangle is the whole screen: every widget (the header, the key bar, each
block of the guide pane) was asked for every one of its lines, to keep a few
lines of four widgets (about 2 ms of a 12 ms key here).

:class:`SpotCompositor` asks only the widgets that lie under a changed region,
and only for the lines of those regions. The terminal gets exactly the same
text: what is written is still decided by the changed regions alone, and a
test compares the two compositors' output key by key.

Built on Textual's private compositor, so ``textual`` is pinned exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip

MAX_SPOTS = 24  # beyond this many changed regions, Textual's own way is cheaper


class SpotCompositor(Compositor):
    """A :class:`Compositor` whose partial updates visit only the changed spots."""

    _spots: tuple[Region, ...] | None = None

    def render_partial_update(self) -> Any:
        spots = self._dirty_regions
        if not spots or len(spots) > MAX_SPOTS or self.size.region in spots:
            return super().render_partial_update()
        self._spots = tuple(spots)
        try:
            return super().render_partial_update()
        finally:
            self._spots = None

    def _get_renders(
        self, crop: Region | None = None
    ) -> Iterable[tuple[Region, Region, list[Strip]]]:
        spots = self._spots
        if spots is None:
            return super()._get_renders(crop)
        return self._spot_renders(spots)

    def _spot_renders(
        self, spots: tuple[Region, ...]
    ) -> Iterator[tuple[Region, Region, list[Strip]]]:
        """What Textual's ``_get_renders`` yields, front to back, for the widgets
        under ``spots``: each clipped to the lines of the spots it lies under."""
        drawn: list[Region] = []  # what the widgets in front cover
        for widget, (region, clip) in self.visible_widgets.items():
            shown = region.intersection(clip)
            if not shown:
                continue
            for lines in _bands(shown, spots):
                if _hidden(lines, spots, drawn):
                    continue  # a widget in front already covers this widget's part
                x, y, width, height = lines
                yield (
                    region,
                    lines,
                    widget.render_lines(Region(x - region.x, y - region.y, width, height)),
                )
            drawn.append(shown)


def _hidden(lines: Region, spots: tuple[Region, ...], drawn: list[Region]) -> bool:
    """Whether every changed cell in ``lines`` lies under one widget already drawn
    (Textual keeps the front widget's cells, so this one's would be thrown away)."""
    for spot in spots:
        part = spot.intersection(lines)
        if part and not any(front.contains_region(part) for front in drawn):
            return False
    return True


def _bands(shown: Region, spots: tuple[Region, ...]) -> list[Region]:
    """The parts of ``shown`` on the lines of the spots that overlap it, merged
    where they touch, top to bottom (full width: a widget is cut in lines only)."""
    rows = sorted((spot.y, spot.bottom) for spot in spots if shown.overlaps(spot))
    bands: list[Region] = []
    top = bottom = None
    for start, end in rows:
        if bottom is not None and start <= bottom:
            bottom = max(bottom, end)
            continue
        if top is not None:
            bands.append(shown.intersection(Region(shown.x, top, shown.width, bottom - top)))
        top, bottom = start, end
    if top is not None:
        bands.append(shown.intersection(Region(shown.x, top, shown.width, bottom - top)))
    return bands


class SpotUpdates:
    """Mixed into a screen (before ``Screen``): its partial updates use a
    :class:`SpotCompositor`, and a key handler can send its frame at once."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._compositor = SpotCompositor()

    def paint_now(self) -> bool:
        """Send what the handler running now repainted to the terminal, in this call.

        Textual draws a repaint after a relay of message hops: each changed
        widget's queue, then the screen's, then its update timer (about 1.5 ms
        of a 9 ms tick here, more when the loop is busy). This does the same
        work in place: the repainted widgets go to the compositor, which writes
        the same update Textual would. Anything beyond a plain repaint (a
        layout, a scroll, new styles, a recompose) is left to Textual, and
        ``False`` says so; their queued hops later find nothing left to draw.
        """
        screen: Any = self
        if (
            not screen.is_current
            or screen.app._batch_count
            or screen._layout_required
            or screen._scroll_required
            or screen._repaint_required
            or screen._recompose_required
            or screen._layout_widgets
        ):
            return False
        widgets = self._compositor.visible_widgets
        repainted = []
        for widget in widgets:
            if (
                widget._layout_required
                or widget._scroll_required
                or widget._recompose_required
                or widget._refresh_styles_required
            ):
                return False
            if widget._repaint_required:
                repainted.append(widget)
        for widget in repainted:
            widget._repaint_required = False
            screen._dirty_widgets.add(widget)
        if not screen._dirty_widgets:
            return True
        self._compositor.update_widgets(screen._dirty_widgets)
        screen._compositor_refresh()
        return True
