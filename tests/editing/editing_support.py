"""Helpers for the editing tests: definition builders and a time-zone switcher."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from contact_editor.hubspot.models import PropertyDefinition, PropertyOption

ZONES = ("Pacific/Auckland", "America/Los_Angeles", "Asia/Tokyo", "UTC")


@contextmanager
def local_zone(zone: str) -> Iterator[None]:
    """Run with the process's local time zone set to `zone` (TZ + time.tzset), then restore it."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time.tzset()


def defn(
    name: str,
    type_: str,
    field_type: str,
    options: Sequence[str] = (),
    *,
    read_only: bool = False,
    external: bool = False,
    hidden_options: Sequence[str] = (),
) -> PropertyDefinition:
    """A definition with options in the given display order (hidden ones after)."""
    opts = [PropertyOption(label=v.title(), value=v, display_order=i) for i, v in enumerate(options)]
    opts += [
        PropertyOption(label=v, value=v, display_order=len(opts) + i, hidden=True)
        for i, v in enumerate(hidden_options)
    ]
    return PropertyDefinition(
        name=name,
        label=name.replace("_", " ").title(),
        type=type_,
        field_type=field_type,
        options=tuple(opts),
        read_only_value=read_only,
        external_options=external,
    )


TEXT = defn("jobtitle", "string", "text")
TEXTAREA = defn("notes", "string", "textarea")
NUMBER = defn("amount", "number", "number")
BOOL = defn("newsletter_opt_in", "bool", "booleancheckbox", ["true", "false"])
DATE = defn("renewal_date", "date", "date")
DATETIME = defn("last_call", "datetime", "date")
SELECT = defn("visitors", "enumeration", "select", ["under_5k", "5k_to_10k", "over_10k"])
RADIO = defn("bucket", "enumeration", "radio", ["bucket_1", "bucket_2"])
MULTI = defn("interests", "enumeration", "checkbox", ["golf", "tennis", "chess"])
