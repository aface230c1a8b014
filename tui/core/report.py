"""The report for a clinician: one self-contained HTML page, or the same as Markdown.

Pure Python, no Textual, no Peewee: :class:`ReportData` holds plain values
(gathered by ``tui.store.report``) and the two renderers turn them into
text. The HTML page carries its CSS and its SVG charts inline and refers to
nothing outside itself (no link, no image, no font; a Content-Security-Policy
forbids loading anything), so it opens offline and prints on A4 and Letter
alike. Every piece of user text (names, units, notes) is escaped: shown as
typed, never as markup, never as a terminal control. The report states what
was recorded; it does not interpret it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .journal import RATED, JournalDay, Symptom, WeekBurden
from .streaks import DayRoles
from .text import plural, visible, visible_lines

_M, _X, _P = ord("M"), ord("X"), ord("P")


@dataclass(frozen=True)
class ExerciseLine:
    """One exercise over the report's days: days met of days due."""

    name: str
    met: int
    due: float
    per_week: int = 0  # N-per-week: ``due`` is the quota over the days

    @property
    def share(self) -> float | None:
        return min(1.0, self.met / self.due) if self.due else None


@dataclass(frozen=True)
class NoteLine:
    day: dt.date
    where: str  # "journal" or an exercise's name
    text: str


@dataclass(frozen=True)
class ReportData:
    first: dt.date
    last: dt.date
    exercises: Sequence[ExerciseLine]
    elevation_name: str | None  # the sessions exercise, if there is one
    elevation: Sequence[tuple[dt.date, float, float]]  # day, sessions done, target
    burden: Sequence[WeekBurden]
    completion: Sequence[float | None]
    red_flag_days: Sequence[JournalDay]
    notes: Sequence[NoteLine]
    disclaimer: str
    rated_days: int = 0


def completion_counts(roles: DayRoles, first: dt.date, last: dt.date) -> tuple[int, float]:
    """Days met and days due from ``first`` to ``last`` (the streak engine's meaning).

    Met, missed and partial days are due; skipped and unscheduled days are
    not. For an N-per-week exercise the due days are the quota spread over
    the days (``N * days / 7``).
    """
    if not roles.n:
        return 0, 0.0
    start = max(0, (first - roles.lo).days)
    end = max(0, (last - roles.lo).days + 1)
    chunk = roles.roles[start:end]
    met = chunk.count(_M)
    if roles.per_week:
        return met, roles.per_week * len(chunk) / 7
    return met, float(met + chunk.count(_X) + chunk.count(_P))


# --- text helpers --------------------------------------------------------------------


def _h(text: str | None) -> str:
    """User text for HTML: terminal controls as visible escapes, then HTML-escaped."""
    return html.escape(visible(text), quote=True)


def _h_lines(text: str | None) -> str:
    return html.escape(visible_lines(text), quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~&=:\"'$^])")


def md_literal(text: str | None) -> str:
    """User text for Markdown: every character that Markdown (or HTML in it) reads is escaped."""
    return _MD_SPECIAL.sub(r"\\\1", visible(text))


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def _num(value: float) -> str:
    return f"{value:g}"


def _range_words(data: ReportData) -> str:
    days = (data.last - data.first).days + 1
    return f"{data.first:%d %b %Y} – {data.last:%d %b %Y} ({plural(days, 'day')})"


def _rated_words(data: ReportData) -> str:
    """'1 day was rated', '12 days were rated'."""
    verb = "was" if data.rated_days == 1 else "were"
    return f"{plural(data.rated_days, 'day')} {verb} rated"


# --- SVG -----------------------------------------------------------------------------

CHART_W, CHART_H = 680, 150
PAD_L, PAD_B, PAD_T = 40, 20, 8


