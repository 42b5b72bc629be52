"""The ``bibtools`` command: check, fmt, export, generate."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bibtools.errors import BibtoolsError, Problem, sort_problems
from bibtools.export import export_files
from bibtools.fmt import format_text
from bibtools.model import Collection
from bibtools.sources import bib_paths, load_valid
from bibtools.writer import write_if_changed

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _report(problems: Sequence[Problem]) -> int:
    for problem in sort_problems(problems):
        print(problem, file=sys.stderr)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        print(f"{len(problems)} {noun} found", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def _load_valid(args: argparse.Namespace) -> Collection:
    """The collection, or a :class:`BibtoolsError` listing every problem (main reports it)."""
    return load_valid(args.paths, args.taxonomy)


def cmd_check(args: argparse.Namespace) -> int:
    _load_valid(args)
    return EXIT_OK


def cmd_fmt(args: argparse.Namespace) -> int:
    problems: list[Problem] = []
    outputs: dict[Path, str] = {}
    for path in bib_paths(args.paths):
        text = path.read_text(encoding="utf-8")
        formatted, file_problems = format_text(text, str(path))
        problems.extend(file_problems)
        if not file_problems and formatted != text:
            outputs[path] = formatted
    if problems:
        return _report(problems)
    if args.check:
        for path in sorted(outputs):
            print(f"{path}: not canonical; run 'bibtools fmt'", file=sys.stderr)
        return EXIT_PROBLEMS if outputs else EXIT_OK
    for path in sorted(outputs):
        write_if_changed(path.parent, {path.name: outputs[path].encode("utf-8")})
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    write_if_changed(args.out, export_files(_load_valid(args)))
    return EXIT_OK


def cmd_generate(args: argparse.Namespace) -> int:
    from bibtools.site import generate_site

    write_if_changed(args.out, generate_site(_load_valid(args)), prune=True)
    return EXIT_OK


def cmd_figure(args: argparse.Namespace) -> int:
    from bibtools.plot import render_figure
    from bibtools.stats import compute_stats

    collection = _load_valid(args)
    titles = {layer.slug: layer.title for layer in collection.taxonomy.layers}
    png = render_figure(compute_stats(collection), titles)
    write_if_changed(args.out.parent, {args.out.name: png})
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bibtools",
        description="Validate, format and publish the NeurIPS 2025 ML-systems bibliography.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "paths",
            nargs="*",
            type=Path,
            default=[Path("bib")],
            metavar="PATH",
            help=".bib files or folders of them (default: bib)",
        )
        sub.add_argument(
            "--taxonomy",
            type=Path,
            default=None,
            help="the taxonomy file (default: taxonomy.toml beside the first PATH)",
        )
        return sub

    add("check", "Report every problem in the entries as path:line: code: message.").set_defaults(
        func=cmd_check
    )
    fmt = add("fmt", "Rewrite .bib files in canonical layout (lossless, idempotent).")
    fmt.add_argument("--check", action="store_true", help="only list files that would change")
    fmt.set_defaults(func=cmd_fmt)
    export = add("export", "Write clean .bib files: all entries and one file per category.")
    export.add_argument("--out", type=Path, default=Path("dist/bib"), help="(default: dist/bib)")
    export.set_defaults(func=cmd_export)
    generate = add("generate", "Write the site's generated MyST pages, figure and downloads.")
    generate.add_argument(
        "--out", type=Path, default=Path("docs/generated"), help="(default: docs/generated)"
    )
    generate.set_defaults(func=cmd_generate)
    figure = add("figure", "Write the statistics figure alone (the copy shown in the README).")
    figure.add_argument(
        "--out",
        type=Path,
        default=Path("docs/_static/stats.png"),
        help="(default: docs/_static/stats.png)",
    )
    figure.set_defaults(func=cmd_figure)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result: int = args.func(args)
    except FileNotFoundError as err:
        print(f"bibtools: no such file or folder: {err.args[0]}", file=sys.stderr)
        return EXIT_USAGE
    except BibtoolsError as err:
        return _report(err.problems)
    return result
