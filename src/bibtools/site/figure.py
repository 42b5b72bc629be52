"""The statistics figure (matplotlib, Agg), as deterministic PNG bytes.

The PNG carries a digest of everything that changes a pixel: the numbers and labels drawn,
the drawing code's version and matplotlib's version (a ``Source-Digest`` text chunk). A build
whose digest did not change reuses the previous PNG instead of drawing it again (drawing is
the slowest part of generation), and a test can tell that the README's copy is stale.

It also carries where each of its bars is drawn (a ``Hotspots`` text chunk, JSON): the pages
lay a link over each bar, to the explorer's view of the papers it counts, from these boxes,
whether the PNG was drawn by this build or reused from the last one.
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
from importlib.metadata import version
from typing import Any, NamedTuple

from bibtools.data.contract import PRESENTATIONS
from bibtools.site.explorer import neurips_view
from bibtools.site.stats import Stats

# Bump whenever the drawing below changes what it draws.
DRAWING_VERSION = "5"
DIGEST_KEY = "Source-Digest"
HOTSPOTS_KEY = "Hotspots"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

LAYER_COLOURS = ("#4C72B0", "#55A868", "#C44E52", "#8172B2")
PRESENTATION_COLOURS = {
    "oral": "#C44E52",
    "spotlight": "#DD8452",
    "poster": "#4C72B0",
    "unknown": "#BBBBBB",
}


# The page's colours in each theme (furo's), so the figure is not a white block in dark
# mode: (background, text and axes).
THEMES = {"light": ("#ffffff", "#222222"), "dark": ("#131416", "#d0d0d0")}


def figure_digest(stats: Stats, layer_titles: dict[str, str], theme: str = "light") -> str:
    """A short fingerprint of every input of the drawing (the scope review's coverage is not
    drawn, so a new decision does not redraw the figure)."""
    inputs = repr(
        (
            stats._replace(coverage=None, last_added=""),
            sorted(layer_titles.items()),
            DRAWING_VERSION,
            version("matplotlib"),
            theme,
        )
    )
    return hashlib.sha256(inputs.encode("utf-8")).hexdigest()[:16]


class Hotspot(NamedTuple):
    """Where a bar and its labels are drawn, in percent of the figure's width and height
    from its top left corner, and the explorer view of the papers it counts: ``filters``
    (explorer URL parameter, value) and ``label`` (what the bar says, in words)."""

    left: float
    top: float
    width: float
    height: float
    filters: tuple[tuple[str, str], ...]
    label: str


def png_digest(png: bytes) -> str | None:
    """The ``Source-Digest`` stored in a PNG's tEXt chunks, or None."""
    return _png_text(png, DIGEST_KEY)


def png_hotspots(png: bytes) -> tuple[Hotspot, ...]:
    """The bars' boxes stored in a PNG drawn by :func:`render_figure` (none in another)."""
    stored = _png_text(png, HOTSPOTS_KEY)
    if stored is None:
        return ()
    return tuple(
        Hotspot(left, top, width, height, tuple((k, v) for k, v in filters), label)
        for (left, top, width, height), filters, label in json.loads(stored)
    )


def _png_text(png: bytes, wanted: str) -> str | None:
    """The value of a PNG's tEXt chunk ``wanted``, or None."""
    if not png.startswith(_PNG_SIGNATURE):
        return None
    position = len(_PNG_SIGNATURE)
    while position + 8 <= len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        data = png[position + 8 : position + 8 + length]
        if kind == b"tEXt" and b"\x00" in data:
            key, value = data.split(b"\x00", 1)
            if key.decode("latin-1") == wanted:
                return value.decode("latin-1")
        if kind == b"IEND":
            break
        position += 12 + length
    return None


# A bar to link: the artists drawn for it (its patches, its count, its name), the
# explorer filters of the papers it counts and what it says in words.
_Bar = tuple[list[Any], dict[str, str], str]


