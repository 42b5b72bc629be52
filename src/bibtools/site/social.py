"""The site's link-preview image (``og:image``): a 1200×630 card with the site's name, drawn
with matplotlib (already the figure's), so no image file is kept by hand. Deterministic:
no date or version in the PNG. Like the statistics figure, it carries the digest of what
it is drawn from, so a build reuses the last one instead of drawing it again (a second of
every generation, matplotlib's import included)."""

from __future__ import annotations

import hashlib
import io
from importlib.metadata import version

from bibtools.site.figure import DIGEST_KEY, png_digest

CARD_VERSION = "1"  # the drawing code's: raise it when render_card draws differently

CARD_TITLE = "NeurIPS 2025: ML Systems for Large Models"
CARD_LINES = (
    "NeurIPS 2025 papers on efficient systems for large generative models:",
    "training, inference and serving, compression, architecture, multi-modality, RL.",
    "One stable page and one citation (BibTeX, RIS, CSL-JSON) per paper.",
)


def card_digest() -> str:
    """A short fingerprint of every input of the card's drawing."""
    inputs = repr((CARD_TITLE, CARD_LINES, CARD_VERSION, version("matplotlib")))
    return hashlib.sha256(inputs.encode("utf-8")).hexdigest()[:16]


def site_card(previous: bytes = b"") -> bytes:
    """The card: ``previous`` (the last build's) when drawn from the same inputs, else a
    new drawing."""
    if previous and png_digest(previous) == card_digest():
        return previous
    return render_card()


def render_card() -> bytes:
    """The PNG of the card (1200×630, Open Graph's recommended size)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # imported here: slow to import

    with plt.rc_context({"font.family": "DejaVu Sans", "text.parse_math": False}):
        fig = plt.figure(figsize=(12, 6.3), dpi=100, facecolor="#1f2937")
        fig.text(0.06, 0.70, CARD_TITLE, color="white", fontsize=30, weight="bold")
        for at, line in enumerate(CARD_LINES):
            fig.text(0.06, 0.50 - at * 0.09, line, color="#d1d5db", fontsize=18)
        buffer = io.BytesIO()
        metadata = {"Software": None, DIGEST_KEY: card_digest()}
        fig.savefig(buffer, format="png", metadata=metadata)
        plt.close(fig)
    return buffer.getvalue()
