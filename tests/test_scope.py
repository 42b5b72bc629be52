"""The scope decisions (bib/scope.tsv): parsing, the checks against the collection, the
coverage counts, and `bibtools check` reporting a bad row with its location."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bibtools.cli import main
from bibtools.data.scope import COLUMNS, check_scope, coverage, parse_scope
from bibtools.listing.parse import parse_listing
from bibtools.pipeline import loaded
from conftest import FIXTURE, REPO, entry, sources

HEADER = "\t".join(COLUMNS)
REAL_SCOPE = REPO / "bib" / "scope.tsv"
LISTING = REPO / "listing" / "neurips2025.tsv"


def row(**cells: str) -> str:
    values = {
        "neuripsid": "116000",
        "decision": "in",
        "home": "inference/serving",
        "entry": "",
        "basis": "title",
        "reviewed": "2026-12-02",
        "reason": "LLM serving scheduler",
        "title": "A Title",
        **cells,
    }
    return "\t".join(values[name] for name in COLUMNS)


def parse(*rows: str) -> tuple[object, list[str]]:
    decisions, problems = parse_scope("\n".join([HEADER, *rows]) + "\n", "scope.tsv")
    return decisions, [str(p) for p in problems]


def test_a_valid_file_parses_with_lines() -> None:
    decisions, problems = parse(row(), row(neuripsid="116001", decision="out", home=""))
    assert problems == []
    assert [(d.neuripsid, d.decision, d.line) for d in decisions] == [  # type: ignore[attr-defined]
        ("116000", "in", 2),
        ("116001", "out", 3),
    ]


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"neuripsid": "x12"}, "scope.tsv:2: scope: neuripsid 'x12' must be the listing's"),
        ({"decision": "maybe"}, "scope.tsv:2: scope: decision 'maybe' must be one of: in, out"),
        ({"basis": "vibes"}, "scope.tsv:2: scope: basis 'vibes' must be one of: title, abstract"),
        ({"reviewed": "2 Dec"}, "scope.tsv:2: scope: reviewed '2 Dec' must be a date"),
        ({"reviewed": "2025-02-30"}, "scope.tsv:2: scope: reviewed '2025-02-30' must be a date"),
        (
            {"reason": "LLM \u202eserving"},
            "scope.tsv:2: scope: reason holds U+202E (RIGHT-TO-LEFT OVERRIDE), which readers",
        ),
        ({"reason": ""}, "scope.tsv:2: scope: every decision needs its reason"),
        ({"title": ""}, "scope.tsv:2: scope: the listing's title is missing"),
        ({"home": ""}, "scope.tsv:2: scope: a decision 'in' needs the home keyword"),
        (
            {"decision": "undecided", "entry": "qiu2025gated"},
            "scope.tsv:2: scope: entry 'qiu2025gated' is in the collection: decide 'in' or 'out'",
        ),
    ],
)
def test_every_row_rule_has_a_failing_input(cells: dict[str, str], message: str) -> None:
    _, problems = parse(row(**cells))
    assert len(problems) == 1 and problems[0].startswith(message), problems


def test_a_wrong_header_and_a_short_row_are_located() -> None:
    _, problems = parse_scope("id\ttitle\n1\tx\n", "scope.tsv")
    assert [str(p) for p in problems] == [
        f"scope.tsv:1: scope: the first line must be the header: {HEADER}"
    ]
    _, problems2 = parse("116000\tin")
    assert problems2 == ["scope.tsv:2: scope: 2 tab-separated cells, expected 8"]


def _collection(*texts: str):  # type: ignore[no-untyped-def]
    collection, problems = loaded(sources(*texts))
    assert problems == []
    return collection


def test_rows_are_checked_against_the_collection() -> None:
    other = {"title": "Other", "neuripsid": "116009"}
    collection = _collection(
        entry(neuripsid="116000"),
        entry("kim2025other", **other),
        entry("lee2025unnamed", title="Unnamed", neuripsid="116010"),
    )
    decisions, problems = parse(
        row(entry="qiu2025gated"),
        row(neuripsid="116001", entry="nobody2025x"),
        row(neuripsid="116002", entry="kim2025other"),
        row(neuripsid="116002", decision="out", home=""),
        row(neuripsid="116003", home="inference/nowhere"),
    )
    assert problems == []
    found = [str(p) for p in check_scope(decisions, collection, "scope.tsv")]  # type: ignore[arg-type]
    assert found == [
        "scope.tsv:3: scope: entry 'nobody2025x' is not in the collection",
        "scope.tsv:4: scope: neuripsid 116002 has 2 rows; keep one",
        "scope.tsv:4: scope: entry 'kim2025other' has neuripsid '116009', the row has 116002",
        "scope.tsv:5: scope: neuripsid 116002 has 2 rows; keep one",
        "scope.tsv:6: scope: home 'inference/nowhere' is not a category/topic of the taxonomy",
        "c.bib:1: scope: lee2025unnamed: neuripsid 116010 has no row naming this entry in "
        "scope.tsv; add its decision",
    ]


def test_coverage_counts_follow_the_decisions() -> None:
    listed = entry("lee2025listed", title="A Listed Paper", neuripsid="116001", drop=("annote",))
    collection = _collection(entry(neuripsid="116000"), listed)
    decisions, _ = parse(
        row(entry="qiu2025gated"),
        row(neuripsid="116001", entry="lee2025listed"),
        row(neuripsid="116002", decision="out", home="", reviewed="2026-12-03"),
        row(neuripsid="116003", decision="undecided"),
        row(neuripsid="116004", home="training/distributed"),
    )
    counts = coverage(replace(collection, scope=decisions))
    assert (counts.reviewed, counts.in_scope, counts.out_of_scope, counts.undecided) == (5, 3, 1, 1)
    assert counts.with_entry == 2 and counts.latest_review == "2026-12-03"
    by_category, by_topic = dict(counts.by_category), dict(counts.by_topic)
    inference = by_category["inference"]
    assert (inference.in_scope, inference.with_entry, inference.summarised, inference.listed) == (
        2,
        2,
        1,
        1,
    )
    assert by_topic["inference/serving"] == inference
    assert by_category["training"].in_scope == 1 and by_category["training"].with_entry == 0


def test_check_reports_a_bad_scope_file_beside_the_taxonomy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "bib"
    shutil.copytree(FIXTURE, bib)
    (bib / "scope.tsv").write_text(HEADER + "\n" + row(decision="maybe") + "\n", encoding="utf-8")
    assert main(["check", str(bib)]) == 1
    out = capsys.readouterr()
    assert "bib/scope.tsv:2: scope: decision 'maybe' must be one of: in, out, undecided" in (
        out.out + out.err
    )


def test_every_listing_title_has_exactly_one_decision() -> None:
    """The published promise: every accepted paper of the listing copy was reviewed."""
    listing = parse_listing(LISTING.read_text(encoding="utf-8"), "listing/neurips2025.tsv")
    listed = {paper.neuripsid for paper in listing.papers}
    decisions, problems = parse_scope(REAL_SCOPE.read_text(encoding="utf-8"), "bib/scope.tsv")
    assert problems == []
    ids = [d.neuripsid for d in decisions]
    assert len(ids) == len(set(ids))
    assert set(ids) == listed
