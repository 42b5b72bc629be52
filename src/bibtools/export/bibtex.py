"""Clean, citable BibTeX: standard fields only, in a fixed order, deterministic bytes.

Our own fields (summary, badges, provenance notes) never reach an export: a reader's
bibliography style would print them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache

from bibtools.bibtex.latex import char_to_latex, latex_to_text, text_to_latex
from bibtools.bibtex.write import braced_entry, splits_alike
from bibtools.data.contract import CONTRACT, Contract, Decode, Field
from bibtools.data.model import Paper
from bibtools.export.placement import placement

ALL_FILE = "neurips25-mlsys.bib"
COLLECTION_TITLE = "NeurIPS 2025: ML Systems for Large Models"


def _braced(value: str) -> bool:
    """Whether the whole of ``value`` is one brace group ("{A} and {B}" is two)."""
    if not (value.startswith("{") and value.endswith("}")):
        return False
    depth = 0
    for at, char in enumerate(value):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and at < len(value) - 1:
            return False
    return True


def export_values(paper: Paper, contract: Contract = CONTRACT) -> dict[str, str]:
    """Field name -> BibTeX value of the export, in the contract's export order (its
    exported fields as written, and the derived ones).

    Every value is one that BibTeX, pybtex and bibtexparser all end where it ends (see
    :func:`~bibtools.bibtex.write.splits_alike`) and that reads back as the model's text:
    a value as written when it is such a value, else its text re-encoded; derived text
    (a note, a sort key) always re-encoded. Decoded text is never written as it is: a
    ``}`` or ``@`` it holds would end the value and start fields or entries of its own.
    """
    values = {f.name: _latex(paper, f) for f in contract.fields if f.exported}
    # What a non-NeurIPS item really is goes where each entry type prints its venue; an
    # unconfirmed venue is never printed as one (placement puts it in a note), as in RIS
    # and CSL-JSON.
    raw_venue = paper.raw("venue").strip()
    venue = raw_venue if splits_alike(raw_venue) else text_to_latex(paper.venue)
    where = placement(paper)
    if where.note:
        values["note"] = text_to_latex(where.note)
        if paper.entry_type == "misc" and where.genre:
            values["howpublished"] = text_to_latex(where.genre)
    elif venue and not paper.is_neurips2025:
        if paper.entry_type == "misc":
            values["howpublished"] = venue
        elif paper.entry_type == "inproceedings" and not values.get("booktitle"):
            values["booktitle"] = venue
    if where.event and paper.entry_type == "inproceedings":
        values["eventtitle"] = text_to_latex(where.event)  # derived text: re-encoded
    if values.get("eprint"):
        values["eprinttype"] = "arxiv"
    # A container's name keeps its capitals in every style (IEEE lower-cases what is not
    # braced): one more pair of braces around the whole value.
    for name in ("booktitle", "journal"):
        if values.get(name) and not _braced(values[name]):
            values[name] = "{" + values[name] + "}"
    if not paper.authors:
        # BibTeX styles sort by author; without one they need `key` ("to sort, need author
        # or key"). natbib's author-year styles cite such an entry by its key and leave the
        # year out of a label made from it, so the key carries the year.
        label = " ".join(part for part in (paper.shortname or paper.title, paper.year) if part)
        values["key"] = text_to_latex(label)
    return {name: values[name] for name in contract.export_order if values.get(name)}


_CONTROL = re.compile(r"\\([A-Za-z]+|.)")
_BRACE_COMMANDS = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}


def _brace_commands(latex: str) -> str:
    """``\\{`` and ``\\}`` as ``\\textbraceleft{}`` and ``\\textbraceright{}``: the same
    characters, which no reader can mistake for the value's end."""
    return _CONTROL.sub(lambda m: _BRACE_COMMANDS.get(m.group(1), m.group()), latex)


