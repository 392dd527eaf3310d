"""Refuse XML that carries a DOCTYPE before any XML library reads it for real.

UIMA XMI and type-system files never need a DTD, so a DOCTYPE in one is either a
mistake or an attack: entity expansion ("billion laughs"), external entities reading
local files (XXE), or a DTD fetched from the network. lxml/libxml2 already refuse most of
these by default (entity amplification limit, ``resolve_entities='internal'``,
``no_network=True``); checking here makes pibdesk safe whatever those defaults become
(OWASP XML External Entity Prevention Cheat Sheet: "disallow DOCTYPE declarations",
https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from pibdesk.export.base import FormatError


def refuse_doctype(path: Path) -> None:
    """Raise :class:`FormatError` naming ``path`` if it is XML with a DOCTYPE.

    Reads only up to the root element's start, with entities unresolved, no DTD loaded
    and no network. Malformed XML is left to the real reader (it reports it).
    """
    try:
        events = etree.iterparse(
            str(path),
            events=("start",),
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            huge_tree=False,
        )
        for _, elem in events:
            if elem.getroottree().docinfo.doctype:
                raise FormatError(
                    f"{path}: XML with a DOCTYPE (DTD or entity declarations) is refused; "
                    "XMI and type-system files need none"
                )
            return
    except etree.XMLSyntaxError:
        return
