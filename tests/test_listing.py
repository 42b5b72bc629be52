"""``bibtools verify --listing`` and ``build-listing``: the listing file's formats and its
malformed inputs (tests/hostile/listing), matching (by id, then by normalised title), every
drift kind, ``listingdrift``, the command's exit codes and lines, and the real bib/ against
the committed listing copy (listing/neurips2025.tsv)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bibtools.cli import main
from bibtools.data.model import Collection
from bibtools.errors import ListingError
from bibtools.listing.build import build_listing
from bibtools.listing.compare import compare, name_words, same_name
from bibtools.listing.parse import Listing, parse_listing, title_key
from conftest import FIXTURE, REPO, check_collection, entry, load_folder, messages

HOSTILE = REPO / "tests" / "hostile" / "listing"
LISTING = REPO / "listing" / "neurips2025.tsv"
HEADER = "neuripsid\tother_ids\ttitle\tauthors\n"
TITLE = "Gated Attention for Large Language Models"
ROW = f"120216\t\t{TITLE}\tZihan Qiu; Zekun Wang\n"
DRIFT_LINE = re.compile(r"[^:]+:\d+: drift: [a-z0-9]+: [a-z]+: bib has .*, listing has .+")


def tsv(*rows: str) -> Listing:
    return parse_listing(HEADER + "".join(rows), "listing.tsv")


def lines(collection: Collection, listing: Listing) -> list[str]:
    return sorted(str(d.problem()) for d in compare(collection, listing).drifts)


def one(*texts: str, listing: Listing | None = None) -> list[str]:
    """The drift lines of the entries ``texts`` against ``listing`` (default: ROW)."""
    return lines(check_collection(*texts), listing or tsv(ROW))


# -- parsing ---------------------------------------------------------------------------


def test_tsv_csv_and_json_give_the_same_listing() -> None:
    rows = [
        ("115001", "115002", "An Oral, With a Comma", "Ana B; Cé D"),
        ("115003", "", 'A "Quoted" Poster', ""),
    ]
    as_tsv = HEADER + "".join("\t".join(r) + "\n" for r in rows)
    as_csv = 'neuripsid,other_ids,title,authors\n115001,115002,"An Oral, With a Comma",'
    as_csv += 'Ana B; Cé D\n115003,,"A ""Quoted"" Poster",\n'
    as_json = (
        '[\n  {"id": 115001, "other_ids": [115002], "title": "An Oral, With a Comma",\n'
        '   "authors": ["Ana B", "Cé D"]},\n'
        '  {"neuripsid": "115003", "title": "A \\"Quoted\\" Poster"}\n]\n'
    )
    parsed = [
        parse_listing(as_tsv, "l.tsv"),
        parse_listing(as_csv, "l.csv"),
        parse_listing(as_json, "l.json"),
    ]
    facts = [[(p.ids, p.title, p.authors, p.events) for p in listing.papers] for listing in parsed]
    assert (
        facts[0]
        == facts[1]
        == facts[2]
        == [
            (("115001", "115002"), "An Oral, With a Comma", ("Ana B", "Cé D"), ()),
            (("115003",), 'A "Quoted" Poster', (), ()),
        ]
    )
    assert [p.line for p in parsed[0].papers] == [2, 3]
    assert [p.line for p in parsed[2].papers] == [2, 4]  # where each JSON object starts
    assert parsed[0].by_id["115002"] is parsed[0].papers[0]
    assert parsed[0].papers[0].is_oral and not parsed[0].papers[1].is_oral


def test_the_format_comes_from_the_suffix_else_the_text() -> None:
    text = "neuripsid,title\n115001,A Title\n"
    assert parse_listing(text, "listing").papers[0].title == "A Title"  # sniffed: CSV
    assert parse_listing(text.replace(",", "\t"), "listing").papers[0].title == "A Title"
    assert parse_listing('[{"id": 1150, "title": "T"}]', "listing").papers[0].ids == ("1150",)
    with pytest.raises(ListingError, match="unknown column 'neuripsid,title'"):
        parse_listing(text, "listing.tsv")  # a .tsv is split on tabs only


def test_html_references_in_authors_are_decoded_before_the_split() -> None:
    row = "115001\t\tT\tHui Xue&#x27;; Zhangyang &quot;Atlas&quot; Wang; AT&T Labs\n"
    (paper,) = tsv(row).papers
    assert paper.authors == ("Hui Xue'", 'Zhangyang "Atlas" Wang', "AT&T Labs")
    as_json = '[{"id": 1150, "title": "T", "authors": ["D&#x27;Angelo"]}]'
    assert parse_listing(as_json, "l.json").papers[0].authors == ("D'Angelo",)


def test_event_types_and_blank_lines_and_a_bom_free_header() -> None:
    listing = parse_listing(
        "NeurIPSid\tother_ids\ttitle\tevents\n\n115001\t115002\tT\tOral; Poster\n"
        "115003\t\tU\tspotlight\n",
        "l.tsv",
    )
    oral, spotlight = listing.papers
    assert oral.events == ("oral", "poster") and oral.is_oral and oral.line == 3
    assert spotlight.events == ("spotlight",) and not spotlight.is_oral


HOSTILE_CASES = {
    "empty.tsv": "1: listing: the listing is empty; the first line names the columns",
    "blank-header.tsv": "1: listing: the listing is empty; the first line names the columns",
    "no-title-column.tsv": "1: listing: no 'title' column; the columns are neuripsid, "
    "other_ids, title, authors, events (neuripsid, title required)",
    "unknown-column.tsv": "1: listing: unknown column 'score'; the columns are neuripsid, "
    "other_ids, title, authors, events (neuripsid, title required)",
    "repeated-column.csv": "1: listing: column 'neuripsid' appears twice",
    "short-row.tsv": "3: listing: 2 fields where the header names 4",
    "bad-id.tsv": "3: listing: id '1150x2' is not a neurips.cc id (a number)",
    "bad-other-id.tsv": "2: listing: id 'oral' is not a neurips.cc id (a number)",
    "two-first-ids.tsv": "2: listing: 'neuripsid' must be one id (further ids go in 'other_ids')",
    "duplicate-id.tsv": "3: listing: id 115001 is listed twice (also at line 2)",
    "empty-title.csv": "2: listing: the title is empty",
    "bad-event.tsv": "2: listing: event type 'keynote' is not one of oral, spotlight, poster",
    "event-count.tsv": "2: listing: 1 event type for 2 ids; give one type per id",
    "unclosed-quote.csv": "3: listing: not valid CSV: unexpected end of data",
    "latin1.tsv": "2: read: byte 0xe9 is not UTF-8; save the file as UTF-8",
    "nul-byte.tsv": "2: read: the file holds a NUL byte; remove it",
    "utf16.tsv": "1: read: the file is UTF-16; save it as UTF-8 (without BOM)",
    "not-json.json": "3: listing: not valid JSON: Expecting ',' delimiter",
    "json-object.json": "1: listing: a JSON listing is an array of objects, one per paper",
    "json-item-not-object.json": "3: listing: each item of a JSON listing is an object (one paper)",
    "json-bad-authors.json": "2: listing: 'authors' must be text, a number, or a list of "
    "texts or numbers",
    "json-boolean-id.json": "2: listing: 'neuripsid' must be text, a number, or a list of "
    "texts or numbers",
    "json-missing-title.json": "4: listing: no 'title' key; the keys are neuripsid, "
    "other_ids, title, authors, events (neuripsid, title required)",
    "json-unknown-key.json": "2: listing: unknown key 'abstract'; the keys are neuripsid, "
    "other_ids, title, authors, events (neuripsid, title required)",
}


def test_every_hostile_listing_has_a_case() -> None:
    assert sorted(p.name for p in HOSTILE.iterdir()) == sorted(HOSTILE_CASES)


@pytest.mark.parametrize(("name", "expected"), sorted(HOSTILE_CASES.items()))
def test_a_malformed_listing_is_one_line_and_exit_2(
    name: str,
    expected: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes((HOSTILE / name).read_bytes())
    code = main(["verify", "--listing", name, "--bib", str(FIXTURE)])
    out, err = capsys.readouterr()
    assert (code, out, err) == (2, "", f"{name}:{expected}\n")


@pytest.mark.parametrize("setup", ["missing", "folder"])
def test_an_unreadable_listing_is_one_line_and_exit_2(
    setup: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    if setup == "folder":
        (tmp_path / "l.tsv").mkdir()
    code = main(["verify", "--listing", "l.tsv", "--bib", str(FIXTURE)])
    err = capsys.readouterr().err
    assert code == 2 and len(err.splitlines()) == 1 and "Traceback" not in err
    assert err.startswith("l.tsv:1: read: "), err


# -- names and titles --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Ekin Akyürek", "Ekin Akyurek", True),  # accents
        ("Ruixiang ZHANG", "Ruixiang Zhang", True),  # case
        ("Tajana S. Rosing", "Tajana S Rosing", True),  # full stops
        ("Daniel Y. Fu", "Daniel Fu", True),  # a middle initial on one side only
        ("Edwin R. Hancock", "Edwin Robert Hancock", True),  # an initial for a middle name
        ("Jean-Pierre Dupont", "Jean Pierre Dupont", True),  # hyphens
        ("Yu-Hao Liu", "Yuhao Liu", True),  # the same letters
        ("Francesco d'Angelo", "Francesco D’Angelo", True),  # apostrophes
        ("Shaochen (Henry) Zhong", "Shaochen Zhong", True),  # a nickname
        ('Zhangyang "Atlas" Wang', "Zhangyang Wang", True),
        ("J. Smith", "John Smith", False),  # a first name is not its initial
        ("Josh Susskind", "Joshua Susskind", False),
        ("Li Fei-Fei", "Fei-Fei Li", False),  # another order
        ("Edwin R. Hancock", "Edwin T. Hancock", False),
        ("Fu", "Zheyu Fu", False),
    ],
)
def test_same_name(a: str, b: str, same: bool) -> None:
    assert same_name(a, b) is same and same_name(b, a) is same


def test_name_words_and_title_key() -> None:
    assert name_words("  Léon  BOTTOU ") == ("leon", "bottou")
    assert title_key("DAPO : Improving {LLM} Reasoning — Fast!") == "dapoimprovingllmreasoningfast"
    assert title_key("Ünïcode") == title_key("unicode")


# -- matching ----------------------------------------------------------------------------


def test_matched_by_id_and_in_agreement() -> None:
    assert one(entry(neuripsid="120216", presentation="poster")) == []


def test_matched_by_title_when_the_entry_has_no_id() -> None:
    assert one(entry(presentation="poster")) == []
    renamed = entry(title="Gated Attention for Large Language Models!", presentation="poster")
    assert one(renamed) == [
        'a.bib:2: drift: qiu2025gated: title: bib has "Gated Attention for Large Language '
        'Models!", listing has "Gated Attention for Large Language Models"'
    ]


def test_the_id_wins_over_the_title_for_a_renamed_paper() -> None:
    """The listing has the old title under the entry's id; the authors agree: a title drift,
    not a wrong id (and not the other paper that happens to have the entry's title)."""
    listing = tsv(
        "120216\t\tGated Softmax Attention\tZihan Qiu; Zekun Wang\n",
        f"120300\t\t{TITLE}\tSomeone Else\n",
    )
    assert one(entry(neuripsid="120216", presentation="poster"), listing=listing) == [
        f'a.bib:2: drift: qiu2025gated: title: bib has "{TITLE}", listing has "Gated Softmax '
        'Attention"'
    ]


def test_latex_and_unicode_are_decoded_before_comparing() -> None:
    listing = tsv(
        "120216\t\tGated Attention for Top-$p$ “Large” Language Models\tZihan Qiu; Léon Bottou\n"
    )
    text = entry(
        title="Gated Attention for Top-$p$ ``Large'' Language Models",
        author="Qiu, Zihan and Bottou, L{\\'e}on",
        neuripsid="120216",
        presentation="poster",
    )
    assert one(text, listing=listing) == []


# -- every drift kind --------------------------------------------------------------------


def test_title_drift() -> None:
    listing = tsv(f"120216\t\t{TITLE} (Extended)\tZihan Qiu; Zekun Wang\n")
    assert one(entry(neuripsid="120216", presentation="poster"), listing=listing) == [
        f'a.bib:2: drift: qiu2025gated: title: bib has "{TITLE}", listing has "{TITLE} (Extended)"'
    ]


def test_title_case_is_drift() -> None:
    listing = tsv(f"120216\t\t{TITLE.lower()}\tZihan Qiu; Zekun Wang\n")
    assert len(one(entry(neuripsid="120216", presentation="poster"), listing=listing)) == 1


@pytest.mark.parametrize(
    ("authors", "why"),
    [
        ("Zekun Wang; Zihan Qiu", "the same names in another order; author 1 differs"),
        ("Zihan Qiu; Zekun Wang; Ana Li", "2 authors against 3"),
        ("Zihan Qiu", "2 authors against 1"),
        ("Zihan Qiu; Zekai Wang", "author 2 differs"),
        ("Zihan Qiu; Zheng Wang; Ana Li", "2 authors against 3; author 2 differs"),
    ],
)
def test_author_drift(authors: str, why: str) -> None:
    listing = tsv(f"120216\t\t{TITLE}\t{authors}\n")
    assert one(entry(neuripsid="120216", presentation="poster"), listing=listing) == [
        'a.bib:3: drift: qiu2025gated: author: bib has "Zihan Qiu; Zekun Wang", listing has '
        f'"{authors}" ({why})'
    ]


def test_an_incomplete_author_list_is_compared_as_far_as_it_goes() -> None:
    text = entry(neuripsid="120216", presentation="poster", author="Qiu, Zihan and others")
    assert one(text, listing=tsv(f"120216\t\t{TITLE}\tZihan Qiu\n")) == []
    assert one(text) == [
        'a.bib:3: drift: qiu2025gated: author: bib has "Zihan Qiu; others", listing has '
        "\"Zihan Qiu; Zekun Wang\" (the entry ends in 'and others'; the listing gives all 2)"
    ]
    assert one(text, listing=tsv(f"120216\t\t{TITLE}\tZekun Wang; Zihan Qiu\n")) == [
        'a.bib:3: drift: qiu2025gated: author: bib has "Zihan Qiu; others", listing has '
        '"Zekun Wang; Zihan Qiu" (author 1 differs)'
    ]


def test_no_authors_in_the_listing_is_no_author_drift() -> None:
    assert one(entry(presentation="poster"), listing=tsv(f"120216\t\t{TITLE}\t\n")) == []


def test_an_id_the_listing_does_not_hold() -> None:
    assert one(entry(neuripsid="999999", presentation="poster")) == [
        'a.bib:12: drift: qiu2025gated: neuripsid: bib has "999999", listing has no such id; '
        'it lists this title as "120216"'
    ]
    gone = tsv("120300\t\tAnother Paper\tAna Li\n")
    assert one(entry(neuripsid="999999", presentation="poster"), listing=gone) == [
        'a.bib:12: drift: qiu2025gated: neuripsid: bib has "999999", listing has no such id, '
        "nor this title (not a paper the conference lists?)"
    ]


def test_an_id_of_another_paper() -> None:
    listing = tsv(ROW, "120300\t\tAnother Paper Entirely\tAna Li; Bo Chen\n")
    assert one(entry(neuripsid="120300", presentation="poster"), listing=listing) == [
        'a.bib:12: drift: qiu2025gated: neuripsid: bib has "120300", listing has "120300" for '
        'another paper, "Another Paper Entirely"; it lists this title as "120216"'
    ]


def test_an_id_that_is_not_the_lowest() -> None:
    listing = tsv(f"120216\t120217\t{TITLE}\tZihan Qiu; Zekun Wang\n")
    assert one(entry(neuripsid="120217"), listing=listing) == [
        'a.bib:12: drift: qiu2025gated: neuripsid: bib has "120217", listing has "120216", '
        "the lowest of the title's ids 120216, 120217"
    ]


@pytest.mark.parametrize("track", ["main", "datasets-and-benchmarks"])
def test_a_neurips_paper_the_listing_does_not_hold(track: str) -> None:
    listing = tsv("120300\t\tAnother Paper\tAna Li\n")
    assert one(entry(track=track), listing=listing) == [
        f'a.bib:7: drift: qiu2025gated: track: bib has "{track}", listing has no paper with '
        "this title (not a paper the conference lists?)"
    ]


@pytest.mark.parametrize(
    ("track", "extra"),
    [
        ("unconfirmed", {"venue": "Claimed NeurIPS 2025 paper", "neuripsid": "120216"}),
        ("other-venue", {"venue": "ICLR 2025"}),
        ("workshop", {"venue": "NeurIPS 2025 Workshop on X"}),
    ],
)
def test_another_item_the_listing_holds(track: str, extra: dict[str, str]) -> None:
    text = entry(
        entry_type="misc",
        track=track,
        url="https://example.org/p",
        drop=("booktitle", "presentation", "openreview"),
        **extra,
    )
    assert one(text) == [
        f'a.bib:6: drift: qiu2025gated: track: bib has "{track}", listing has this title as '
        '"120216", a NeurIPS 2025 paper'
    ]


def test_another_item_with_a_workshop_id_the_listing_does_not_hold_is_no_drift() -> None:
    text = entry(
        entry_type="misc",
        track="workshop",
        venue="NeurIPS 2025 Workshop on X",
        key="qiu2025workshop",
        title="A Workshop Paper",
        url="https://example.org/p",
        neuripsid="130000",
        drop=("booktitle", "presentation", "openreview"),
    )
    assert one(text) == []


@pytest.mark.parametrize(
    ("presentation", "row", "expected"),
    [
        ("oral", ROW, "has 1 event: 120216 (an oral has two, its oral and its poster)"),
        (
            "poster",
            f"120216\t120217\t{TITLE}\tZihan Qiu; Zekun Wang\n",
            "has 2 events: 120216, 120217 (two events: an oral's oral and poster)",
        ),
        (
            "unknown",
            f"120216\t120217\t{TITLE}\tZihan Qiu; Zekun Wang\n",
            "has 2 events: 120216, 120217 (two events: an oral's oral and poster)",
        ),
    ],
)
def test_presentation_against_the_event_count(presentation: str, row: str, expected: str) -> None:
    assert one(entry(presentation=presentation), listing=tsv(row)) == [
        f'a.bib:9: drift: qiu2025gated: presentation: bib has "{presentation}", listing ' + expected
    ]


@pytest.mark.parametrize("presentation", ["poster", "spotlight", "unknown"])
def test_one_event_agrees_with_everything_but_oral(presentation: str) -> None:
    assert one(entry(presentation=presentation)) == []


def test_presentation_against_event_types() -> None:
    def typed(events: str, ids: str = "") -> Listing:
        return parse_listing(
            f"neuripsid\tother_ids\ttitle\tevents\n120216\t{ids}\t{TITLE}\t{events}\n", "l.tsv"
        )

    assert one(entry(presentation="oral"), listing=typed("oral")) == []
    assert one(entry(presentation="spotlight"), listing=typed("spotlight")) == []
    assert one(entry(presentation="oral"), listing=typed("poster; poster", "120217")) == [
        'a.bib:9: drift: qiu2025gated: presentation: bib has "oral", listing has 2 events '
        "(poster; poster): 120216, 120217 (no oral event)"
    ]
    assert one(entry(presentation="poster"), listing=typed("spotlight")) == [
        'a.bib:9: drift: qiu2025gated: presentation: bib has "poster", listing has 1 event '
        "(spotlight): 120216 (a spotlight event)"
    ]
    assert one(entry(presentation="unknown"), listing=typed("oral")) == [
        'a.bib:9: drift: qiu2025gated: presentation: bib has "unknown", listing has 1 event '
        "(oral): 120216 (an oral event)"
    ]


# -- listingdrift ------------------------------------------------------------------------

OLD_TITLE = tsv("120216\t\tGated Softmax Attention\tZekun Wang; Zihan Qiu\n")


def test_listingdrift_accepts_the_fields_it_names() -> None:
    kept = entry(
        neuripsid="120216",
        presentation="poster",
        listingdrift="title, author",
        sourcenote="The listing has the first arXiv title and author order; the camera-ready "
        "is followed.",
    )
    assert messages(kept) == []
    result = compare(check_collection(kept), OLD_TITLE)
    assert result.drifts == [] and sorted(d.field for d in result.accepted) == [
        "author",
        "title",
    ]
    only_title = kept.replace("title, author", "title")
    assert [line.split(": ")[3] for line in one(only_title, listing=OLD_TITLE)] == ["author"]


def test_listingdrift_that_no_longer_drifts_is_reported() -> None:
    kept = entry(
        neuripsid="120216",
        presentation="poster",
        listingdrift="title, author",
        sourcenote="The listing had an older title.",
    )
    assert one(kept, listing=tsv("120216\t\tGated Softmax Attention\tZihan Qiu; Zekun Wang\n")) == [
        'a.bib:13: drift: qiu2025gated: listingdrift: bib has "title, author", listing has '
        'no drift in "author" now (remove it from listingdrift)'
    ]


def test_listingdrift_on_a_field_that_cannot_be_compared_is_kept() -> None:
    kept = entry(presentation="poster", listingdrift="author", sourcenote="Reason.")
    assert one(kept, listing=tsv(f"120216\t\t{TITLE}\t\n")) == []  # no authors listed


@pytest.mark.parametrize(
    ("value", "sourcenote", "expected"),
    [
        (
            "titel",
            "Reason.",
            "a.bib:12: bad-value: qiu2025gated: 'listingdrift' names 'titel'; it may name only "
            "the fields compared with the conference listing: title, author, neuripsid, track, "
            "presentation",
        ),
        (
            "annote",
            "Reason.",
            "a.bib:12: bad-value: qiu2025gated: 'listingdrift' names 'annote'; it may name only "
            "the fields compared with the conference listing: title, author, neuripsid, track, "
            "presentation",
        ),
        (
            "title, title",
            "Reason.",
            "a.bib:12: bad-value: qiu2025gated: 'listingdrift' names 'title' twice",
        ),
        (", ,", "Reason.", "a.bib:12: bad-value: qiu2025gated: 'listingdrift' names no field"),
        (
            "title",
            "",
            "a.bib:12: missing-field: qiu2025gated: 'listingdrift' is set: say in 'sourcenote' "
            "why the entry differs from the listing",
        ),
    ],
)
def test_the_contract_checks_listingdrift(value: str, sourcenote: str, expected: str) -> None:
    fields = {"listingdrift": value} | ({"sourcenote": sourcenote} if sourcenote else {})
    assert messages(entry(**fields)) == [expected]


# -- the command -------------------------------------------------------------------------


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "bib/taxonomy.toml", (FIXTURE / "taxonomy.toml").read_text("utf-8"))
    write(tmp_path, "bib/a.bib", entry(neuripsid="120216", presentation="poster"))
    return tmp_path


