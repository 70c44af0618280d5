"""Files generated from the knowledge base: write them, or check that they are up to date."""
from __future__ import annotations

import sys
from pathlib import Path


def write_or_check(target: Path, content: str, argv: list[str], how_to_update: str) -> int:
    """With ``--check`` in ``argv``: 1 if ``target`` differs from ``content``; else write it."""
    if "--check" in argv:
        if not target.exists() or target.read_text(encoding="utf-8") != content:
            print(f"{target} is out of date: run `{how_to_update}`", file=sys.stderr)
            return 1
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")
    print(f"wrote {target}")
    return 0
