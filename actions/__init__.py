"""Custom actions. Thin: each asks ``bot`` for a ``Reply`` and sends it.

Importing this package loads and validates the knowledge base, the red-flag catalogue and the
configured country, so the action server refuses to start with invalid content.
"""
from actions.startup import check_content

check_content()
