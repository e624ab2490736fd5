"""What the main window works with (`Services`, built by `contact_editor.app`), and small helpers
for its input. Everything here is passed in, so tests can swap any piece."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from PySide6.QtWidgets import QMessageBox, QWidget

from contact_editor.drafts import DraftStore
from contact_editor.hubspot.retry import RetryPolicy
from contact_editor.ui.conflict_dialog import ask_about_conflicts
from contact_editor.ui.drafting import ReviewDraft, ask_to_restore
from contact_editor.ui.saving import ConflictResolver
from contact_editor.workers.jobs import ContactsApi
from contact_editor.workers.schema_cache import SchemaCache

Confirm = Callable[[QWidget, str, str], bool]


def _ascii_digit(char: str) -> str:
    value = unicodedata.decimal(char, None)
    return char if value is None else str(value)


def normalise_contact_id(text: str) -> str | None:
    """A contact ID as HubSpot knows it: ASCII digits, no leading zeros. Full-width or other
    script digits (from an input method) are read as the digits they are; anything else is None."""
    folded = text.strip()
    digits = "".join(_ascii_digit(c) for c in folded)
    if not digits or not digits.isascii() or not digits.isdigit():
        return None
    return digits.lstrip("0") or None


def ask_yes_no(parent: QWidget, title: str, text: str) -> bool:
    buttons = QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
    answer = QMessageBox.warning(parent, title, text, buttons, QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Discard


@dataclass
class Services:
    """What the window works with; built by `contact_editor.app`."""

    api: ContactsApi
    where: str  # a short, human name of the HubSpot we talk to ("demo sandbox", "api.hubapi.com")
    replace_token: Callable[[QWidget], bool] | None = None  # asks for a new token; True if replaced
    confirm: Confirm = ask_yes_no
    retry_policy: RetryPolicy = field(default_factory=RetryPolicy)
    token_holder: object | None = None  # the TokenHolder the client reads (tests swap tokens through it)
    draft_store: DraftStore | None = None  # where unsaved edits are kept (None: nowhere)
    portal: str = ""  # the key drafts are kept under
    review_draft: ReviewDraft = ask_to_restore
    schema_cache: SchemaCache | None = None  # field definitions from the last run
    resolve_conflicts: ConflictResolver = ask_about_conflicts  # type: ignore[assignment]
    # The same choice when a draft is put back (nothing is saved by choosing).
    resolve_draft_conflicts: ConflictResolver = field(
        default_factory=lambda: partial(ask_about_conflicts, restoring=True)
    )