def _layers_panel(ax: Any, stats: Stats, layer_titles: dict[str, str]) -> list[_Bar]:
    names = [c.short for c in stats.categories]
    bottoms = [0] * len(names)
    layer_slugs = [slug for slug, _ in stats.categories[0].by_layer] if names else []
    bars: list[Any] = []
    for colour, layer in zip(LAYER_COLOURS * 2, layer_slugs, strict=False):
        values = [dict(c.by_layer)[layer] for c in stats.categories]
        bars.append(ax.bar(names, values, bottom=bottoms, color=colour))
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    counts = [
        ax.text(index, bottoms[index] + 0.3, str(category.papers), ha="center")
        for index, category in enumerate(stats.categories)
    ]
    _slanted(ax)
    ax.set_ylim(0, max(bottoms, default=1) * 1.45 + 1)
    ax.set_title("NeurIPS 2025 papers per category, by layer")
    ax.set_ylabel("papers")
    # Handles and labels given, not taken from each bar's label: matplotlib leaves out a
    # label that starts with '_' (a layer titled "_Systems" would vanish from the legend).
    # ncols=2: the legend sits above the bars, not over them.
    titles = [layer_titles[layer] for layer in layer_slugs[: len(bars)]]
    ax.legend(bars, titles, frameon=False, loc="upper left", ncols=2)
    # The column and its count, not its slanted name, which reaches under its neighbour.
    return [
        (
            [*(b.patches[i] for b in bars), counts[i]],
            neurips_view(category=c.slug),
            f"{c.short}: {c.papers} NeurIPS 2025 papers",
        )
        for i, c in enumerate(stats.categories)
        if c.papers
    ]


def _slanted(ax: Any) -> None:
    """Category names under their bars, slanted and right-aligned: none overlaps."""
    for label in ax.get_xticklabels():
        label.set_rotation(30)
        label.set_horizontalalignment("right")
        label.set_rotation_mode("anchor")


def _presentation_panel(ax: Any, stats: Stats) -> list[_Bar]:
    names = [name for name, count in stats.by_presentation if count]
    counts = [count for _, count in stats.by_presentation if count]
    # The site's words: "Presentation unverified", not "unknown".
    labels = [
        PRESENTATIONS[name].replace("Presentation unverified", "Unverified") for name in names
    ]
    drawn = ax.barh(
        labels[::-1], counts[::-1], color=[PRESENTATION_COLOURS[n] for n in names[::-1]]
    )
    texts = [
        ax.text(count + 0.3, index, str(count), va="center")
        for index, count in enumerate(counts[::-1])
    ]
    awards = dict(stats.awards)
    ax.set_title(
        f"Presentation of the {stats.papers} papers\n"
        f"(best paper {awards['best-paper']}, runner-up {awards['runner-up']})"
    )
    ax.set_xlabel("papers")
    ax.set_xlim(0, max(counts, default=1) * 1.2)
    ticks = ax.get_yticklabels()
    return [
        (
            [drawn.patches[i], texts[i], ticks[i]],
            neurips_view(presentation=name),
            f"{PRESENTATIONS[name]}: {count} papers",
        )
        for i, (name, count) in enumerate(zip(names[::-1], counts[::-1], strict=True))
    ]


def _code_panel(ax: Any, stats: Stats) -> list[_Bar]:
    categories = stats.categories[::-1]
    names = [c.short for c in categories]
    share = [100 * c.with_code / c.papers if c.papers else 0 for c in categories]
    drawn = ax.barh(names, share, color="#55A868")
    texts = [
        ax.text(share[index] + 1.5, index, f"{c.with_code}/{c.papers}", va="center")
        for index, c in enumerate(categories)
    ]
    ax.set_xlim(0, 130)
    ax.set_title("Papers naming a code repository")
    ax.set_xlabel("% of papers")
    ticks = ax.get_yticklabels()
    return [
        (
            [drawn.patches[i], texts[i], ticks[i]],
            neurips_view(category=c.slug, code=True),
            f"{c.short}: {c.with_code} of {c.papers} papers name a code repository",
        )
        for i, c in enumerate(categories)
        if c.with_code
    ]


