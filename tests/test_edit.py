"""Lossless edits of one entry's fields (bibtex.edit), as `bibtools verify --fix` makes them."""

from __future__ import annotations

import pytest

from bibtools.bibtex.edit import set_fields
from bibtools.bibtex.fmt import format_text
from bibtools.bibtex.syntax import RawEntry, parse_bib
from bibtools.data.contract import FIELD_ORDER
from bibtools.errors import EditError
from conftest import REPO, entry


def test_set_fields_adds_in_canonical_order_and_removes_cleanly() -> None:
    text = entry(drop=("presentation",), unverified="presentation")
    edited = set_fields(
        text, "a.bib", "qiu2025gated", {"presentation": "oral", "unverified": None}, FIELD_ORDER
    )
    assert edited == entry()
    assert set_fields(edited, "a.bib", "qiu2025gated", {}, FIELD_ORDER) == edited
    with pytest.raises(EditError, match="0 entries with key"):
        set_fields(text, "a.bib", "nope2025x", {"title": "X"}, FIELD_ORDER)


def test_set_fields_keeps_every_real_file_canonical() -> None:
    """Every entry of the real bib/ can be fixed (values replaced, a field added or dropped)
    and the file stays what `bibtools fmt` would write."""
    for path in sorted((REPO / "bib").glob("*.bib")):
        text = path.read_text(encoding="utf-8")
        bib, _ = parse_bib(text, path.name)
        for chunk in bib.chunks:
            if not isinstance(chunk, RawEntry):
                continue
            names = {f.name for f in chunk.fields}
            changes: dict[str, str | None] = {
                "title": "New {LLM} Title",
                "author": "Akyürek, Ekin and Bottou, Léon",
                "unverified": None if "unverified" in names else "title",
            }
            if "presentation" in names:
                changes["presentation"] = "oral"
            edited = set_fields(text, path.name, chunk.key, changes, FIELD_ORDER)
            assert format_text(edited, path.name, FIELD_ORDER) == (edited, []), chunk.key