# A name word starting with a non-ASCII letter: 8-bit BibTeX styles that abbreviate given
# names (abbrvnat, IEEEtran) keep only its first byte ("Ömer" -> "\xc3."). Written as a
# command in braces, a BibTeX "special character", it abbreviates whole ("{\"O}.").
_NAME_INITIAL = re.compile(r"(?:^|(?<=[\s,~.-]))[^\x00-\x7f]")


def _command(match: re.Match[str]) -> str:
    return char_to_latex(match.group()) or match.group()  # a CJK letter: left as it is


def _ascii_initials(names: str) -> str:
    """``names`` with each word's non-ASCII first letter as a LaTeX command (see above),
    when that reads back as the same names; else as it was."""
    rewritten = _NAME_INITIAL.sub(_command, names)
    same = splits_alike(rewritten) and latex_to_text(rewritten) == latex_to_text(names)
    return rewritten if same else names


# A one-character superscript or subscript in math ("S$^2$Q"): Zotero's BibTeX importer
# maps only its own spellings of these to characters and reads this one as "S^2Q"; every
# reader reads the character ("S²Q") as itself, and LaTeX typesets it.
_SCRIPT = re.compile(r"\$[\^_](?:[^{}$\\]|\{[^{}$\\]\})\$")


def _script(match: re.Match[str]) -> str:
    text = latex_to_text(match.group())
    return text if len(text) == 1 and not text.isascii() else match.group()


def _script_characters(latex: str) -> str:
    """``latex`` with each script that decodes to one character written as that character,
    when that reads back as the same text; else as it was."""
    rewritten = _SCRIPT.sub(_script, latex)
    same = rewritten == latex or latex_to_text(rewritten) == latex_to_text(latex)
    return rewritten if same else latex


def _latex(paper: Paper, field: Field) -> str:
    """An exported field's value: as written when every reader ends it where BibTeX does;
    else with its escaped braces as commands, when that reads back as the same text; else
    its decoded text re-encoded. Names have their non-ASCII initials as commands, text its
    one-character scripts as characters."""
    if field.decode is Decode.NAMES:
        return _ascii_initials(_value(paper, field))
    if field.decode is Decode.TEXT:
        return _script_characters(_value(paper, field))
    return _value(paper, field)


def _value(paper: Paper, field: Field) -> str:
    written = paper.raw(field.name).strip()
    if splits_alike(written):
        return written
    value = paper.value(field.name)
    text = value if isinstance(value, str) else ", ".join(value)
    if field.decode is Decode.TEXT:
        rewritten = _brace_commands(written)
        if splits_alike(rewritten) and latex_to_text(rewritten) == text:
            return rewritten
    if field.decode is Decode.NAMES:
        names = [
            f"{{{text_to_latex(a.last)}}}, {{{text_to_latex(a.first)}}}"
            if a.first
            else f"{{{text_to_latex(a.last)}}}"
            for a in paper.authors
        ]
        return " and ".join([*names, "others"] if paper.more_authors else names)
    return text_to_latex(text)


def to_bibtex(paper: Paper, values: Mapping[str, str] | None = None) -> str:
    """One entry as clean BibTeX (``values``: the fields to write, default the export's)."""
    fields = export_values(paper) if values is None else values
    return braced_entry(paper.entry_type, paper.key, fields)


@cache
def bibtex_entry(paper: Paper) -> str:
    """:func:`to_bibtex` with the export's fields. Cached: a paper is in several files and
    on its page, all written in one generation."""
    return to_bibtex(paper)


def bibtex_file(
    papers: Iterable[Paper], heading: str, entry: Callable[[Paper], str] = bibtex_entry
) -> bytes:
    header = (
        f"% {heading}\n"
        "% Generated by bibtools from the project's bib/ folder; do not edit by hand.\n"
    )
    body = "\n".join(entry(paper) for paper in sorted(papers, key=lambda p: p.key))
    return (header + "\n" + body).encode("utf-8")
