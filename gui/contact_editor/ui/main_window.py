"""The main window: a contact ID box, Load and Save, a message banner and the property form.

The window never does HTTP itself: Load and Save hand a job to the `JobRunner`, whose results
come back here in the GUI thread. Everything it needs is passed in (`Services`).
"""

from __future__ import annotations

import logging
import threading
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from contact_editor.editing.edit_model import EditModel
from contact_editor.hubspot.models import Contact
from contact_editor.hubspot.retry import Cancelled, RetryNotice
from contact_editor.ui import messages
from contact_editor.ui.banner import Banner, TopBar
from contact_editor.ui.countdown import Countdown
from contact_editor.ui.drafting import DraftKeeper
from contact_editor.ui.saving import SaveFlow
from contact_editor.ui.services import Services, normalise_contact_id
from contact_editor.workers.jobs import (
    CurrentValues,
    LoadedContact,
    SavedContact,
    Schema,
    keep_schema,
    load_contact,
    refresh_schema,
)
from contact_editor.workers.runner import JobRunner

if TYPE_CHECKING:
    from contact_editor.ui.form import PropertyForm

log = logging.getLogger(__name__)


def _prepare_form(schema: Schema) -> None:
    """On the load's worker thread: the form's layout for this schema (no Qt; about 20 ms of the
    GUI thread's time saved at 5,000 fields, the first time a portal's schema is seen)."""
    from contact_editor.ui.form import prepare_layout

    prepare_layout(schema.definitions, schema.groups)


def _import_http_modules() -> None:
    import contact_editor.hubspot.client  # noqa: F401  (requests, urllib3, truststore)




