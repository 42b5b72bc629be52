"""The online commands' options and their runs, called from :mod:`bibtools.cli`.

The options are declared without importing httpx, so ``bibtools --help`` and the offline
commands work without the ``online`` extra; running ``verify`` or ``add`` without it is one
clear line (exit 2).
"""

from __future__ import annotations

import argparse
import datetime
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bibtools import fs, pipeline
from bibtools.errors import (
    AddError,
    EditError,
    LoadError,
    Problem,
    SetupError,
    SourceError,
    Unreachable,
    sort_problems,
)
from bibtools.fs import edit
from bibtools.online.policy import ARXIV_API, CACHE_DIR, DEFAULT, OPENREVIEW_API, SERVICE_NAMES

if TYPE_CHECKING:
    from bibtools.data.model import Collection, Paper
    from bibtools.online.http import Fetcher
    from bibtools.online.sources import Record
    from bibtools.online.verify import Drift

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
INSTALL_HINT = "python -m pip install 'bibtools[online]'"

Command = Callable[[argparse.Namespace], int]


def _network_options(sub: argparse.ArgumentParser) -> None:
    group = sub.add_argument_group("network (the defaults are polite to the services)")
    group.add_argument("--openreview-api", default=OPENREVIEW_API, help="(default: %(default)s)")
    group.add_argument("--arxiv-api", default=ARXIV_API, help="(default: %(default)s)")
    group.add_argument(
        "--cache",
        type=Path,
        default=CACHE_DIR,
        help="folder of cached answers (default: %(default)s)",
    )
    group.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    group.add_argument(
        "--max-age",
        type=float,
        default=DEFAULT.max_age_hours,
        metavar="HOURS",
        help="use cached answers younger than this without asking (default: %(default)s); "
        "older ones are used only when a service cannot be reached",
    )
    group.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT.timeout,
        help="seconds per request (default: %(default)s)",
    )
    group.add_argument(
        "--deadline",
        type=float,
        default=DEFAULT.deadline,
        metavar="SECONDS",
        help="seconds for one whole answer, however slowly it comes (default: %(default)s)",
    )
    group.add_argument(
        "--run-deadline",
        type=float,
        default=DEFAULT.run_deadline,
        metavar="SECONDS",
        help="seconds for all the requests of the run (default: %(default)s)",
    )
    group.add_argument(
        "--allow-cross-host-redirects",
        action="store_true",
        help="follow a redirect to another host than the API's (default: refuse it)",
    )
    group.add_argument(
        "--retries",
        type=int,
        default=DEFAULT.retries,
        help="retries after a connection error, timeout, 429 or 5xx (default: %(default)s)",
    )
    group.add_argument(
        "--backoff",
        type=float,
        default=DEFAULT.backoff,
        metavar="SECONDS",
        help="first wait before a retry, doubled each time (default: %(default)s)",
    )
    for service, why in (("arxiv", ", as arXiv asks"), ("openreview", "")):
        group.add_argument(
            f"--{service}-delay",
            type=float,
            default=DEFAULT.delay[service],
            metavar="SECONDS",
            help=f"at least this long between {SERVICE_NAMES[service]} requests "
            f"(default: %(default)s{why})",
        )


def add_online_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    verify: Command,
    add: Command,
) -> None:
    text = (
        "Compare entries with OpenReview and arXiv; report drift as path:line: drift: ... "
        "(exit 1), or exit 2 if a service cannot be reached."
    )
    sub = commands.add_parser("verify", help=text, description=text)
    sub.add_argument("keys", nargs="*", metavar="KEY", help="entries to verify (default: all)")
    sub.add_argument(
        "--bib",
        type=Path,
        action="append",
        metavar="PATH",
        help=".bib file or folder, repeatable (default: bib)",
    )
    sub.add_argument("--taxonomy", type=Path, default=None, help="(default: beside the bib)")
    sub.add_argument(
        "--fix",
        action="store_true",
        help="write title, author, track and presentation from the source, and drop settled "
        "fields from unverified (lossless edit; annote is never touched)",
    )
    _network_options(sub)
    sub.set_defaults(func=verify)
    text = "Add a paper from OpenReview and/or arXiv to bib/<first category>.bib."
    sub = commands.add_parser("add", help=text, description=text)
    sub.add_argument(
        "ids",
        nargs="+",
        metavar="ID",
        help="OpenReview forum id or URL, arXiv id or URL (one of each at most)",
    )
    sub.add_argument(
        "--keywords",
        default=None,
        help="comma-separated category/topic pairs; the first names the file (required, "
        "except with --listing: then the home of the paper's scope decision)",
    )
    sub.add_argument(
        "--bib", type=Path, default=fs.BIB_DIR, help="the bib folder (default: %(default)s)"
    )
    sub.add_argument("--taxonomy", type=Path, default=None, help="(default: beside the bib)")
    _network_options(sub)
    sub.set_defaults(func=add)


