"""`bibtools verify` (online.verify, online.fetch) against a local server in the services'
shapes (tests/online_fakes.py), and the polite client under it (online.http, online.cache):
retries, failures, the cache."""

from __future__ import annotations

import difflib
import json
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from bibtools.cli import main
from conftest import entry
from online_fakes import (
    ATOM_ERROR,
    AUTHORS,
    NO_WAIT,
    TITLE,
    atom_entry,
    atom_feed,
    note,
    plain,
    preprint,
    run,
    serve_arxiv,
    serve_note,
    write_bib,
)

# --- verify ------------------------------------------------------------------------------


def test_no_drift(
    project: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write_bib(project, "inference.bib", entry(eprint="2505.06708", archiveprefix="arXiv"))
    serve_note(
        httpserver, "1b7whO4SfY", {"notes": [note("1b7whO4SfY", TITLE, AUTHORS)], "count": 1}
    )
    serve_arxiv(httpserver, "2505.06708", 1, atom_feed(atom_entry("2505.06708", TITLE, AUTHORS)))
    code, output = run(httpserver, capsys, "verify")
    assert (code, output) == (0, "1 entries verified, 0 without ids skipped: 0 drifts\n")


def test_title_author_and_presentation_drift_then_fix(
    project: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = write_bib(
        project,
        "inference.bib",
        entry(
            key="bob2025fast",
            title="Fast Serving with Spotlights",
            author="Bob, Alice and Carol, Dave",
            openreview="BBBBBBBBBB",
            url="https://openreview.net/forum?id=BBBBBBBBBB",
            presentation="poster",
            unverified="presentation, author",
        ),
        entry(),  # qiu2025gated, no drift
    )
    before = bib.read_text(encoding="utf-8")
    serve_note(
        httpserver,
        "BBBBBBBBBB",
        {
            "notes": [
                note(
                    "BBBBBBBBBB",
                    "Fast LLM Serving with Spotlights",
                    ["Alice Bob", "Dave Carol", "Ekin Akyürek"],
                    venue="NeurIPS 2025 spotlight",
                )
            ],
            "count": 1,
        },
    )
    serve_note(
        httpserver, "1b7whO4SfY", {"notes": [note("1b7whO4SfY", TITLE, AUTHORS)], "count": 1}
    )
    code, output = run(httpserver, capsys, "verify")
    assert code == 1
    assert output.splitlines() == [
        'bib/inference.bib:2: drift: bob2025fast: title: bib has "Fast Serving with Spotlights", '
        'OpenReview has "Fast LLM Serving with Spotlights"',
        'bib/inference.bib:3: drift: bob2025fast: author: bib has "Alice Bob; Dave Carol", '
        'OpenReview has "Alice Bob; Dave Carol; Ekin Akyürek" (2 authors against 3)',
        'bib/inference.bib:9: drift: bob2025fast: presentation: bib has "poster", OpenReview has '
        '"spotlight" ("NeurIPS 2025 spotlight")',
        'bib/inference.bib:12: drift: bob2025fast: unverified: bib has "presentation, author", '
        'OpenReview has confirmed "presentation, author"',
        "2 entries verified, 0 without ids skipped: 4 drifts",
    ]
    assert bib.read_text(encoding="utf-8") == before  # verify alone writes nothing

    code, output = run(httpserver, capsys, "verify", "--fix")
    assert code == 0, output
    assert output.splitlines()[-1] == (
        "2 entries verified, 0 without ids skipped: 0 drifts, 4 fixed"
    )
    assert all(": fixed: " in line for line in output.splitlines()[:-1])
    after = bib.read_text(encoding="utf-8")
    changed = [
        line
        for line in difflib.ndiff(before.splitlines(), after.splitlines())
        if line[:2] in ("- ", "+ ")
    ]
    assert changed == [
        "-   title = {Fast Serving with Spotlights},",
        "+   title = {Fast {LLM} Serving with Spotlights},",
        "-   author = {Bob, Alice and Carol, Dave},",
        "+   author = {Bob, Alice and Carol, Dave and Akyürek, Ekin},",
        "-   presentation = {poster},",
        "+   presentation = {spotlight},",
        "-   unverified = {presentation, author},",
    ]
    assert len(after.splitlines()) == len(before.splitlines()) - 1  # unverified dropped
    assert "unverified" not in after and after.count("annote = {") == 2
    assert plain(capsys, "fmt", "--check") == (0, "")
    assert plain(capsys, "check") == (0, "")
    assert run(httpserver, capsys, "verify")[0] == 0


@pytest.mark.parametrize(
    ("venue", "venueid"),
    [
        (
            "NeurIPS 2025 Conference Withdrawn Submission",
            "NeurIPS.cc/2025/Conference/Withdrawn_Submission",
        ),
        ("Submitted to NeurIPS 2025", "NeurIPS.cc/2025/Conference/Rejected_Submission"),
        ("ICLR 2025 Poster", "ICLR.cc/2025/Conference"),
    ],
)
def test_a_note_that_is_not_a_neurips_2025_paper_is_drift_for_a_human(
    project: Path,
    httpserver: HTTPServer,
    capsys: pytest.CaptureFixture[str],
    venue: str,
    venueid: str,
) -> None:
    bib = write_bib(project, "inference.bib", entry(unverified="presentation"))
    before = bib.read_text(encoding="utf-8")
    serve_note(
        httpserver,
        "1b7whO4SfY",
        {"notes": [note("1b7whO4SfY", TITLE, AUTHORS, venue, venueid)], "count": 1},
    )
    code, output = run(httpserver, capsys, "verify", "--fix")
    assert code == 1
    assert output.splitlines()[0] == (
        f'bib/inference.bib:7: drift: qiu2025gated: track: bib has "main", OpenReview has "{venue} '
        f'({venueid})", not a NeurIPS 2025 paper (set track and venue by hand)'
    )
    assert len(output.splitlines()) == 2  # and nothing is "settled" from such a note
    assert bib.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (
            404,
            {
                "name": "NotFoundError",
                "message": "The Note 1b7whO4SfY was not found",
                "status": 404,
                "details": {"path": "id", "value": "1b7whO4SfY"},
            },
        ),
        (200, {"notes": [], "count": 0}),
    ],
)
def test_an_openreview_id_that_does_not_exist(
    project: Path,
    httpserver: HTTPServer,
    capsys: pytest.CaptureFixture[str],
    status: int,
    body: dict[str, Any],
) -> None:
    write_bib(project, "inference.bib", entry())
    serve_note(httpserver, "1b7whO4SfY", body, status)
    code, output = run(httpserver, capsys, "verify")
    assert code == 1
    assert output.splitlines()[0] == (
        'bib/inference.bib:8: drift: qiu2025gated: openreview: bib has "1b7whO4SfY", '
        "OpenReview has no such note"
    )


