"""The message both calendar widgets post when a day is clicked."""

from __future__ import annotations

import datetime as dt

from textual.message import Message


class DayClicked(Message):
    """A day was clicked (``double`` for a double click)."""

    def __init__(self, day: dt.date, double: bool = False) -> None:
        self.day = day
        self.double = double
        super().__init__()
