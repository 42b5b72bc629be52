"""Problems found in user input, and the one exception hierarchy that carries them.

Data problems (exit 1) are :class:`Problem` s, ``path:line: code: message``, carried by a
:class:`BibtoolsError`. A problem with the environment or the call (a missing folder, an
unwritable output; exit 2) is a :class:`SetupError`: one line naming the path and the fix.
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
    """Base class: every error bibtools raises for bad input carries its problems."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sort_problems(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class LoadError(BibtoolsError):
    """The input could not be loaded (syntax errors, unreadable files, bad taxonomy)."""


class ValidationError(BibtoolsError):
    """The input loaded but breaks the data contract."""


class SetupError(Exception):
    """The environment or the call is wrong: a path that is missing, unreadable or unwritable."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}")
