"""`bibtools verify` and `bibtools add` against a local server in the services' real shapes.

No test reaches the internet: OpenReview API v2 and the arXiv query API are played by
pytest-httpserver. The answers copy the services' SHAPES (the JSON keys of an API v2 note,
``content.<name>.value``; the Atom feed's elements and namespaces), not any real paper:

- OpenReview: ``GET /notes?id=<id>`` -> ``{"notes": [note], "count": 1}``; an unknown id
  -> 404 ``{"name": "NotFoundError", ...}`` or ``{"notes": [], "count": 0}``;
- arXiv: ``GET /api/query?id_list=<ids>&max_results=<n>`` -> an Atom feed with an
  ``opensearch:totalResults`` and one ``<entry>`` per paper; a rejected id -> an entry whose
  ``<id>`` is ``http://arxiv.org/api/errors#...``; an unknown id -> a feed with no entry.
"""

from __future__ import annotations

import datetime
import difflib
import json
import sys
import time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from bibtools.bibtex.edit import set_fields
from bibtools.bibtex.fmt import format_text
from bibtools.bibtex.syntax import RawEntry, parse_bib
from bibtools.cli import main
from bibtools.data.contract import FIELD_ORDER
from bibtools.errors import EditError
from bibtools.online.sources import ARXIV, OPENREVIEW, parse_arxiv, parse_identifier
from bibtools.online.values import bibtex_title
from conftest import FIXTURE, REPO, entry, messages

ATOM_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<feed xmlns="http://www.w3.org/2005/Atom">\n'
    '  <link href="http://arxiv.org/api/query?id_list=x" rel="self" '
    'type="application/atom+xml"/>\n'
    '  <title type="html">ArXiv Query: id_list=x</title>\n'
    "  <id>http://arxiv.org/api/0123456789abcdef</id>\n"
    "  <updated>2025-06-01T00:00:00-04:00</updated>\n"
    '  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">'
    "{total}</opensearch:totalResults>\n"
    '  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0'
    "</opensearch:startIndex>\n"
    '  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">'
    "{total}</opensearch:itemsPerPage>\n"
)


def preprint(key: str, eprint: str, **fields: str) -> str:
    """An entry known only from arXiv (a @misc of another venue)."""
    return entry(
        key=key,
        entry_type="misc",
        drop=("booktitle", "openreview", "presentation"),
        url=f"https://arxiv.org/abs/{eprint}",
        track="other-venue",
        venue="arXiv preprint",
        eprint=eprint,
        archiveprefix="arXiv",
        **fields,
    )


def atom_entry(ident: str, title: str, authors: list[str], primary: str = "cs.LG") -> str:
    cut = title.find(" ", 20)  # arXiv wraps long titles at a space, indenting the rest
    wrapped = title if cut < 0 else title[:cut] + "\n  " + title[cut + 1 :]
    names = "".join(
        f"    <author>\n      <name>{escape(a)}</name>\n    </author>\n" for a in authors
    )
    return (
        "  <entry>\n"
        f"    <id>http://arxiv.org/abs/{ident}v2</id>\n"
        "    <updated>2025-06-02T17:59:59Z</updated>\n"
        "    <published>2025-05-20T17:59:59Z</published>\n"
        f"    <title>{escape(wrapped)}</title>\n"
        "    <summary>  A made-up abstract for a test.\n</summary>\n"
        f"{names}"
        '    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">12 pages</arxiv:comment>\n'
        f'    <link href="http://arxiv.org/abs/{ident}v2" rel="alternate" type="text/html"/>\n'
        f'    <link title="pdf" href="http://arxiv.org/pdf/{ident}v2" rel="related" '
        'type="application/pdf"/>\n'
        f'    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="{primary}" '
        'scheme="http://arxiv.org/schemas/atom"/>\n'
        f'    <category term="{primary}" scheme="http://arxiv.org/schemas/atom"/>\n'
        "  </entry>\n"
    )


def atom_feed(*entries: str) -> str:
    return ATOM_HEAD.format(total=len(entries)) + "".join(entries) + "</feed>\n"


ATOM_ERROR = (
    ATOM_HEAD.format(total=1)
    + "  <entry>\n    <id>http://arxiv.org/api/errors#incorrect_id_format_for_2501.0001</id>\n"
    "    <title>Error</title>\n    <summary>incorrect id format for 2501.0001</summary>\n"
    "    <updated>2025-06-01T00:00:00-04:00</updated>\n"
    "    <author>\n      <name>arXiv api core</name>\n    </author>\n  </entry>\n</feed>\n"
)


