"""Reading PIB releases: bytes of one file -> :class:`~pibdesk.core.model.ParsedRelease`.

Public API:

* :func:`parse_bytes` / :func:`parse_file`: one release file (text Shapes A/B of
  ``shared/corpus/SOURCES.md``, or a saved pib.gov.in page); raise only
  :class:`~pibdesk.core.errors.ParseError`.
* :data:`RELEASE_SUFFIXES`, :func:`iter_release_files`: release files under a folder.
* :mod:`pibdesk.parsing.datasets`: multi-release files (PIB-Direct JSON Lines, the
  aswinpradeep metadata CSV), yielding a ``ParsedRelease`` or a ``ParseError`` per row.

Headless: no Qt, no database.
"""

from __future__ import annotations

from pibdesk.parsing.files import RELEASE_SUFFIXES, iter_release_files, parse_bytes, parse_file

__all__ = ["RELEASE_SUFFIXES", "iter_release_files", "parse_bytes", "parse_file"]
