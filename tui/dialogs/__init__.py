"""Dialogs: the modal screens (prompt, confirm, exercise form, welcome, help, too small).

One per module, sharing :class:`~tui.dialogs.base.Dialog` and ``dialogs.tcss``.
This package imports nothing itself, so opening one dialog loads only that one.
"""