def _svg_columns(
    values: Sequence[float | None],
    top: float,
    labels: Sequence[str],
    title: str,
    *,
    percent: bool = False,
    target: Sequence[float] | None = None,
    height: int = CHART_H,
) -> str:
    """A column chart as inline SVG: a y axis with its values, labels under some columns."""
    n = max(1, len(values))
    plot_w = CHART_W - PAD_L - 4
    plot_h = height - PAD_B - PAD_T
    step = plot_w / n
    bar_w = max(1.0, step * 0.75)
    top = top or 1.0
    parts = [
        f'<svg class="chart" viewBox="0 0 {CHART_W} {height}" role="img" '
        f'aria-label="{html.escape(title, quote=True)}">'
    ]
    for fraction in (0.0, 0.5, 1.0):
        y = PAD_T + plot_h * (1 - fraction)
        value = top * fraction
        text = f"{round(value * 100)}%" if percent else _num(round(value, 1))
        parts.append(
            f'<line x1="{PAD_L}" y1="{y:.1f}" x2="{CHART_W - 4}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{PAD_L - 4}" y="{y + 4:.1f}" class="axis" text-anchor="end">{text}</text>'
        )
    for i, value in enumerate(values):
        x = PAD_L + i * step + (step - bar_w) / 2
        if value is None:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{PAD_T + plot_h - 2:.1f}" class="axis" '
                'text-anchor="middle">·</text>'
            )
        else:
            h = plot_h * min(1.0, max(0.0, value / top))
            parts.append(
                f'<rect x="{x:.1f}" y="{PAD_T + plot_h - h:.1f}" width="{bar_w:.1f}" '
                f'height="{h:.1f}" class="bar"/>'
            )
        if target is not None and target[i] > 0:
            ty = PAD_T + plot_h * (1 - min(1.0, target[i] / top))
            parts.append(
                f'<line x1="{x:.1f}" y1="{ty:.1f}" x2="{x + bar_w:.1f}" y2="{ty:.1f}" '
                'class="target"/>'
            )
        if labels[i]:
            parts.append(
                f'<text x="{x:.1f}" y="{height - 5}" class="axis">{html.escape(labels[i])}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _every(count: int, labels: int = 8) -> int:
    return max(1, -(-count // labels))


def _week_labels(weeks: Sequence[WeekBurden]) -> list[str]:
    every = _every(len(weeks))
    return [f"{w.start:%d %b}" if i % every == 0 else "" for i, w in enumerate(weeks)]


def _top(values: Sequence[float | None], at_least: float = 1.0) -> float:
    biggest = max((v for v in values if v is not None), default=0.0)
    return max(at_least, float(-(-biggest // 1)))


# --- HTML ----------------------------------------------------------------------------

CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  color: #111; margin: 0 auto; max-width: 180mm; padding: 8mm 0; font-size: 10.5pt;
  line-height: 1.35; }
h1 { font-size: 17pt; margin: 0 0 2mm; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm; border-bottom: 0.3mm solid #999; }
h3 { font-size: 10.5pt; margin: 3mm 0 1mm; }
p.range { margin: 0 0 3mm; color: #333; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 1mm 2mm; border-bottom: 0.2mm solid #ccc;
  vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.note { white-space: pre-wrap; overflow-wrap: anywhere; }
svg.chart { width: 100%; height: auto; display: block; }
svg .bar { fill: #3a6ea5; }
svg .target { stroke: #b5302a; stroke-width: 1.5; }
svg .grid { stroke: #ddd; stroke-width: 0.6; }
svg .axis { font-size: 10px; fill: #444; }
.meter { display: inline-block; width: 30mm; height: 2.5mm; background: #e5e5e5; }
.meter > span { display: block; height: 100%; background: #3a6ea5; }
figure { margin: 2mm 0 4mm; }
figcaption { font-size: 9pt; color: #444; }
.small { font-size: 9pt; color: #444; }
.disclaimer { margin-top: 6mm; padding: 3mm; border: 0.3mm solid #999; font-size: 9.5pt; }
section, figure, tr, svg, .disclaimer { break-inside: avoid; page-break-inside: avoid; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
@page { margin: 14mm 13mm; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; } }
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'"


def render_html(data: ReportData) -> str:
    """The whole report as one HTML page, with nothing outside it."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Second Heart report · {_range_words(data)}</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>Second Heart · leg routine and journal</h1>",
        f'<p class="range">{_range_words(data)}. What the user recorded in Second Heart, '
        "shown as recorded. Nothing here is a measurement, an interpretation or a "
        "diagnosis.</p>",
    ]
    out += _html_exercises(data)
    out += _html_elevation(data)
    out += _html_symptoms(data)
    out += _html_red_flags(data)
    out += _html_notes(data)
    out.append(f'<div class="disclaimer"><b>Disclaimer.</b> {html.escape(data.disclaimer)}</div>')
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _html_exercises(data: ReportData) -> list[str]:
    rows = []
    for line in data.exercises:
        share = line.share
        width = 0 if share is None else round(share * 100)
        due = (
            f"{_num(round(line.due, 1))} (quota {line.per_week} a week)"
            if line.per_week
            else _num(line.due)
        )
        rows.append(
            f"<tr><td>{_h(line.name)}</td><td class='num'>{line.met}</td>"
            f"<td class='num'>{due}</td><td class='num'>{_pct(share)}</td>"
            f"<td><span class='meter'><span style='width:{width}%'></span></span></td></tr>"
        )
    if not rows:
        rows.append("<tr><td colspan='5'>No exercises.</td></tr>")
    return [
        "<section><h2>Completion per exercise</h2>",
        "<table><thead><tr><th>Exercise</th><th class='num'>Days met</th>"
        "<th class='num'>Days due</th><th class='num'>Share</th><th></th></tr></thead><tbody>",
        *rows,
        "</tbody></table>",
        "<p class='small'>Due days are the days the exercise was scheduled and not marked "
        "as a rest day.</p></section>",
    ]


def _html_elevation(data: ReportData) -> list[str]:
    if data.elevation_name is None:
        return [
            "<section><h2>Elevation sessions per day</h2><p>No sessions exercise.</p></section>"
        ]
    days = data.elevation
    done = [d for _, d, _ in days]
    targets = [t for _, _, t in days]
    every = _every(len(days))
    labels = [f"{day:%d %b}" if i % every == 0 else "" for i, (day, _, _) in enumerate(days)]
    chart = _svg_columns(
        done,
        _top(done + targets),
        labels,
        "elevation sessions per day",
        target=targets,
    )
    total = sum(done)
    met = sum(1 for d, t in zip(done, targets, strict=True) if t and d >= t)
    return [
        f"<section><h2>Elevation sessions per day · {_h(data.elevation_name)}</h2>",
        f"<figure>{chart}<figcaption>Sessions completed each day (bars); the red mark is "
        f"the day's target. {plural(total, 'session')} in all; the target was reached on "
        f"{met} of {plural(len(days), 'day')}.</figcaption></figure></section>",
    ]


def _html_symptoms(data: ReportData) -> list[str]:
    weeks = data.burden
    labels = _week_labels(weeks)
    totals = [float(w.total) for w in weeks]
    out = [
        "<section><h2>Symptom trend</h2>",
        "<p class='small'>Each symptom is rated 0 (none) to 3 (severe) on the days the user "
        "chose to record it; a week's burden adds up those ratings (at most 21 for one "
        f"symptom, 126 for all six). {_rated_words(data)} in this range. The "
        "routine's weekly completion is shown beside it as a record; the report makes no "
        "claim that one affects the other.</p>",
        "<figure>"
        + _svg_columns(totals, _top(totals), labels, "symptom burden per week, all symptoms")
        + "<figcaption>Symptom burden per week, all six symptoms added up.</figcaption></figure>",
        "<figure>"
        + _svg_columns(
            list(data.completion), 1.0, labels, "routine completion per week", percent=True
        )
        + "<figcaption>Routine completion per week: exercise days met over exercise days due "
        "(· no exercise due).</figcaption></figure>",
        "<table><thead><tr><th>Symptom</th><th class='num'>Sum over the range</th>"
        "<th class='num'>Highest week</th><th>Per week (one scale)</th></tr></thead><tbody>",
    ]
    shared_top = _top([float(w.of(s.slug)) for w in weeks for s in RATED])  # one scale for all
    for symptom in RATED:
        values = [float(w.of(symptom.slug)) for w in weeks]
        spark = _svg_spark(values, shared_top, symptom.name)
        out.append(
            f"<tr><td>{_html_label(symptom)}</td>"
            f"<td class='num'>{_num(sum(values))}</td>"
            f"<td class='num'>{_num(max(values, default=0))}</td><td>{spark}</td></tr>"
        )
    out.append("</tbody></table></section>")
    return out


def _html_label(symptom: Symptom) -> str:
    """The symptom's name, and the sources' words in small type when they say more."""
    if symptom.label == symptom.name:
        return html.escape(symptom.name)
    return f"{html.escape(symptom.name)} <span class='small'>({html.escape(symptom.words)})</span>"


def _svg_spark(values: Sequence[float], top: float, title: str) -> str:
    """A small inline column chart for one table row (0 to ``top``)."""
    n = max(1, len(values))
    width, height = 200, 24
    step = width / n
    bars = "".join(
        f'<rect x="{i * step:.1f}" y="{height - height * min(1.0, v / top):.1f}" '
        f'width="{max(0.8, step * 0.8):.1f}" height="{height * min(1.0, v / top):.1f}" '
        'class="bar"/>'
        for i, v in enumerate(values)
    )
    return (
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="50mm" height="6mm" '
        f'role="img" aria-label="{html.escape(title, quote=True)} per week">'
        f'<line x1="0" y1="{height}" x2="{width}" y2="{height}" class="grid"/>{bars}</svg>'
    )


def _html_red_flags(data: ReportData) -> list[str]:
    out = ["<section><h2>Days with a red-flag sign</h2>"]
    if not data.red_flag_days:
        out.append("<p>None recorded in this range.</p></section>")
        return out
    out.append("<p class='small'>Signs the sources say need a medical evaluation.</p><ul>")
    for day in data.red_flag_days:
        signs = "; ".join(s.words for s in day.red_flags)
        out.append(f"<li>{day.day:%a %d %b %Y}: {html.escape(signs)}</li>")
    out.append("</ul></section>")
    return out


def _html_notes(data: ReportData) -> list[str]:
    out = ["<section><h2>Notes</h2>"]
    if not data.notes:
        out.append("<p>No notes in this range.</p></section>")
        return out
    out.append("<table><thead><tr><th>Day</th><th>On</th><th>Note</th></tr></thead><tbody>")
    for note in data.notes:
        out.append(
            f"<tr><td class='num'>{note.day:%d %b %Y}</td><td>{_h(note.where)}</td>"
            f"<td class='note'>{_h_lines(note.text)}</td></tr>"
        )
    out.append("</tbody></table></section>")
    return out


# --- Markdown ------------------------------------------------------------------------

SPARK = "▁▂▃▄▅▆▇█"


def _md_spark(values: Sequence[float | None], top: float) -> str:
    return "".join(
        "·" if v is None else SPARK[min(7, max(0, round(v / (top or 1) * 7)))] for v in values
    )


def render_markdown(data: ReportData) -> str:
    """The same report as Markdown (charts as block sparklines and tables)."""
    out = [
        "# Second Heart · leg routine and journal",
        "",
        f"{_range_words(data)}. What the user recorded in Second Heart, shown as recorded. "
        "Nothing here is a measurement, an interpretation or a diagnosis.",
        "",
        "## Completion per exercise",
        "",
        "| Exercise | Days met | Days due | Share |",
        "|---|---:|---:|---:|",
    ]
    for line in data.exercises:
        due = (
            f"{_num(round(line.due, 1))} (quota {line.per_week} a week)"
            if line.per_week
            else _num(line.due)
        )
        out.append(f"| {md_literal(line.name)} | {line.met} | {due} | {_pct(line.share)} |")
    out += ["", "## Elevation sessions per day", ""]
    if data.elevation_name is None:
        out.append("No sessions exercise.")
    else:
        done = [d for _, d, _ in data.elevation]
        targets = [t for _, _, t in data.elevation]
        top = _top(done + targets)
        out.append(f"{md_literal(data.elevation_name)}, one character per day, oldest first:")
        out += ["", f"    {_md_spark(done, top)}", ""]
        met = sum(1 for d, t in zip(done, targets, strict=True) if t and d >= t)
        out.append(
            f"{plural(sum(done), 'session')} in all; the target was reached on {met} of "
            f"{plural(len(done), 'day')}."
        )
    out += [
        "",
        "## Symptom trend",
        "",
        "Ratings 0 (none) to 3 (severe), added up per week (at most 21 for one symptom, "
        f"126 for all six); {_rated_words(data)}. Routine completion is shown "
        "beside it as a record, with no claim that one affects the other.",
        "",
        "| Week from | Symptom burden | Routine completion |",
        "|---|---:|---:|",
    ]
    for week, share in zip(data.burden, data.completion, strict=True):
        out.append(f"| {week.start:%d %b %Y} | {week.total} | {_pct(share)} |")
    out += ["", "| Symptom | Sum | Per week |", "|---|---:|---|"]
    shared_top = _top([float(w.of(s.slug)) for w in data.burden for s in RATED])
    for symptom in RATED:
        values = [float(w.of(symptom.slug)) for w in data.burden]
        out.append(f"| {symptom.label} | {_num(sum(values))} | {_md_spark(values, shared_top)} |")
    out += ["", "## Days with a red-flag sign", ""]
    if not data.red_flag_days:
        out.append("None recorded in this range.")
    for day in data.red_flag_days:
        out.append(f"- {day.day:%a %d %b %Y}: {'; '.join(s.words for s in day.red_flags)}")
    out += ["", "## Notes", ""]
    if not data.notes:
        out.append("No notes in this range.")
    for note in data.notes:
        lines = visible_lines(note.text).splitlines() or [""]
        text = "  \n  ".join(md_literal(line) for line in lines)
        out.append(f"- {note.day:%d %b %Y}, {md_literal(note.where)}: {text}")
    out += ["", "## Disclaimer", "", data.disclaimer, ""]
    return "\n".join(out)
