"""``bibtools add``: a new entry from an OpenReview note and/or an arXiv record, or from a
row of the conference listing (offline). Pure.

Every field the sources give is written (title with brace-protected capitals, authors as
``Last, First and ...``; for a NeurIPS 2025 note ``booktitle``, ``year``, ``url``,
``openreview``, ``track``, ``presentation``; from arXiv ``eprint``, ``archiveprefix``,
``primaryclass``), plus ``keywords``, ``added`` and a ``sourcenote`` saying where each fact
came from. The summary (``annote``) is left for a human, who writes it from the abstract:
until then a NeurIPS 2025 paper is *listed* (its facts only; the site says the summary is not
written yet), and any other item is reported as missing it by ``bibtools check``.
"""

from __future__ import annotations

from collections.abc import Sequence

from bibtools.bibtex.fmt import format_text
from bibtools.bibtex.syntax import RawEntry, parse_bib
from bibtools.bibtex.write import braced_entry
from bibtools.data.contract import FIELD_ORDER, NEURIPS_BOOKTITLE, NEURIPS_PAGE
from bibtools.data.identity import identities
from bibtools.data.keys import expected_key
from bibtools.data.loader import paper_from_raw
from bibtools.data.model import Collection, Paper
from bibtools.errors import AddError
from bibtools.online.sources import Record
from bibtools.online.values import bibtex_authors, bibtex_title, escape
from bibtools.online.verify import same_paper


def _entry_text(entry_type: str, key: str, fields: dict[str, str]) -> str:
    return braced_entry(
        entry_type, key, {name: fields[name] for name in sorted(fields, key=FIELD_ORDER.index)}
    )


def _as_paper(entry_type: str, key: str, fields: dict[str, str]) -> Paper:
    bib, problems = parse_bib(_entry_text(entry_type, key, fields), "new")
    entry = bib.chunks[0] if bib.chunks else None
    if problems or not isinstance(entry, RawEntry):
        raise AddError("the sources' values do not make a valid BibTeX entry; add it by hand")
    return paper_from_raw(entry, "new")


def _from_note(note: Record, arxiv: Record | None, today: str) -> tuple[dict[str, str], list[str]]:
    """A NeurIPS 2025 paper's fields from its OpenReview note, and where they came from."""
    if not note.track:
        raise AddError(
            f"OpenReview note {note.ident} is {note.status}, not a NeurIPS 2025 paper; "
            "add such an item by hand (see CONTRIBUTING.md, 'Items that are not NeurIPS "
            "2025 papers')"
        )
    if arxiv is not None and not same_paper(note.title, arxiv.title):
        raise AddError(
            f"arXiv {arxiv.ident} is titled '{arxiv.title}', OpenReview {note.ident} "
            f"'{note.title}': not the same paper"
        )
    fields = {
        "title": bibtex_title(note.title),
        "author": bibtex_authors(note.authors),
        "booktitle": NEURIPS_BOOKTITLE,
        "year": "2025",
        "url": f"https://openreview.net/forum?id={note.ident}",
        "track": note.track,
        "openreview": note.ident,
        "presentation": note.presentation or "unknown",
    }
    said = f"'{note.venue}'" if note.venue else "no venue line"
    provenance = [
        f"Title, authors, track and presentation from the OpenReview note {note.ident} "
        f"({said}, {note.venueid}), read by bibtools add on {today}."
    ]
    if not note.presentation:
        provenance.append("The venue line names no presentation, so it is unknown.")
    return fields, provenance


def _year(arxiv: Record) -> str:
    year = arxiv.published[:4]
    if not (year.isascii() and year.isdigit()):
        raise AddError(f"arXiv {arxiv.ident} gives no year of publication; add it by hand")
    return year


def _from_arxiv(arxiv: Record, today: str) -> tuple[dict[str, str], list[str]]:
    """A preprint's fields from its arXiv record (its venue unconfirmed), and their source."""
    fields = {
        "title": bibtex_title(arxiv.title),
        "author": bibtex_authors(arxiv.authors),
        "year": _year(arxiv),
        "url": f"https://arxiv.org/abs/{arxiv.ident}",
        "track": "unconfirmed",
        "venue": "arXiv preprint",
    }
    provenance = [
        f"Title and authors from arXiv {arxiv.ident}, read by bibtools add on {today}. "
        "No OpenReview forum was given: find it, then make this a NeurIPS 2025 "
        "@inproceedings (track, booktitle, openreview, presentation)."
    ]
    return fields, provenance


