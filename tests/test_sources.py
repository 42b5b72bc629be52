"""The sources' answers parsed (online.sources: identifiers, arXiv feeds) and their strings
as BibTeX values (online.values)."""

from __future__ import annotations

import pytest

from bibtools.online.sources import ARXIV, OPENREVIEW, parse_arxiv, parse_identifier
from bibtools.online.values import bibtex_title
from conftest import entry, messages
from online_fakes import (
    AUTHORS,
    TITLE,
    atom_entry,
    atom_feed,
)


def test_identifiers() -> None:
    assert parse_identifier("https://openreview.net/forum?id=1b7whO4SfY") == (
        OPENREVIEW,
        "1b7whO4SfY",
    )
    assert parse_identifier("https://openreview.net/pdf?id=1b7whO4SfY") == (
        OPENREVIEW,
        "1b7whO4SfY",
    )
    assert parse_identifier("1b7whO4SfY") == (OPENREVIEW, "1b7whO4SfY")
    assert parse_identifier("https://arxiv.org/abs/2505.06708v3") == (ARXIV, "2505.06708")
    assert parse_identifier("https://arxiv.org/pdf/2505.06708") == (ARXIV, "2505.06708")
    assert parse_identifier("arXiv:2505.06708") == (ARXIV, "2505.06708")
    with pytest.raises(ValueError, match="neither"):
        parse_identifier("https://example.org/paper")


def test_feed_parsing_folds_white_space_in_titles() -> None:
    records = parse_arxiv(atom_feed(atom_entry("2505.06708", TITLE, AUTHORS)))
    assert records["2505.06708"].title == TITLE
    assert records["2505.06708"].authors == tuple(AUTHORS)
    assert records["2505.06708"].primary_class == "cs.LG"


@pytest.mark.parametrize(
    "title",
    [
        "R-KV: Redundancy-aware KV Cache Compression",
        "SageAttention3: Microscaling FP4 Attention for LLMs",
        "GPT-4o and 3D: 100% of μP, #1 & More",
        "Long-Context Training with DeepSpeed-Ulysses",
    ],
)
def test_generated_titles_pass_the_title_case_rule(title: str) -> None:
    assert [m for m in messages(entry(title=bibtex_title(title))) if "title-case" in m] == []
