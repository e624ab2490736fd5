"""Seeds for large portals: thousands of property definitions and a hundred thousand contacts.

    seed = Seed.generated(properties=5000, contacts=100_000, options=5000, rng_seed=7)
    with Sandbox(seed=seed, data_path="big.db") as sb: ...

or build (or reuse) a data file from the command line and serve it:

    python -m contact_editor.sandbox --generate-properties 5000 --generate-contacts 100000 --data big.db

The portal is the demo seed (its definitions, groups, owners and five contacts) plus:
- generated definitions up to `properties` in all, spread over generated groups and covering every
  type/fieldType pair HubSpot uses (read-only calculated ones and a few archived ones included), with
  one dropdown (`gen_big_dropdown`) that has `options` options;
- `owners` more owners;
- `contacts` generated contacts (IDs from 1000001) with plausible names, unique emails, owners,
  lifecycle stages, dates and a few values of generated properties each.
Everything is deterministic for one `rng_seed`. The contacts are produced while the store loads them
(`Seed.generated_contacts`), never held as JSON. The names and words they are made of are in
`generator_words`.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from contact_editor.sandbox.generator_words import (
    ADJECTIVES,
    COMPANY_A,
    COMPANY_B,
    COMPANY_C,
    DOMAINS,
    FIRST_NAMES,
    GROUP_TOPICS,
    LAST_NAMES,
    LEAD_STATUSES,
    NOUNS,
    STAGES,
    TITLES,
    WORDS,
)
from contact_editor.sandbox.rules import MS_PER_DAY, format_ms
from contact_editor.sandbox.seed import ContactRow, JsonObject, Seed

FIRST_CONTACT_ID = 1_000_001
FIRST_OWNER_ID = 80_000_001
BIG_DROPDOWN = "gen_big_dropdown"
UNIQUE_PROPERTY = "gen_customer_number"
EXTRA_VALUES_PER_CONTACT = 3
_CREATED_FROM_MS = 1_420_070_400_000  # 2015-01-01
_CREATED_TO_MS = 1_795_996_800_000  # 2026-12-01


# (type, fieldType, read-only). Every pair of hubspot-api.md §2 (create-enums and those seen in dumps).
KINDS: tuple[tuple[str, str, bool], ...] = (
    ("string", "text", False),
    ("string", "textarea", False),
    ("string", "phonenumber", False),
    ("string", "html", False),
    ("string", "file", False),
    ("phone_number", "phonenumber", False),
    ("number", "number", False),
    ("number", "calculation_equation", True),
    ("number", "calculation_rollup", True),
    ("number", "calculation_score", True),
    ("number", "calculation_read_time", True),
    ("bool", "booleancheckbox", False),
    ("bool", "calculation_equation", True),
    ("enumeration", "select", False),
    ("enumeration", "radio", False),
    ("enumeration", "checkbox", False),
    ("enumeration", "booleancheckbox", False),
    ("date", "date", False),
    ("datetime", "date", False),
    ("datetime", "calculation_read_time", True),
    ("datetime", "calculation_rollup", True),
    ("object_coordinates", "text", True),
)

_ValueMaker = Callable[[random.Random], str]


def generate_seed(
    *,
    properties: int = 5000,
    contacts: int = 100_000,
    options: int = 5000,
    rng_seed: int = 0,
    owners: int = 25,
) -> Seed:
    """See the module docstring."""
    if min(properties, contacts, options, owners) < 0:
        raise ValueError("counts must be >= 0")
    demo = Seed.demo()
    rng = random.Random(f"definitions:{rng_seed}")
    wanted = max(properties - len(demo.properties), 0)
    group_count = max(1, min(len(GROUP_TOPICS) * 4, wanted // 250 + 1)) if wanted else 0
    groups = [_group(i) for i in range(group_count)]
    definitions = [_definition(i, rng, groups, options) for i in range(wanted)]
    owner_list = [*demo.owners, *(_owner(i, rng) for i in range(owners))]
    seed = Seed(
        properties=(*demo.properties, *definitions),
        groups=(*demo.groups, *groups),
        contacts=demo.contacts,
        owners=tuple(owner_list),
        generated_contacts=GeneratedContacts(
            contacts, rng_seed, definitions, [str(o["id"]) for o in owner_list]
        ),
    )
    seed.check()
    return seed


def _group(index: int) -> JsonObject:
    topic = GROUP_TOPICS[index % len(GROUP_TOPICS)]
    label = topic if index < len(GROUP_TOPICS) else f"{topic} {index // len(GROUP_TOPICS) + 1}"
    return {
        "name": f"generated_group_{index:02d}",
        "label": label,
        "displayOrder": 20 + index,
        "archived": False,
    }


def _definition(index: int, rng: random.Random, groups: Sequence[JsonObject], big_options: int) -> JsonObject:
    kind, field_type, read_only = KINDS[index % len(KINDS)]
    if index == 0:
        kind, field_type, read_only = "enumeration", "select", False
        name, label = BIG_DROPDOWN, "Big dropdown"
    elif index == 1:
        kind, field_type, read_only = "string", "text", False
        name, label = UNIQUE_PROPERTY, "Customer number"
    else:
        name = f"gen_{kind}_{field_type}_{index:05d}"
        label = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {index}"
    definition: JsonObject = {
        "updatedAt": "2025-03-01T10:00:00.000Z",
        "createdAt": "2024-01-15T09:30:00.000Z",
        "name": name,
        "label": label,
        "type": kind,
        "fieldType": field_type,
        "description": f"Generated {kind} property ({field_type}).",
        "groupName": groups[index % len(groups)]["name"],
        "options": _options(index, kind, field_type, rng, big_options),
        "displayOrder": index % 50,
        "calculated": read_only,
        "externalOptions": False,
        "hasUniqueValue": name == UNIQUE_PROPERTY,
        "hidden": False,
        "modificationMetadata": {"archivable": True, "readOnlyDefinition": False, "readOnlyValue": read_only},
        "formField": not read_only,
        "dataSensitivity": "non_sensitive",
        "createdUserId": "1000002",
        "updatedUserId": "1000003",
    }
    if index % 500 == 250:
        definition["archived"] = True
        definition["archivedAt"] = "2025-06-01T12:00:00.000Z"
    return definition


def _options(
    index: int, kind: str, field_type: str, rng: random.Random, big_options: int
) -> list[JsonObject]:
    if kind == "bool" or (kind == "enumeration" and field_type == "booleancheckbox"):
        return [
            {"label": "Yes", "value": "true", "displayOrder": 0, "hidden": False},
            {"label": "No", "value": "false", "displayOrder": 1, "hidden": False},
        ]
    if kind != "enumeration":
        return []
    count = big_options if index == 0 else rng.randint(3, 12)
    width = len(str(count))
    return [
        {
            "label": f"Option {n + 1}",
            "value": f"option_{n + 1:0{width}d}",
            "displayOrder": n,
            "hidden": n % 50 == 49,
        }
        for n in range(count)
    ]


def _owner(index: int, rng: random.Random) -> JsonObject:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    user_id = 9_700_000 + index
    return {
        "id": str(FIRST_OWNER_ID + index),
        "email": f"{_ascii(first)}.{_ascii(last)}.{index}@example.com".lower(),
        "type": "PERSON",
        "firstName": first,
        "lastName": last,
        "userId": user_id,
        "userIdIncludingInactive": user_id,
        "createdAt": "2023-02-01T08:00:00.000Z",
        "updatedAt": "2024-02-01T08:00:00.000Z",
        "archived": False,
        "teams": [{"id": str(400_000 + index % 4), "name": f"Team {index % 4 + 1}", "primary": True}],
    }


@dataclass(frozen=True)
class GeneratedContacts:
    """`count` contacts produced on demand, the same ones on every iteration."""

    count: int
    rng_seed: int
    definitions: Sequence[JsonObject]
    owner_ids: Sequence[str]

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[ContactRow]:
        rng = random.Random(f"contacts:{self.rng_seed}")
        makers = _value_makers(self.definitions)
        maker_names = [name for name, _ in makers]
        maker_funcs = [make for _, make in makers]
        stages = [stage for stage, weight in STAGES for _ in range(weight)]
        first_ascii = [_ascii(n).lower() for n in FIRST_NAMES]
        last_ascii = [_ascii(n).lower().replace("'", "") for n in LAST_NAMES]
        has_unique = any(d["name"] == UNIQUE_PROPERTY for d in self.definitions)
        big_values = [o["value"] for d in self.definitions if d["name"] == BIG_DROPDOWN for o in d["options"]]
        span = _CREATED_TO_MS - _CREATED_FROM_MS
        rand = rng.random
        for n in range(self.count):
            contact_id = FIRST_CONTACT_ID + n
            fi, li = int(rand() * len(FIRST_NAMES)), int(rand() * len(LAST_NAMES))
            created = _CREATED_FROM_MS + int(rand() * span)
            updated = created + int(rand() * (_CREATED_TO_MS - created))
            values = {
                "firstname": FIRST_NAMES[fi],
                "lastname": LAST_NAMES[li],
                "email": f"{first_ascii[fi]}.{last_ascii[li]}.{n}@{DOMAINS[n % len(DOMAINS)]}",
                "lifecyclestage": stages[int(rand() * len(stages))],
                "property_number": str(int(rand() * 10_000)),
            }
            if rand() < 0.7:
                values["phone"] = f"+1 {200 + int(rand() * 700)} 555 {int(rand() * 10_000):04d}"
            if rand() < 0.6:
                values["company"] = " ".join(
                    part
                    for part in (_pick(rand, COMPANY_A), _pick(rand, COMPANY_B), _pick(rand, COMPANY_C))
                    if part
                )
            if rand() < 0.5:
                values["jobtitle"] = TITLES[int(rand() * len(TITLES))]
                values["hs_lead_status"] = LEAD_STATUSES[int(rand() * len(LEAD_STATUSES))]
            if self.owner_ids and rand() < 0.85:
                values["hubspot_owner_id"] = self.owner_ids[int(rand() * len(self.owner_ids))]
            if rand() < 0.3:
                values["date_of_birth"] = str(_midnight(-631_152_000_000 + int(rand() * 1_735_689_600_000)))
            if rand() < 0.3:
                values["property_date"] = str(_midnight(created))
                values["property_checkbox"] = "true" if rand() < 0.5 else "false"
            if rand() < 0.2:
                values["next_follow_up"] = format_ms(updated + int(rand() * 90) * MS_PER_DAY)
            if big_values and rand() < 0.3:
                values[BIG_DROPDOWN] = big_values[int(rand() * len(big_values))]
            if has_unique:
                values[UNIQUE_PROPERTY] = f"CN-{contact_id}"
            for _ in range(EXTRA_VALUES_PER_CONTACT if maker_funcs else 0):
                k = int(rand() * len(maker_funcs))
                values[maker_names[k]] = maker_funcs[k](rng)
            yield ContactRow(contact_id, created, updated, values)


def _value_makers(definitions: Sequence[JsonObject]) -> list[tuple[str, _ValueMaker]]:
    """A value maker for each live generated property that takes one (not the two special ones)."""
    makers: list[tuple[str, _ValueMaker]] = []
    for definition in definitions:
        name = str(definition["name"])
        if definition.get("archived") or name in (BIG_DROPDOWN, UNIQUE_PROPERTY):
            continue
        make = _maker(str(definition["type"]), str(definition["fieldType"]), definition["options"])
        if make is not None:
            makers.append((name, make))
    return makers


def _maker(kind: str, field_type: str, options: list[JsonObject]) -> _ValueMaker | None:
    values = [str(o["value"]) for o in options if not o.get("hidden")]
    span = _CREATED_TO_MS - _CREATED_FROM_MS
    if kind == "enumeration" and field_type == "checkbox" and values:
        return lambda rng: ";".join(
            sorted({_pick(rng.random, values) for _ in range(1 + int(rng.random() * 3))})
        )
    if kind in ("enumeration", "bool") and values:
        return lambda rng: _pick(rng.random, values)
    if kind == "number":
        return lambda rng: (
            f"{int(rng.random() * 100_000) / 100:.2f}"
            if rng.random() < 0.3
            else str(int(rng.random() * 5000))
        )
    if kind == "date":
        return lambda rng: str(_midnight(_CREATED_FROM_MS + int(rng.random() * span)))
    if kind == "datetime":
        return lambda rng: format_ms(_CREATED_FROM_MS + int(rng.random() * span))
    if kind == "phone_number" or field_type == "phonenumber":
        return lambda rng: f"+44 20 7946 {int(rng.random() * 10_000):04d}"
    if field_type == "textarea":
        return lambda rng: " ".join(_pick(rng.random, WORDS) for _ in range(8)).capitalize() + "."
    if field_type == "html":
        return lambda rng: f"<p>{_pick(rng.random, WORDS)} {_pick(rng.random, WORDS)}</p>"
    if field_type == "file":
        return lambda rng: str(10_000_000 + int(rng.random() * 90_000_000))
    if kind == "string":
        return lambda rng: f"{_pick(rng.random, WORDS)} {_pick(rng.random, WORDS)}"
    return None  # object_coordinates: no values


def _pick(rand: Callable[[], float], items: Sequence[str]) -> str:
    return items[int(rand() * len(items))]


def _midnight(ms: int) -> int:
    return ms - ms % MS_PER_DAY


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


# --- command line: build a data file without serving ----------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m contact_editor.sandbox.generator --data big.db [--properties N] [--contacts M]`."""
    from contact_editor.sandbox.store import ContactStore

    parser = argparse.ArgumentParser(prog="python -m contact_editor.sandbox.generator")
    parser.add_argument("--data", required=True, help="SQLite file to create (must not exist)")
    parser.add_argument("--properties", type=int, default=5000)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--options", type=int, default=5000)
    parser.add_argument("--owners", type=int, default=25)
    parser.add_argument("--rng-seed", type=int, default=0)
    args = parser.parse_args(argv)
    from pathlib import Path

    if Path(args.data).exists():
        print(f"{args.data} exists already; choose a new file", file=sys.stderr)
        return 1
    started = time.perf_counter()
    seed = generate_seed(
        properties=args.properties, contacts=args.contacts, options=args.options, rng_seed=args.rng_seed,
        owners=args.owners,
    )  # fmt: skip
    ContactStore(seed, data_path=args.data).close()
    took = time.perf_counter() - started
    print(f"{args.data}: {len(seed.properties)} properties, {seed.contact_count()} contacts in {took:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
