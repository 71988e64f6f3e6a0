"""Horizontal bar charts drawn on the server as SVG (templates/exchange/includes/network_chart.html):
they show without JavaScript, and the table under each one carries the same figures.

Each bar has its label on a line of its own above it, so a long name in any language never
has to be cut to fit a column; the value is written at the end of the bar. Colours are given
as attributes, not CSS, so the chart reads the same with the stylesheet off."""

import unicodedata
from dataclasses import dataclass

from django.utils.formats import number_format

WIDTH = 560  # at least: a chart with longer labels is made wider (and scaled down to fit)
FONT_SIZE = 14
LABEL_HEIGHT = 20  # the label's line, above its bar
BAR_HEIGHT = 18
ROW_GAP = 12
VALUE_SPACE = 72  # room after the longest bar for its value
PADDING = 4
# On white: 10:1 for the bars (WCAG 1.4.11 asks 3:1), 16.5:1 for the text (1.4.3 asks 4.5:1).
BAR_COLOUR = "#0b3d91"
TEXT_COLOUR = "#1a1f29"
AXIS_COLOUR = "#6b7686"  # 4.6:1


@dataclass
class Bar:
    label: str
    value: int
    display: str  # the value written in the request's language
    label_y: int
    bar_y: int
    width: int
    value_x: int
    value_y: int


@dataclass
class BarChart:
    id: str
    title: str
    description: str
    bars: list
    width: int
    height: int
    axis_x: int = PADDING
    bar_height: int = BAR_HEIGHT
    bar_colour: str = BAR_COLOUR
    text_colour: str = TEXT_COLOUR
    axis_colour: str = AXIS_COLOUR
    font_size: int = FONT_SIZE


def text_width(text):
    """A generous estimate of the width of `text` at FONT_SIZE: SVG text does not wrap, so the
    chart is made wide enough for its longest label. Wide (CJK) characters take a full em,
    combining marks (Thai, Khmer, Lao, Burmese vowel signs) none, the others about 0.6 em."""
    width = 0.0
    for char in text:
        if unicodedata.category(char) == "Mn":
            continue
        width += 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.6
    return round(width * FONT_SIZE)


def format_number(value):
    """A count in the active language's format (grouped thousands where the language groups them)."""
    return number_format(value, force_grouping=True)


def bar_chart(chart_id, title, rows):
    """The layout of a chart of `rows` (each with .label and .value): bars scaled to the largest."""
    largest = max((row.value for row in rows), default=0)
    width = max([WIDTH, *(text_width(row.label) + 2 * PADDING + 12 for row in rows)])
    room = width - 2 * PADDING - VALUE_SPACE
    bars = []
    y = PADDING
    for row in rows:
        length = round(room * row.value / largest) if largest else 0
        bar_y = y + LABEL_HEIGHT
        display = format_number(row.value)
        bars.append(
            Bar(
                label=row.label,
                value=row.value,
                display=display,
                label_y=y + LABEL_HEIGHT - 6,
                bar_y=bar_y,
                width=length,
                value_x=PADDING + length + 6,
                value_y=bar_y + BAR_HEIGHT - 4,
            )
        )
        y = bar_y + BAR_HEIGHT + ROW_GAP
    description = "; ".join(f"{bar.label}: {bar.display}" for bar in bars)
    return BarChart(
        id=chart_id, title=title, description=description, bars=bars, width=width, height=max(y, 2 * PADDING)
    )
