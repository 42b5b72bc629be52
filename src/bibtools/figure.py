"""The statistics figure's identity, without importing matplotlib.

The PNG carries a digest of the numbers it draws (a ``Source-Digest`` text chunk). A build
whose numbers did not change reuses the previous PNG instead of drawing it again, and a
test can tell that the README's copy is stale.
"""

from __future__ import annotations

import hashlib
import struct

from bibtools.stats import Stats

DIGEST_KEY = "Source-Digest"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def stats_digest(stats: Stats) -> str:
    """A short fingerprint of the numbers drawn."""
    return hashlib.sha256(repr(stats).encode("utf-8")).hexdigest()[:16]


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
