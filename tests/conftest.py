"""Shared helpers: paths, a valid entry to break one field at a time, and a checker."""

from __future__ import annotations

import os
from pathlib import Path

from bibtools.errors import Problem
from bibtools.loader import load_collection
from bibtools.validate import validate

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "bib"
GOLDEN = REPO / "tests" / "golden"
os.environ.setdefault("BIBTOOLS_REPO", str(REPO))  # read by tests/roots/*/conf.py
TAXONOMY_TEXT = (FIXTURE / "taxonomy.toml").read_text(encoding="utf-8")

SUMMARY = (
    "Gating is common in sequence models, but its effect inside softmax attention had not "
    "been isolated. The authors train many gated variants and find that a head-specific "
    "sigmoid gate after attention improves quality, stabilises training and allows larger "
    "learning rates. The gate adds non-linearity and sparse, query-dependent scores, which "
    "removes the attention sink. It improves perplexity by **0.2** points."
)

VALID_FIELDS: dict[str, str] = {
    "title": "Gated Attention for Large Language Models",
    "author": "Qiu, Zihan and Wang, Zekun",
    "booktitle": "Advances in Neural Information Processing Systems",
    "year": "2025",
    "url": "https://openreview.net/forum?id=1b7whO4SfY",
    "track": "main",
    "openreview": "1b7whO4SfY",
    "presentation": "oral",
    "keywords": "inference/serving",
    "annote": SUMMARY,
}


def entry(
    key: str = "qiu2025gated",
    entry_type: str = "inproceedings",
    drop: tuple[str, ...] = (),
    **fields: str,
) -> str:
    """A valid entry, with ``fields`` replaced or added and ``drop`` removed."""
    values = {**VALID_FIELDS, **fields}
    lines = [f"@{entry_type}{{{key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in values.items() if name not in drop]
    return "\n".join(lines) + "\n}\n"


def check(*texts: str) -> list[Problem]:
    """Load ``texts`` as files a.bib, b.bib, ... with the fixture taxonomy; all problems."""
    files = {f"{chr(ord('a') + i)}.bib": text for i, text in enumerate(texts)}
    collection, problems = load_collection(files, TAXONOMY_TEXT, "taxonomy.toml")
    return problems + validate(collection)


def messages(*texts: str) -> list[str]:
    return [str(problem) for problem in check(*texts)]
