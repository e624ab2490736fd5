"""EditModel: snapshot, dirty tracking, problems and the PATCH body (F04, F05, F06, F09, F22)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from editing_support import BOOL, DATE, DATETIME, MULTI, NUMBER, RADIO, SELECT, TEXT, defn

from contact_editor.editing.codecs import EditorKind
from contact_editor.editing.edit_model import INVALID_VALUE, NOT_A_NUMBER, NOT_AN_OPTION, EditModel, Problem
from seed_page import SEED_PAGE_PROPERTIES

FIRSTNAME = defn("firstname", "string", "text")
OBJECT_ID = defn("hs_object_id", "number", "number", read_only=True)
SCORE = defn("hubspotscore", "number", "calculation_score", read_only=True)
OWNER = defn("hubspot_owner_id", "enumeration", "select", external=True)
HIDDEN_OPT = defn("visitors2", "enumeration", "select", ["a"], hidden_options=["retired"])
ALL = [
    FIRSTNAME,
    TEXT,
    NUMBER,
    BOOL,
    DATE,
    DATETIME,
    SELECT,
    RADIO,
    MULTI,
    OBJECT_ID,
    SCORE,
    OWNER,
    HIDDEN_OPT,
]

LOADED: dict[str, str | None] = {
    "firstname": "Jane",
    "jobtitle": None,
    "amount": "17.0",
    "newsletter_opt_in": "",
    "renewal_date": "",
    "last_call": "2023-12-14T23:31:55.758Z",
    "visitors": "lt5k_old",  # an orphan, no longer an option (F06)
    "bucket": "bucket_1",
    "interests": "tennis;golf",
    "hs_object_id": "1001",
    "hubspotscore": "12",
    "hubspot_owner_id": "12345",
    "visitors2": "a",
    "not_defined": "ignored",
}


@pytest.fixture
def model() -> EditModel:
    return EditModel(ALL, LOADED)


def test_snapshot_is_decoded(model: EditModel) -> None:
    assert model.loaded("firstname") == "Jane"
    assert model.loaded("jobtitle") == ""
    assert model.loaded("amount") == Decimal("17")
    assert model.loaded("newsletter_opt_in") is None
    assert model.loaded("renewal_date") is None
    assert model.loaded("last_call") == dt.datetime(2023, 12, 14, 23, 31, 55, 758000, tzinfo=dt.UTC)
    assert model.loaded("visitors") == "lt5k_old"
    assert model.loaded("interests") == ("golf", "tennis")
    assert model.value("interests") == ("golf", "tennis")
    assert model.kind("interests") is EditorKind.MULTI_SELECT
    assert "not_defined" not in model.definitions
    assert model.dirty_names() == []
    assert model.patch_body() == {}
    assert model.problems() == {}


def test_absent_values_are_empty() -> None:
    model = EditModel([TEXT, NUMBER, MULTI, DATE], {})
    assert [model.value(n) for n in ("jobtitle", "amount", "interests", "renewal_date")] == [
        "",
        None,
        (),
        None,
    ]
    assert model.patch_body() == {}


def test_unknown_name_is_a_key_error(model: EditModel) -> None:
    with pytest.raises(KeyError):
        model.value("not_defined")
    with pytest.raises(KeyError):
        model.set_value("not_defined", "x")
    with pytest.raises(KeyError):
        model.is_dirty("nope")


def test_one_edit_gives_one_key(model: EditModel) -> None:
    """F05: only what changed is sent."""
    model.set_value("firstname", "Janet")
    assert model.is_dirty("firstname")
    assert model.dirty_names() == ["firstname"]
    assert model.edits() == {"firstname": "Janet"}
    assert model.patch_body() == {"firstname": "Janet"}


def test_clearing_sends_empty_string_never_none(model: EditModel) -> None:
    model.set_value("firstname", "")
    model.set_value("amount", None)
    model.set_value("last_call", None)
    model.set_value("interests", ())
    model.set_value("bucket", None)
    body = model.patch_body()
    assert body == {"firstname": "", "amount": "", "last_call": "", "interests": "", "bucket": ""}
    assert all(isinstance(v, str) for v in body.values())


def test_equal_values_are_not_dirty(model: EditModel) -> None:
    model.set_value("amount", Decimal("17"))  # loaded "17.0"
    model.set_value("jobtitle", None)  # loaded None: text "" vs None
    model.set_value("jobtitle", "")
    model.set_value("interests", ("tennis", "golf"))  # same set, other order
    model.set_value("interests", ["golf", "tennis", "golf"])  # type: ignore[arg-type]
    tokyo = dt.timezone(dt.timedelta(hours=9))
    model.set_value("last_call", dt.datetime(2023, 12, 15, 8, 31, 55, 758000, tzinfo=tokyo))  # same instant
    assert model.dirty_names() == []
    assert model.patch_body() == {}


def test_changed_and_changed_back_is_clean(model: EditModel) -> None:
    model.set_value("firstname", "X")
    model.set_value("firstname", "Jane")
    assert not model.is_dirty("firstname")
    model.set_value("amount", Decimal("18"))
    model.set_value("amount", Decimal("17.000"))
    assert model.patch_body() == {}


def test_revert(model: EditModel) -> None:
    model.set_value("firstname", "X")
    model.revert("firstname")
    assert model.value("firstname") == "Jane"
    assert not model.is_dirty("firstname")
    model.revert("firstname")  # no edit: no error


def test_unanswered_bool_stays_unanswered(model: EditModel) -> None:
    """F04: an empty boolean is None (not False), and is not sent until answered."""
    assert model.value("newsletter_opt_in") is None
    model.set_value("newsletter_opt_in", None)
    assert model.patch_body() == {}
    model.set_value("newsletter_opt_in", False)
    assert model.patch_body() == {"newsletter_opt_in": "false"}
    model.set_value("newsletter_opt_in", True)
    assert model.patch_body() == {"newsletter_opt_in": "true"}


def test_untouched_empty_date_is_never_sent(model: EditModel) -> None:
    """F22: edit only firstname; no renewal_date in the body. Clearing a date sends ""."""
    model.set_value("firstname", "Janet")
    assert "renewal_date" not in model.patch_body()
    model.set_value("renewal_date", dt.date(2024, 5, 1))
    assert model.patch_body()["renewal_date"] == "1714521600000"
    model.accept_saved({"renewal_date": "1714521600000"})
    model.set_value("renewal_date", None)
    assert model.patch_body()["renewal_date"] == ""


def test_read_only_is_never_sent(model: EditModel) -> None:
    """F09: readOnlyValue and calculation_* properties are locked and set_value refuses them."""
    for name in ("hs_object_id", "hubspotscore"):
        assert not model.is_editable(name)
        with pytest.raises(ValueError, match=name):
            model.set_value(name, Decimal("1"))
    assert model.kind("hs_object_id") is EditorKind.NUMBER  # keeps its kind, shown locked
    assert model.kind("hubspotscore") is EditorKind.READ_ONLY
    assert model.value("hubspotscore") == "12"
    model.set_value("firstname", "Janet")
    assert model.patch_body() == {"firstname": "Janet"}


def test_patch_body_filters_read_only_defensively(model: EditModel) -> None:
    model._edits["hs_object_id"] = Decimal("2002")  # bypass set_value on purpose
    model.set_value("firstname", "Janet")
    assert model.patch_body() == {"firstname": "Janet"}


def test_undecodable_loaded_value_is_read_only_raw_text() -> None:
    model = EditModel(
        [NUMBER, BOOL, DATE], {"amount": "abc", "newsletter_opt_in": "yes", "renewal_date": "31/10/2019"}
    )
    for name, raw in (("amount", "abc"), ("newsletter_opt_in", "yes"), ("renewal_date", "31/10/2019")):
        assert not model.is_editable(name)
        assert model.kind(name) is EditorKind.READ_ONLY
        assert model.loaded(name) == raw
        assert model.value(name) == raw
        with pytest.raises(ValueError):
            model.set_value(name, None)
    assert model.patch_body() == {}


def test_orphan_option_is_kept_and_not_resent(model: EditModel) -> None:
    """F06: the orphan stays untouched while other edits save."""
    model.set_value("bucket", "bucket_2")
    assert model.problems() == {}
    assert model.patch_body() == {"bucket": "bucket_2"}
    assert model.value("visitors") == "lt5k_old"


def test_not_an_option(model: EditModel) -> None:
    model.set_value("visitors", "Under 5k")  # the label instead of the value
    model.set_value("interests", ("golf", "bowling", "curling"))
    model.set_value("bucket", "bucket_1 ")  # trimmed: the value is an option
    problems = model.problems()
    assert problems == {
        "visitors": Problem(NOT_AN_OPTION, "Under 5k"),
        "interests": Problem(NOT_AN_OPTION, "bowling;curling"),
    }
    assert model.patch_body()["visitors"] == "Under 5k"  # checking is the caller's job


def test_option_checks_skipped_for_external_or_empty_options(model: EditModel) -> None:
    """F07: externalOptions (owner) lists are empty: never validated locally. Hidden options count."""
    model.set_value("hubspot_owner_id", "67890")
    model.set_value("visitors2", "retired")
    assert model.problems() == {}
    assert model.patch_body() == {"hubspot_owner_id": "67890", "visitors2": "retired"}


def test_not_a_number_and_invalid_value(model: EditModel) -> None:
    model.set_value("amount", Decimal("NaN"))
    model.set_value("renewal_date", "2024-05-01")
    model.set_value("last_call", dt.datetime(2024, 5, 1, 12, 0))  # naive
    model.set_value("newsletter_opt_in", 1)  # type: ignore[arg-type]
    problems = model.problems()
    assert problems["amount"] == Problem(NOT_A_NUMBER, "NaN")
    assert problems["renewal_date"].code == INVALID_VALUE
    assert problems["last_call"].code == INVALID_VALUE
    assert problems["newsletter_opt_in"].code == INVALID_VALUE
    with pytest.raises(ValueError, match="amount, newsletter_opt_in, renewal_date, last_call"):
        model.patch_body()


def test_float_is_not_a_number(model: EditModel) -> None:
    model.set_value("amount", 0.1)  # type: ignore[arg-type]
    assert model.problems()["amount"].code == NOT_A_NUMBER


def test_accept_saved_takes_server_values_and_keeps_other_edits(model: EditModel) -> None:
    model.set_value("firstname", "Janet")
    model.set_value("amount", Decimal("18.50"))
    model.set_value("bucket", "bucket_2")
    model.accept_saved({"firstname": "Janet", "amount": "18.5", "unknown": "x"})
    assert model.loaded("firstname") == "Janet"
    assert model.loaded("amount") == Decimal("18.5")
    assert model.dirty_names() == ["bucket"]
    assert model.patch_body() == {"bucket": "bucket_2"}


def test_accept_saved_with_a_different_server_value_keeps_the_edit(model: EditModel) -> None:
    model.set_value("firstname", "Janet")
    model.accept_saved({"firstname": "Someone else"})  # e.g. the user typed again meanwhile
    assert model.loaded("firstname") == "Someone else"
    assert model.patch_body() == {"firstname": "Janet"}


def test_accept_saved_making_a_value_undecodable_drops_the_edit(model: EditModel) -> None:
    model.set_value("amount", Decimal("3"))
    model.accept_saved({"amount": "garbage"})
    assert not model.is_editable("amount")
    assert model.patch_body() == {}


def test_accept_saved_can_make_a_property_editable_again() -> None:
    model = EditModel([NUMBER], {"amount": "abc"})
    model.accept_saved({"amount": "4"})
    assert model.is_editable("amount")
    assert model.kind("amount") is EditorKind.NUMBER


def test_seed_page_example_values() -> None:
    """The seed page's seven properties, loaded with other values, then set to the example's."""
    defs = [
        defn("property_checkbox", "bool", "booleancheckbox", ["true", "false"]),
        defn("property_date", "date", "date"),
        defn("property_dropdown", "enumeration", "select", ["choice_a", "choice_b"]),
        defn(
            "property_multiple_checkboxes", "enumeration", "checkbox", ["chocolate", "strawberry", "vanilla"]
        ),
        defn("property_number", "number", "number"),
        defn("property_radio", "enumeration", "radio", ["option_1", "option_2"]),
        defn("property_string", "string", "text"),
    ]
    model = EditModel(
        defs,
        {
            "property_checkbox": "true",
            "property_date": "2020-01-01",
            "property_dropdown": "choice_a",
            "property_multiple_checkboxes": "vanilla",
            "property_number": "3.25",
            "property_radio": "option_2",
            "property_string": "old",
        },
    )
    model.set_value("property_checkbox", False)
    model.set_value("property_date", dt.date(2019, 10, 31))
    model.set_value("property_dropdown", "choice_b")
    model.set_value("property_multiple_checkboxes", ("strawberry", "chocolate"))
    model.set_value("property_number", Decimal("17"))
    model.set_value("property_radio", "option_1")
    model.set_value("property_string", "value")
    assert model.problems() == {}
    assert model.patch_body() == SEED_PAGE_PROPERTIES