def test_a_wrong_id_pointing_at_another_paper_is_not_fixed(
    project: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = write_bib(project, "inference.bib", entry())
    before = bib.read_text(encoding="utf-8")
    other = note("1b7whO4SfY", "Protein Folding with Diffusion", ["Someone Else"])
    serve_note(httpserver, "1b7whO4SfY", {"notes": [other], "count": 1})
    code, output = run(httpserver, capsys, "verify", "--fix")
    assert code == 1
    assert (
        'OpenReview has "1b7whO4SfY" titled "Protein Folding with Diffusion" (another paper?)'
        in output
    )
    assert bib.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    ("feed", "says"),
    [
        (atom_feed(), "no such record"),
        (
            ATOM_ERROR,
            "no such record (arXiv rejected the query: incorrect id format for 2501.0001)",
        ),
    ],
)
def test_an_arxiv_id_that_does_not_exist(
    project: Path,
    httpserver: HTTPServer,
    capsys: pytest.CaptureFixture[str],
    feed: str,
    says: str,
) -> None:
    write_bib(
        project,
        "inference.bib",
        preprint("qiu2025gated", "2501.00001"),
    )
    serve_arxiv(httpserver, "2501.00001", 1, feed)
    code, output = run(httpserver, capsys, "verify")
    assert code == 1
    assert output.splitlines()[0] == (
        f'bib/inference.bib:10: drift: qiu2025gated: eprint: bib has "2501.00001", arXiv has {says}'
    )


