"""Command-line helpers for the project's data (run with ``python -m bot.tools.<name>``)."""