def note(
    ident: str,
    title: str,
    authors: list[str],
    venue: str = "NeurIPS 2025 oral",
    venueid: str = "NeurIPS.cc/2025/Conference",
) -> dict[str, Any]:
    """An OpenReview API v2 submission note: every field under content.<name>.value."""
    return {
        "id": ident,
        "forum": ident,
        "number": 12345,
        "cdate": 1746000000000,
        "mdate": 1760000000000,
        "pdate": 1758000000000,
        "odate": 1759000000000,
        "tcdate": 1746000000000,
        "tmdate": 1760000000000,
        "domain": "NeurIPS.cc/2025/Conference",
        "invitations": [
            "NeurIPS.cc/2025/Conference/-/Submission",
            "NeurIPS.cc/2025/Conference/-/Post_Submission",
            "NeurIPS.cc/2025/Conference/Submission12345/-/Camera_Ready_Revision",
        ],
        "signatures": ["NeurIPS.cc/2025/Conference/Submission12345/Authors"],
        "readers": ["everyone"],
        "writers": ["NeurIPS.cc/2025/Conference"],
        "license": "CC BY 4.0",
        "version": 2,
        "content": {
            "title": {"value": title},
            "authors": {"value": authors},
            "authorids": {"value": [f"~{a.replace(' ', '_')}1" for a in authors]},
            "keywords": {"value": ["attention", "gating"]},
            "abstract": {"value": "A made-up abstract for a test."},
            "pdf": {"value": "/pdf/0123456789abcdef0123456789abcdef01234567.pdf"},
            "venue": {"value": venue},
            "venueid": {"value": venueid},
            "_bibtex": {"value": "@inproceedings{\nanonymous2025x,\n}"},
            "paperhash": {"value": "qiu|gated_attention"},
        },
    }


