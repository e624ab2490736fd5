"""The Save flow: check, conflict check, send, show what HubSpot stored.

1. Checks before sending (numbers, options); problems are shown by their fields, nothing is sent.
2. `read_current` job: what HubSpot holds now. Fields only someone else changed are refreshed
   silently; fields both changed are put to the person (`resolve_conflicts`); cancelling keeps
   every edit and sends nothing.
3. `send_changes` job: the PATCH with the changed fields only. Success: the form shows HubSpot's
   values and the dirty marks clear. Failure: plain words, errors by the fields, edits kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from contact_editor.editing.conflicts import Conflict, compare_with_server, resolve
from contact_editor.hubspot.retry import Cancelled
from contact_editor.ui import messages
from contact_editor.ui.value_text import format_saved_time
from contact_editor.workers.jobs import CurrentValues, SavedContact, read_current, send_changes

if TYPE_CHECKING:
    from contact_editor.ui.main_window import MainWindow

ConflictResolver = Callable[[object, Sequence[Conflict]], Mapping[str, bool] | None]


class SaveFlow(QObject):
    """Runs Save for the window; `saved` fires after HubSpot stored the changes."""

    saved = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._w = window
        self.sending = False  # the PATCH has gone out (its outcome is unknown until answered)
        self._refreshed: list[str] = []  # labels of fields someone else changed, refreshed silently

    def tr_(self, text: str) -> str:
        return self._w.tr(text)

    # ----- step 1: checks -------------------------------------------------------------------
    def start(self) -> None:
        w = self._w
        model, form, contact = w.model, w.form, w.contact
        if model is None or form is None or contact is None or w.is_saving() or w.is_loading():
            return
        problems = {name: messages.problem_text(p.code) for name, p in model.problems().items()}
        problems.update({name: messages.problem_text("not_a_number") for name in form.invalid_names()})
        if not problems and not model.dirty_names():
            w.banner.show_info(self.tr_("There are no changes to save."))
            return
        if problems:
            form.show_errors(problems)
            text = self.tr_("Some values cannot be saved yet. Correct the fields marked in red.")
            w.banner.show_error(text)
            return
        form.clear_errors()
        shown = list(model.definitions)
        job = partial(read_current, w.services.api, contact.id, shown, w.services.retry_policy)
        self.sending = False
        w.runner.start("save", job)
        w.banner.show_busy(self.tr_("Checking that nobody else changed this contact meanwhile…"))

    # ----- step 2: the conflict check -------------------------------------------------------
    def on_current(self, current: CurrentValues) -> None:
        w = self._w
        model, form, contact = w.model, w.form, w.contact
        if model is None or form is None or contact is None:
            return
        changes = compare_with_server(model, current.contact.properties)
        if changes.refreshed:
            model.accept_saved(changes.refreshed)
        if changes.conflicts:
            form.refresh_from_model()
            choices = w.services.resolve_conflicts(w, changes.conflicts)
            if choices is None:
                w.banner.show_info(
                    self.tr_("Nothing was saved; your changes are still on screen. Press Save when ready.")
                )
                return
            for conflict in changes.conflicts:
                resolve(model, conflict, keep_mine=choices.get(conflict.definition.name, True))
        form.refresh_from_model()
        body = model.patch_body()
        self._refreshed = [  # only what a person edits: not lastmodifieddate and the like
            model.definitions[n].label
            for n in changes.refreshed
            if n in model.definitions and model.is_editable(n)
        ]
        if not body:
            if changes.conflicts:
                text = self.tr_("Nothing was sent: you chose the values in HubSpot, which are now on screen.")
            else:
                text = self.tr_("HubSpot already holds your values; there was nothing left to send.")
            w.banner.show_info(text)
            return
        values = dict(current.contact.properties)
        job = partial(send_changes, w.services.api, contact.id, body, values, w.services.retry_policy)
        self.sending = True
        w.runner.start("save", job)
        w.banner.show_busy(messages.counted(len(body), "Saving 1 change…", "Saving {n} changes…"))

    # ----- step 3: the answer ---------------------------------------------------------------
    def on_saved(self, saved: SavedContact) -> None:
        w = self._w
        if w.model is None or w.form is None:
            return
        w.model.accept_saved(saved.values)
        w.form.refresh_from_model()
        when = format_saved_time(saved.contact.updated_at)
        if when:
            text = self.tr_("Saved. HubSpot recorded the change at {when}.").format(when=when)
        else:
            text = self.tr_("Saved.")
        if self._refreshed:
            text += " " + self.tr_("Someone else had changed {fields} meanwhile; that is shown too.").format(
                fields=", ".join(self._refreshed)
            )
        self._refreshed = []
        w.banner.show_success(text)
        w.drafts.flush()  # nothing unsaved is left: the draft goes
        self.saved.emit(saved)

    def on_failed(self, error: BaseException, *, sent: bool, closing: bool = False) -> None:
        """Say what happened. `closing`: the person had closed the window during the save; it stays
        open (closing would lose the edit), and the message says so."""
        self._refreshed = []
        text, level = self._failure_text(error, sent=sent)
        if closing:
            text += " " + self.tr_("The window stayed open so that your changes are not lost.")
        if level == "info":
            self._w.banner.show_info(text)
        else:
            self._w.banner.show_error(text)

    def _failure_text(self, error: BaseException, *, sent: bool) -> tuple[str, str]:
        w = self._w
        if isinstance(error, Cancelled):
            if sent and not error.refused:
                text = self.tr_(
                    "You cancelled. HubSpot's answer to the save did not come through, so the app cannot "
                    "tell whether your changes were saved. They are still on screen: press Save again "
                    "(sending the same values twice is safe)."
                )
            elif sent:
                text = self.tr_(
                    "You cancelled. HubSpot had turned the save away, so nothing was saved; your changes "
                    "are still on screen. Press Save to try again."
                )
            else:
                text = self.tr_("You cancelled. Nothing was saved; your changes are still on screen.")
            return text, "info"
        contact_id = w.contact.id if w.contact else ""
        message = messages.describe_save_error(error, contact_id, sent=sent)
        if w.form is not None and message.field_errors:
            unplaced = w.form.show_errors(message.field_errors)
            if unplaced and w.model is not None:
                defs = w.model.definitions
                names = ", ".join(defs[n].label if n in defs else n for n in unplaced)
                also = self.tr_("(Also: {names}.)").format(names=names)
                message = messages.UserMessage(f"{message.text} {also}")
        return message.text, "error"
