"""'Did you mean …?': the close matches for a mistyped word, found once for every caller.

The command line (commands, actions, choices) and the lookups of exercises
and settings all suggest through :func:`did_you_mean`, so a typo gets the
same kind of hint wherever it is made. Pure: no terminal, no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches

CUTOFF = 0.65  # a little above difflib's 0.6: 'zhs' finds 'zsh', 'elevation' not 'completion'
PREFIX_CUTOFF = 0.8  # a start is short, so it must be closer: 'ankel' finds 'ankle-pumps'


def close_matches(word: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """The choices closest to ``word``, best first (none when nothing is close).

    A choice is also compared by its start, as long as the word: a typo in a
    prefix ('ankel' for 'ankle-pumps') is found as well as one in a whole slug.
    """
    typed = word.strip().lower()
    choices = list(choices)
    if not typed or not choices:
        return []
    whole = {choice.lower(): choice for choice in choices}
    starts: dict[str, str] = {}
    for choice in choices:
        starts.setdefault(choice.lower()[: len(typed)], choice)
    found: list[str] = []
    for keys, cutoff in ((whole, CUTOFF), (starts, PREFIX_CUTOFF)):
        for key in get_close_matches(typed, list(keys), n=len(keys), cutoff=cutoff):
            if keys[key] not in found:
                found.append(keys[key])
    return found[:limit]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """'did you mean status?' (or 'did you mean a or b?'), or '' when nothing is close."""
    found = close_matches(word, choices, limit=2)
    if not found:
        return ""
    return f"did you mean {' or '.join(found)}?"
