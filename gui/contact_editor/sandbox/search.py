"""`POST .../contacts/search`: check a request body and turn it into SQL over the store's tables.

`plan_search(body, rules)` returns a `SearchPlan` (WHERE/JOIN/ORDER BY fragments with their
parameters, the page and the properties to return) or raises `SearchError` (answered as 400). The SQL
works on `contacts c` and `property_values v`/`s` (see `storage_sqlite`); every value taken from the
request travels as a parameter, never inside the SQL text. Semantics and limits are in `behaviour`.

Filter groups are ORed, the filters of a group ANDed. Number, date and datetime properties compare
as numbers (`property_values.num`, epoch ms for dates); other types as text, case-insensitively.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from contact_editor.sandbox import behaviour as hb
from contact_editor.sandbox.rules import NUMERIC_TYPES, Definition, numeric_value

OPERATORS = frozenset(
    {
        "EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN",
        "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN",
    }
)  # fmt: skip
_NEGATED = {
    "NEQ": "EQ",
    "NOT_IN": "IN",
    "NOT_HAS_PROPERTY": "HAS_PROPERTY",
    "NOT_CONTAINS_TOKEN": "CONTAINS_TOKEN",
}
_COMPARE = {"LT": "<", "LTE": "<=", "GT": ">", "GTE": ">="}
_DIRECTIONS = {"ASCENDING": "ASC", "DESCENDING": "DESC"}

# Computed properties live in the contacts row: (column, type).
_COMPUTED = {
    "hs_object_id": ("c.id", "number"),
    "createdate": ("c.created_ms", "datetime"),
    "lastmodifieddate": ("c.updated_ms", "datetime"),
}


class SearchError(ValueError):
    """The search request cannot be answered (400 VALIDATION_ERROR with this message)."""


@dataclass(frozen=True)
class SearchPlan:
    where_sql: str
    where_params: tuple[object, ...]
    join_sql: str
    join_params: tuple[object, ...]
    order_sql: str
    limit: int
    offset: int
    properties: tuple[str, ...] | None


@dataclass(frozen=True)
class _Target:
    """Where a property's values are: a column of `contacts` or rows of `property_values`."""

    name: str
    kind: str
    multi_select: bool
    column: str | None  # set for computed properties
    pid: int  # the property's key in property_values (-1 for computed ones)

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_TYPES


def plan_search(body: Any, rules: Mapping[str, Definition], pids: Mapping[str, int]) -> SearchPlan:
    """Check a search body and plan its SQL; raises SearchError. `pids` maps property names to the
    keys of `property_values.pid`."""
    if body is None:
        body = {}
    if not isinstance(body, Mapping):
        raise SearchError(_message("body", problem="the body must be a JSON object"))
    limit = _limit(body.get("limit"))
    offset = _offset(body.get("after"))
    if offset + limit > hb.SEARCH_RESULT_CAP:
        raise SearchError(_message("cap", cap=f"{hb.SEARCH_RESULT_CAP:,}", after=offset, limit=limit))
    where_sql, where_params = _where(body, rules, pids)
    join_sql, join_params, order_sql = _order(body.get("sorts"), rules, pids)
    return SearchPlan(
        where_sql=where_sql,
        where_params=tuple(where_params),
        join_sql=join_sql,
        join_params=tuple(join_params),
        order_sql=order_sql,
        limit=limit,
        offset=offset,
        properties=_properties(body.get("properties")),
    )


# --- paging and properties --------------------------------------------------------------------------


def _limit(raw: object) -> int:
    if raw is None:
        return hb.SEARCH_DEFAULT_LIMIT
    value = _as_int(raw)
    if value is None or not 0 <= value <= hb.SEARCH_MAX_LIMIT:
        raise SearchError(_message("limit", max=hb.SEARCH_MAX_LIMIT, value=_show(raw)))
    return value


def _offset(raw: object) -> int:
    if raw is None or raw == "":
        return 0
    value = _as_int(raw)
    if value is None or value < 0:
        raise SearchError(_message("after", value=_show(raw)))
    return value


def _as_int(raw: object) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 12:
        return int(raw)
    return None


def _properties(raw: object) -> tuple[str, ...] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(n, str) for n in raw):
        raise SearchError(_message("body", problem="properties must be a list of property names"))
    names = tuple(n for n in raw if n)
    return names or None


# --- filters ----------------------------------------------------------------------------------------


