"""`bibtools add` (online.add): a new entry from an OpenReview note and/or an arXiv record
served in the services' shapes (tests/online_fakes.py)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from conftest import entry
from online_fakes import (
    atom_entry,
    atom_feed,
    note,
    plain,
    run,
    serve_arxiv,
    serve_note,
    write_bib,
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
        "bib/inference.bib:1: added akyurek2025learning; write its summary in 'annote' from "
        "the abstract (until then a NeurIPS 2025 paper is listed, facts only, and anything "
        "else is reported by 'bibtools check')\n"
    )
    text = existing.read_text(encoding="utf-8")
    assert text.startswith(expected + "\n@inproceedings{qiu2025gated,")  # sorted by key
    assert plain(capsys, "fmt", "--check") == (0, "")
    assert plain(capsys, "check") == (0, "")  # a listed paper until its summary is written
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
        "(required for an entry that is not a NeurIPS 2025 paper)"
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
