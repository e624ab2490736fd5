"""What a person sees when HubSpot says no: plain words, the edit still on screen, errors by the field."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QScrollArea
from window_driver import error_text, find, load, save, save_enabled, status_text, type_text

from contact_editor.sandbox import Sandbox

CONTACT_PATH = "/crm/v3/objects/contacts/512"


def _assert_plain(text: str) -> None:
    for raw in ("{", "Traceback", "Bad Request", "Unauthorized", "Not Found", "VALIDATION_ERROR", "HTTP"):
        assert raw not in text, f"{raw!r} shown to the user: {text}"


def _hubspot_400(errors: list[tuple[str, str, str]]) -> dict:
    """A 400 in HubSpot's shape: the JSON array inside `message`, and errors[]."""
    inner = [{"isValid": False, "message": m, "error": c, "name": n} for n, c, m in errors]
    return {
        "status": "error",
        "message": "Property values were not valid: " + json.dumps(inner),
        "correlationId": "9c5760c4-2c71-4059-897d-cf20a1ce1523",
        "category": "VALIDATION_ERROR",
        "errors": [{"message": m, "code": c, "context": {"propertyName": [n]}} for n, c, m in errors],
    }


def test_per_property_400_errors_land_on_their_fields(qtbot, window, sandbox: Sandbox) -> None:
    load(qtbot, window, "512")
    type_text(qtbot, window, "property_string", "new text")
    type_text(qtbot, window, "property_number", "42")
    body = _hubspot_400(
        [
            ("property_number", "INVALID_NUMBER", "42 was not a valid number"),
            ("property_string", "INVALID_ALPHA", "Enter only letters"),
        ]
    )
    sandbox.fail_next("PATCH", CONTACT_PATH, 400, body)
    save(qtbot, window)
    assert "did not accept this number" in error_text(window, "property_number")
    # An admin's own rule: HubSpot's words are the only explanation there is, shown behind ours.
    assert "Enter only letters" in error_text(window, "property_string")
    assert error_text(window, "firstname") == ""
    text = status_text(window)
    _assert_plain(text)
    assert "still on screen" in text
    assert sorted(window.model.dirty_names()) == ["property_number", "property_string"]
    assert find(window, "property:property_string").text() == "new text"
    assert save_enabled(window)


def test_a_400_brings_the_first_error_line_into_view_and_focuses_its_field(
    qtbot, window, sandbox: Sandbox
) -> None:
    load(qtbot, window, "512")
    type_text(qtbot, window, "property_number", "2.5")
    scroll = find(window, "property-form-scroll", QScrollArea)
    scroll.verticalScrollBar().setValue(0)  # the person scrolled back up before pressing Save
    edit = find(window, "property:property_number", QLineEdit)
    edit.clearFocus()
    body = _hubspot_400([("property_number", "INVALID_INTEGER", "2.5 is not a valid integer")])
    sandbox.fail_next("PATCH", CONTACT_PATH, 400, body)
    save(qtbot, window)
    label = find(window, "error:property_number", QLabel)
    viewport = scroll.viewport()

    def error_line_in_view() -> bool:
        top_left = label.mapTo(viewport, label.rect().topLeft())
        bottom = top_left.y() + label.height()
        return label.isVisible() and top_left.y() >= 0 and bottom <= viewport.height()

    qtbot.waitUntil(error_line_in_view, timeout=3000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit, timeout=3000)
    assert error_text(window, "property_number") != ""


def test_a_real_validation_error_from_the_sandbox(qtbot, window, sandbox: Sandbox) -> None:
    load(qtbot, window, "512")
    type_text(qtbot, window, "email", "not an email")
    save(qtbot, window)
    assert error_text(window, "email") != ""
    assert sandbox.contact_values("512")["email"] == "maria.jensen@example.com"
    assert window.model.dirty_names() == ["email"]


def test_401_on_save_keeps_the_edit_and_says_what_to_do(qtbot, window, sandbox: Sandbox) -> None:
    load(qtbot, window, "512")
    type_text(qtbot, window, "jobtitle", "Chief Listener")
    body = {
        "status": "error",
        "message": "The OAuth token used to make this call expired 0 second(s) ago.",
        "correlationId": "3a0e6f0e-0000-4000-8000-000000000001",
        "category": "EXPIRED_AUTHENTICATION",
    }
    sandbox.fail_next("PATCH", CONTACT_PATH, 401, body)
    save(qtbot, window)
    text = status_text(window)
    _assert_plain(text)
    assert "access token" in text and "Replace access token" in text
    assert window.model.dirty_names() == ["jobtitle"]
    assert find(window, "property:jobtitle").text() == "Chief Listener"
    assert sandbox.contact_values("512")["jobtitle"] != "Chief Listener"
    save(qtbot, window)  # the token is fine again: the same edit now saves
    assert sandbox.contact_values("512")["jobtitle"] == "Chief Listener"


