"""Browser tests: the built site in Debian's Chromium, driven by Playwright (`tox -e browser`).

The site is the one in ``--site DIR`` (tox builds it with ``-nW``), else it is built here
into a temporary folder with the same flags. The tests are skipped, all of them, only when
Chromium is missing (``.ci/run`` installs it); browsers are never downloaded.
Screenshots go to one temporary folder, listed at the end of the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from site_server import CHROMIUM, CHROMIUM_ARGS, serve, wait_for_search
from sphinx.cmd.build import build_main

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS: list[Path] = []


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--site", type=Path, help="the built site (default: build it here)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing (.ci/run installs it)")
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if SCREENSHOTS:
        terminalreporter.section("screenshots")
        for path in SCREENSHOTS:
            terminalreporter.write_line(str(path))


@pytest.fixture(scope="session")
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    given: Path | None = request.config.getoption("--site")
    if given is not None:
        assert (given / "index.html").is_file(), f"no built site in {given}"
        return given
    out = tmp_path_factory.mktemp("site") / "html"
    args = ["-nW", "--keep-going", "-q", "-b", "html", str(REPO / "docs"), str(out)]
    assert build_main(args) == 0, "the site does not build with -nW"
    return out


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def open_page(browser: Browser, base_url: str) -> Iterator[Any]:
    """``open_page(path, theme=None, **context options)``: a loaded page in a new context.

    ``theme`` ("light"/"dark") is set where furo reads it, localStorage "theme", before load.
    """
    contexts = []

    def open_(path: str, theme: str | None = None, **options: Any) -> Page:
        if theme is not None:
            options.setdefault("color_scheme", theme)
        context = browser.new_context(**options)
        contexts.append(context)
        if theme is not None:
            context.add_init_script(f"localStorage.setItem('theme', '{theme}')")
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        if path.startswith("search.html"):
            wait_for_search(page)
        assert not errors, f"JavaScript errors on {path}: {errors}"
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot(screenshot_dir: Path) -> Any:
    def take(page: Page, name: str, **options: Any) -> Path:
        path = screenshot_dir / f"{name}.png"
        page.screenshot(path=str(path), **options)
        SCREENSHOTS.append(path)
        return path

    return take
