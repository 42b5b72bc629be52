"""The listing's command line: ``bibtools verify --listing FILE``, ``bibtools add --listing
FILE ID ...`` and ``bibtools build-listing``, wired into :mod:`bibtools.cli`. Offline: nothing
here needs the ``online`` extra. Files are read and written through :mod:`bibtools.fs`.

Exit codes: 0 no drift; 1 drift (one ``path:line: drift: <key>: <field>: ...`` line each,
then a count); 2 a listing (or raw copy) that cannot be read or parsed: one
``path:line: code: message`` line.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Callable
from pathlib import Path

from bibtools import fs, pipeline
from bibtools.errors import (
    AddError,
    ListingError,
    LoadError,
    Problem,
    SetupError,
    SourceError,
    sort_problems,
)
from bibtools.fs import edit, tree
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


def add_listed(args: argparse.Namespace) -> int:
    """``bibtools add --listing FILE NEURIPSID ... [--keywords K]``: each paper as a *listed*
    entry (facts from the listing, no summary), filed under ``--keywords`` or its scope
    decision's home, the decision naming it. All or nothing: one refusal writes nothing."""
    from bibtools.bibtex.syntax import RawEntry, parse_bib
    from bibtools.data.scope import with_entries
    from bibtools.online.add import insert_entry, keyed_entry, listed_fields

    try:
        listing = load_listing(args.listing)
    except ListingError as err:
        return _usage(err.problem)
    collection, sources = pipeline.load_scoped(args.bib, args.taxonomy)
    decisions = {row.neuripsid: row for row in collection.scope}
    given = [k.strip() for k in (args.keywords or "").split(",") if k.strip()]
    today = datetime.date.today().isoformat()
    refusals: list[str] = []
    added: list[tuple[str, str, str, str]] = []  # (neuripsid, key, home category, entry)
    wanted: dict[str, str] = {}  # the listing's neuripsid -> the id as given, each paper once
    for ident in args.ids:
        listed = listing.by_id.get(ident.strip())
        if listed is None:
            refusals.append(f"{ident}: not a neurips.cc id of {listing.path}")
        else:
            wanted.setdefault(listed.neuripsid, ident)
    for neuripsid in wanted:
        listed = listing.by_id[neuripsid]
        row = decisions.get(neuripsid)
        if row is not None and row.decision != "in":
            refusals.append(
                f"{neuripsid}: {sources.scope_path}:{row.line} decides '{row.decision}' "
                f"({row.reason}); only an in-scope paper is added"
            )
            continue
        keywords = given or ([row.home] if row is not None else [])
        try:
            fields = listed_fields(
                neuripsid,
                listed.title,
                listed.authors,
                listed.is_oral,
                listing.path,
                keywords,
                today,
            )
            taken = frozenset(key.casefold() for _, key, _, _ in added)
            key, home, entry = keyed_entry(collection, "inproceedings", fields, keywords, taken)
        except (AddError, SourceError) as err:  # SourceError: a value not written
            refusals.append(f"{neuripsid}: {err}")
            continue
        added.append((neuripsid, key, home, entry))
    if refusals:
        for refusal in refusals:
            print(f"bibtools add: {refusal}", file=sys.stderr)
        print(f"bibtools add: {len(refusals)} refused; nothing written", file=sys.stderr)
        return EXIT_PROBLEMS
    entries: dict[Path, list[str]] = {}
    for _, _, home, entry in added:
        entries.setdefault(args.bib / f"{home}.bib", []).append(entry)
    in_order: dict[str, bool] = {}
    scope_file = Path(sources.scope_path) if sources.scope_path else None
    scope = {neuripsid: key for neuripsid, key, _, _ in added}

    def with_added(shown: str, text: str) -> tuple[str, list[Problem]]:
        if scope_file is not None and shown == fs.display(scope_file):
            return with_entries(text, scope), []
        ordered = True
        for entry in entries[args.bib / Path(shown).name]:
            text, in_place = insert_entry(text, entry, shown)
            ordered = ordered and in_place
        in_order[Path(shown).name] = ordered
        return text, []

    # The .bib files and the scope file together, locked, on their current content, all
    # or none (fs.edit); a .bib file of a new category is created.
    targets = [*entries, *([scope_file] if scope_file is not None else [])]
    rewritten = edit.rewrite_sources(targets, with_added, missing_ok=True)
    if rewritten.problems:
        raise LoadError(rewritten.problems)
    files = {path.name: text for path, text in rewritten.texts.items()}
    for _, key, home, _ in added:
        shown = fs.display(args.bib / f"{home}.bib")
        parsed, _ = parse_bib(files[f"{home}.bib"], shown)
        line = next(c.line for c in parsed.chunks if isinstance(c, RawEntry) and c.key == key)
        print(
            f"{shown}:{line}: added {key}, listed (its facts only): write 'tldr' and 'annote' "
            "from the abstract to summarise it",
            file=sys.stderr,
        )
    for name, ordered in in_order.items():
        if not ordered:
            shown = fs.display(args.bib / name)
            print(f"{shown}: not in canonical layout: run 'bibtools fmt'", file=sys.stderr)
    return EXIT_OK


def _offline_with_listing(sub: argparse.ArgumentParser, offline: Command, help_text: str) -> None:
    """``--listing FILE`` on an online command: given, ``offline`` runs instead."""
    sub.add_argument("--listing", type=Path, default=None, metavar="FILE", help=help_text)
    online: Command = sub.get_default("func")

    def either(args: argparse.Namespace) -> int:
        return offline(args) if args.listing is not None else online(args)

    sub.set_defaults(func=either)


def add_listing_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``--listing`` on ``verify`` and ``add`` (which then run offline), and ``build-listing``."""
    _offline_with_listing(
        commands.choices["verify"],
        verify_listing,
        "compare offline with a conference listing (TSV, CSV or JSON: neuripsid, "
        f"other_ids, title, authors, events), e.g. {LISTING_FILE}; needs no network and no "
        "online extra",
    )
    _offline_with_listing(
        commands.choices["add"],
        add_listed,
        f"add each ID, a neurips.cc id of this listing (e.g. {LISTING_FILE}), as a listed "
        "paper: its facts only, filed under --keywords or its home in scope.tsv; offline",
    )
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
