"""A small bar chart of the cited sources' years for a query, drawn as SVG on the server.

No JavaScript library: the results page embeds the ``<svg>`` this module builds from the year
facet (how many matching passages cite a source of each year). Each bar is a link that adds the
year filter, and names its year and count for screen readers and as a tooltip.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

#: Drawing units (the SVG scales to its container's width through its viewBox).
BAR, GAP, HEIGHT, LABEL = 28, 6, 90, 16


def year_chart(values: list[Any], link: Any) -> Markup | None:
    """The SVG for the year facet ``values`` (``.value``/``.count``); ``link(year)``: its URL.

    :returns: ``None`` when fewer than two years would be drawn (a chart of one bar says nothing
        the facet does not).
    """
    years = sorted((v for v in values if str(v.value).isdigit()), key=lambda v: int(v.value))
    if len(years) < 2:
        return None
    top = max(v.count for v in years) or 1
    width = len(years) * (BAR + GAP)
    parts = [
        f'<svg class="year-chart" viewBox="0 0 {width} {HEIGHT + LABEL * 2}" '
        f'width="{width}" height="{HEIGHT + LABEL * 2}" role="group" '
        'aria-label="Passages par année des sources citées">'
    ]
    for i, v in enumerate(years):
        x = i * (BAR + GAP)
        h = max(2, round(HEIGHT * v.count / top))
        label = f"{v.value} : {v.count} passage{'s' if v.count > 1 else ''}"
        parts.append(
            # The link's name is its <title>; the drawn figures repeat it, hidden from readers.
            f'<a href="{escape(link(v.value))}"><title>{escape(label)}</title>'
            f'<text class="count" x="{x + BAR / 2}" y="{LABEL + HEIGHT - h - 3}" '
            f'text-anchor="middle" aria-hidden="true">{v.count}</text>'
            f'<rect x="{x}" y="{LABEL + HEIGHT - h}" width="{BAR}" height="{h}"></rect>'
            f'<text x="{x + BAR / 2}" y="{LABEL * 2 + HEIGHT - 3}" text-anchor="middle" '
            f'aria-hidden="true">{escape(str(v.value))}</text></a>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