def test_arxiv_only_entries_are_compared_with_arxiv_and_batched(
    project: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    arxiv_only = {
        "entry_type": "misc",
        "drop": ("booktitle", "openreview", "presentation"),
        "track": "other-venue",
        "venue": "arXiv preprint",
        "archiveprefix": "arXiv",
    }
    write_bib(
        project,
        "inference.bib",
        entry(
            key="qiu2025gated",
            url="https://arxiv.org/abs/2501.00001",
            eprint="2501.00001",
            **arxiv_only,
        ),  # type: ignore[arg-type]
        entry(
            key="zhang2025learning",
            title="Learning to Serve",
            author="Zhang, Jianyu and Bottou, L{\\'e}on",
            url="https://arxiv.org/abs/2501.00002",
            eprint="2501.00002",
            **arxiv_only,  # type: ignore[arg-type]
        ),
    )
    feed = atom_feed(
        atom_entry("2501.00001", TITLE, AUTHORS),
        atom_entry("2501.00002", "Learning to Serve", ["Jianyu Zhang", "Léon Bottou"]),
    )
    serve_arxiv(httpserver, "2501.00001,2501.00002", 2, feed)  # one request for both
    code, output = run(httpserver, capsys, "verify")
    assert (code, output.splitlines()[-1]) == (
        0,
        "2 entries verified, 0 without ids skipped: 0 drifts",
    )
    assert len(httpserver.log) == 1


def test_verify_selected_keys_only(
    project: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write_bib(
        project, "inference.bib", entry(), entry(key="qiu2025gatedb", openreview="XXXXXXXXXX")
    )
    serve_note(
        httpserver, "1b7whO4SfY", {"notes": [note("1b7whO4SfY", TITLE, AUTHORS)], "count": 1}
    )
    code, output = run(httpserver, capsys, "verify", "qiu2025gated")
    assert (code, output) == (0, "1 entries verified, 0 without ids skipped: 0 drifts\n")
    code, output = run(httpserver, capsys, "verify", "nope2025x")
    assert (code, output) == (2, "bibtools: nope2025x: no such entry in the bib files\n")


# --- the network: retries, failures, the cache ---------------------------------------------


def test_retries_on_429_and_5xx_then_succeeds(
    project: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write_bib(project, "inference.bib", entry())
    query = {"id": "1b7whO4SfY"}
    httpserver.expect_ordered_request("/notes", query_string=query).respond_with_json(
        {"name": "RateLimitError", "message": "Too many requests"}, status=429
    )
    httpserver.expect_ordered_request("/notes", query_string=query).respond_with_data(
        "Bad Gateway", status=502
    )
    httpserver.expect_ordered_request("/notes", query_string=query).respond_with_json(
        {"notes": [note("1b7whO4SfY", TITLE, AUTHORS)], "count": 1}
    )
    code, output = run(httpserver, capsys, "verify")
    assert (code, output) == (0, "1 entries verified, 0 without ids skipped: 0 drifts\n")
    assert len(httpserver.log) == 3


def test_a_failing_service_is_one_line_and_exit_2_with_partial_results(
    project: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write_bib(
        project,
        "inference.bib",
        entry(),
        preprint(
            "zhang2025learning", "2501.00002", title="Learning to Serve", author="Zhang, Jianyu"
        ),
    )
    httpserver.expect_request("/notes").respond_with_data("Service Unavailable", status=503)
    serve_arxiv(
        httpserver,
        "2501.00002",
        1,
        atom_feed(atom_entry("2501.00002", "Learning to Serve Fast", ["Jianyu Zhang"])),
    )
    code, output = run(httpserver, capsys, "verify", "--retries", "2")
    lines = output.splitlines()
    assert code == 2
    assert lines[0] == (
        'bib/inference.bib:15: drift: zhang2025learning: title: bib has "Learning to Serve", '
        'arXiv has "Learning to Serve Fast"'
    )
    assert lines[-1] == (
        f"bibtools: cannot reach OpenReview at {httpserver.url_for('/notes')}?id=1b7whO4SfY "
        "(HTTP 503, 3 attempts); 1 entries not checked in full, so the results above are partial"
    )
    assert len([r for r, _ in httpserver.log if r.path == "/notes"]) == 3


def test_an_unreachable_host_and_a_slow_one(
    project: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write_bib(project, "inference.bib", entry())
    code = main(["verify", "--openreview-api", "http://127.0.0.1:9", "--retries", "1", *NO_WAIT])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 2
    assert err.splitlines()[-1].startswith(
        "bibtools: cannot reach OpenReview at http://127.0.0.1:9/notes?id=1b7whO4SfY (ConnectError"
    )

    def slow(_request: Request) -> Response:
        time.sleep(0.5)
        return Response(json.dumps({"notes": [], "count": 0}), content_type="application/json")

    httpserver.expect_request("/notes").respond_with_handler(slow)
    code, output = run(httpserver, capsys, "verify", "--timeout", "0.1", "--retries", "1")
    assert code == 2 and "(ReadTimeout: timed out, 2 attempts)" in output


def test_the_cache_makes_a_rerun_work_offline(
    project: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write_bib(project, "inference.bib", entry())
    serve_note(
        httpserver, "1b7whO4SfY", {"notes": [note("1b7whO4SfY", TITLE, AUTHORS)], "count": 1}
    )
    assert run(httpserver, capsys, "verify")[0] == 0
    assert len(list((project / ".cache" / "bibtools" / "openreview").glob("*.json"))) == 1
    httpserver.clear()  # the service is gone: answers come from the cache
    httpserver.expect_request("/notes").respond_with_data("down", status=503)
    assert run(httpserver, capsys, "verify", "--retries", "0")[0] == 0
    assert httpserver.log == []
    # Older than --max-age: asked again, and the old copy is used when the service fails.
    code, output = run(httpserver, capsys, "verify", "--max-age", "0", "--retries", "0")
    assert (code, output) == (
        0,
        "1 entries verified, 0 without ids skipped: 0 drifts (1 answers from an older cache)\n",
    )
    assert len(httpserver.log) == 1
    code, output = run(httpserver, capsys, "verify", "--no-cache", "--retries", "0")
    assert code == 2


def test_without_the_online_extra_the_command_says_so(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_bib(project, "inference.bib", entry())
    monkeypatch.delitem(sys.modules, "bibtools.online.http", raising=False)
    monkeypatch.setitem(sys.modules, "httpx", None)
    assert plain(capsys, "verify") == (
        2,
        "bibtools: httpx: not installed; 'bibtools verify' needs it: "
        "python -m pip install 'bibtools[online]'\n",
    )