def test_wrong_token_on_load_is_explained(qtbot, monkeypatch, sandbox: Sandbox) -> None:
    from contact_editor.app import create_window

    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", "pat-na1-not-the-right-one")
    win = create_window(["--api-base", sandbox.url])
    qtbot.addWidget(win)
    win.show()
    load(qtbot, win, "512")
    text = status_text(win)
    _assert_plain(text)
    assert "access token" in text
    assert "pat-na1-not-the-right-one" not in text
    assert win.form is None


def test_404_on_load_and_on_save(qtbot, window, sandbox: Sandbox) -> None:
    load(qtbot, window, "424242")
    assert "no contact with ID 424242" in status_text(window)
    load(qtbot, window, "512")
    type_text(qtbot, window, "firstname", "Marie")
    body = {
        "status": "error",
        "message": "Object not found.  objectId are usually numeric.",
        "correlationId": "3a0e6f0e-0000-4000-8000-000000000002",
        "category": "OBJECT_NOT_FOUND",
    }
    sandbox.fail_next("PATCH", CONTACT_PATH, 404, body)
    save(qtbot, window)
    text = status_text(window)
    _assert_plain(text)
    assert "no longer exists" in text and "still on screen" in text
    assert window.model.dirty_names() == ["firstname"]
    assert find(window, "property:firstname").text() == "Marie"


def test_email_used_by_another_contact(qtbot, window, sandbox: Sandbox) -> None:
    other = sandbox.contact_values("702")["email"]
    load(qtbot, window, "512")
    type_text(qtbot, window, "email", str(other))
    save(qtbot, window)
    text = status_text(window)
    _assert_plain(text)
    assert "ID 702" in text
    assert window.model.dirty_names() == ["email"]
    assert "ID 702" in error_text(window, "email")  # marked on the field too
    type_text(qtbot, window, "email", "maria.jensen@example.com")  # back to what it was
    assert window.model.dirty_names() == []
    assert status_text(window) == "Every change is undone: nothing is waiting to be saved."


def test_html_error_page_and_dropped_connection(qtbot, window, sandbox: Sandbox) -> None:
    load(qtbot, window, "512")
    type_text(qtbot, window, "firstname", "Mia")
    # Every try answered by a proxy's HTML page: after the bounded retries, plain words.
    html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    sandbox.fail_next("PATCH", CONTACT_PATH, 502, html, count=4)
    save(qtbot, window)
    _assert_plain(status_text(window))
    assert "HubSpot had a problem" in status_text(window)
    assert window.model.dirty_names() == ["firstname"]
    # One dropped connection: the retry goes through, and the save succeeds.
    sandbox.drop_next("PATCH", CONTACT_PATH)
    save(qtbot, window)
    assert sandbox.contact_values("512")["firstname"] == "Mia"
    assert window.model.dirty_names() == []


def test_a_contact_id_that_is_not_a_number(qtbot, window, sandbox: Sandbox) -> None:
    load(qtbot, window, "maria@example.com")
    assert "whole number above 0, for example 512" in status_text(window)
    assert [r for r in sandbox.requests if "/objects/" in r.path] == []


def test_a_bad_id_with_a_contact_on_screen_says_it_is_still_there(qtbot, window, sandbox: Sandbox) -> None:
    load(qtbot, window, "512")
    for bad in ("0", "-5", "512abc"):
        load(qtbot, window, bad)
        text = status_text(window)
        assert "whole number above 0" in text and "Contact 512 is still on screen." in text, bad
        assert find(window, "contactIdEdit").text() == "512"  # the box names what is on screen


def test_loading_the_same_contact_with_changes_asks_to_load_it_again(
    qtbot, window, sandbox: Sandbox, confirmations
) -> None:
    load(qtbot, window, "512")
    type_text(qtbot, window, "jobtitle", "Unsaved")
    load(qtbot, window, "512")
    assert len(confirmations) == 1
    assert "load it again from HubSpot" in confirmations[0] and "another contact" not in confirmations[0]


def test_text_that_is_not_a_number_is_caught_before_sending(qtbot, window, sandbox: Sandbox) -> None:
    load(qtbot, window, "512")
    type_text(qtbot, window, "property_number", "1.2.3")
    type_text(qtbot, window, "jobtitle", "Analyst")
    save(qtbot, window)
    assert "not a number" in error_text(window, "property_number")
    assert [r for r in sandbox.requests if r.method == "PATCH"] == []
    assert "Correct the fields marked in red" in status_text(window)
