"""Plain words for what went wrong: what happened, what was kept, and what to do next.

Every failure a job can raise ends here. The user never sees a traceback, raw JSON or an English
HTTP reason; HubSpot's own text appears only where it is the best explanation there is (an
account's custom validation rule), and then behind our sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication

from contact_editor.hubspot import errors as e


def _tr(text: str) -> str:
    return QCoreApplication.translate("Messages", text)


def counted(n: int, one: str, many: str, context: str = "Messages") -> str:
    """"1 field" / "3 fields": picks the English form, translates it, and fills in {n}.
    (Languages with more plural forms will need Qt's %n translations; noted for i18n.)"""
    return QCoreApplication.translate(context, one if n == 1 else many).replace("{n}", str(n))


@dataclass(frozen=True)
class UserMessage:
    text: str
    field_errors: Mapping[str, str] = field(default_factory=dict)
    auth_problem: bool = False


def field_error_text(code: str, server_message: str) -> str:
    """One field's error, by HubSpot's validation code."""
    known = {
        "PROPERTY_DOESNT_EXIST": _tr("This field no longer exists in HubSpot. Load the contact again."),
        "INVALID_OPTION": _tr("HubSpot does not allow this choice. Pick another one."),
        "INVALID_DATE": _tr("HubSpot did not accept this date. Pick the date again."),
        "READ_ONLY_VALUE": _tr("HubSpot does not allow changing this field."),
        "INVALID_NUMBER": _tr("HubSpot did not accept this number. Type digits only, like 1234.5."),
        "INVALID_INTEGER": _tr("HubSpot did not accept this number. Type a whole number."),
        "INVALID_EMAIL": _tr("This is not a valid email address."),
        "LEADING_TRAILING_WHITESPACE": _tr("Remove the spaces at the start or end."),
    }
    if code in known:
        return known[code]
    # An admin's own validation rule (for example INVALID_ALPHA): HubSpot's words are the rule.
    text = _tr("HubSpot did not accept this value.")
    return f"{text} ({server_message})" if server_message else text


def problem_text(code: str) -> str:
    """A check the app makes before sending (EditModel.problems codes)."""
    known = {
        "not_an_option": _tr("This choice is not among the allowed options. Pick another one."),
        "not_a_number": _tr("This is not a number. Type digits only, like 1234.5."),
    }
    return known.get(code, _tr("This value cannot be saved as it is."))


def _support_ref(exc: e.HubSpotError) -> str:
    if not exc.correlation_id:
        return ""
    return " " + _tr("(Reference for HubSpot support: {ref})").format(ref=exc.correlation_id)


def describe_save_error(exc: BaseException, contact_id: str, *, sent: bool = True) -> UserMessage:
    """`sent`: the PATCH had gone out, so a lost or unreadable answer leaves the outcome unknown."""
    kept = _tr("Nothing was saved; your changes are still on screen.")
    if sent and isinstance(exc, e.NetworkError | e.UnexpectedResponseError):
        if isinstance(exc, e.NetworkError) and exc.timed_out:
            what = _tr(
                "HubSpot did not answer in time, so the app cannot tell whether your changes were saved."
            )
        else:
            what = _tr(
                "The answer from HubSpot was lost or unreadable, so the app cannot tell whether your "
                "changes were saved."
            )
        todo = _tr("They are still on screen: press Save again (sending the same values twice is safe).")
        return UserMessage(f"{what} {todo}")
    if isinstance(exc, e.ValidationError):
        fields = {p.name: field_error_text(p.code, p.message) for p in exc.property_errors}
        what = _tr("HubSpot did not accept some of the values.")
        todo = _tr("Correct the fields marked in red, then press Save again.") if fields else ""
        return UserMessage(" ".join(t for t in (what, kept, todo) if t) + _support_ref(exc), fields)
    if isinstance(exc, e.NotFoundError):
        text = _tr("Contact {id} no longer exists in HubSpot (it may have been deleted).").format(
            id=contact_id
        )
        return UserMessage(f"{text} {kept}")
    if isinstance(exc, e.ConflictError):
        if exc.existing_id:
            text = _tr("Another contact (ID {other}) already uses this email address.").format(
                other=exc.existing_id
            )
        else:
            text = _tr("Another contact already uses this email address.")
        todo = _tr("Change the email address, or open the other contact.")
        return UserMessage(f"{text} {kept} {todo}", {"email": text})
    return _describe_common(exc, kept, _tr("press Save again"))


def describe_load_error(exc: BaseException, contact_id: str) -> UserMessage:
    kept = _tr("Nothing on screen was changed.")
    if isinstance(exc, e.NotFoundError):
        text = _tr("There is no contact with ID {id} (it may have been deleted).").format(id=contact_id)
        return UserMessage(f"{text} " + _tr("Check the number and press Load again."))
    return _describe_common(exc, kept, _tr("press Load again"))


def _describe_common(exc: BaseException, kept: str, again: str) -> UserMessage:
    ref = _support_ref(exc) if isinstance(exc, e.HubSpotError) else ""
    if isinstance(exc, e.AuthenticationError) and exc.status is None:
        text = _tr("No usable access token is set, so nothing was sent to HubSpot.")
        todo = _tr("Choose File → Replace access token, then {again}.").format(again=again)
        return UserMessage(f"{text} {kept} {todo}", auth_problem=True)
    if isinstance(exc, e.AuthenticationError):
        text = _tr("HubSpot did not accept the access token (it may have expired or been replaced).")
        todo = _tr("Choose File → Replace access token, then {again}.").format(again=again)
        return UserMessage(f"{text} {kept} {todo}{ref}", auth_problem=True)
    if isinstance(exc, e.ForbiddenError):
        text = _tr("The access token is not allowed to do this.")
        scopes = ", ".join(exc.required_scopes) or "crm.objects.contacts.read, crm.objects.contacts.write"
        todo = _tr("Ask your HubSpot admin to give it these permissions: {scopes}.").format(scopes=scopes)
        return UserMessage(f"{text} {kept} {todo}{ref}")
    if isinstance(exc, e.RateLimitError) and (exc.policy_name or "").upper() == "DAILY":
        text = _tr("Your HubSpot account has used up today's allowance of requests from apps.")
        todo = _tr("Try again tomorrow, or ask your HubSpot admin about the daily API limit.")
        return UserMessage(f"{text} {kept} {todo}{ref}")
    if isinstance(exc, e.RateLimitError):
        text = _tr("HubSpot is busy right now (too many requests for your account).")
        todo = _tr("Wait a minute, then {again}.").format(again=again)
        return UserMessage(f"{text} {kept} {todo}{ref}")
    if isinstance(exc, e.ServerError):
        text = _tr("HubSpot had a problem on its side.")
        todo = _tr("Wait a minute, then {again}.").format(again=again)
        return UserMessage(f"{text} {kept} {todo}{ref}")
    if isinstance(exc, e.NetworkError):
        if exc.timed_out:
            text = _tr("HubSpot did not answer in time.")
        else:
            text = _tr("The app could not reach HubSpot. Check the internet connection.")
        todo = _tr("Then {again}.").format(again=again)
        return UserMessage(f"{text} {kept} {todo}")
    if isinstance(exc, e.InsecureUrlError):
        text = _tr("The HubSpot address is not secure (it must start with https://).")
        return UserMessage(f"{text} {kept}")
    if isinstance(exc, e.HubSpotError):
        text = _tr("HubSpot sent an answer the app could not read.")
        todo = _tr("Wait a moment, then {again}.").format(again=again)
        return UserMessage(f"{text} {kept} {todo}{ref}")
    text = _tr("Something went wrong inside the app.")
    return UserMessage(f"{text} {kept} " + _tr("Try again; if it keeps happening, restart the app."))
