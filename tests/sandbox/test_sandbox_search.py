"""POST .../contacts/search over loopback: every operator, type-aware comparisons, free-text query,
one sort, paging to the end, the 10,000-result cap and the request limits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sandbox_testkit import CONTACTS, Api

from contact_editor.sandbox import Sandbox, Seed

SEARCH = f"{CONTACTS}/search"
DEFAULT_SIX = {"createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"}
DAY = 86_400_000


def _definition(
    name: str, type_: str, field_type: str, options: tuple[str, ...] = (), **extra: Any
) -> dict[str, Any]:
    return {
        "name": name,
        "label": name.title(),
        "type": type_,
        "fieldType": field_type,
        "description": "",
        "groupName": "g",
        "options": [
            {"label": o, "value": o, "displayOrder": i, "hidden": False} for i, o in enumerate(options)
        ],
        "modificationMetadata": {"archivable": True, "readOnlyDefinition": False, "readOnlyValue": False},
        **extra,
    }


READ_ONLY = {"modificationMetadata": {"archivable": False, "readOnlyDefinition": True, "readOnlyValue": True}}
PROPERTIES = [
    _definition("firstname", "string", "text"),
    _definition("lastname", "string", "text"),
    _definition("email", "string", "text"),
    _definition("phone", "string", "phonenumber"),
    _definition("company", "string", "text"),
    _definition("score", "number", "number"),
    _definition("birthday", "date", "date"),
    _definition("last_seen", "datetime", "date"),
    _definition("stage", "enumeration", "select", ("lead", "customer", "other")),
    _definition("flavours", "enumeration", "checkbox", ("vanilla", "chocolate", "mint")),
    _definition("vip", "bool", "booleancheckbox", ("true", "false")),
    _definition("hs_object_id", "number", "number", **READ_ONLY),
    _definition("createdate", "datetime", "date", **READ_ONLY),
    _definition("lastmodifieddate", "datetime", "date", **READ_ONLY),
]


def _contact(contact_id: int, created_day: int, **values: str) -> dict[str, Any]:
    created = f"2020-01-{created_day:02d}T00:00:00.000Z"
    return {"id": str(contact_id), "createdAt": created, "updatedAt": created, "properties": values}


CONTACT_LIST = [
    _contact(101, 5, firstname="Ada", lastname="Lovelace", email="ada@example.com",
             company="Analytical Engines Ltd", score="5", birthday=str(-4_861_728_000_000),
             last_seen="2024-01-01T10:00:00.000Z", stage="lead", flavours="vanilla;mint", vip="true"),
    _contact(102, 3, firstname="Alan", lastname="Turing", email="alan.turing@example.org",
             company="Bletchley Park", score="1234.5", birthday=str(-1_815_350_400_000),
             last_seen="2024-06-01T00:00:00.000Z", stage="customer", flavours="chocolate", vip="false"),
    _contact(103, 8, firstname="Grace", lastname="Hopper", email="grace@navy.example.mil", company="US Navy",
             phone="+1 555 0100", score="-3", stage="customer", flavours="mint"),
    _contact(104, 1, firstname="Edsger", lastname="Dijkstra", email="edsger@example.nl", score="40",
             stage="other"),
    _contact(105, 9, firstname="Barbara", lastname="Liskov", email="barbara@example.com", company="MIT",
             score="17", stage="lead"),
    _contact(106, 2, firstname="ADA", lastname="Yonath", email="ada.yonath@example.il"),
    _contact(107, 7, firstname="Ken", lastname="Thompson", email="ken@example.com"),
    _contact(108, 6, firstname="Dennis", lastname="Ritchie", email="dmr@example.com", score="99"),
]  # fmt: skip


@pytest.fixture(scope="module")
def api() -> Iterator[Api]:
    seed = Seed.from_json(
        PROPERTIES, [{"name": "g", "label": "G", "displayOrder": 0, "archived": False}], CONTACT_LIST
    )
    with Sandbox(seed=seed, burst=100_000, daily=10**9, search_per_second=100_000) as sb:
        client = Api(sb.url)
        assert client.delete(f"{CONTACTS}/108").status_code == 204  # archived: never in search results
        yield client


def _search(api: Api, body: dict[str, Any], path: str = SEARCH) -> dict[str, Any]:
    response = api.post(path, body)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def _ids(api: Api, *filters: dict[str, Any], **body: Any) -> list[str]:
    request = {"filterGroups": [{"filters": list(filters)}] if filters else [], "limit": 100, **body}
    data = _search(api, request)
    assert data["total"] == len(data["results"])
    return [r["id"] for r in data["results"]]


def _f(name: str, operator: str, value: Any = None, **extra: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"propertyName": name, "operator": operator, **extra}
    if value is not None:
        item["value"] = value
    return item


def _error(api: Api, body: Any) -> str:
    response = api.post(SEARCH, body)
    assert response.status_code == 400, response.text
    data = response.json()
    assert data["category"] == "VALIDATION_ERROR"
    assert data["correlationId"] == response.headers["x-hubspot-correlation-id"]
    message: str = data["message"]
    return message


# --- operators --------------------------------------------------------------------------------------


def test_eq_on_text_ignores_case(api: Api) -> None:
    assert _ids(api, _f("firstname", "EQ", "ada")) == ["101", "106"]
    assert _ids(api, _f("email", "EQ", "ALAN.TURING@EXAMPLE.ORG")) == ["102"]


def test_neq_also_matches_contacts_without_a_value(api: Api) -> None:
    assert _ids(api, _f("stage", "NEQ", "lead")) == ["102", "103", "104", "106", "107"]


def test_numbers_compare_numerically_not_as_text(api: Api) -> None:
    assert _ids(api, _f("score", "GT", "9")) == ["102", "104", "105"]  # "1234.5" > "9" as numbers
    assert _ids(api, _f("score", "GTE", "17")) == ["102", "104", "105"]
    assert _ids(api, _f("score", "LT", "5")) == ["103"]
    assert _ids(api, _f("score", "LTE", "5")) == ["101", "103"]
    assert _ids(api, _f("score", "EQ", "40.0")) == ["104"]


def test_between_is_inclusive_for_numbers(api: Api) -> None:
    assert _ids(api, _f("score", "BETWEEN", "5", highValue="40")) == ["101", "104", "105"]


def test_dates_accept_iso_and_epoch_ms(api: Api) -> None:
    iso = _f("birthday", "BETWEEN", "1800-01-01", highValue="1900-01-01")
    assert _ids(api, iso) == ["101"]
    ms = _f("birthday", "GTE", str(-1_815_350_400_000))
    assert _ids(api, ms) == ["102"]
    assert _ids(api, _f("birthday", "EQ", "1912-06-23")) == ["102"]


def test_datetimes_compare_as_instants(api: Api) -> None:
    assert _ids(api, _f("last_seen", "GT", "2024-03-01T00:00:00Z")) == ["102"]
    assert _ids(api, _f("last_seen", "LT", "2024-01-01T11:00:00+01:00")) == []  # 10:00Z is not before 10:00Z
    assert _ids(api, _f("last_seen", "LTE", "1704103200000")) == ["101"]  # 2024-01-01T10:00:00Z in ms
    assert _ids(api, _f("createdate", "GTE", "2020-01-08")) == ["103", "105"]
    assert _ids(api, _f("hs_object_id", "LT", "103")) == ["101", "102"]


def test_in_and_not_in(api: Api) -> None:
    assert _ids(api, _f("stage", "IN", values=["lead", "OTHER"])) == ["101", "104", "105"]
    assert _ids(api, _f("stage", "NOT_IN", values=["customer"])) == ["101", "104", "105", "106", "107"]
    assert _ids(api, _f("score", "IN", values=["5", "17"])) == ["101", "105"]
    assert _ids(api, _f("hs_object_id", "IN", values=["104", "107", "108"])) == ["104", "107"]


def test_has_property_and_not_has_property(api: Api) -> None:
    assert _ids(api, _f("birthday", "HAS_PROPERTY")) == ["101", "102"]
    assert _ids(api, _f("birthday", "NOT_HAS_PROPERTY")) == ["103", "104", "105", "106", "107"]


def test_contains_token_matches_words_and_wildcards(api: Api) -> None:
    assert _ids(api, _f("company", "CONTAINS_TOKEN", "park")) == ["102"]
    assert _ids(api, _f("company", "CONTAINS_TOKEN", "par")) == []  # a whole word, not a substring
    assert _ids(api, _f("email", "CONTAINS_TOKEN", "*@example.com")) == ["101", "105", "107"]
    assert _ids(api, _f("company", "NOT_CONTAINS_TOKEN", "park")) == [
        "101",
        "103",
        "104",
        "105",
        "106",
        "107",
    ]


def test_multi_select_matches_each_selected_option(api: Api) -> None:
    assert _ids(api, _f("flavours", "EQ", "mint")) == ["101", "103"]
    assert _ids(api, _f("flavours", "IN", values=["chocolate", "vanilla"])) == ["101", "102"]
    assert _ids(api, _f("flavours", "NEQ", "mint")) == ["102", "104", "105", "106", "107"]


def test_bool_values_compare_as_text(api: Api) -> None:
    assert _ids(api, _f("vip", "EQ", "true")) == ["101"]
    assert _ids(api, _f("vip", "EQ", True)) == ["101"]  # a JSON boolean is read as its text


def test_filters_are_anded_and_groups_ored(api: Api) -> None:
    assert _ids(api, _f("stage", "EQ", "customer"), _f("score", "LT", "0")) == ["103"]
    body = {
        "filterGroups": [{"filters": [_f("stage", "EQ", "lead")]}, {"filters": [_f("score", "GT", "1000")]}]
    }
    assert [r["id"] for r in _search(api, body)["results"]] == ["101", "102", "105"]


def test_free_text_query_matches_word_prefixes(api: Api) -> None:
    assert _ids(api, query="ada") == ["101", "106"]
    assert _ids(api, query="lov") == ["101"]
    assert _ids(api, query="BLETCH") == ["102"]  # company
    assert _ids(api, query="ada love") == ["101"]  # every word must match
    assert _ids(api, query="555") == ["103"]  # phone
    assert _ids(api, _f("stage", "EQ", "lead"), query="barb") == ["105"]


# --- sorting, paging, properties ------------------------------------------------------------------


def test_one_sort_with_missing_values_last(api: Api) -> None:
    body = {"sorts": [{"propertyName": "score", "direction": "DESCENDING"}], "limit": 100}
    assert [r["id"] for r in _search(api, body)["results"]] == [
        "102",
        "104",
        "105",
        "101",
        "103",
        "106",
        "107",
    ]
    body = {"sorts": [{"propertyName": "score", "direction": "ASCENDING"}], "limit": 100}
    assert [r["id"] for r in _search(api, body)["results"]] == [
        "103",
        "101",
        "105",
        "104",
        "102",
        "106",
        "107",
    ]
    body = {"sorts": ["-createdate"], "limit": 3}
    assert [r["id"] for r in _search(api, body)["results"]] == ["105", "103", "107"]
    body = {"sorts": [{"propertyName": "lastname"}], "limit": 2}
    assert [r["id"] for r in _search(api, body)["results"]] == ["104", "103"]


def test_more_than_one_sort_is_400(api: Api) -> None:
    body = {"sorts": [{"propertyName": "score", "direction": "ASCENDING"}, "lastname"]}
    assert "one sort" in _error(api, body)
    assert _error(api, {"sorts": [{"propertyName": "score", "direction": "UPWARDS"}]})


def test_paging_to_the_end(api: Api) -> None:
    seen: list[str] = []
    after: str | None = None
    pages = 0
    while True:
        body: dict[str, Any] = {"limit": 3, "sorts": ["hs_object_id"]}
        if after is not None:
            body["after"] = after
        data = _search(api, body)
        assert data["total"] == 7
        seen += [r["id"] for r in data["results"]]
        pages += 1
        if "paging" not in data:
            break
        after = data["paging"]["next"]["after"]
        assert after == str(len(seen))
    assert pages == 3
    assert seen == ["101", "102", "103", "104", "105", "106", "107"]
    assert _search(api, {"after": "50"}) == {"total": 7, "results": []}


def test_default_and_requested_properties(api: Api) -> None:
    [first] = _search(api, {"limit": 1})["results"]
    assert set(first["properties"]) == DEFAULT_SIX
    assert set(first) >= {"id", "properties", "createdAt", "updatedAt", "archived"}
    assert first["archived"] is False and first["properties"]["hs_object_id"] == first["id"]
    body = {
        "filterGroups": [{"filters": [_f("hs_object_id", "EQ", "104")]}],
        "properties": ["score", "birthday", "nope"],
    }
    [edsger] = _search(api, body)["results"]
    assert edsger["properties"] == {"score": "40", "birthday": None}


def test_default_limit_is_10_and_limit_0_gives_the_total_only(api: Api) -> None:
    assert len(_search(api, {})["results"]) == 7
    assert _search(api, {"limit": 0}) == {"total": 7, "results": []}


def test_search_sees_a_patch_at_once_and_never_archived_contacts(api: Api) -> None:
    assert api.patch_contact("107", {"score": "7"}).status_code == 200
    assert _ids(api, _f("score", "EQ", "7")) == ["107"]
    assert api.patch_contact("107", {"score": ""}).status_code == 200
    assert _ids(api, _f("email", "EQ", "dmr@example.com")) == []  # 108 is archived


def test_date_versioned_path_answers_the_same(api: Api) -> None:
    body = {"filterGroups": [{"filters": [_f("firstname", "EQ", "Ada")]}]}
    assert _search(api, body, "/crm/objects/2026-03/contacts/search") == _search(api, body)


# --- limits and bad requests ----------------------------------------------------------------------


def test_limit_above_200_is_400(api: Api) -> None:
    assert _search(api, {"limit": 200})["total"] == 7
    assert "200" in _error(api, {"limit": 201})
    _error(api, {"limit": -1})
    _error(api, {"limit": "ten"})


def test_paging_past_10000_results_is_400(api: Api) -> None:
    assert _search(api, {"after": "9900", "limit": 100})["results"] == []
    message = _error(api, {"after": "9950", "limit": 100})
    assert "10,000" in message
    _error(api, {"after": "10000", "limit": 1})
    _error(api, {"after": "-1"})


def test_filter_count_limits(api: Api) -> None:
    one = {"filters": [_f("score", "HAS_PROPERTY")]}
    assert _search(api, {"filterGroups": [one] * 5})["total"] == 5
    assert "filter groups" in _error(api, {"filterGroups": [one] * 6})
    six = {"filters": [_f("score", "HAS_PROPERTY")] * 6}
    assert _search(api, {"filterGroups": [six] * 3})["total"] == 5  # 18 filters in all: allowed
    assert "filter group" in _error(api, {"filterGroups": [{"filters": [_f("score", "HAS_PROPERTY")] * 7}]})
    five = {"filters": [_f("score", "HAS_PROPERTY")] * 5}
    assert "maximum" in _error(api, {"filterGroups": [five] * 4})  # 20 > 18


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"filterGroups": [{"filters": [_f("nope", "EQ", "x")]}]}, "nope"),
        ({"filterGroups": [{"filters": [_f("score", "EQ", "abc")]}]}, "abc"),
        ({"filterGroups": [{"filters": [_f("birthday", "EQ", "next tuesday")]}]}, "next tuesday"),
        ({"filterGroups": [{"filters": [_f("score", "LIKE", "1")]}]}, "LIKE"),
        ({"filterGroups": [{"filters": [_f("score", "BETWEEN", "1")]}]}, "highValue"),
        ({"filterGroups": [{"filters": [_f("stage", "IN")]}]}, "values"),
        ({"filterGroups": [{"filters": [_f("stage", "EQ")]}]}, "value"),
        ({"filterGroups": [{"filters": [{"operator": "EQ", "value": "x"}]}]}, "propertyName"),
        ({"sorts": [{"propertyName": "nope"}]}, "nope"),
        ({"query": "x" * 3001}, "3000"),
        ([], "object"),
    ],
)
def test_bad_requests_are_400_with_a_reason(api: Api, body: Any, fragment: str) -> None:
    assert fragment in _error(api, body)
