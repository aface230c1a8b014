"""The results table: measure | value | floor | ratio | target | ok, printed and saved as JSON."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path

MIB = 1024 * 1024


@dataclass
class Line:
    key: str  # stable id, for comparing runs between commits
    measure: str
    value: float | None
    unit: str  # "s", "ms", "MiB"
    floor: float | None = None
    floor_label: str = ""
    target: str = ""  # human text, e.g. "≤ 1.4× floor"
    ok: bool | None = None  # None: no target
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor


def _num(value: float | None, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "ms":
        return f"{value * 1000:.1f} ms"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "MiB":
        return f"{value / MIB:.1f} MiB"
    return f"{value:g} {unit}"


def row_cells(line: Line) -> list[str]:
    floor = _num(line.floor, line.unit) if line.floor is not None else "—"
    if line.floor_label and line.floor is not None:
        floor = f"{floor} ({line.floor_label})"
    if line.unit == "MiB" and line.value is not None and line.floor is not None:
        ratio = f"+{(line.value - line.floor) / MIB:.1f} MiB"
    else:
        ratio = "—" if line.ratio is None else f"{line.ratio:.2f}×"
    ok = "" if line.ok is None else ("yes" if line.ok else "**NO**")
    value = _num(line.value, line.unit)
    if line.note:
        value = f"{value} ({line.note})" if line.value is not None else line.note
    return [line.measure, value, floor, ratio, line.target or "—", ok]


def table(lines: list[Line]) -> str:
    header = ["measure", "value", "floor", "ratio", "target", "ok"]
    rows = [header, ["---"] * len(header)] + [row_cells(line) for line in lines]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    out = []
    for r in rows:
        if r[0] == "---":
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        else:
            out.append("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |")
    return "\n".join(out)


def save(path: Path, meta: dict, lines: list[Line], raw: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "meta": meta,
        "table": [
            {**asdict(line), "ratio": line.ratio, "cells": row_cells(line)} for line in lines
        ],
        "raw": raw,
    }
    path.write_text(json.dumps(data, indent=1, default=str) + "\n", encoding="utf-8")


def compare(previous: Path, lines: list[Line]) -> str:
    """Each measure now against the same measure in an earlier results file."""
    old = {row["key"]: row for row in json.loads(previous.read_text())["table"]}
    out = [f"Compared with {previous}:"]
    for line in lines:
        before = old.get(line.key, {}).get("value")
        if before is None or line.value is None:
            continue
        change = (line.value - before) / before * 100 if before else float("nan")
        out.append(
            f"  {line.measure}: {_num(before, line.unit)} -> {_num(line.value, line.unit)}"
            f" ({change:+.0f} %)"
        )
    return "\n".join(out)
