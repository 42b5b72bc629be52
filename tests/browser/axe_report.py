"""Accessibility report: axe-core's critical and serious violations per page and theme.

    python tests/browser/axe_report.py docs/_build/html [--json out.json]

prints one line per page and theme (the counts, and the rules that failed), the table kept
in the report on GitHub issue 14. The browser tests assert the same scan finds nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from site_server import CHROMIUM, CHROMIUM_ARGS, PAGES, THEMES, serve, wait_for_search

SEVERE = ("critical", "serious")


def open_page(browser: Any, base: str, path: str, theme: str, **context: Any) -> Any:
    """A new page in ``theme`` (furo reads localStorage "theme" before it paints)."""
    ctx = browser.new_context(color_scheme=theme, **context)
    ctx.add_init_script(f"localStorage.setItem('theme', '{theme}')")
    page = ctx.new_page()
    page.goto(base + path)
    page.wait_for_load_state("load")
    if path.startswith("search.html"):
        wait_for_search(page)
    return page


def severe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's critical and serious violations on ``page``: rule, impact, nodes."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "nodes": [" ".join(n["target"]) for n in v["nodes"]],
            "summary": v["nodes"][0].get("failureSummary", "").splitlines()[1:2],
        }
        for v in violations
        if v["impact"] in SEVERE
    ]


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="list the nodes")
    parser.add_argument("--page", action="append", default=[], help="also NAME=PATH")
    args = parser.parse_args()
    report: dict[str, Any] = {}
    with serve(args.site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        print(f"{'page':<12}{'theme':<7}{'critical':>9}{'serious':>9}  rules (nodes)")
        extra = [tuple(page.split("=", 1)) for page in args.page]
        for name, path in [*PAGES, *extra]:
            for theme in THEMES:
                page = open_page(browser, base, path, theme)
                found = severe_violations(page)
                page.context.close()
                report[f"{name}/{theme}"] = found
                counts = {
                    i: sum(len(v["nodes"]) for v in found if v["impact"] == i) for i in SEVERE
                }
                rules = ", ".join(f"{v['rule']} ({len(v['nodes'])})" for v in found)
                print(f"{name:<12}{theme:<7}{counts['critical']:>9}{counts['serious']:>9}  {rules}")
                if args.verbose:
                    for v in found:
                        print(f"    {v['rule']}: {v['summary']}")
                        for node in v["nodes"][:8]:
                            print(f"      {node}")
        browser.close()
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
