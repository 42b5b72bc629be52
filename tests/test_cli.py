"""The bibtools command as a user runs it: exit codes, messages, files written."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from pybtex.database import parse_file

from bibtools import cli
from bibtools.cli import main
from bibtools.fs import edit
from bibtools.fs.tree import MANIFEST
from conftest import FIXTURE, REPO, entry


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real bib/ in a temp folder, as the current directory."""
    shutil.copytree(REPO / "bib", tmp_path / "bib")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_check_is_clean_on_the_real_bib(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check"], capsys) == (0, "", "")


def test_fmt_check_is_clean_on_the_real_bib(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["fmt", "--check"], capsys) == (0, "", "")


def test_check_lists_every_problem_of_a_broken_copy(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    training = project / "bib" / "training.bib"
    text = training.read_text(encoding="utf-8")
    text = text.replace("presentation = {poster}", "presentation = {keynote}", 1)
    text = text.replace("track = {main}", "track = {mainn}", 1)
    (project / "bib" / "broken.bib").write_text(
        entry(key="qiu2025gated", keywords="nowhere/at-all")  # key taken, topic unknown
        + entry(key="qiu2025gatedb", keywords="training/fine-tuning")  # same OpenReview id
        + "@misc{bad2025x, title = {open\n",  # never closes
        encoding="utf-8",
    )
    training.write_text(text, encoding="utf-8")
    code, out, err = run(["check"], capsys)
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[-1] == f"{len(lines) - 1} problems found"
    codes = {line.split(": ")[1] for line in lines[:-1]}
    assert {"bad-value", "syntax", "unknown-keyword", "duplicate-key", "duplicate-paper"} <= codes
    for line in lines[:-1]:
        path, number, *_ = line.split(":")
        assert path.startswith("bib/") and number.isdigit(), line
    assert "Traceback" not in err


def test_fmt_rewrites_and_then_is_stable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "x.bib"
    bib.write_text('@misc{b2025x, year = 2025, title = "T"}\n@misc{a2025y, title={U}}\n', "utf-8")
    assert run(["fmt", "--check", str(bib)], capsys) == (
        1,
        "",
        f"{bib}: not canonical; run 'bibtools fmt'\n",
    )
    assert run(["fmt", str(bib)], capsys) == (0, "", "")
    first = bib.read_text("utf-8")
    assert first.startswith("@misc{a2025y,")
    assert run(["fmt", str(bib)], capsys) == (0, "", "")
    assert bib.read_text("utf-8") == first
    assert run(["fmt", "--check", str(bib)], capsys) == (0, "", "")


def test_fmt_refuses_files_with_syntax_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "x.bib"
    original = "@misc{a2025b, title = {open\n"
    bib.write_text(original, "utf-8")
    code, _, err = run(["fmt", str(bib)], capsys)
    assert code == 1 and err.startswith(f"{bib}:1: syntax: ")
    assert bib.read_text("utf-8") == original


def test_export_writes_clean_files(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["export", "--out", "out"], capsys) == (0, "", "")
    written = sorted(p.name for p in (project / "out").iterdir() if p.name != MANIFEST)
    stems = ["neurips25-mlsys", "architecture", "compression", "inference"]
    stems += ["multi-modality", "rl", "training"]
    stems += [f"{stem}-neurips2025" for stem in stems]  # each set's NeurIPS 2025 papers alone
    assert written == sorted(f"{stem}.{ext}" for stem in stems for ext in ("bib", "ris", "json"))
    everything = parse_file(str(project / "out" / "neurips25-mlsys.bib"))
    source_keys = set()
    for path in (project / "bib").glob("*.bib"):
        source_keys |= set(parse_file(str(path)).entries)
    assert set(everything.entries) == source_keys
    before = {p.name: p.read_bytes() for p in (project / "out").iterdir()}
    assert run(["export", "--out", "out"], capsys) == (0, "", "")
    assert before == {p.name: p.read_bytes() for p in (project / "out").iterdir()}


def test_export_refuses_invalid_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(FIXTURE, tmp_path / "bib")
    (tmp_path / "bib" / "bad.bib").write_text(entry(presentation="keynote"), "utf-8")
    code, _, err = run(["export", str(tmp_path / "bib"), "--out", str(tmp_path / "out")], capsys)
    assert code == 1 and "bad-value" in err
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_missing_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", "/no/such/folder"], capsys) == (
        2,
        "",
        "bibtools: /no/such/folder: no such file or folder; give a .bib file or a folder\n",
    )


def test_bad_taxonomy_is_reported_not_raised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(FIXTURE, tmp_path / "bib")
    (tmp_path / "bib" / "taxonomy.toml").write_text("[[layer]\n", "utf-8")
    code, _, err = run(["check", str(tmp_path / "bib")], capsys)
    assert code == 1 and ": taxonomy: invalid TOML" in err and "Traceback" not in err


@pytest.mark.parametrize("command", ["check", "fmt", "export", "generate"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main([command, "--help"])
    assert caught.value.code == 0
    assert "usage: bibtools " + command in capsys.readouterr().out


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])
    assert caught.value.code == 2


def test_python_m_bibtools_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bibtools", "check", str(FIXTURE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_generate_writes_where_the_docs_build_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Following the README (`bibtools generate`, then the docs build) once gave 614 warnings:
    the CLI's default output folder was not the one the docs read."""
    from conftest import build_root

    shutil.copytree(FIXTURE, tmp_path / "bib")
    shutil.copytree(REPO / "tests" / "roots" / "test-fixture", tmp_path / "docs")
    monkeypatch.chdir(tmp_path)
    assert run(["generate"], capsys) == (0, "", "")
    assert (tmp_path / "docs" / "papers" / "inference.md").is_file()
    # The docs build (the hook's default bib dir, ../bib) regenerates into the same folder.
    _app, warnings = build_root("fixture", tmp_path / "site", bib=tmp_path / "bib")
    assert warnings == ""
    from bibtools.sphinxext import OUT_DIR

    assert Path("docs", OUT_DIR) == Path("docs/papers")


def test_generate_never_deletes_files_it_did_not_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`bibtools generate --out docs` once deleted docs/conf.py, index.md and _static/."""
    shutil.copytree(FIXTURE, tmp_path / "bib")
    shutil.copytree(
        REPO / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("_build", "papers")
    )
    before = sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "docs").rglob("*"))
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["generate", "--out", "docs"], capsys)
    assert code == 2 and out == ""
    assert err == (
        "bibtools: docs: holds files bibtools did not write; give an empty or new folder "
        "(bibtools keeps a .bibtools-manifest in the folders it writes)\n"
    )
    assert sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "docs").rglob("*")) == before


UNSORTED = '@misc{b2025x, year = 2025, title = "T"}\n@misc{a2025y, title={U}}\n'


def test_fmt_writes_through_a_symbolic_link_and_keeps_the_mode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "elsewhere.bib"
    real.write_text(UNSORTED, "utf-8")
    real.chmod(0o600)
    link = tmp_path / "x.bib"
    link.symlink_to(real.name)
    assert run(["fmt", str(link)], capsys) == (0, "", "")
    assert link.is_symlink() and real.read_text("utf-8").startswith("@misc{a2025y,")
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


def test_fmt_of_two_files_writes_neither_when_one_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.bib").write_text(UNSORTED, "utf-8")
    real_mkstemp = tempfile.mkstemp

    def read_only_b(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if Path(kwargs["dir"]).name == "b":  # the tests run as root, which ignores chmod
            raise PermissionError(errno.EACCES, "Permission denied", f"{kwargs['dir']}/.tmp1")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(edit.tempfile, "mkstemp", read_only_b)
    a, b = tmp_path / "a" / "x.bib", tmp_path / "b" / "x.bib"
    assert run(["fmt", str(a), str(b)], capsys) == (
        2,
        "",
        f"bibtools: {b}: cannot write: permission denied; make it writable (readable) or "
        "choose another path\n",
    )
    assert a.read_text("utf-8") == b.read_text("utf-8") == UNSORTED


def test_fmt_keeps_an_entry_appended_while_it_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "x.bib"
    bib.write_text(UNSORTED, "utf-8")
    real_format = cli.format_text
    calls: list[str] = []

    def format_while_appending(text: str, *args: Any) -> Any:
        calls.append(text)
        if len(calls) == 1:
            with bib.open("a", encoding="utf-8") as handle:
                handle.write("@misc{c2025z, title = {Appended}}\n")
        return real_format(text, *args)

    monkeypatch.setattr(cli, "format_text", format_while_appending)
    assert run(["fmt", str(bib)], capsys) == (0, "", "")
    assert "@misc{c2025z," in bib.read_text("utf-8") and len(calls) == 2


def test_ctrl_c_is_one_line_and_exit_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.pipeline, "load_valid", interrupted)
    assert run(["check"], capsys) == (
        130,
        "",
        "bibtools: interrupted; no file was left half-written\n",
    )


def test_ctrl_c_in_a_real_run_waiting_on_a_server(tmp_path: Path) -> None:
    """SIGINT to `bibtools verify` waiting on a server that never answers."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(60)  # the run must connect; never wait forever for it
    (tmp_path / "bib").mkdir()
    shutil.copyfile(FIXTURE / "taxonomy.toml", tmp_path / "bib" / "taxonomy.toml")
    (tmp_path / "bib" / "x.bib").write_text(entry(), "utf-8")
    api = f"http://127.0.0.1:{server.getsockname()[1]}/"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    command = [sys.executable, "-m", "bibtools", "verify", "--openreview-api", api, "--no-cache"]
    with (
        server,
        subprocess.Popen(
            command, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True
        ) as process,
    ):
        server.accept()  # it is waiting for the answer now
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    assert (process.returncode, err) == (
        130,
        "bibtools: interrupted; no file was left half-written\n",
    )
