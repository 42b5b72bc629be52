"""The statistics figure (matplotlib, Agg), as deterministic PNG bytes.

The PNG carries a digest of everything that changes a pixel: the numbers and labels drawn,
the drawing code's version and matplotlib's version (a ``Source-Digest`` text chunk). A build
whose digest did not change reuses the previous PNG instead of drawing it again (drawing is
the slowest part of generation), and a test can tell that the README's copy is stale.
"""

from __future__ import annotations

import hashlib
import io
import struct
from importlib.metadata import version
from typing import Any

from bibtools.site.stats import Stats

# Bump whenever the drawing below changes what it draws.
DRAWING_VERSION = "2"
DIGEST_KEY = "Source-Digest"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

LAYER_COLOURS = ("#4C72B0", "#55A868", "#C44E52", "#8172B2")
PRESENTATION_COLOURS = {
    "oral": "#C44E52",
    "spotlight": "#DD8452",
    "poster": "#4C72B0",
    "unknown": "#BBBBBB",
}


def figure_digest(stats: Stats, layer_titles: dict[str, str]) -> str:
    """A short fingerprint of every input of the drawing (the scope review's coverage is not
    drawn, so a new decision does not redraw the figure)."""
    inputs = repr(
        (
            stats._replace(coverage=None, last_added=""),
            sorted(layer_titles.items()),
            DRAWING_VERSION,
            version("matplotlib"),
        )
    )
    return hashlib.sha256(inputs.encode("utf-8")).hexdigest()[:16]


def png_digest(png: bytes) -> str | None:
    """The ``Source-Digest`` stored in a PNG's tEXt chunks, or None."""
    if not png.startswith(_PNG_SIGNATURE):
        return None
    position = len(_PNG_SIGNATURE)
    while position + 8 <= len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        data = png[position + 8 : position + 8 + length]
        if kind == b"tEXt" and b"\x00" in data:
            key, value = data.split(b"\x00", 1)
            if key.decode("latin-1") == DIGEST_KEY:
                return value.decode("latin-1")
        if kind == b"IEND":
            break
        position += 12 + length
    return None


def _layers_panel(ax: Any, stats: Stats, layer_titles: dict[str, str]) -> None:
    names = [c.short for c in stats.categories]
    bottoms = [0] * len(names)
    layer_slugs = [slug for slug, _ in stats.categories[0].by_layer] if names else []
    bars: list[Any] = []
    for colour, layer in zip(LAYER_COLOURS * 2, layer_slugs, strict=False):
        values = [dict(c.by_layer)[layer] for c in stats.categories]
        bars.append(ax.bar(names, values, bottom=bottoms, color=colour))
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    for index, category in enumerate(stats.categories):
        ax.text(index, bottoms[index] + 0.3, str(category.papers), ha="center")
    ax.set_ylim(0, max(bottoms, default=1) * 1.35 + 1)
    ax.set_title("NeurIPS 2025 papers per category, by layer")
    ax.set_ylabel("papers")
    # Handles and labels given, not taken from each bar's label: matplotlib leaves out a
    # label that starts with '_' (a layer titled "_Systems" would vanish from the legend).
    titles = [layer_titles[layer] for layer in layer_slugs[: len(bars)]]
    ax.legend(bars, titles, frameon=False, fontsize=8, loc="upper left")
    ax.tick_params(axis="x", labelrotation=30)


def _presentation_panel(ax: Any, stats: Stats) -> None:
    labels = [name for name, count in stats.by_presentation if count]
    counts = [count for _, count in stats.by_presentation if count]
    ax.barh(labels[::-1], counts[::-1], color=[PRESENTATION_COLOURS[n] for n in labels[::-1]])
    for index, count in enumerate(counts[::-1]):
        ax.text(count + 0.3, index, str(count), va="center")
    awards = dict(stats.awards)
    ax.set_title(
        f"Presentation of the {stats.papers} papers\n"
        f"(best paper: {awards['best-paper']}, runner-up: {awards['runner-up']})"
    )
    ax.set_xlabel("papers")


def _code_panel(ax: Any, stats: Stats) -> None:
    names = [c.short for c in stats.categories]
    share = [100 * c.with_code / c.papers if c.papers else 0 for c in stats.categories]
    ax.bar(names, share, color="#55A868")
    for index, category in enumerate(stats.categories):
        ax.text(index, share[index] + 1, f"{category.with_code}/{category.papers}", ha="center")
    ax.set_ylim(0, 115)
    ax.set_title("Papers naming a code repository (%)")
    ax.set_ylabel("% of papers")
    ax.tick_params(axis="x", labelrotation=30)


def _topics_panel(ax: Any, stats: Stats) -> None:
    topic_labels = [label for _, label, _ in stats.top_topics][::-1]
    topic_counts = [count for _, _, count in stats.top_topics][::-1]
    ax.barh(topic_labels, topic_counts, color="#4C72B0")
    ax.set_title("Most populated topics (papers)")


def render_figure(stats: Stats, layer_titles: dict[str, str]) -> bytes:
    """Four panels: papers per category by layer, presentation mix, top topics, code released."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # imported here: slow to import, rarely needed

    with plt.rc_context(
        {
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "svg.hashsalt": "bibtools",
            "text.parse_math": False,  # a '$' in a category name is text, not math
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    ):
        fig = plt.figure(figsize=(15, 10), dpi=100, layout="constrained")
        axes = fig.subplot_mosaic([["layers", "presentation", "code"], ["topics"] * 3])
        _layers_panel(axes["layers"], stats, layer_titles)
        _presentation_panel(axes["presentation"], stats)
        _code_panel(axes["code"], stats)
        _topics_panel(axes["topics"], stats)
        fig.suptitle("NeurIPS 2025: ML Systems for Large Models", fontsize=13)
        buffer = io.BytesIO()
        # No version or date in the metadata: the same data gives the same bytes.
        fig.savefig(
            buffer,
            format="png",
            metadata={"Software": None, DIGEST_KEY: figure_digest(stats, layer_titles)},
        )
        plt.close(fig)
    return buffer.getvalue()
