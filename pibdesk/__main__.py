"""``python -m pibdesk`` runs the command-line entry point."""

from pibdesk.cli import main

raise SystemExit(main())
