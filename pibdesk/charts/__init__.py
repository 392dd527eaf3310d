"""pyqtgraph charts fed with the plain arrays of :mod:`pibdesk.core.timeline`.

Charts import core and Qt only: they never query the database (ARCHITECTURE.md).
"""