def _fetcher(args: argparse.Namespace) -> Fetcher:
    try:
        from bibtools.online.http import Fetcher
    except ImportError as err:
        missing = err.name or "httpx"
        raise SetupError(
            missing, f"not installed; 'bibtools {args.command}' needs it: {INSTALL_HINT}"
        ) from None
    from bibtools.online.cache import Cache
    from bibtools.online.http import check_api
    from bibtools.online.policy import Policy

    for option in ("openreview_api", "arxiv_api"):
        try:
            check_api(option, getattr(args, option))
        except ValueError as err:
            raise SetupError("--" + option.replace("_", "-"), str(err)) from None
    for option, least, unit in (
        ("timeout", 0.0, "seconds"),
        ("deadline", 0.0, "seconds"),
        ("run_deadline", 0.0, "seconds"),
        ("max_age", -1.0, "hours"),
    ):
        value = getattr(args, option)
        if not (math.isfinite(value) and (value > 0 or (value == 0 and least < 0))):
            more = "positive" if least == 0 else "zero or more"
            raise SetupError(
                "--" + option.replace("_", "-"), f"{value:g} is not a {more} number of {unit}"
            )
    policy = Policy(
        timeout=args.timeout,
        deadline=args.deadline,
        run_deadline=args.run_deadline,
        cross_host_redirects=args.allow_cross_host_redirects,
        retries=max(0, args.retries),
        backoff=max(0.0, args.backoff),
        delay={"arxiv": max(0.0, args.arxiv_delay), "openreview": max(0.0, args.openreview_delay)},
        max_age_hours=args.max_age,
    )
    return Fetcher(policy, Cache(None if args.no_cache else args.cache))


