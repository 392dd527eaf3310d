"""A committed change as other windows and editors learn of it (issue 9, live updates)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Change:
    """One row of the change log.

    ``id`` increases with every committed write; ``table`` and ``row_id`` name the
    changed row (``"annotation"``, ``"release"``, ...), ``release_pk`` the release it
    belongs to (None for registry/settings changes), ``action`` what happened
    (``insert``, ``update``, ``delete``, ``claim``, ...), ``author`` who did it when
    known, ``at`` when (aware UTC).
    """

    id: int
    table: str
    row_id: int | None
    release_pk: int | None
    action: str
    author: str
    at: datetime


@dataclass(frozen=True)
class Claim:
    """An editor's "I am on it" on a release: ``editor`` holds ``release_pk`` since ``since``."""

    release_pk: int
    editor: str
    since: datetime | None
