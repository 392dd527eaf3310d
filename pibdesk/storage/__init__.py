"""Storage: the only package that imports SQLModel, SQLAlchemy and Alembic.

Repositories turn rows into :mod:`pibdesk.core.model` objects; rows never leave this package.
"""
