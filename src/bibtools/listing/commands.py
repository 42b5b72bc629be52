"""The listing's command line: ``bibtools verify --listing FILE`` and ``bibtools
build-listing``, wired into :mod:`bibtools.cli`. Offline: nothing here needs the
``online`` extra. Files are read and written through :mod:`bibtools.fs`.

Exit codes: 0 no drift; 1 drift (one ``path:line: drift: <key>: <field>: ...`` line each,
then a count); 2 a listing (or raw copy) that cannot be read or parsed: one
``path:line: code: message`` line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from bibtools import fs, pipeline
from bibtools.errors import ListingError, Problem, SetupError, sort_problems
from bibtools.fs import tree
from bibtools.listing.build import build_listing
from bibtools.listing.compare import compare
from bibtools.listing.parse import Listing, parse_listing

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
LISTING_FILE = Path("listing/neurips2025.tsv")

Command = Callable[[argparse.Namespace], int]


def read_listing_file(path: Path) -> str:
    """The text of a listing file, or a :class:`ListingError` (one located line)."""
    shown = fs.display(path)
    try:
        text, problems = fs.read_text(path)
    except SetupError as err:
        raise ListingError(Problem(shown, 1, "read", err.message)) from None
    if problems:
        raise ListingError(problems[0])
    return text


def load_listing(path: Path) -> Listing:
    return parse_listing(read_listing_file(path), fs.display(path))


def _usage(problem: Problem) -> int:
    print(problem, file=sys.stderr)
    return EXIT_USAGE


def verify_listing(args: argparse.Namespace) -> int:
    """``bibtools verify --listing FILE [KEY ...]``."""
    if args.fix:
        raise SetupError("--fix", "fixes come from the online sources; drop --listing or --fix")
    try:
        listing = load_listing(args.listing)
    except ListingError as err:
        return _usage(err.problem)
    collection = pipeline.load_parsed(args.bib or [fs.BIB_DIR], args.taxonomy)
    papers = list(collection.papers)
    if args.keys:
        by_key = collection.by_key()
        unknown = [k for k in args.keys if k not in by_key]
        if unknown:
            raise SetupError(", ".join(unknown), "no such entry in the bib files")
        papers = [by_key[k] for k in dict.fromkeys(args.keys)]
    result = compare(collection, listing, papers)
    for line in sort_problems(d.problem() for d in result.drifts):
        print(line, file=sys.stderr)
    count = len(result.drifts)
    print(
        f"{result.compared} entries compared with {listing.path} ({len(listing.papers)} "
        f"titles; {result.matched} entries found in it): {count} drift{'s' if count != 1 else ''}"
        f", {len(result.accepted)} accepted by listingdrift",
        file=sys.stderr,
    )
    return EXIT_PROBLEMS if count else EXIT_OK


def build_listing_command(args: argparse.Namespace) -> int:
    """``bibtools build-listing IDS_CSV AUTHORS_TSV [--out FILE]``."""
    try:
        ids_text = read_listing_file(args.ids)
        authors_text = read_listing_file(args.authors)
        text = build_listing(ids_text, fs.display(args.ids), authors_text, fs.display(args.authors))
        listing = parse_listing(text, fs.display(args.out))  # what verify will read
    except ListingError as err:
        return _usage(err.problem)
    tree.write_files(args.out.parent, {args.out.name: text.encode("utf-8")})
    with_authors = sum(1 for p in listing.papers if p.authors)
    twice = sum(1 for p in listing.papers if len(p.ids) > 1)
    print(
        f"{fs.display(args.out)}: {len(listing.papers)} titles ({twice} with two or more "
        f"events, {len(listing.papers) - with_authors} without authors)",
        file=sys.stderr,
    )
    return EXIT_OK


def add_listing_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``--listing`` on ``verify`` (which then runs offline), and ``build-listing``."""
    verify = commands.choices["verify"]
    verify.add_argument(
        "--listing",
        type=Path,
        default=None,
        metavar="FILE",
        help="compare offline with a conference listing (TSV, CSV or JSON: neuripsid, "
        f"other_ids, title, authors, events), e.g. {LISTING_FILE}; needs no network and no "
        "online extra",
    )
    online: Command = verify.get_default("func")

    def verify_either(args: argparse.Namespace) -> int:
        return verify_listing(args) if args.listing is not None else online(args)

    verify.set_defaults(func=verify_either)
    text = (
        "Rebuild the listing copy (listing/neurips2025.tsv) from the two public copies of the "
        "neurips.cc data named in listing/README.md."
    )
    sub = commands.add_parser("build-listing", help=text, description=text)
    sub.add_argument("ids", type=Path, metavar="IDS_CSV", help="paper_id,title,... (arivero)")
    sub.add_argument(
        "authors",
        type=Path,
        metavar="AUTHORS_TSV",
        help="name, clean_name, author_list (bsantraigi)",
    )
    sub.add_argument("--out", type=Path, default=LISTING_FILE, help="(default: %(default)s)")
    sub.set_defaults(func=build_listing_command)