class MainWindow(QMainWindow):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = JobRunner(self)
        self.runner.succeeded.connect(self._on_job_succeeded)
        self.runner.failed.connect(self._on_job_failed)
        self.runner.waiting.connect(self._on_job_waiting)
        self.runner.idle.connect(self._on_idle)
        self.saving = SaveFlow(self)
        self.drafts = DraftKeeper(self, services.draft_store, services.portal)
        self._schema: Schema | None = None
        self._contact: Contact | None = None
        self._model: EditModel | None = None
        self._form: PropertyForm | None = None
        self._loading_id = ""
        self._close_after_save = False
        self._said_changes = False  # the banner counts unsaved changes
        self.setWindowTitle(self.tr("HubSpot Contact Editor") + "[*]")
        self.resize(960, 780)
        self._build()
        self._update_actions()
        if waiting := self.drafts.waiting_elsewhere():
            self.banner.show_info(waiting)
        # While the person types an ID, not when HubSpot has answered: import the form's modules
        # (GUI thread) and build the HTTP client (a worker thread).
        QTimer.singleShot(300, self._warm_up)

    # ----- building -------------------------------------------------------------------------
    def _build(self) -> None:
        self.top = TopBar(self)
        self.top.load_button.clicked.connect(self.load_clicked)
        self.top.id_edit.returnPressed.connect(self.load_clicked)
        self.top.save_button.clicked.connect(self.save_clicked)
        self.top.revert_button.clicked.connect(self.revert_clicked)
        self.banner = Banner(self)
        self.banner.show_info(self.tr("Type a contact ID and press Load."))
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.clicked.connect(self.cancel_wait)
        self.countdown = Countdown(self.banner, cancel, self)
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(cancel)
        self.stack = QStackedWidget(self)
        self.placeholder = QLabel(self.tr("No contact loaded yet."), self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.placeholder)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(self.top)
        layout.addLayout(banner_row)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(self.tr("Connected to: {where}").format(where=self.services.where))
        self._build_menu()

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        save = QAction(self.tr("&Save"), self, shortcut=QKeySequence(QKeySequence.StandardKey.Save))
        save.setObjectName("saveAction")
        save.triggered.connect(self.save_clicked)
        file_menu.addAction(save)
        self.save_action = save
        if self.services.replace_token is not None:
            token = QAction(self.tr("Replace access &token…"), self)
            token.setObjectName("replaceTokenAction")
            token.triggered.connect(self.replace_token)
            file_menu.addAction(token)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self, shortcut=QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

    @Slot()
    def _warm_up(self) -> None:
        from contact_editor.ui.form import warm_up

        if self._form is None:
            warm_up()  # Qt's first-use costs, paid in small steps now rather than at the first Load

        # A plain daemon thread that only imports: no QThread that could outlive the window.
        threading.Thread(target=_import_http_modules, name="warm-up", daemon=True).start()

    # ----- state helpers --------------------------------------------------------------------
    @property
    def model(self) -> EditModel | None:
        return self._model

    @property
    def form(self) -> PropertyForm | None:
        return self._form

    @property
    def contact(self) -> Contact | None:
        return self._contact

    def is_dirty(self) -> bool:
        return bool(self._unsaved_names())

    def _unsaved_names(self) -> set[str]:
        """Fields changed in the model, and fields holding text that is no value yet (the model
        still has their last value): both would be lost by closing or loading."""
        names = set(self._model.dirty_names()) if self._model is not None else set()
        if self._form is not None:
            names.update(self._form.invalid_names())
        return names

    def is_saving(self) -> bool:
        return self.runner.is_pending("save")

    def is_loading(self) -> bool:
        return self.runner.is_pending("load")

    def _update_actions(self) -> None:
        saving, loading = self.is_saving(), self.is_loading()
        dirty = self.is_dirty()
        # Text that is not a number yet counts: pressing Save then says what is wrong with it.
        unsure = self._form is not None and bool(self._form.invalid_names())
        can_save = (dirty or unsure) and not saving and not loading
        self.top.save_button.setEnabled(can_save)
        if hasattr(self, "save_action"):
            self.save_action.setEnabled(can_save)
        self.top.revert_button.setEnabled(dirty and not saving and not loading)
        self.top.load_button.setEnabled(not saving)
        self.top.id_edit.setReadOnly(saving)
        if self._form is not None:
            # No typing while HubSpot is being asked: an edit made then could be lost (replaced by
            # the loaded contact, or by the values just saved).
            self._form.setEnabled(not saving and not loading)
        self.setWindowModified(dirty)

    def _shown_values(self) -> dict[str, object]:
        if self._model is None:
            return {}
        return {
            name: self._model.loaded(name)
            for name in ("firstname", "lastname", "email")
            if name in self._model.definitions
        }

    # ----- load -----------------------------------------------------------------------------
    @Slot()
    def load_clicked(self) -> None:
        if self.is_saving():
            return
        contact_id = normalise_contact_id(self.top.id_edit.text())
        if contact_id is None:
            text = self.tr("A contact ID is a whole number above 0, for example 512.")
            if self._contact is not None:
                text += " " + self.tr("Contact {id} is still on screen.").format(id=self._contact.id)
            self.banner.show_error(text)
            self._show_current_id()
            return
        self.top.id_edit.setText(contact_id)
        same = self._contact is not None and self._contact.id == contact_id
        action = self.tr("load it again from HubSpot") if same else self.tr("load another contact")
        if self.is_dirty() and not self._confirm_discard(action):
            self._show_current_id()
            return
        self._loading_id = contact_id
        self.runner.cancel("load")
        policy = self.services.retry_policy
        services = self.services
        job = partial(
            load_contact,
            services.api,
            contact_id,
            self._schema,
            services.schema_cache,
            services.portal,
            policy,
            prepare=_prepare_form,
        )
        self.runner.start("load", job)
        self.banner.show_busy(self.tr("Loading contact {id}…").format(id=contact_id))
        self._update_actions()

    def _on_loaded(self, loaded: LoadedContact) -> None:
        if self.is_dirty():
            self.drafts.discard()  # the person agreed to drop the previous contact's changes
        self._schema = loaded.schema
        self._contact = loaded.contact
        self._model = loaded.model
        from contact_editor.ui.form import PropertyForm  # imported at the first load, not at start-up

        form = PropertyForm(loaded.schema.definitions, loaded.schema.groups, self._model, self)
        form.dirty_changed.connect(self._on_dirty_changed)
        if self._form is not None:
            self.stack.removeWidget(self._form)
            self._form.deleteLater()
        self._form = form
        self.stack.addWidget(form)
        self.stack.setCurrentWidget(form)
        self.top.show_contact(loaded.contact.id, self._shown_values())
        self.banner.show_info(
            self.tr("Contact {id} loaded. Change any field, then press Save.").format(id=loaded.contact.id)
        )
        self._update_actions()
        self.drafts.offer()
        services = self.services
        if loaded.schema_from_cache:
            job = partial(
                refresh_schema, services.api, services.schema_cache, services.portal, services.retry_policy
            )
            self.runner.start("schema", job)
        elif loaded.schema_fetched and services.schema_cache is not None:
            keep = partial(keep_schema, services.schema_cache, services.portal, loaded.schema)
            self.runner.start("keep", keep)

    def _on_schema_refreshed(self, schema: Schema) -> None:
        """The definitions fetched (and kept for the next run) after a load from the cached copy."""
        if schema == self._schema:
            return
        self._schema = schema
        if self._contact is None:
            return
        if self.is_dirty():
            self.banner.show_info(
                self.tr("HubSpot's list of fields has changed. After saving, press Load to see the new list.")
            )
        else:
            self.load_clicked()  # nothing to lose: show the contact with the current fields

    # ----- save -----------------------------------------------------------------------------
    def _show_current_id(self) -> None:
        """The ID box shows the contact on screen again (after a failed or cancelled load)."""
        if self._contact is not None:
            self.top.id_edit.setText(self._contact.id)

    @Slot()
    def save_clicked(self) -> None:
        self.saving.start()
        self._update_actions()

    # ----- job outcomes ---------------------------------------------------------------------
    @Slot(str, int, object)
    def _on_job_succeeded(self, kind: str, _generation: int, result: object) -> None:
        if kind == "keep":
            return  # the definitions were written for the next run; nothing to show
        self.countdown.stop()
        if kind == "load" and isinstance(result, LoadedContact):
            self._on_loaded(result)
        elif kind == "schema" and isinstance(result, Schema):
            self._on_schema_refreshed(result)
        elif isinstance(result, CurrentValues):
            self.saving.on_current(result)
        elif isinstance(result, SavedContact):
            self._contact = result.contact
            self.saving.on_saved(result)
            self.top.show_contact(result.contact.id, self._shown_values())
        self._update_actions()

    @Slot(str, int, object)
    def _on_job_failed(self, kind: str, _generation: int, exc: object) -> None:
        error = exc if isinstance(exc, BaseException) else RuntimeError("unknown failure")
        if kind in ("schema", "keep"):  # background work: the countdown on screen is not theirs
            log.info("background %s failed: %s", kind, type(error).__name__)
            return
        self.countdown.stop()
        if kind == "load":
            if isinstance(error, Cancelled):
                self.banner.show_info(self.tr("Loading was cancelled. Nothing on screen was changed."))
            else:
                text = messages.describe_load_error(error, self._loading_id).text
                if self._contact is not None:
                    text += " " + self.tr("Contact {id} is still on screen.").format(id=self._contact.id)
                self.banner.show_error(text)
            self._show_current_id()
        else:
            closing, self._close_after_save = self._close_after_save, False
            self.saving.on_failed(error, sent=self.saving.sending, closing=closing)
        self._update_actions()

    @Slot(str, int, object)
    def _on_job_waiting(self, kind: str, _generation: int, notice: object) -> None:
        if not isinstance(notice, RetryNotice):
            return
        kept = ""
        if kind == "save":
            kept = self.tr("Your changes are kept.")
            if self._close_after_save:
                kept = self.tr("Your changes are kept; the window closes once they are saved.")
        self.countdown.start(notice, kept)

    @Slot()
    def cancel_wait(self) -> None:
        self.runner.cancel("save")
        self.runner.cancel("load")
        if self.countdown.active:
            self.countdown.stop()  # say so at once: a request under way may still take a moment
            self.banner.show_busy(self.tr("Cancelling…"))

    def refresh_actions(self) -> None:
        self._update_actions()

    @Slot()
    def _on_dirty_changed(self) -> None:
        self._update_actions()
        self.drafts.changed()
        if self.is_saving() or self.banner.level == "busy":
            return
        count = len(self._unsaved_names())  # as close and load count them: invalid text too
        if not count and (self.banner.level == "error" or self._said_changes):
            # An explanation of kept changes, or "You changed 1 field", has stopped being true.
            self._said_changes = False
            self.banner.show_info(self.tr("Every change is undone: nothing is waiting to be saved."))
            return
        if self.banner.level == "error":
            return  # an explanation on screen stays until the next Load or Save
        self._said_changes = bool(count)
        if count:
            text = messages.counted(
                count,
                "You changed 1 field. Press Save to send it to HubSpot.",
                "You changed {n} fields. Press Save to send them to HubSpot.",
            )
            self.banner.show_info(text)

    @Slot()
    def _on_idle(self) -> None:
        self._update_actions()
        if self._close_after_save:
            self._close_after_save = False
            if not self.is_dirty():
                self.close()

    # ----- token, revert, close -------------------------------------------------------------
    @Slot()
    def replace_token(self) -> None:
        if self.services.replace_token is not None and self.services.replace_token(self):
            self.banner.show_info(self.tr("The new access token will be used from now on."))

    @Slot()
    def revert_clicked(self) -> None:
        if self._model is None or self._form is None or not self.is_dirty():
            return
        if not self.services.confirm(
            self,
            self.tr("Discard changes?"),
            self.tr("Undo every change you made since the last load or save?"),
        ):
            return
        for name in self._model.dirty_names():
            self._model.revert(name)
        self._form.refresh_from_model()
        self._form.clear_errors()
        self.drafts.discard()
        self.banner.show_info(self.tr("Your changes were discarded."))
        self._update_actions()

    def _confirm_discard(self, action: str) -> bool:
        count = len(self._unsaved_names())
        text = messages.counted(
            count,
            "You changed 1 field and did not save it. Discard the change and {action}?",
            "You changed {n} fields and did not save them. Discard the changes and {action}?",
        )
        return self.services.confirm(self, self.tr("Unsaved changes"), text.replace("{action}", action))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_saving():
            # Never drop a save half-way: close once HubSpot has answered (or stay open on failure).
            self._close_after_save = True
            self.banner.show_busy(self.tr("Finishing the save before closing…"))
            event.ignore()
            return
        if self.is_dirty():
            if not self._confirm_discard(self.tr("close the window")):
                event.ignore()
                return
            self.drafts.discard()
        self.runner.supersede("load")
        self.runner.wait_all()
        event.accept()
