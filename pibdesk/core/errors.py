"""Errors raised by pibdesk's core, parsers, storage and services."""

from __future__ import annotations


class PibdeskError(Exception):
    """Base class of every error pibdesk raises on purpose."""


class ParseError(PibdeskError):
    """A file could not be read as a PIB release.

    ``str(err)`` is one line naming the file and the problem, e.g.
    ``"bad.html: not a PIB release page (no #Titleh2 title)"``.
    """

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class SpanError(PibdeskError, ValueError):
    """A span is empty, reversed, outside its text, or does not match its quote."""


class ControlCharacterError(PibdeskError, ValueError):
    """A typed or pasted value (an entity or office name, an alias, a note) holds a C0
    control character other than tab and line feed, which pibdesk never stores
    (:data:`pibdesk.core.text.CONTROL_CHARACTERS`)."""


class NotFoundError(PibdeskError, LookupError):
    """A release, annotation, label or entity with the given id does not exist."""


class ConflictError(PibdeskError):
    """An edit was refused because someone else changed the record meanwhile.

    ``current`` holds the other editor's version of the record (a core object).
    """

    def __init__(self, message: str, current: object | None = None) -> None:
        self.current = current
        super().__init__(message)


class ReleaseRevisedError(ConflictError):
    """A span was chosen on a text revision that is no longer the release's current one
    (another editor or import revised it meanwhile); ``current`` is the current
    :class:`~pibdesk.core.model.Release`. Nothing was stored."""


class SchemaVersionError(PibdeskError):
    """The database was written by a newer pibdesk (its schema is unknown to us)."""


class DatabaseUnavailableError(PibdeskError):
    """The database server could not be reached (refused, or the connection was lost).

    The action that raised it was rolled back; it may be retried once the server is back
    (the UI shows a banner and retries, see ``pibdesk.ui.connection_banner``).
    """


class ClaimedError(PibdeskError):
    """A release is already claimed by another editor (``holder``, ``since``: aware UTC)."""

    def __init__(self, message: str, holder: str, since: object | None = None) -> None:
        self.holder = holder
        self.since = since
        super().__init__(message)
