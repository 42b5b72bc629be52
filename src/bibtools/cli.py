"""The ``bibtools`` command: check, fmt, export, generate, figure; verify and add (online);
verify --listing and build-listing (offline).

Exit codes: 0 fine, 1 problems in the data (listed as ``path:line: code: message``),
2 a usage or environment problem (one line naming the path).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from bibtools import fs, pipeline
from bibtools.bibtex.fmt import format_text
from bibtools.data.contract import FIELD_ORDER
from bibtools.data.model import Collection
from bibtools.errors import DataError, Problem, SetupError, sort_problems
from bibtools.export.files import collection_exports
from bibtools.fs import edit, tree
from bibtools.listing import commands as listing
from bibtools.online import commands as online
from bibtools.site.urls import PAPERS

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
Command = Callable[[argparse.Namespace], int]
SITE_DIR = fs.DOCS_DIR / PAPERS  # where `generate` writes by default: the docs build reads it


def _report(problems: Sequence[Problem]) -> int:
    for problem in sort_problems(problems):
        print(problem, file=sys.stderr)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        print(f"{len(problems)} {noun} found", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def _load_valid(args: argparse.Namespace) -> Collection:
    """The collection, or a :class:`~bibtools.errors.DataError` listing every problem (main
    reports it)."""
    return pipeline.load_valid(args.paths, args.taxonomy)


def cmd_check(args: argparse.Namespace) -> int:
    _load_valid(args)
    return EXIT_OK


def cmd_fmt(args: argparse.Namespace) -> int:
    paths = fs.bib_paths(args.paths)

    def canonical(shown: str, text: str) -> tuple[str, list[Problem]]:
        return format_text(text, shown, FIELD_ORDER)

    if not args.check:
        # Read, formatted and written under the folders' locks, all files or none.
        return _report(edit.rewrite_sources(paths, canonical).problems)
    problems: list[Problem] = []
    outputs: list[Path] = []
    for path in paths:
        text, file_problems = fs.read_text(path)
        if not file_problems:
            formatted, file_problems = canonical(fs.display(path), text)
            if not file_problems and formatted != text:
                outputs.append(path)
        problems.extend(file_problems)
    if problems:
        return _report(problems)
    for path in sorted(outputs):
        print(f"{path}: not canonical; run 'bibtools fmt'", file=sys.stderr)
    return EXIT_PROBLEMS if outputs else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    tree.write_tree(args.out, collection_exports(_load_valid(args)))
    return EXIT_OK


def cmd_generate(args: argparse.Namespace) -> int:
    from bibtools.site.generate import site_files
    from bibtools.site.styles import CACHE_FILE as REFERENCE_CACHE
    from bibtools.site.urls import FIGURE, FIGURE_DARK, OG_IMAGE, extra

    collection = _load_valid(args)
    previous = fs.read_previous(args.out / FIGURE)
    references = fs.read_previous(args.out / REFERENCE_CACHE)
    dark = fs.read_previous(args.out / FIGURE_DARK)
    card = fs.read_previous(args.out / extra(OG_IMAGE))
    files = site_files(
        collection,
        previous,
        previous_references=references,
        previous_dark_figure=dark,
        previous_card=card,
    )
    tree.write_tree(args.out, files)
    return EXIT_OK


def cmd_figure(args: argparse.Namespace) -> int:
    from bibtools.site.figure import render_figure
    from bibtools.site.generate import layer_titles
    from bibtools.site.stats import compute_stats

    collection = _load_valid(args)
    png = render_figure(compute_stats(collection), layer_titles(collection))
    tree.write_files(args.out.parent, {args.out.name: png})
    return EXIT_OK


def _command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    help_text: str,
    func: Command,
) -> argparse.ArgumentParser:
    """A command that reads .bib files (PATH ..., --taxonomy) and runs ``func``."""
    sub = commands.add_parser(name, help=help_text, description=help_text)
    sub.add_argument(
        "paths",
        nargs="*",
        type=Path,
        default=[fs.BIB_DIR],
        metavar="PATH",
        help=".bib files or folders of them (default: bib)",
    )
    sub.add_argument(
        "--taxonomy",
        type=Path,
        default=None,
        help="the taxonomy file (default: taxonomy.toml beside the first PATH)",
    )
    sub.set_defaults(func=func)
    return sub


def _out(sub: argparse.ArgumentParser, default: Path, note: str = "") -> None:
    sub.add_argument("--out", type=Path, default=default, help=f"(default: {default}{note})")


class _Parser(argparse.ArgumentParser):
    """argparse, with a bad call as one line (not the whole usage) and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message}; see '{self.prog} --help'\n")


def build_parser() -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = _Parser(  # its subcommands are _Parser s too
        prog="bibtools",
        description="Validate, format and publish the NeurIPS 2025 ML-systems bibliography.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    text = "Report every problem in the entries as path:line: code: message."
    _command(commands, "check", text, cmd_check)
    text = "Rewrite .bib files in canonical layout (lossless, idempotent)."
    fmt = _command(commands, "fmt", text, cmd_fmt)
    fmt.add_argument("--check", action="store_true", help="only list files that would change")
    text = "Write citation files (BibTeX, RIS, CSL-JSON): all entries and one per category."
    _out(_command(commands, "export", text, cmd_export), fs.EXPORT_DIR)
    text = "Write the site's generated MyST pages, figure and downloads."
    generate = _command(commands, "generate", text, cmd_generate)
    _out(generate, SITE_DIR, ", the folder the docs build reads")
    text = "Write the statistics figure alone (the copy shown in the README)."
    _out(_command(commands, "figure", text, cmd_figure), fs.README_FIGURE)
    online.add_online_commands(commands, online.verify_command, online.add_command)
    listing.add_listing_commands(commands)  # verify --listing (offline), build-listing
    return parser


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a run stopped by Ctrl-C


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        try:
            result: int = args.func(args)
        except SetupError as err:
            print(f"bibtools: {err}", file=sys.stderr)
            return EXIT_USAGE
        except DataError as err:
            return _report(err.problems)
        return result
    except KeyboardInterrupt:
        # Every write is staged and renamed whole, so a stop leaves each file old or new.
        print("bibtools: interrupted; no file was left half-written", file=sys.stderr)
        return EXIT_INTERRUPTED
