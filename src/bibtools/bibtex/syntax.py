"""The raw, lossless layer: a .bib file as located chunks, read with pybtex's own scanner.

pybtex's parser gives values but forgets where they came from and how they were written
(its writer is not lossless either). Here a thin subclass of its ``LowLevelParser`` records,
for every command, its line and the exact source text of each field value, and keeps all
text between commands (comments), so :mod:`bibtools.bibtex.fmt` can rewrite a file without
losing anything and every problem can name its line.
"""

from __future__ import annotations

import bisect
import itertools
import re
from typing import Any, NamedTuple

from pybtex.bibtex.utils import split_name_list
from pybtex.database.input.bibtex import LowLevelParser, UndefinedMacro, month_names
from pybtex.scanner import PybtexSyntaxError
from pybtex.textutils import normalize_whitespace
from pybtex.utils import CaseInsensitiveDict

from bibtools.errors import Problem


class RawField(NamedTuple):
    name: str  # lower-cased
    value: str  # expanded (macros substituted), whitespace-normalised, LaTeX kept
    source: str  # exactly as written, e.g. '{Foo}' or 'jan # " 1"'
    line: int


class RawEntry(NamedTuple):
    entry_type: str  # lower-cased
    key: str
    fields: tuple[RawField, ...]
    line: int
    leading: str  # comment text that stood before the entry


class RawString(NamedTuple):
    name: str
    value: str
    source: str
    line: int
    leading: str


class RawPreamble(NamedTuple):
    value: str
    source: str
    line: int
    leading: str


Chunk = RawEntry | RawString | RawPreamble


class BibFile(NamedTuple):
    path: str
    chunks: tuple[Chunk, ...]
    trailing: str  # text after the last command
    macros: tuple[tuple[str, str], ...]  # @string definitions, in order


class _LocatingParser(LowLevelParser):  # type: ignore[misc]
    """pybtex's scanner, plus line numbers and source spans."""

    def __init__(self, text: str, path: str, macros: dict[str, str], first_line: int) -> None:
        super().__init__(text, macros=macros, filename=path)
        self.lineno = first_line
        self.errors: list[tuple[int, PybtexSyntaxError]] = []
        self.field_records: list[RawField] = []
        self.command_line = first_line
        self.command_failed = False
        self.spans: list[tuple[int, int, int, Any, list[RawField]]] = []

    def handle_error(self, error: PybtexSyntaxError) -> None:
        if not self.command_failed:
            self.errors.append((self.command_line, error))
        self.command_failed = True

    def parse_command(self) -> Any:
        self.command_line = self.lineno
        self.command_failed = False
        self.field_records = []
        result = super().parse_command()
        if not self.command_failed:
            self.spans.append(
                (self.command_start, self.pos, self.command_line, result, self.field_records)
            )
        return result

    def parse_field(self) -> None:
        name = self.optional([self.NAME])
        if not name:
            return
        line = self.lineno
        self.current_field_name = name.value
        self.required([self.EQUALS])
        self.eat_whitespace()
        start = self.pos
        self.parse_value()
        source = self.text[start : self.pos].rstrip()
        value = normalize_whitespace("".join(self.current_value))
        self.field_records.append(RawField(name.value.lower(), value, source, line))


# A command starts with '@' at the beginning of a line. Each command is parsed on its own,
# so one unbalanced brace cannot swallow the rest of the file and a single run reports every
# broken entry. A line-start '@' inside a value that the command goes on to close (BibTeX
# reads it as text) is not a new command.
_COMMAND_START = re.compile(r"^[ \t]*@", re.MULTILINE)
_OPENER = re.compile(r"@[ \t]*[A-Za-z][^\s{(]*\s*([{(])")
_DELIMITER = re.compile(r'[{}")]')


_BRACE = re.compile(r"[{}]")


class _NeverClosed:
    """The brace depth after each brace from a ``{`` command that never closes to the end of
    the text, and the lowest depth from each brace on. A later ``{`` command closes exactly
    when the depth after its opening brace is undercut further on, so this answers "does it
    ever close?" without a rescan to the end for each of n unclosed commands (n lines of
    ``@misc{a,`` took minutes)."""

    def __init__(self, text: str, begin: int) -> None:
        self.ends: list[int] = []
        self.depths: list[int] = []
        depth = 0
        for found in _BRACE.finditer(text, begin):
            depth += 1 if found.group() == "{" else -1
            self.ends.append(found.end())
            self.depths.append(depth)
        self.lowest = list(self.depths)
        for i in range(len(self.lowest) - 2, -1, -1):
            self.lowest[i] = min(self.lowest[i], self.lowest[i + 1])

    def never_closes(self, opened: int) -> bool:
        """For a ``{`` command whose opening brace ends at ``opened`` (inside this span)."""
        after = bisect.bisect_left(self.ends, opened) + 1  # the braces after the opener's
        if after > len(self.ends) or self.ends[after - 1] != opened:
            return False  # not one of this span's braces: unknown, scan it
        return after == len(self.ends) or self.lowest[after] >= self.depths[after - 1]


