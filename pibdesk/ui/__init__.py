"""The PySide6 desktop window: views, Qt item models, undo commands.

Widgets call services (:mod:`pibdesk.services`), never a database session. Offsets
cross the Qt boundary only through :class:`pibdesk.core.offsets.Utf16Index`.
"""
