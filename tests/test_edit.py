"""Lossless edits of one entry's fields (bibtex.edit), as `bibtools verify --fix` makes them."""

from __future__ import annotations

import re

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
    and stays what `bibtools fmt` would write. Each entry is edited on its own text (the
    files are canonical, so entries are blocks apart): an edit never moves an entry, and
    the check stays linear in the size of bib/."""
    for path in sorted((REPO / "bib").glob("*.bib")):
        text = path.read_text(encoding="utf-8")
        assert format_text(text, path.name, FIELD_ORDER) == (text, []), path.name
        for block in re.split(r"\n(?=@)", text):
            bib, problems = parse_bib(block, path.name)
            assert problems == [], block[:80]
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
                edited = set_fields(block, path.name, chunk.key, changes, FIELD_ORDER)
                formatted = format_text(edited, path.name, FIELD_ORDER)
                assert formatted == (edited, []), chunk.key