def test_cli_clean_is_exit_0(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "l.tsv", HEADER + ROW)
    assert main(["verify", "--listing", "l.tsv"]) == 0
    assert capsys.readouterr().err == (
        "1 entries compared with l.tsv (1 titles; 1 entries found in it): 0 drifts, "
        "0 accepted by listingdrift\n"
    )


def test_cli_drift_is_exit_1_one_line_each(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        project,
        "l.json",
        json.dumps(
            [{"id": 120216, "title": "Old", "authors": ["Zihan Qiu", "Zekun Wang", "Ana Li"]}]
        ),
    )
    assert main(["verify", "--listing", "l.json", "qiu2025gated"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1].endswith(": 2 drifts, 0 accepted by listingdrift")
    assert all(DRIFT_LINE.fullmatch(line) for line in err[:-1]) and len(err) == 3
    assert err[0].startswith("bib/a.bib:2: drift: qiu2025gated: title: bib has ")


def test_cli_usage_errors_are_exit_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "l.tsv", HEADER + ROW)
    assert main(["verify", "--listing", "l.tsv", "--fix"]) == 2
    assert main(["verify", "--listing", "l.tsv", "nobody2025x"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "bibtools: --fix: fixes come from the online sources; drop --listing or --fix",
        "bibtools: nobody2025x: no such entry in the bib files",
    ]


def test_cli_runs_without_the_online_extra(project: Path) -> None:
    """httpx made unimportable: the offline check still runs (and the online one says so)."""
    write(project, "l.tsv", HEADER + ROW)
    code = (
        "import sys; sys.modules['httpx'] = None; from bibtools.cli import main; "
        "sys.exit(main(sys.argv[1:]))"
    )
    env = {"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"}
    offline = subprocess.run(
        [sys.executable, "-c", code, "verify", "--listing", "l.tsv"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert offline.returncode == 0, offline.stderr
    online = subprocess.run(
        [sys.executable, "-c", code, "verify"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert online.returncode == 2 and "not installed" in online.stderr


# -- add --listing: listed papers from the listing, offline --------------------------------

SCOPE_HEADER = "neuripsid\tdecision\thome\tentry\tbasis\treviewed\treason\ttitle\n"
SCOPE_ROWS = (
    f"120216\tin\tinference/serving\tqiu2025gated\tabstract\t2026-12-01\tgating\t{TITLE}\n"
    "115001\tin\ttraining/distributed\t\ttitle\t2026-12-02\tpipeline parallelism\t"
    "Pipelines at Scale\n"
    "115003\tout\t\t\ttitle\t2026-12-02\tGNN, not generative\tGraphs\n"
    "115005\tin\tinference/decoding\t\ttitle\t2026-12-02\tparallel decoding\tNo Names\n"
)
ADD_LISTING = (
    HEADER
    + ROW
    + (
        "115001\t115002\tPipelines at Scale: {MoE} \\& 100% of {GPUs}\tAnn Lee; José van Dam\n"
        "115003\t\tGraphs\tBo Chen\n"
        "115005\t\tNo Names\t\n"
        "115007\t\tA Poster on Decoding\tCé Durand\n"
    )
)


def test_add_listing_writes_listed_entries_and_names_them_in_scope(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime

    from pybtex.database import parse_file

    write(project, "bib/scope.tsv", SCOPE_HEADER + SCOPE_ROWS)
    write(project, "l.tsv", ADD_LISTING)
    today = datetime.date.today().isoformat()
    assert main(["add", "--listing", "l.tsv", "115002"]) == 0  # the oral's other id
    entry_text = (project / "bib" / "training.bib").read_text("utf-8")
    assert entry_text == (
        "@inproceedings{lee2025pipelines,\n"
        "  title = {Pipelines at Scale: {MoE} \\& 100\\% of {GPUs}},\n"
        "  author = {Lee, Ann and van Dam, José},\n"
        "  booktitle = {Advances in Neural Information Processing Systems},\n"
        "  year = {2025},\n"
        "  url = {https://neurips.cc/virtual/2025/poster/115001},\n"
        "  track = {main},\n"
        "  neuripsid = {115001},\n"
        "  presentation = {oral},\n"
        "  keywords = {training/distributed},\n"
        f"  added = {{{today}}},\n"
        "  unverified = {track, presentation},\n"
        "  sourcenote = {Title, authors and neurips.cc id 115001 from l.tsv, a third-party copy "
        f"of the conference's accepted-paper listing, read by bibtools add on {today}. Track: "
        "main, unverified (the copy does not name the track). Presentation: oral, conference "
        "listing: oral event (the title has two events in the copy). Open: not yet checked "
        "against OpenReview, the proceedings or arXiv; no abstract read, so no summary.},\n"
        "}\n"
    )
    assert capsys.readouterr().err == (
        "bib/training.bib:1: added lee2025pipelines, listed (its facts only): write 'tldr' "
        "and 'annote' from the abstract to summarise it\n"
    )
    scope = (project / "bib" / "scope.tsv").read_text("utf-8").splitlines()
    assert scope[2].split("\t")[:4] == ["115001", "in", "training/distributed", "lee2025pipelines"]
    assert scope[2].split("\t")[5] == "2026-12-02"  # the decision's date is the review's
    assert main(["check"]) == 0 and main(["fmt", "--check", "bib/training.bib"]) == 0
    assert main(["verify", "--listing", "l.tsv"]) == 0  # the copy agrees with itself
    # A real client reads what was written: the names, the escaped title.
    parsed = parse_file(str(project / "bib" / "training.bib")).entries["lee2025pipelines"]
    assert [str(p) for p in parsed.persons["author"]] == ["Lee, Ann", "van Dam, José"]
    # --keywords overrides the home; a paper without a decision needs them.
    assert main(["add", "--listing", "l.tsv", "115007", "--keywords", "inference/decoding"]) == 0
    assert "durand2025poster" in (project / "bib" / "inference.bib").read_text("utf-8")


def test_add_listing_refuses_every_bad_id_and_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project, "bib/scope.tsv", SCOPE_HEADER + SCOPE_ROWS)
    write(project, "l.tsv", ADD_LISTING)
    before = {p.name: p.read_bytes() for p in (project / "bib").iterdir()}
    code = main(["add", "--listing", "l.tsv", "999", "115003", "115005", "120216", "115007"])
    assert code == 1
    assert capsys.readouterr().err.splitlines() == [
        "bibtools add: 999: not a neurips.cc id of l.tsv",
        "bibtools add: 115003: bib/scope.tsv:4 decides 'out' (GNN, not generative); only an "
        "in-scope paper is added",
        "bibtools add: 115005: the listing gives no authors for neurips.cc id 115005; take "
        "them from the paper and add it by hand",
        "bibtools add: 120216: already in the collection: 'qiu2025gated' (bib/a.bib:1) has "
        "the same title",
        "bibtools add: 115007: unknown keyword(s) (none given); use category/topic from "
        "bib/taxonomy.toml, e.g. inference/decoding, inference/serving, training/algorithm",
        "bibtools add: 5 refused; nothing written",
    ]
    assert {p.name: p.read_bytes() for p in (project / "bib").iterdir()} == before


def test_add_without_listing_still_needs_keywords(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["add", "AbCdEfGh12"]) == 2
    assert capsys.readouterr().err == (
        "bibtools: --keywords: required: the category/topic pairs to file it under\n"
    )


# -- the listing copy and its rebuild ------------------------------------------------------

IDS_CSV = (
    "paper_id,title,score\n"
    "115002,An Oral Paper,4.1\n"
    "115001,An Oral Paper,4.1\n"
    "115010,A Poster  Paper,3.0\n"
    "114999,Unmatched Title,2.0\n"
)
AUTHORS_TSV = (
    "paper_id\tname\tclean_name\tauthor_list\ttype\n"
    "1\tAn oral paper!\tAn oral paper\t['Ana Li', 'Francesco D&#x27;Angelo']\tPoster\n"
    "2\t$x$: A Poster Paper\tA Poster Paper\t['Bo Chen']\tPoster\n"
    "3\tA Poster Paper\tA Poster Paper\t['Someone Later']\tPoster\n"
)


def test_build_listing_joins_ids_titles_and_authors() -> None:
    text = build_listing(IDS_CSV, "ids.csv", AUTHORS_TSV, "authors.tsv")
    assert text == (
        "neuripsid\tother_ids\ttitle\tauthors\n"
        "114999\t\tUnmatched Title\t\n"
        "115001\t115002\tAn Oral Paper\tAna Li; Francesco D&#x27;Angelo\n"
        "115010\t\tA Poster  Paper\tBo Chen\n"
    )
    assert build_listing(IDS_CSV, "ids.csv", AUTHORS_TSV, "authors.tsv") == text
    listing = parse_listing(text, "l.tsv")
    assert listing.papers[1].authors == ("Ana Li", "Francesco D'Angelo")  # decoded on reading


def test_build_listing_refuses_raw_copies_it_cannot_read() -> None:
    with pytest.raises(ListingError, match=r"ids.csv:1: listing: no column 'paper_id'"):
        build_listing("id,title\n1,T\n", "ids.csv", AUTHORS_TSV, "a.tsv")
    with pytest.raises(ListingError, match=r"ids.csv:3: listing: each row needs a numeric"):
        build_listing("paper_id,title\n1,T\nx,U\n", "ids.csv", AUTHORS_TSV, "a.tsv")


def test_build_listing_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "ids.csv", IDS_CSV)
    write(tmp_path, "authors.tsv", AUTHORS_TSV)
    assert main(["build-listing", "ids.csv", "authors.tsv", "--out", "listing/l.tsv"]) == 0
    assert (tmp_path / "listing/l.tsv").read_text("utf-8") == build_listing(
        IDS_CSV, "ids.csv", AUTHORS_TSV, "authors.tsv"
    )
    assert capsys.readouterr().err == (
        "listing/l.tsv: 3 titles (1 with two or more events, 1 without authors)\n"
    )
    assert main(["build-listing", "missing.csv", "authors.tsv"]) == 2
    assert capsys.readouterr().err.startswith("missing.csv:1: read: ")


def test_the_committed_listing_copy() -> None:
    listing = parse_listing(LISTING.read_text("utf-8"), "listing/neurips2025.tsv")
    ids = [int(p.neuripsid) for p in listing.papers]
    assert len(listing.papers) == 5861 and ids == sorted(ids)
    assert sum(1 for p in listing.papers if len(p.ids) == 2) == 84
    assert sum(1 for p in listing.papers if not p.authors) == 74
    assert LISTING.read_text("utf-8").split("\n", 1)[0] == HEADER.strip()
    readme = (REPO / "listing" / "README.md").read_text("utf-8")
    for fact in (
        "979140e4137a5f3887a31eea52af87c148e5ed4c",
        "58eb76fe274f35df405aaa845e1fbe6d4f38a460",
    ):
        assert fact in readme


def test_the_real_bib_agrees_with_the_committed_listing() -> None:
    """What CI runs: every drift of bib/ from listing/neurips2025.tsv is explained."""
    result = compare(load_folder(REPO / "bib"), parse_listing(LISTING.read_text("utf-8"), "l"))
    assert [str(d.problem()) for d in result.drifts] == []


def test_add_listing_refuses_a_title_with_a_latex_command(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A third-party copy's title is checked like a service's before it is written."""
    write(project, "l.tsv", HEADER + "115009\t\tServing \\input{/etc/passwd}\tAnn Author\n")
    before = {p.name: p.read_bytes() for p in (project / "bib").iterdir()}
    code = main(["add", "--listing", "l.tsv", "115009", "--keywords", "inference/serving"])
    assert code == 1
    assert capsys.readouterr().err.splitlines() == [
        "bibtools add: 115009: the title 'Serving \\input{/etc/passwd}' is not written: it "
        "holds the LaTeX command \\input",
        "bibtools add: 1 refused; nothing written",
    ]
    assert {p.name: p.read_bytes() for p in (project / "bib").iterdir()} == before
