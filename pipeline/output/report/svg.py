"""Timelines drawn as inline SVG from Python: bars per month, one colour per series.

No plotting library: a bar chart of a few series is a few rects, and writing them here keeps the
pages free of scripts from elsewhere and byte-identical from run to run.
"""

from __future__ import annotations

import html
import re

MONTH = re.compile(r"^(\d{4})-(\d{2})")
COLOURS = ("#3b82f6", "#f59e0b", "#16a34a", "#9333ea")
WIDTH, HEIGHT, LEFT, RIGHT, BOTTOM, TOP = 720, 180, 36, 30, 34, 12


def month_of(*values: str | None) -> str | None:
    """The first value that names a year and month (`2021-02-03` -> `2021-02`); `XXXX-02` does not."""
    for value in values:
        match = MONTH.match(value or "")
        if match and 1 <= int(match.group(2)) <= 12:
            return f"{match.group(1)}-{match.group(2)}"
    return None


def months_between(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def timeline(series: dict[str, dict[str, int]], title: str, css_id: str) -> str:
    """Grouped bars per month for each named series ({name: {month: count}}); every month between
    the first and the last is on the axis, empty ones included."""
    dated = sorted({month for counts in series.values() for month in counts})
    if not dated:
        return f'<p class="meta" id="{css_id}">{html.escape(title)}: no dated item.</p>'
    months = months_between(dated[0], dated[-1])
    top = max(max(counts.values(), default=0) for counts in series.values()) or 1
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - BOTTOM - TOP
    slot = plot_width / len(months)
    bar = min(max(slot * 0.8 / len(series), 1.0), 28.0)
    parts = [f'<svg class="chart" id="{css_id}" role="img" aria-label="{html.escape(title)}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT + 18}" width="{WIDTH}" height="{HEIGHT + 18}">',
             f"<title>{html.escape(title)}</title>",
             f'<line x1="{LEFT}" y1="{TOP + plot_height}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_height}" stroke="#999"/>',
             f'<text x="{LEFT - 4}" y="{TOP + 4}" text-anchor="end">{top}</text>',
             f'<text x="{LEFT - 4}" y="{TOP + plot_height}" text-anchor="end">0</text>']
    step = max(1, len(months) // 12)  # at most about twelve month labels
    for index, month in enumerate(months):
        x0 = LEFT + index * slot + (slot - bar * len(series)) / 2
        for number, (name, counts) in enumerate(series.items()):
            count = counts.get(month, 0)
            if not count:
                continue
            height = plot_height * count / top
            parts.append(f'<rect class="bar" x="{x0 + number * bar:.1f}" y="{TOP + plot_height - height:.1f}" '
                         f'width="{bar:.1f}" height="{height:.1f}" fill="{COLOURS[number % len(COLOURS)]}">'
                         f"<title>{html.escape(name)} {month}: {count}</title></rect>")
        if index % step == 0:
            parts.append(f'<text x="{LEFT + index * slot + slot / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" '
                         f'text-anchor="middle">{month}</text>')
    for number, name in enumerate(series):
        x = LEFT + number * 130
        parts.append(f'<rect x="{x}" y="{HEIGHT + 4}" width="10" height="10" fill="{COLOURS[number % len(COLOURS)]}"/>'
                     f'<text x="{x + 14}" y="{HEIGHT + 13}">{html.escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)
