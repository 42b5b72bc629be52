"""Asking the services: a paper's OpenReview note and arXiv records, through the polite
client (:mod:`bibtools.online.http`), parsed by :mod:`bibtools.online.sources`. A service
that cannot be reached is recorded in ``failures`` (one per service), never raised."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bibtools.errors import ArxivRejected, SourceError, Unreachable
from bibtools.online.sources import ARXIV, OPENREVIEW, Record, parse_arxiv, parse_openreview

if TYPE_CHECKING:  # the client needs httpx, which only the running commands import
    from bibtools.online.http import Fetcher

ARXIV_BATCH = 20  # ids per arXiv query (id_list takes a comma-separated list)


def fetch_arxiv(
    fetcher: Fetcher, api: str, ids: Sequence[str], failures: dict[str, Unreachable]
) -> dict[str, Record]:
    """arXiv records for ``ids`` (a missing id maps to a not-found record), in batches."""
    records: dict[str, Record] = {}
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), ARXIV_BATCH):
        batch = unique[start : start + ARXIV_BATCH]
        params = {"id_list": ",".join(batch), "max_results": str(len(batch))}
        try:
            answer = fetcher.get("arxiv", api, params)
            if answer.status != 200:
                raise SourceError(f"{ARXIV} answered HTTP {answer.status}")
            found = parse_arxiv(answer.text)
        except ArxivRejected as err:
            if len(batch) > 1:  # ask one by one, so one bad id does not hide the others
                for ident in batch:
                    records.update(fetch_arxiv(fetcher, api, [ident], failures))
            else:
                records[batch[0]] = Record(ARXIV, batch[0], found=False, reason=str(err))
            continue
        except Unreachable as err:
            failures.setdefault("arxiv", err)
            continue
        except SourceError as err:
            failures.setdefault("arxiv", Unreachable(ARXIV, api, str(err), 1))
            continue
        for ident in batch:
            records[ident] = found.get(ident, Record(ARXIV, ident, found=False))
    return records


def fetch_openreview(
    fetcher: Fetcher, api: str, ident: str, failures: dict[str, Unreachable]
) -> Record | None:
    url = api.rstrip("/") + "/notes"
    try:
        answer = fetcher.get("openreview", url, {"id": ident})
        return parse_openreview(ident, answer.status, answer.text)
    except Unreachable as err:
        failures.setdefault("openreview", err)
    except SourceError as err:
        failures.setdefault("openreview", Unreachable(OPENREVIEW, url, str(err), 1))
    return None
