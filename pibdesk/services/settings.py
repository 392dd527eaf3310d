"""Settings that belong to the work, kept in the database (issue 7).

What lives here and not in the machine's QSettings: the label schema's colours and keys
(everyone annotating one database must see the same colours and press the same keys)
and the default timeline bucket (a team reads the same charts). What belongs to one
editor at one machine (their name, window layout, theme, recent databases) lives in
:mod:`pibdesk.ui.prefs` instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pibdesk.core.errors import PibdeskError
from pibdesk.core.model import Label
from pibdesk.core.timeline import Bucket
from pibdesk.storage.db import Database
from pibdesk.storage.repositories import LabelRepository, SettingRepository

#: Setting key of the default timeline bucket (a :class:`Bucket` value).
TIMELINE_BUCKET = "timeline.default_bucket"
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
#: Keys the text view already uses for itself, so a label may not take them.
RESERVED_KEYS = frozenset(" \t")


class SettingsError(PibdeskError):
    """A setting value that cannot be stored (the message names the label and the problem)."""


@dataclass(frozen=True)
class LabelStyle:
    """A label's look: ``name`` (existing label), ``color`` ``#rrggbb``, ``shortcut`` one
    character (a letter or digit; stored upper-case) or None."""

    name: str
    color: str
    shortcut: str | None


def check_label_styles(styles: Sequence[LabelStyle]) -> list[LabelStyle]:
    """Validate and normalise: colours ``#rrggbb`` (lower-case), keys one letter or digit,
    upper-case, unique across labels. Raises :class:`SettingsError` naming the problem."""
    out: list[LabelStyle] = []
    seen: dict[str, str] = {}
    for st in styles:
        if not _COLOR.match(st.color or ""):
            raise SettingsError(f"label {st.name}: colour {st.color!r} is not #rrggbb")
        key = (st.shortcut or "").strip().upper() or None
        if key is not None:
            if len(key) != 1 or not key.isalnum() or key in RESERVED_KEYS:
                raise SettingsError(f"label {st.name}: key {key!r} must be one letter or digit")
            if key in seen:
                raise SettingsError(f"labels {seen[key]} and {st.name} both use the key {key}")
            seen[key] = st.name
        out.append(LabelStyle(st.name, st.color.lower(), key))
    return out


class SettingsService:
    """Read and change the work's settings in one database; one transaction per call."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def labels(self) -> list[Label]:
        """The label schema, in display order."""
        with self.db.session() as s:
            return LabelRepository(s).all()

    def save_label_styles(self, styles: Sequence[LabelStyle]) -> list[Label]:
        """Store colours and keys of existing labels, all or none; returns the new schema.

        Raises :class:`SettingsError` (bad colour or key, a key used twice, including by a
        label not in ``styles``) or :class:`~pibdesk.core.errors.NotFoundError` (unknown
        label). Every changed label is logged, so other windows repaint.
        """
        checked = {st.name: st for st in check_label_styles(styles)}
        with self.db.session() as s:
            repo = LabelRepository(s)
            current = repo.all()
            merged = [
                checked.get(lab.name, LabelStyle(lab.name, lab.color, lab.shortcut))
                for lab in current
            ]
            check_label_styles(merged)  # keys unique across the whole schema
            for name in checked:
                repo.get(name)  # NotFoundError for an unknown label
            for lab in current:
                st = checked.get(lab.name)
                if st is not None and (st.color, st.shortcut) != (lab.color, lab.shortcut):
                    repo.upsert(lab.name, st.color, st.shortcut)
            return repo.all()

    def timeline_bucket(self) -> Bucket:
        """The default timeline bucket (``month`` unless set)."""
        with self.db.session() as s:
            value = SettingRepository(s).get(TIMELINE_BUCKET)
        try:
            return Bucket(value) if value else Bucket.MONTH
        except ValueError:
            return Bucket.MONTH

    def set_timeline_bucket(self, bucket: Bucket | str) -> None:
        """Store the default timeline bucket. Raises :class:`SettingsError` for an unknown one."""
        try:
            b = Bucket(bucket)
        except ValueError:
            names = ", ".join(x.value for x in Bucket)
            raise SettingsError(f"unknown timeline bucket {bucket!r} (one of {names})") from None
        with self.db.session() as s:
            SettingRepository(s).set(TIMELINE_BUCKET, b.value)