def _command_end(text: str, start: int, unclosed: list[_NeverClosed]) -> int | None:
    """Where the command at ``start`` closes (BibTeX's brace rules), or None if it never does.
    ``unclosed``: what is known from an earlier command that never closed (filled in here)."""
    opener = _OPENER.match(text, text.index("@", start))
    if opener is None:
        return None
    close = "}" if opener.group(1) == "{" else ")"
    simple = close == "}" and opener.group().count("{") == 1 and "}" not in opener.group()
    if simple and unclosed and unclosed[0].never_closes(opener.end()):
        return None
    depth = 0
    quoted = False
    # Only braces, quotes and parentheses matter: jump from one to the next.
    for found in _DELIMITER.finditer(text, opener.end()):
        char = found.group()
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return found.end() if close == "}" else None
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == ")" and close == ")" and depth == 0 and not quoted:
            return found.end()
    if simple and not unclosed:
        unclosed.append(_NeverClosed(text, opener.end()))
    return None


def _command_bounds(text: str) -> list[int]:
    """Start offsets of the parts parsed one at a time (0, each command, the end)."""
    starts = [m.start() for m in _COMMAND_START.finditer(text)]
    bounds = [0]
    reach = 0  # a start before this lies inside the previous command
    unclosed: list[_NeverClosed] = []
    for start in starts:
        if start < reach:
            continue
        bounds.append(start)
        end = _command_end(text, start, unclosed)
        reach = end if end is not None else start + 1
    bounds.append(len(text))
    return sorted(set(bounds))


def _syntax_problem(path: str, command_line: int, error: PybtexSyntaxError) -> Problem:
    message = str(error.args[0]) if error.args else str(error)
    if isinstance(error, UndefinedMacro):
        message = f"undefined @string macro '{message}' (put the value in braces, or define it)"
    elif "premature end" in message:
        message = "the entry never closes (an unbalanced '{' or '\"' in a value?)"
    where = f" near line {error.lineno}" if error.lineno and error.lineno != command_line else ""
    return Problem(
        path,
        command_line,
        "syntax",
        f"{message}{where}; write entries as @type{{key, field = {{value}}, ...}} "
        "with balanced braces and a comma between fields",
    )


def parse_bib(text: str, path: str) -> tuple[BibFile, list[Problem]]:
    """Split ``text`` into located chunks; syntax errors come back as problems, all of them."""
    bounds = _command_bounds(text)
    macros: dict[str, str] = CaseInsensitiveDict(month_names)  # BibTeX macros ignore case
    spans: list[tuple[int, int, int, Any, list[RawField]]] = []
    problems: list[Problem] = []
    line = 1
    for start, end in itertools.pairwise(bounds):
        parser = _LocatingParser(text[start:end], path, macros, line)
        for _ in parser:
            pass
        spans.extend((start + a, start + b, ln, res, rec) for a, b, ln, res, rec in parser.spans)
        problems.extend(_syntax_problem(path, ln, err) for ln, err in parser.errors)
        line += text.count("\n", start, end)
    chunks: list[Chunk] = []
    string_defs: list[tuple[str, str]] = []
    cursor = 0
    for start, end, cmd_line, result, records in spans:
        leading = text[cursor:start]
        cursor = end
        command, body = result
        kind = command.lower()
        inner = text[start:end]
        if kind == "string":
            name, value_parts = body
            eq = inner.find("=")
            source = inner[eq + 1 : -1].strip()
            value = "".join(value_parts)
            string_defs.append((name.lower(), value))
            chunks.append(RawString(name, value, source, cmd_line, leading))
        elif kind == "preamble":
            brace = min(i for i in (inner.find("{"), inner.find("(")) if i >= 0)
            (value_parts,) = body
            value = normalize_whitespace("".join(value_parts))
            chunks.append(RawPreamble(value, inner[brace + 1 : -1].strip(), cmd_line, leading))
        else:
            key, _fields = body
            chunks.append(RawEntry(kind, key or "", tuple(records), cmd_line, leading))
    return BibFile(path, tuple(chunks), text[cursor:], tuple(string_defs)), problems


def split_authors(value: str) -> list[str]:
    """BibTeX's ``and``-separated name list (brace-aware), via pybtex."""
    return [name for name in split_name_list(value) if name.strip()]
