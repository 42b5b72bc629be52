"""What the site says about the collection itself: how to cite it (from the repository's
``CITATION.cff``) and where to report an error or suggest a paper (its issue tracker).

Pure: :func:`collection_citation` reads the file's text, :func:`issue_links` a repository
URL; the Sphinx hook reads the file and the settings.
"""

from __future__ import annotations

import codecs
import datetime
import re
from dataclasses import dataclass
from typing import Any

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
import yaml

from bibtools.bibtex.write import braced_entry
from bibtools.errors import SetupError

CITATION_FILE = "CITATION.cff"
#: The issue forms in ``.github/ISSUE_TEMPLATE/``, offered from the home page.
ISSUE_TEMPLATES = (
    ("report-an-error.yml", "Report an error in an entry"),
    ("suggest-a-paper.yml", "Suggest a paper"),
)
_REPOSITORY = re.compile(r"https://[A-Za-z0-9.-]+(/[A-Za-z0-9._-]+){2}")
# Values we print as text and write into BibTeX: ours, but checked (no markup to escape).
_PLAIN = re.compile(r"[^{}\\\x00-\x1f\x7f]*")


@dataclass(frozen=True)
class CollectionCitation:
    """The collection as a citable item: CFF's ``title``, ``authors`` (names as written),
    ``version``, ``date-released``, ``license`` and ``repository-code``."""

    title: str
    authors: tuple[str, ...]
    version: str
    released: str  #: YYYY-MM-DD
    license: str
    repository: str = ""

    @property
    def year(self) -> str:
        return self.released[:4]

    def text(self) -> str:
        """The reference as one plain line (APA-like: authors, year, title, version, kind)."""
        return (
            f"{' & '.join(self.authors)} ({self.year}). {self.title} "
            f"(Version {self.version}) [Data set]."
            + (f" {self.repository}" if self.repository else "")
        )

    def to_bibtex(self) -> str:
        """A ``@misc`` entry for the collection (corporate authors double-braced)."""
        values = {
            "title": "{" + _latex(self.title) + "}",
            "author": " and ".join("{" + _latex(name) + "}" for name in self.authors),
            "year": self.year,
            "version": self.version,
            "howpublished": "Data set",
            "url": self.repository,
            "note": f"License {_latex(self.license)}",
        }
        return braced_entry("misc", "neurips25mlsys", {k: v for k, v in values.items() if v})


def _latex(text: str) -> str:
    latex = codecs.encode(text, "ulatex")  # a text codec: str to str
    return str(latex)


def _field(data: dict[str, Any], name: str, path: str) -> str:
    value = data.get(name)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise SetupError(path, f"'{name}' is missing or not text; the home page cites it")
    if not _PLAIN.fullmatch(value):
        raise SetupError(path, f"'{name}' holds braces, a backslash or a control character")
    return " ".join(value.split())


def collection_citation(text: str, path: str = CITATION_FILE) -> CollectionCitation:
    """The citation from ``CITATION.cff``'s text; a :class:`SetupError` naming ``path`` and
    the field when it lacks what the home page prints."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise SetupError(path, f"not valid YAML ({err.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise SetupError(path, "not a Citation File Format mapping")
    authors = data.get("authors")
    if not isinstance(authors, list) or not authors:
        raise SetupError(path, "'authors' is missing or empty")
    names = []
    for author in authors:
        if not isinstance(author, dict):
            raise SetupError(path, "each of 'authors' must be a mapping")
        if "name" in author:
            names.append(_field(author, "name", path))
        else:
            given, family = (
                _field(author, "given-names", path),
                _field(author, "family-names", path),
            )
            names.append(f"{given} {family}")
    released = data.get("date-released")
    if isinstance(released, datetime.date):  # YAML reads an unquoted date as a date
        released = released.isoformat()
    if not isinstance(released, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", released):
        raise SetupError(path, "'date-released' must be a date, YYYY-MM-DD")
    repository = data.get("repository-code", "")
    if repository and not (isinstance(repository, str) and _REPOSITORY.fullmatch(repository)):
        raise SetupError(path, "'repository-code' must be https://host/owner/name")
    return CollectionCitation(
        title=_field(data, "title", path),
        authors=tuple(names),
        version=_field(data, "version", path),
        released=released,
        license=_field(data, "license", path),
        repository=repository,
    )


def repository_url(value: str) -> str:
    """A repository URL as the site links it (``https://host/owner/name``), or ''; a
    :class:`ValueError` for anything else (a site links only what it can vouch for)."""
    value = value.strip().removesuffix(".git").rstrip("/")
    if value and not _REPOSITORY.fullmatch(value):
        raise ValueError(f"not an https://host/owner/name repository URL: {value!r}")
    return value


def issue_links(repository: str) -> tuple[tuple[str, str], ...]:
    """(label, URL) of each issue form on ``repository``'s tracker (GitHub's
    ``issues/new?template=``), or none without a repository."""
    if not repository:
        return ()
    return tuple(
        (label, f"{repository}/issues/new?template={name}") for name, label in ISSUE_TEMPLATES
    )


@dataclass(frozen=True)
class About:
    """What the home page says about the collection beyond its numbers."""

    citation: CollectionCitation | None = None
    repository: str = ""


NO_ABOUT = About()