def _topics_panel(ax: Any, stats: Stats) -> list[_Bar]:
    topics = stats.top_topics[::-1]
    drawn = ax.barh([label for _, label, _ in topics], [n for _, _, n in topics], color="#4C72B0")
    texts = [
        ax.text(count + 0.3, index, str(count), va="center")
        for index, (_, _, count) in enumerate(topics)
    ]
    ax.set_title("Most populated topics (papers)")
    ticks = ax.get_yticklabels()
    return [
        (
            [drawn.patches[i], texts[i], ticks[i]],
            neurips_view(topic=keyword),
            f"{label}: {n} papers",
        )
        for i, (keyword, label, n) in enumerate(topics)
    ]


def _hotspots(fig: Any, bars: list[_Bar]) -> list[Hotspot]:
    """Each bar's box (the union of what is drawn for it) in percent of the figure, from
    its top left corner; the figure laid out first, as it is saved."""
    from matplotlib.transforms import Bbox

    renderer = fig.canvas.get_renderer()
    fig.draw_without_rendering()
    width, height = fig.bbox.width, fig.bbox.height
    spots = []
    for artists, filters, label in bars:
        box = Bbox.union([a.get_window_extent(renderer) for a in artists])
        spots.append(
            Hotspot(
                round(100 * box.x0 / width, 2),
                round(100 * (height - box.y1) / height, 2),
                round(100 * box.width / width, 2),
                round(100 * box.height / height, 2),
                tuple(sorted(filters.items())),
                label,
            )
        )
    return spots


def render_figure(stats: Stats, layer_titles: dict[str, str], theme: str = "light") -> bytes:
    """Four panels: papers per category by layer, presentation mix, code released, top
    topics; drawn to be read at the page's width (about 740 px: text 11 px and more) and
    opened full size, in the colours of the page's ``theme`` ("light" or "dark")."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # imported here: slow to import, rarely needed

    background, ink = THEMES[theme]
    with plt.rc_context(
        {
            "font.family": "DejaVu Sans",
            "font.size": 11,
            "svg.hashsalt": "bibtools",
            "text.parse_math": False,  # a '$' in a category name is text, not math
            "axes.spines.top": False,
            "axes.spines.right": False,
            "figure.facecolor": background,
            "axes.facecolor": background,
            "savefig.facecolor": background,
            "text.color": ink,
            "axes.labelcolor": ink,
            "axes.edgecolor": ink,
            "xtick.color": ink,
            "ytick.color": ink,
            "legend.labelcolor": ink,
        }
    ):
        fig = plt.figure(figsize=(9, 12.5), dpi=150, layout="constrained")
        # A sub-figure per row: each row's axes are laid out on their own, so the topics'
        # long names do not squeeze the charts above them.
        rows: Any = fig.subfigures(3, 1, height_ratios=[1.15, 1, 1.2])
        top, middle, bottom = rows
        bars = _layers_panel(top.subplots(), stats, layer_titles)
        left, right = middle.subplots(1, 2)
        bars += _presentation_panel(left, stats)
        bars += _code_panel(right, stats)
        bars += _topics_panel(bottom.subplots(), stats)
        fig.suptitle("NeurIPS 2025: ML Systems for Large Models", fontsize=14)
        spots = json.dumps([[s[:4], s.filters, s.label] for s in _hotspots(fig, bars)])
        buffer = io.BytesIO()
        # No version or date in the metadata: the same data gives the same bytes.
        digest = figure_digest(stats, layer_titles, theme)
        metadata = {"Software": None, DIGEST_KEY: digest, HOTSPOTS_KEY: spots}
        fig.savefig(buffer, format="png", metadata=metadata)
        plt.close(fig)
    return buffer.getvalue()