def _where(
    body: Mapping[str, Any], rules: Mapping[str, Definition], pids: Mapping[str, int]
) -> tuple[str, list[object]]:
    parts: list[str] = []
    params: list[object] = []
    query = body.get("query")
    if query is not None:
        if not isinstance(query, str):
            raise SearchError(_message("body", problem="query must be a string"))
        if len(query) > hb.SEARCH_MAX_QUERY_LENGTH:
            raise SearchError(_message("query", max=hb.SEARCH_MAX_QUERY_LENGTH))
        for word in query.split():
            names = [pids[n] for n in hb.QUERY_PROPERTIES if n in pids]
            if not names:
                parts.append("0")
                continue
            marks = ",".join("?" * len(names))
            parts.append(
                "c.id IN (SELECT v.contact_id FROM property_values v WHERE v.pid IN "
                f"({marks}) AND v.value LIKE ? ESCAPE '\\' AND token_prefix(v.value, ?))"
            )
            params += [*names, f"%{_like_escape(word)}%", word]
    groups = _filter_groups(body.get("filterGroups"))
    if groups:
        group_sql: list[str] = []
        for filters in groups:
            filter_sql: list[str] = []
            for item in filters:
                sql, item_params = _filter(item, rules, pids)
                filter_sql.append(sql)
                params += item_params
            group_sql.append("(" + (" AND ".join(filter_sql) or "1") + ")")
        parts.append("(" + " OR ".join(group_sql) + ")")
    return (" AND ".join(parts) or "1"), params


def _filter_groups(raw: object) -> list[list[Mapping[str, Any]]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise SearchError(_message("body", problem="filterGroups must be a list"))
    if len(raw) > hb.SEARCH_MAX_GROUPS:
        raise SearchError(_message("groups", count=len(raw), max=hb.SEARCH_MAX_GROUPS))
    groups: list[list[Mapping[str, Any]]] = []
    for group in raw:
        filters = group.get("filters") if isinstance(group, Mapping) else None
        if filters is None:
            filters = []
        if not isinstance(filters, list) or not all(isinstance(f, Mapping) for f in filters):
            raise SearchError(_message("body", problem="each filter group needs a list of filters"))
        if len(filters) > hb.SEARCH_MAX_FILTERS_PER_GROUP:
            raise SearchError(_message("per_group", count=len(filters), max=hb.SEARCH_MAX_FILTERS_PER_GROUP))
        groups.append(filters)
    total = sum(len(g) for g in groups)
    if total > hb.SEARCH_MAX_FILTERS:
        raise SearchError(_message("filters", count=total, max=hb.SEARCH_MAX_FILTERS))
    return groups


def _filter(
    item: Mapping[str, Any], rules: Mapping[str, Definition], pids: Mapping[str, int]
) -> tuple[str, list[object]]:
    operator = item.get("operator")
    if not isinstance(operator, str) or operator not in OPERATORS:
        raise SearchError(_message("operator", value=_show(operator)))
    target = _target(item.get("propertyName"), rules, pids)
    positive = _NEGATED.get(operator, operator)
    predicate, params = _predicate(positive, item, target)
    negate = operator in _NEGATED
    if target.column is not None:
        return (f"NOT ({predicate})" if negate else f"({predicate})"), params
    numeric_rows = target.numeric and positive not in ("HAS_PROPERTY", "CONTAINS_TOKEN")
    guard = "v.num IS NOT NULL AND " if numeric_rows else ""  # lets SQLite use the partial index
    subquery = f"SELECT v.contact_id FROM property_values v WHERE v.pid = ? AND {guard}{predicate}"
    return f"c.id {'NOT IN' if negate else 'IN'} ({subquery})", [target.pid, *params]


def _target(name: object, rules: Mapping[str, Definition], pids: Mapping[str, int]) -> _Target:
    if not isinstance(name, str) or not name:
        raise SearchError(_message("filter", problem="propertyName is missing"))
    if name in _COMPUTED:
        column, kind = _COMPUTED[name]
        return _Target(name, kind, False, column, -1)
    definition = rules.get(name)
    if definition is None:
        raise SearchError(_message("property", name=name))
    return _Target(name, definition.type, definition.is_multi_select, None, pids[name])


def _predicate(operator: str, item: Mapping[str, Any], target: _Target) -> tuple[str, list[object]]:
    """SQL that is true for a value matching the (non-negated) operator."""
    if target.column is not None:
        number, text = target.column, f"CAST({target.column} AS TEXT)"
    else:
        number, text = "v.num", "v.value"
    if operator == "HAS_PROPERTY":
        return "1", []
    if operator == "CONTAINS_TOKEN":
        token = _text_operand(item, "value")
        # A cheap LIKE narrows the rows before the exact (Python) check; LIKE ignores ASCII case.
        like = "%".join(_like_escape(part) for part in token.split("*"))
        prefilter = like if "*" in token else f"%{like}%"
        return f"({text} LIKE ? ESCAPE '\\' AND contains_token({text}, ?))", [prefilter, token]
    if operator == "EQ":
        if target.numeric:
            return f"{number} = ?", [_operand(item, "value", target)]
        if target.multi_select:
            return _option_match(text, _text_operand(item, "value"))
        return f"{text} = ? COLLATE NOCASE", [_text_operand(item, "value")]
    if operator in _COMPARE:
        sign = _COMPARE[operator]
        if target.numeric:
            return f"{number} {sign} ?", [_operand(item, "value", target)]
        return f"{text} {sign} ? COLLATE NOCASE", [_text_operand(item, "value")]
    if operator == "BETWEEN":
        if target.numeric:
            low, high = _operand(item, "value", target), _operand(item, "highValue", target)
            return f"{number} BETWEEN ? AND ?", [low, high]
        return f"{text} COLLATE NOCASE BETWEEN ? AND ?", [
            _text_operand(item, "value"),
            _text_operand(item, "highValue"),
        ]
    # IN
    values = item.get("values")
    if not isinstance(values, list) or not values:
        raise SearchError(
            _message("filter", problem=f"{operator} on {target.name} needs a non-empty values list")
        )
    texts = [_scalar_text(v, "values") for v in values]
    if target.numeric:
        numbers = [_to_number(t, target) for t in texts]
        return f"{number} IN ({','.join('?' * len(numbers))})", list(numbers)
    if target.multi_select:
        sqls: list[str] = []
        params: list[object] = []
        for t in texts:
            sql, option_params = _option_match(text, t)
            sqls.append(sql)
            params += option_params
        return "(" + " OR ".join(sqls) + ")", params
    return f"{text} COLLATE NOCASE IN ({','.join('?' * len(texts))})", list(texts)


def _option_match(column: str, option: str) -> tuple[str, list[object]]:
    """A multi-select value (options joined by ";") that includes `option`."""
    escaped = _like_escape(option)
    sql = (
        f"({column} = ? COLLATE NOCASE OR {column} LIKE ? ESCAPE '\\' OR {column} LIKE ? ESCAPE '\\' "
        f"OR {column} LIKE ? ESCAPE '\\')"
    )
    return sql, [option, f"{escaped};%", f"%;{escaped}", f"%;{escaped};%"]


def _operand(item: Mapping[str, Any], key: str, target: _Target) -> float:
    return _to_number(_text_operand(item, key), target)


def _to_number(text: str, target: _Target) -> float:
    number = numeric_value(target.kind, text.strip())
    if number is None:
        raise SearchError(_message("value", value=_show(text), kind=target.kind, name=target.name))
    return number


def _text_operand(item: Mapping[str, Any], key: str) -> str:
    raw = item.get(key)
    if raw is None:
        raise SearchError(_message("filter", problem=f"{item.get('operator')} needs {key!r}"))
    return _scalar_text(raw, key)


def _scalar_text(raw: object, key: str) -> str:
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, (str, int, float)):
        return str(raw)
    raise SearchError(_message("filter", problem=f"{key} must be a string"))


