"""Reading YAML content files and validating them against their JSON Schemas.

Errors name the file, the field and the reason, so broken content fails loudly at start-up.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

CONTENT_DIR = Path(__file__).resolve().parent / "content"
SCHEMA_DIR = CONTENT_DIR / "schemas"


class ContentError(ValueError):
    """Invalid knowledge content: says which file and field, and why."""

    def __init__(self, path: Path | str, field: str, reason: str) -> None:
        self.path, self.field, self.reason = str(path), field, reason
        super().__init__(f"{path}: field '{field}': {reason}")


def read_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError as error:
        raise ContentError(path, "(file)", "file not found") from error
    except yaml.YAMLError as error:
        raise ContentError(path, "(file)", f"not valid YAML: {error}") from error


@lru_cache(maxsize=None)
def _schema(name: str) -> dict:
    return read_yaml(SCHEMA_DIR / f"{name}.schema.yml")


def validate(data: Any, schema_name: str, path: Path) -> None:
    """Validate ``data`` (read from ``path``) against ``schemas/<schema_name>.schema.yml``."""
    validator = jsonschema.Draft7Validator(_schema(schema_name))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = [str(part) for part in first.absolute_path]
        reason = first.message
        if first.validator == "additionalProperties" and isinstance(first.instance, dict):
            # Name the unknown key itself, and what is allowed there.
            allowed = first.schema.get("properties", {})
            unknown = sorted(str(k) for k in first.instance if k not in allowed)
            if unknown and allowed:
                where.append(unknown[0])
                reason = f"unknown field; allowed here: {', '.join(allowed)}"
        elif first.validator == "pattern" and first.schema.get("description"):
            reason = f"{first.instance!r} is not {first.schema['description']}"
        raise ContentError(path, ".".join(where) or "(top level)", reason)


def load(path: Path, schema_name: str) -> Any:
    data = read_yaml(path)
    validate(data, schema_name, path)
    return data
