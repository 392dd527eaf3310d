"""What the rules produce: :class:`Suggestion` (public) and the working
:class:`_Mention` / :class:`_Ctx` objects passed between them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pibdesk.core.model import StatementKind
from pibdesk.core.suggest.index import Registry

PERSON, STATEMENT, TOPIC = "Person", "Statement", "Topic"


# ----------------------------------------------------------------------------- output
@dataclass(frozen=True)
class Suggestion:
    """A proposed annotation.

    ``start``/``end`` code points, end-exclusive; ``text == release_text[start:end]``.
    ``entity_id`` links a registry entity; when None, ``entity_name`` is the name of the
    entity to create on accept (None: no entity). Statements carry ``speaker_id`` /
    ``speaker_name`` the same way and ``statement_kind``. ``rule`` names the rule that
    proposed it (honorific, registry, office, surname, quote, tweet, topic, occurrence).
    """

    start: int
    end: int
    label: str
    text: str
    entity_id: int | None = None
    entity_name: str | None = None
    speaker_id: int | None = None
    speaker_name: str | None = None
    statement_kind: StatementKind | None = None
    rule: str = ""
    speaker_cue: tuple[int, int] | None = None  # span naming a speaker found by a cue only

    @property
    def key(self) -> tuple[int, int, str]:
        """``(start, end, label)``: what a rejection remembers."""
        return (self.start, self.end, self.label)

    def to_json(self) -> dict[str, object]:
        """The object ``pibdesk suggest --json`` prints for it."""
        return {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "text": self.text,
            "entity": self.entity_name,
            "entity_id": self.entity_id,
            "speaker": self.speaker_name,
            "speaker_id": self.speaker_id,
            "statement_kind": self.statement_kind.value if self.statement_kind else None,
            "rule": self.rule,
        }



@dataclass
class _Mention:
    start: int
    end: int
    rule: str
    entity_id: int | None = None
    name: str | None = None  # canonical name proposed when entity_id is None
    rank: int = 0  # higher wins overlaps

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class _Ctx:
    text: str
    reg: Registry
    day: date | None
    words: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, norm
    starts: list[int] = field(default_factory=list)
