"""Use cases. The UI and CLI call these; they open one transaction per action."""