class _Progress:
    """A progress bar on stderr, only when it is a terminal (tqdm if installed)."""

    def __init__(self, total: int, label: str) -> None:
        self.bar: Any = None
        self.count = 0
        self.total = total
        self.label = label
        self.live = sys.stderr.isatty() and total > 1
        if self.live:
            try:
                from tqdm import tqdm

                self.bar = tqdm(total=total, desc=label, unit="entry", leave=False)
            except ImportError:
                self.bar = None

    def tick(self, key: str) -> None:
        if not self.live:
            return
        self.count += 1
        if self.bar is not None:
            self.bar.set_postfix_str(key, refresh=False)
            self.bar.update()
        else:
            print(f"\r{self.label}: {self.count}/{self.total} {key:<40}", end="", file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        elif self.live:
            print("\r" + " " * 80 + "\r", end="", file=sys.stderr)


def _failure_line(failures: dict[str, Unreachable], unchecked: int) -> str:
    parts = [
        f"cannot reach {SERVICE_NAMES.get(f.service, f.service)} at {f.url} "
        f"({f.reason}, {f.attempts} attempt{'s' if f.attempts != 1 else ''})"
        for f in failures.values()
    ]
    return (
        f"bibtools: {'; '.join(parts)}; {unchecked} entries not checked in full, "
        "so the results above are partial"
    )


def _selected(collection: Collection, keys: list[str]) -> list[Paper]:
    """The entries named by ``keys`` (all when none is named)."""
    if not keys:
        return list(collection.papers)
    by_key = collection.by_key()
    unknown = [k for k in keys if k not in by_key]
    if unknown:
        raise SetupError(", ".join(unknown), "no such entry in the bib files")
    return [by_key[k] for k in dict.fromkeys(keys)]


def _fix_files(drifts: list[Drift]) -> tuple[list[Problem], list[Drift]]:
    """``verify --fix``: each file with fixable drift edited (losslessly) and written, all
    files under their folders' locks and on their current content (fs.edit); the lines to
    print (fixed drift, files that could not be fixed) and the drift fixed."""
    from bibtools.online.verify import apply_fixes

    outcomes: dict[str, tuple[list[Problem], list[Drift]]] = {}

    def fixed_text(shown: str, text: str) -> tuple[str, list[Problem]]:
        path = shown_paths[shown]
        try:
            new_text, fixed = apply_fixes(text, path, drifts)
        except EditError as err:
            outcomes[path] = ([Problem(path, 1, "fix", f"not fixed: {err}")], [])
            return text, []
        outcomes[path] = ([d.problem("fixed") for d in fixed], fixed)
        return new_text, []

    paths = sorted({d.paper.path for d in drifts})
    shown_paths = {fs.display(Path(path)): path for path in paths}
    rewritten = edit.rewrite_sources([Path(path) for path in paths], fixed_text)
    lines: list[Problem] = list(rewritten.problems)
    fixed_all: list[Drift] = []
    for path in paths:
        file_lines, fixed = outcomes.get(path, ([], []))
        lines += file_lines
        fixed_all += fixed
    return lines, fixed_all


def verify_command(args: argparse.Namespace) -> int:
    fetcher = _fetcher(args)  # first: without httpx, one line (the imports below need it)
    from bibtools.online.verify import verify

    collection = pipeline.load_parsed(args.bib or [fs.BIB_DIR], args.taxonomy)
    papers = _selected(collection, args.keys)
    progress = _Progress(len(papers), "verify")
    try:
        with fetcher:
            outcome = verify(papers, fetcher, args.openreview_api, args.arxiv_api, progress.tick)
    finally:
        progress.close()
    lines, fixed = _fix_files(outcome.drifts) if args.fix else ([], [])
    remaining = [d for d in outcome.drifts if d not in fixed]
    for line in sort_problems([*lines, *(d.problem() for d in remaining)]):
        print(line, file=sys.stderr)
    summary = (
        f"{outcome.checked} entries verified, {outcome.skipped} without ids skipped: "
        f"{len(remaining)} drift{'s' if len(remaining) != 1 else ''}"
        + (f", {len(outcome.drifts) - len(remaining)} fixed" if args.fix else "")
    )
    if fetcher.stale_used:
        summary += f" ({fetcher.stale_used} answers from an older cache)"
    print(summary, file=sys.stderr)
    if outcome.failures:
        print(_failure_line(outcome.failures, outcome.unchecked), file=sys.stderr)
        return EXIT_USAGE
    return EXIT_PROBLEMS if remaining or any(p.code == "fix" for p in lines) else EXIT_OK


def _wanted_ids(values: list[str]) -> dict[str, str]:
    """``add``'s identifiers: source (OpenReview, arXiv) -> id, one of each at most."""
    from bibtools.online.sources import parse_identifier

    wanted: dict[str, str] = {}
    for value in values:
        try:
            source, ident = parse_identifier(value)
        except ValueError as err:
            raise SetupError(value, str(err).split(": ", 1)[-1]) from None
        if source in wanted:
            raise SetupError(value, f"give at most one {source} id")
        wanted[source] = ident
    return wanted


def _records(
    fetcher: Fetcher, args: argparse.Namespace, wanted: dict[str, str]
) -> tuple[Record | None, Record | None, dict[str, Unreachable]]:
    """The OpenReview note and the arXiv record asked for, and the services not reached."""
    from bibtools.online.fetch import fetch_arxiv, fetch_openreview
    from bibtools.online.sources import ARXIV, OPENREVIEW

    failures: dict[str, Unreachable] = {}
    note = arxiv = None
    with fetcher:
        if OPENREVIEW in wanted:
            note = fetch_openreview(fetcher, args.openreview_api, wanted[OPENREVIEW], failures)
        if ARXIV in wanted:
            ident = wanted[ARXIV]
            arxiv = fetch_arxiv(fetcher, args.arxiv_api, [ident], failures).get(ident)
    return note, arxiv, failures


def _write_entry(bib: Path, home: str, key: str, entry: str) -> None:
    """The new entry into ``bib/<home>.bib`` (in key order when the file is canonical)."""
    from bibtools.bibtex.syntax import RawEntry, parse_bib
    from bibtools.online.add import insert_entry

    target = bib / f"{home}.bib"
    shown = fs.display(target)
    ordered: list[bool] = []

    def with_entry(path: str, text: str) -> tuple[str, list[Problem]]:
        new_text, in_order = insert_entry(text, entry, path)
        ordered[:] = [in_order]
        return new_text, []

    # Under the folder's lock, on the file as it is at that moment (created if new).
    rewritten = edit.rewrite_sources([target], with_entry, missing_ok=True)
    if rewritten.problems:
        raise LoadError(rewritten.problems)
    new_text, in_order = rewritten.texts[target], ordered[0]
    parsed, _ = parse_bib(new_text, shown)
    line = next((c.line for c in parsed.chunks if isinstance(c, RawEntry) and c.key == key), 1)
    print(entry, end="")
    print(
        f"{shown}:{line}: added {key}; write its summary in 'annote' from the abstract "
        "(until then a NeurIPS 2025 paper is listed, facts only, and anything else is "
        "reported by 'bibtools check')"
        + ("" if in_order else "; the file was not in canonical layout: run 'bibtools fmt'"),
        file=sys.stderr,
    )


def add_command(args: argparse.Namespace) -> int:
    if not args.keywords:
        raise SetupError("--keywords", "required: the category/topic pairs to file it under")
    fetcher = _fetcher(args)  # first: without httpx, one line (the imports below need it)
    from bibtools.online.add import new_entry

    wanted = _wanted_ids(args.ids)
    keywords = [k.strip() for k in args.keywords.split(",") if k.strip()]
    collection = pipeline.load_parsed([args.bib], args.taxonomy)
    note, arxiv, failures = _records(fetcher, args, wanted)
    if failures:
        line = _failure_line(failures, 1)
        print(
            line.replace(" in full, so the results above are partial", "; nothing written"),
            file=sys.stderr,
        )
        return EXIT_USAGE
    today = datetime.date.today().isoformat()
    try:
        key, home, entry = new_entry(collection, note, arxiv, keywords, today)
    except (AddError, SourceError) as err:
        from bibtools.online.values import printable

        print(f"bibtools add: {printable(str(err))}", file=sys.stderr)
        return EXIT_PROBLEMS
    _write_entry(args.bib, home, key, entry)
    return EXIT_OK