def entry_fields(
    note: Record | None, arxiv: Record | None, keywords: Sequence[str], today: str
) -> tuple[str, dict[str, str]]:
    """The new entry's type and fields (BibTeX values without braces)."""
    if note is not None and not note.found:
        raise AddError(f"OpenReview has no note '{note.ident}'; check the id")
    if arxiv is not None and not arxiv.found:
        raise AddError(f"arXiv has no record '{arxiv.ident}'; check the id")
    if note is not None:
        entry_type, (fields, provenance) = "inproceedings", _from_note(note, arxiv, today)
    elif arxiv is not None:
        entry_type, (fields, provenance) = "misc", _from_arxiv(arxiv, today)
    else:
        raise AddError("give an OpenReview id or URL, an arXiv id or URL, or one of each")
    if arxiv is not None:
        fields.update(eprint=arxiv.ident, archiveprefix="arXiv")
        if arxiv.primary_class:
            fields["primaryclass"] = escape(arxiv.primary_class)
    fields["keywords"] = ", ".join(keywords)
    fields["added"] = today
    fields["sourcenote"] = escape(" ".join(provenance))
    return entry_type, fields


def check_new(collection: Collection, keywords: Sequence[str], paper: Paper) -> None:
    """Refuse unknown keywords and a paper the collection already holds."""
    topics = collection.taxonomy.topics_by_keyword()
    unknown = [k for k in keywords if k not in topics]
    if not keywords or unknown:
        raise AddError(
            f"unknown keyword(s) {', '.join(unknown) or '(none given)'}; use category/topic "
            f"from bib/taxonomy.toml, e.g. {', '.join(sorted(topics)[:3])}"
        )
    mine = set(identities(paper))
    for other in collection.papers:
        for kind, value in identities(other):
            if (kind, value) in mine:
                raise AddError(
                    f"already in the collection: '{other.key}' ({other.path}:{other.line}) "
                    f"has the same {kind}"
                )


def new_entry(
    collection: Collection,
    note: Record | None,
    arxiv: Record | None,
    keywords: Sequence[str],
    today: str,
) -> tuple[str, str, str]:
    """``(key, home category, entry text)`` for a paper the collection does not hold."""
    entry_type, fields = entry_fields(note, arxiv, keywords, today)
    return keyed_entry(collection, entry_type, fields, keywords)


def keyed_entry(
    collection: Collection,
    entry_type: str,
    fields: dict[str, str],
    keywords: Sequence[str],
    taken: frozenset[str] = frozenset(),
) -> tuple[str, str, str]:
    """The entry under the first free key of the scheme (``taken``: casefolded keys given
    to other new entries of the same run), refused if the collection already holds it."""
    scheme = expected_key(_as_paper(entry_type, "new", fields))
    if not scheme:
        raise AddError("the sources give no author, year or title word for a key")
    taken = taken | {p.key.casefold() for p in collection.papers}
    candidates = [scheme] + [scheme + chr(c) for c in range(ord("b"), ord("z") + 1)]
    key = next((k for k in candidates if k.casefold() not in taken), "")
    if not key:
        raise AddError(f"every key {scheme}, {scheme}b ... {scheme}z is taken")
    paper = _as_paper(entry_type, key, fields)
    check_new(collection, keywords, paper)
    return key, paper.home, _entry_text(entry_type, key, fields)


def listed_fields(
    neuripsid: str,
    title: str,
    authors: Sequence[str],
    oral: bool,
    listing: str,
    keywords: Sequence[str],
    today: str,
) -> dict[str, str]:
    """A *listed* paper's fields from one row of the conference listing ``listing`` (a
    third-party copy, so the track and an oral resting on it stay unverified)."""
    if not authors:
        raise AddError(
            f"the listing gives no authors for neurips.cc id {neuripsid}; take them from "
            "the paper and add it by hand"
        )
    presentation = (
        "Presentation: oral, conference listing: oral event (the title has two events in the copy)."
        if oral
        else "Presentation: unknown; the copy has one event for the title, so not an oral."
    )
    provenance = (
        f"Title, authors and neurips.cc id {neuripsid} from {listing}, a third-party copy of "
        f"the conference's accepted-paper listing, read by bibtools add on {today}. Track: "
        f"main, unverified (the copy does not name the track). {presentation} Open: not yet "
        "checked against OpenReview, the proceedings or arXiv; no abstract read, so no "
        "summary."
    )
    return {
        "title": bibtex_title(title),
        "author": bibtex_authors(list(authors)),
        "booktitle": NEURIPS_BOOKTITLE,
        "year": "2025",
        "url": NEURIPS_PAGE.format(id=neuripsid),
        "track": "main",
        "neuripsid": neuripsid,
        "presentation": "oral" if oral else "unknown",
        "keywords": ", ".join(keywords),
        "added": today,
        "unverified": "track, presentation" if oral else "track",
        "sourcenote": escape(provenance),
    }


def insert_entry(text: str, entry: str, path: str) -> tuple[str, bool]:
    """``text`` with ``entry`` added; sorted by key as ``bibtools fmt`` does when the file is
    canonical (the second value True), else appended at the end (run ``bibtools fmt``)."""
    if not text.strip():
        return entry, True
    formatted, problems = format_text(text, path, FIELD_ORDER)
    if not problems and formatted == text:
        result, problems = format_text(text.rstrip("\n") + "\n\n" + entry, path, FIELD_ORDER)
        if not problems:
            return result, True
    return text.rstrip("\n") + "\n\n" + entry, False
