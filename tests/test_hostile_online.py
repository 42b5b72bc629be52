"""The online twin of the hostile-input corpus (tests/hostile/online.toml): each case runs
the real CLI against a local server that answers as the case says (or a hostile call, or a
hostile cache), and must end in its exit code and message, with no traceback, within half a
minute (a hang, not a timing), and with bib/ byte-identical when the run did not succeed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from bibtools.online.cache import Cache
from conftest import REPO, entry
from online_fakes import AUTHORS, TITLE, note, run, serve_note, write_bib

HOSTILE = Path(__file__).parent / "hostile"
CASES: list[dict[str, Any]] = tomllib.loads((HOSTILE / "online.toml").read_text("utf-8"))["case"]
IDENT = "1b7whO4SfY"  # the fixture entry's OpenReview id (conftest.entry)
DEEP = "[" * 200_000 + "]" * 200_000
NO_HTTPX = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] == "httpx":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, Block())
from bibtools.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _drip(_request: Request) -> Response:
    def body() -> Iterator[bytes]:
        while True:
            yield b" "
            time.sleep(0.2)

    return Response(body(), content_type="application/json")


@pytest.fixture
def drip_headers_url() -> Iterator[str]:
    """A raw server that sends its status line and headers a byte every 0.2 s, forever."""
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            with conn:
                for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10_000:
                    if stop.is_set():
                        break
                    try:
                        conn.sendall(bytes([byte]))
                    except OSError:
                        break
                    time.sleep(0.2)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/"
    stop.set()
    thread.join(5)
    server.close()


def _serve_note(server: HTTPServer, case: dict[str, Any]) -> None:
    title, authors = case.get("title", TITLE), case.get("authors", AUTHORS)
    serve_note(server, IDENT, {"notes": [note(IDENT, title, authors)], "count": 1})


def _redirect_other_host(server: HTTPServer, case: dict[str, Any]) -> None:
    other = server.url_for("/moved").replace("localhost", "127.0.0.1")
    server.expect_request("/notes").respond_with_response(
        Response(status=302, headers={"Location": other + f"?id={IDENT}"})
    )
    body = {"notes": [note(IDENT, TITLE, AUTHORS)], "count": 1}
    server.expect_request("/moved").respond_with_json(body)


def _redirect(location: str) -> Callable[[HTTPServer, dict[str, Any]], None]:
    def serve(server: HTTPServer, case: dict[str, Any]) -> None:
        target = location or server.url_for("/notes") + f"?id={IDENT}"
        server.expect_request("/notes").respond_with_response(
            Response(status=302, headers={"Location": target})
        )

    return serve


SERVERS: dict[str, Callable[[HTTPServer, dict[str, Any]], None]] = {
    "": lambda server, case: None,
    "note": _serve_note,
    "deep-json": lambda s, c: s.expect_request("/notes").respond_with_data(
        DEEP, content_type="application/json"
    ),
    "drip-body": lambda s, c: s.expect_request("/notes").respond_with_handler(_drip),
    "drip-headers": lambda s, c: None,  # the raw server of drip_headers_url
    "redirect-other-host": _redirect_other_host,
    "redirect-file": _redirect("file:///etc/passwd"),
    "redirect-loop": _redirect(""),
}


def _cache_file(server: HTTPServer) -> Path:
    url = server.url_for("/notes") + f"?id={IDENT}"
    path = Cache(Path(".cache/bibtools"))._file("openreview", url)
    assert path is not None
    path.parent.mkdir(parents=True)
    return path


def _arrange(setup: str, server: HTTPServer) -> None:
    if setup == "cache-fifo":
        os.mkfifo(_cache_file(server))
    elif setup == "cache-dev-zero":
        _cache_file(server).symlink_to("/dev/zero")
    elif setup == "cache-oversized":
        with _cache_file(server).open("wb") as handle:
            handle.truncate(1 << 30)
    elif setup == "cache-deep-json":
        _cache_file(server).write_text(DEEP, encoding="utf-8")
    else:
        assert setup in ("", "no-httpx"), setup


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.bib"))}


def _argv(case: dict[str, Any]) -> list[str]:
    command = case["command"]
    if command in ("add", "add-listing"):
        tail = [IDENT, "--keywords", "inference/serving"]
        if command == "add-listing":
            tail = ["--listing", str(REPO / "listing" / "neurips2025.tsv"), "1", *tail[1:]]
        return ["add", *tail]
    return ["verify", "--fix"] if command == "verify-fix" else ["verify"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_online_case(
    case: dict[str, Any],
    project: Path,
    httpserver: HTTPServer,
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    fixing = case["command"] == "verify-fix"
    bib_entry = entry(title="Gated Attention for Large Language Model") if fixing else entry()
    if case["command"] in ("add", "add-listing"):
        bib_entry = entry(key="other2025entry", openreview="ZZZZZZZZZZ", title="Another Paper")
    write_bib(project, "inference.bib", bib_entry)
    SERVERS[case["serve"]](httpserver, case)
    setup = case.get("setup", "")
    _arrange(setup, httpserver)
    before = snapshot(project / "bib")
    args = [*_argv(case), "--retries", "0", *case.get("args", [])]
    if case["serve"] == "drip-headers":
        args += ["--openreview-api", request.getfixturevalue("drip_headers_url")]
    started = time.monotonic()
    if setup == "no-httpx":
        env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
        done = subprocess.run(
            [sys.executable, "-c", NO_HTTPX, *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        code, output = done.returncode, done.stdout + done.stderr
    else:
        try:
            code, output = run(httpserver, capsys, *args)
        except SystemExit as stop:  # argparse refuses the call before main() runs it
            code, output = int(str(stop.code)), "".join(capsys.readouterr())
    assert time.monotonic() - started < 30, output  # a hang, not a benchmark: generous
    assert "Traceback" not in output
    assert code == case["exit"], output
    assert any(case["message"] in line for line in output.splitlines()), output
    if code != 0:
        assert snapshot(project / "bib") == before
    if case["serve"] == "" and code == 2:
        assert len(output.splitlines()) == 1, output  # a bad call is one line


def test_the_online_corpus_names_each_kind_once() -> None:
    kinds = [case["kind"] for case in CASES]
    assert len(kinds) == len(set(kinds)) >= 25
    assert {case["serve"] for case in CASES} <= set(SERVERS)