TITLE = "Gated Attention for Large Language Models"
AUTHORS = ["Zihan Qiu", "Zekun Wang"]
NO_WAIT = [
    "--backoff",
    "0.001",
    "--arxiv-delay",
    "0",
    "--openreview-delay",
    "0",
    "--timeout",
    "2",
]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty bib/ with the fixture taxonomy, as the current directory."""
    (tmp_path / "bib").mkdir()
    (tmp_path / "bib" / "taxonomy.toml").write_bytes((FIXTURE / "taxonomy.toml").read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_bib(project: Path, name: str, *entries: str) -> Path:
    path = project / "bib" / name
    path.write_text("\n".join(entries), encoding="utf-8")
    return path


def serve_note(server: HTTPServer, ident: str, body: dict[str, Any], status: int = 200) -> None:
    server.expect_request("/notes", query_string={"id": ident}).respond_with_json(
        body, status=status
    )


def serve_arxiv(server: HTTPServer, ids: str, count: int, feed: str) -> None:
    server.expect_request(
        "/api/query", query_string={"id_list": ids, "max_results": str(count)}
    ).respond_with_data(feed, content_type="application/atom+xml; charset=utf-8")


def run(server: HTTPServer, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    command, *rest = args
    api = ["--openreview-api", server.url_for("/"), "--arxiv-api", server.url_for("/api/query")]
    code = main([command, *api, *NO_WAIT, *rest])  # the test's own options win
    out, err = capsys.readouterr()
    return code, out + err


def plain(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out + err


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


# --- add ---------------------------------------------------------------------------------


def test_add_writes_a_correct_entry_with_accented_authors(
    project: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = write_bib(
        project,
        "inference.bib",
        entry(),
        entry(
            key="qiu2025zeta",
            title="Zeta Serving",
            openreview="ZZZZZZZZZZ",
            url="https://openreview.net/forum?id=ZZZZZZZZZZ",
        ),
    )
    assert plain(capsys, "fmt", "--check") == (0, "")
    title = "Learning μP Transfer for LLM Training: The KV-Cache & SageAttention3 Story"
    authors = ["Ekin Akyürek", "Léon Bottou", "Ludwig van Beethoven"]
    serve_note(
        httpserver,
        "AbCdEfGh12",
        {
            "notes": [note("AbCdEfGh12", title, authors, "NeurIPS 2025 spotlight")],
            "count": 1,
        },
    )
    serve_arxiv(
        httpserver, "2505.06708", 1, atom_feed(atom_entry("2505.06708", title, authors, "cs.CL"))
    )
    code, output = run(
        httpserver,
        capsys,
        "add",
        "https://openreview.net/forum?id=AbCdEfGh12",
        "arXiv:2505.06708v2",
        "--keywords",
        "inference/serving,training/distributed",
    )
    today = datetime.date.today().isoformat()
    expected = (
        "@inproceedings{akyurek2025learning,\n"
        "  title = {Learning {μP} Transfer for {LLM} Training: The {KV-Cache} \\& "
        "{SageAttention3} Story},\n"
        "  author = {Akyürek, Ekin and Bottou, Léon and van Beethoven, Ludwig},\n"
        "  booktitle = {Advances in Neural Information Processing Systems},\n"
        "  year = {2025},\n"
        "  url = {https://openreview.net/forum?id=AbCdEfGh12},\n"
        "  track = {main},\n"
        "  openreview = {AbCdEfGh12},\n"
        "  presentation = {spotlight},\n"
        "  eprint = {2505.06708},\n"
        "  archiveprefix = {arXiv},\n"
        "  primaryclass = {cs.CL},\n"
        "  keywords = {inference/serving, training/distributed},\n"
        f"  added = {{{today}}},\n"
        "  sourcenote = {Title, authors, track and presentation from the OpenReview note "
        "AbCdEfGh12 ('NeurIPS 2025 spotlight', NeurIPS.cc/2025/Conference), read by bibtools "
        f"add on {today}.}},\n"
        "}\n"
    )
    assert code == 0
    assert output == expected + (
        "bib/inference.bib:1: added akyurek2025learning; write its summary in 'annote' "
        "('bibtools check' reports it as missing until then)\n"
    )
    text = existing.read_text(encoding="utf-8")
    assert text.startswith(expected + "\n@inproceedings{qiu2025gated,")  # sorted by key
    assert plain(capsys, "fmt", "--check") == (0, "")
    assert plain(capsys, "check") == (
        1,
        "bib/inference.bib:1: missing-field: akyurek2025learning: missing or empty 'annote' "
        "(required for every entry)\n1 problem found\n",
    )
    # The pybtex reading of the names is the one meant.
    from pybtex.database import parse_string

    persons = parse_string(text, "bibtex").entries["akyurek2025learning"].persons["author"]
    assert [(str(p.last_names[0]), str(p.first_names[0])) for p in persons[:2]] == [
        ("Akyürek", "Ekin"),
        ("Bottou", "Léon"),
    ]
    # Added twice: refused, nothing written.
    code, output = run(httpserver, capsys, "add", "AbCdEfGh12", "--keywords", "inference/serving")
    assert code == 1 and "already in the collection: 'akyurek2025learning'" in output
    assert existing.read_text(encoding="utf-8") == text


def test_add_from_arxiv_alone_into_a_new_file(
    project: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write_bib(project, "inference.bib", entry())
    serve_arxiv(
        httpserver,
        "2501.00002",
        1,
        atom_feed(atom_entry("2501.00002", "Learning to Train at Scale", ["Léon Bottou"])),
    )
    code, output = run(
        httpserver,
        capsys,
        "add",
        "https://arxiv.org/abs/2501.00002",
        "--keywords",
        "training/distributed",
    )
    assert code == 0, output
    text = (project / "bib" / "training.bib").read_text(encoding="utf-8")
    assert text.startswith(
        "@misc{bottou2025learning,\n  title = {Learning to Train at Scale},\n"
        "  author = {Bottou, Léon},\n  year = {2025},\n"
        "  url = {https://arxiv.org/abs/2501.00002},\n  track = {unconfirmed},\n"
        "  venue = {arXiv preprint},\n  eprint = {2501.00002},\n"
    )
    code, output = plain(capsys, "check")
    assert code == 1 and output.splitlines()[0] == (
        "bib/training.bib:1: missing-field: bottou2025learning: missing or empty 'annote' "
        "(required for every entry)"
    )


def test_add_refuses_a_withdrawn_paper_and_bad_keywords(
    project: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    withdrawn = note(
        "AbCdEfGh12",
        "A Withdrawn Paper",
        ["Ann Author"],
        "NeurIPS 2025 Conference Withdrawn Submission",
        "NeurIPS.cc/2025/Conference/Withdrawn_Submission",
    )
    serve_note(httpserver, "AbCdEfGh12", {"notes": [withdrawn], "count": 1})
    code, output = run(httpserver, capsys, "add", "AbCdEfGh12", "--keywords", "inference/serving")
    assert code == 1 and "not a NeurIPS 2025 paper" in output
    serve_note(
        httpserver,
        "ZyXwVuTs98",
        {"notes": [note("ZyXwVuTs98", "Fine", ["Ann Author"])], "count": 1},
    )
    code, output = run(httpserver, capsys, "add", "ZyXwVuTs98", "--keywords", "nowhere/at-all")
    assert code == 1 and "unknown keyword(s) nowhere/at-all" in output
    assert list((project / "bib").glob("*.bib")) == []
    assert plain(capsys, "add", "not an id!", "--keywords", "inference/serving")[0] == 2


# --- the pieces --------------------------------------------------------------------------


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
