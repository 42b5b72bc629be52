"""The services as the online tests play them: OpenReview API v2 and the arXiv query API
in their real shapes, served by pytest-httpserver, and the helpers that run the commands.

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

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from pytest_httpserver import HTTPServer

from bibtools.cli import main
from conftest import entry

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
