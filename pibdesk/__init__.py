"""pibdesk: annotate Press Information Bureau (PIB) releases.

Layers (checked by ``tests/test_layers.py``): ``core`` (plain domain objects, no Qt,
no database) <- ``parsing``, ``storage``, ``export`` <- ``services`` <- ``cli``/``ui``.
``charts`` depends on ``core`` and Qt only.
"""

__version__ = "0.1.0"
