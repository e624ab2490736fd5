"""The portal's property definitions and groups, kept on disk between runs (issue 5).

A portal with thousands of properties answers `GET /crm/v3/properties/contacts` with megabytes,
so the first load of a run uses the copy from the last run (one request: the contact) and the
definitions are fetched again in the background. No Qt; written atomically; a damaged or
foreign file is ignored (the definitions are then simply fetched).
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from contact_editor.atomic_file import write_atomically
from contact_editor.hubspot.models import PropertyDefinition, PropertyGroup, PropertyOption
from contact_editor.workers.jobs import Schema

log = logging.getLogger(__name__)
FORMAT = "hubspot-contact-editor/schema"
VERSION = 1


def _definition(data: dict[str, Any]) -> PropertyDefinition:
    options = tuple(PropertyOption(**option) for option in data.pop("options"))
    return PropertyDefinition(options=options, **data)


def _definition_json(definition: PropertyDefinition) -> dict[str, Any]:
    # What dataclasses.asdict gives, built by hand: asdict deep-copies every value and took
    # ~80 ms for 1,000 definitions with a 5,000-option dropdown (this takes a few ms).
    data = dict(vars(definition))
    data["options"] = [dict(vars(option)) for option in definition.options]
    return data


def schema_to_json(schema: Schema) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "definitions": [_definition_json(d) for d in schema.definitions],
        "groups": [dict(vars(g)) for g in schema.groups],
    }


def schema_from_json(data: Any) -> Schema:
    """ValueError/TypeError/KeyError when `data` is not a schema of this version."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ValueError("not a cached schema of this version")
    definitions = tuple(_definition(dict(d)) for d in data["definitions"])
    groups = tuple(PropertyGroup(**g) for g in data["groups"])
    return Schema(definitions=definitions, groups=groups)


class SchemaCache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path_for(self, portal: str) -> Path:
        digest = hashlib.sha256(f"{FORMAT}\0{portal}".encode()).hexdigest()[:40]
        return self.directory / f"schema-{digest}.json"

    def load(self, portal: str) -> Schema | None:
        path = self.path_for(portal)
        try:
            return schema_from_json(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError, KeyError) as exc:
            log.warning("ignoring the cached field definitions in %s: %s", path.name, type(exc).__name__)
            return None

    def save(self, portal: str, schema: Schema) -> None:
        """Write atomically; a failure is logged, never raised (the cache is only a shortcut)."""
        path = self.path_for(portal)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            data = json.dumps(schema_to_json(schema), separators=(",", ":")).encode("utf-8")
            write_atomically(path, data, prefix=".schema-")
        except OSError as exc:
            log.warning("could not cache the field definitions: %s", type(exc).__name__)