# --- sorting ----------------------------------------------------------------------------------------


def _order(
    raw: object, rules: Mapping[str, Definition], pids: Mapping[str, int]
) -> tuple[str, list[object], str]:
    """(join SQL, join params, ORDER BY SQL). Ties and the unsorted order go by contact ID."""
    if raw is None or raw == []:
        return "", [], "c.id ASC"
    if not isinstance(raw, list):
        raise SearchError(_message("sort", value=_show(raw)))
    if len(raw) > hb.SEARCH_MAX_SORTS:
        raise SearchError(_message("sorts", count=len(raw)))
    name, direction = _sort_item(raw[0])
    target = _target(name, rules, pids)
    order = _DIRECTIONS[direction]
    if target.column is not None:
        return "", [], f"{target.column} {order}, c.id ASC"
    key = "s.num" if target.numeric else "s.value"
    collate = "" if target.numeric else " COLLATE NOCASE"
    join = "LEFT JOIN property_values s ON s.contact_id = c.id AND s.pid = ?"
    return join, [target.pid], f"({key} IS NULL), {key}{collate} {order}, c.id ASC"


def _sort_item(item: object) -> tuple[str, str]:
    if isinstance(item, str) and item:
        return (item[1:], "DESCENDING") if item.startswith("-") else (item, "ASCENDING")
    if isinstance(item, Mapping):
        name = item.get("propertyName")
        direction = item.get("direction", "ASCENDING")
        if isinstance(name, str) and name and isinstance(direction, str) and direction.upper() in _DIRECTIONS:
            return name, direction.upper()
    raise SearchError(_message("sort", value=_show(item)))


# --- helpers ----------------------------------------------------------------------------------------


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _show(raw: object) -> str:
    text = repr(raw) if not isinstance(raw, str) else raw
    return text if len(text) <= 80 else text[:77] + "..."


def _message(key: str, **fields: object) -> str:
    return hb.SEARCH_ERROR_MESSAGES[key].format(**fields)
