"""Problems found in user input, and the one exception hierarchy that carries them.

Every error bibtools raises on purpose is a :class:`BibtoolsError`::

    BibtoolsError
    ├── DataError          the data breaks the contract: located Problems (exit 1)
    │   ├── LoadError          it could not be loaded (syntax, unreadable file, taxonomy)
    │   └── ValidationError    it loaded but breaks the contract
    ├── SetupError         the environment or the call: a path and its fix (exit 2)
    ├── EditError          a lossless edit of a .bib file cannot be made (verify --fix)
    ├── AddError           a paper cannot be added as asked (bibtools add)
    ├── ListingError       a conference listing that cannot be used: one located problem
    ├── SourceError        a service answered, but not with what it serves
    │   ├── ArxivRejected      arXiv's error entry
    │   └── UnsafeValue        a string it gave that must not be written into a .bib file
    ├── Unreachable        a service could not be reached, after every retry
    └── DeadlinePassed     a request's time ran out (raised inside a read by the client's timer)

Data problems are :class:`Problem` s, ``path:line: code: message``. Anything else that
escapes is a bug in bibtools.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong with the input, located and with the fix in the message."""

    path: str
    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code}: {self.message}"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in file and line order, so reports read top to bottom."""
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.code, p.message))


class BibtoolsError(Exception):
    """Base class of every error bibtools raises for bad input, a bad call or environment,
    or a service that did not answer as it should."""


class DataError(BibtoolsError):
    """The data has problems; carries every one of them, sorted (exit 1)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sort_problems(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class LoadError(DataError):
    """The input could not be loaded (syntax errors, unreadable files, bad taxonomy)."""


class ValidationError(DataError):
    """The input loaded but breaks the data contract."""


class SetupError(BibtoolsError):
    """The environment or the call is wrong: a path that is missing, unreadable or unwritable."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}")


class EditError(BibtoolsError, ValueError):
    """The edit cannot be made losslessly (unknown key, syntax errors, duplicate fields)."""


class AddError(BibtoolsError, ValueError):
    """The paper cannot be added as asked; the message says why and what to do."""


class ListingError(BibtoolsError, ValueError):
    """The listing cannot be used; ``problem`` says where and why."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


class SourceError(BibtoolsError, ValueError):
    """The service answered, but not with a note or a feed (a proxy page, an error feed)."""


class ArxivRejected(SourceError):
    """arXiv answered with its error entry (``<id>http://arxiv.org/api/errors#...</id>``)."""


class UnsafeValue(SourceError):
    """A source's string that is not written into a ``.bib`` file (a control character, a
    LaTeX command outside the small set titles use, a name BibTeX cannot parse)."""


class Unreachable(BibtoolsError):
    """A service could not be reached (after every retry) and no cached copy exists."""

    def __init__(self, service: str, url: str, reason: str, attempts: int) -> None:
        self.service = service
        self.url = url
        self.reason = reason
        self.attempts = attempts
        super().__init__(f"cannot reach {service} ({url}): {reason} after {attempts} attempts")


class DeadlinePassed(BibtoolsError):
    """A request's deadline passed: raised by the online client's timer inside whatever read
    was waiting, and turned by the client into a failed attempt (never seen by a user)."""
