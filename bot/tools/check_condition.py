"""Check condition files one at a time: schema, wording that reads as a diagnosis, readability.

For authors: run it on the file you are writing before the whole knowledge base is loaded.

    python -m bot.tools.check_condition bot/content/conditions/sciatica.yml [more files]

Exit status 1 if any file has a problem; every problem is printed with its field.
"""
from __future__ import annotations

import sys
from pathlib import Path

from bot import readability, safety
from bot.content_files import ContentError, load
from bot.knowledge import LIST_FIELDS, PROSE_FIELDS


def texts(raw: dict) -> list[tuple[str, str]]:
    """(field, text) for every sentence-bearing field of one condition file."""
    found = [(name, " ".join(raw[name].split())) for name in PROSE_FIELDS if raw.get(name)]
    found += [(name, readability.as_prose(raw[name])) for name in LIST_FIELDS if raw.get(name)]
    return found


def problems(path: Path) -> list[str]:
    try:
        raw = load(path, "condition")
    except ContentError as error:
        return [f"{error.field}: {error.reason}"]
    found = []
    if raw["id"] != path.stem:
        found.append(f"id: '{raw['id']}' does not match the file name")
    for field, text in texts(raw):
        for passage in safety.diagnosis_wording(text):
            found.append(f"{field}: reads as a diagnosis: {passage!r}")
        grade = readability.grade(text)
        if grade > readability.MAX_GRADE:
            found.append(f"{field}: reading grade {grade:.1f} is above {readability.MAX_GRADE}")
    return found


def main(argv: list[str]) -> int:
    status = 0
    for name in argv:
        path = Path(name)
        found = problems(path)
        print(f"{path}: {'OK' if not found else ''}")
        for problem in found:
            print(f"  {problem}")
        status |= bool(found)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
