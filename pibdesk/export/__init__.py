"""Exporters and importers of annotation sets, one module per format (see registry)."""
