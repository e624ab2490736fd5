"""Keep unsaved edits on disk while the person works, and offer them back after a restart.

- Every change restarts a short timer; when it fires (or on `flush`, e.g. from the crash hook or
  before closing) the edits are written as a draft (`contact_editor.drafts`), or the draft is
  removed when nothing is unsaved any more.
- Text that is no value ("1,5" in a number field) is kept as typed, never as the last valid value
  the model holds meanwhile; restoring shows it again in its field, marked invalid, so Save
  refuses it until it is corrected.
- Loading a contact that has a draft asks whether to review it. The review shows every value
  literally (plain text: a value "<b>x</b>" shows those characters). Restoring puts the draft's
  values into the form as unsaved changes: nothing is sent until the person presses Save, and Save runs
  the usual conflict check. Fields someone else changed since the draft was written get the
  three-way choice first.
- A successful save, or "discard", removes the draft.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from contact_editor.drafts import Draft, DraftError, DraftStore, apply_draft, changed_since, draft_from_model
from contact_editor.editing.codecs import CodecError, decode, encode
from contact_editor.editing.conflicts import Conflict, resolve
from contact_editor.editing.edit_model import EditModel
from contact_editor.ui.messages import counted
from contact_editor.ui.value_text import format_saved_time, human_text

if TYPE_CHECKING:
    from contact_editor.ui.main_window import MainWindow

# A pause this long writes the draft: what was typed in the last moment before a crash is lost, so
# short; but longer than most gaps between keystrokes (~150-350 ms), so that typing on does not
# write (and fsync, on this thread) at every key. 700 ms lost up to a second (from a user test).
DEBOUNCE_MS = 400
ReviewDraft = Callable[[QWidget, Draft, Sequence[str]], bool]


def _tr(text: str) -> str:
    return QCoreApplication.translate("Drafts", text)


def ask_to_restore(parent: QWidget, draft: Draft, lines: Sequence[str]) -> bool:
    """True: put the draft's values back into the form; False: throw the draft away."""
    when = format_saved_time(draft.saved_at) or draft.saved_at
    box = QMessageBox(parent)
    box.setObjectName("draftReview")
    box.setIcon(QMessageBox.Icon.Question)
    box.setTextFormat(Qt.TextFormat.PlainText)  # values and labels may look like HTML: "<h1>", "A & B <C>"
    box.setWindowTitle(_tr("Unsaved changes from earlier"))
    box.setText(_tr("You changed this contact on {when} and did not save:").format(when=when))
    box.setInformativeText("\n".join(lines))
    restore = box.addButton(_tr("Put my changes back"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_tr("Throw them away"), QMessageBox.ButtonRole.DestructiveRole)
    box.exec()
    return box.clickedButton() is restore


class DraftKeeper(QObject):
    def __init__(self, window: MainWindow, store: DraftStore | None, portal: str) -> None:
        super().__init__(window)
        self._w = window
        self._store = store
        self._portal = portal
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)
        self._warned = False

    def changed(self) -> None:
        if self._store is not None:
            self._timer.start()

    @Slot()
    def flush(self) -> None:
        """Write the unsaved edits now (or remove the draft when there are none)."""
        self._timer.stop()
        w = self._w
        if self._store is None or w.model is None or w.contact is None:
            return
        label = w.top.title.full_text().split(" · ")[0]
        typed = w.form.typed_texts() if w.form is not None else {}
        draft = draft_from_model(w.model, self._portal, w.contact.id, label, typed)
        try:
            if draft is None:
                self._store.delete(self._portal, w.contact.id)
            else:
                self._store.save(draft)
        except (DraftError, OSError):
            if not self._warned:
                self._warned = True
                w.banner.show_error(
                    _tr(
                        "Your changes could not be kept on this computer in case the app stops. "
                        "They are still on screen; save them soon."
                    )
                )

    def discard(self) -> None:
        """The person threw their changes away: so goes the draft."""
        self._timer.stop()
        if self._store is not None and self._w.contact is not None:
            self._store.delete(self._portal, self._w.contact.id)

    def waiting_elsewhere(self) -> str:
        """A sentence naming contacts with unsaved changes from last time ("" when none)."""
        if self._store is None:
            return ""
        drafts = [d for d in self._store.list() if d.portal == self._portal]
        if not drafts:
            return ""
        names = ", ".join(
            f"{d.contact_id} ({d.contact_label})" if d.contact_label else d.contact_id for d in drafts
        )
        return counted(
            len(drafts),
            "You have unsaved changes from last time for contact {names}. Load it to review them.",
            "You have unsaved changes from last time for contacts {names}. Load one to review them.",
            "Drafts",
        ).replace("{names}", names)

    def offer(self) -> None:
        """After a load: if a draft exists for this contact, offer it for review."""
        w = self._w
        if self._store is None or w.model is None or w.contact is None:
            return
        draft = self._store.load(self._portal, w.contact.id)
        if draft is None:
            return
        lines = self._describe(draft)
        if not w.services.review_draft(w, draft, lines):
            self._store.delete(self._portal, w.contact.id)
            w.banner.show_info(_tr("Your earlier changes were thrown away."))
            return
        self._restore(draft)

    def _describe(self, draft: Draft) -> list[str]:
        model = self._w.model
        assert model is not None
        lines = []
        for name, wire in draft.edits.items():
            defn = model.definitions.get(name)
            if defn is None:
                lines.append(f"• {name}")
                continue
            try:
                shown = human_text(defn, decode(defn, wire))
            except CodecError:
                shown = wire
            lines.append(f"• {defn.label}: {shown}")
        for name, text in draft.typed.items():
            label = model.definitions[name].label if name in model.definitions else name
            lines.append(f"• {label}: {text} " + _tr("(not a valid value: correct it before saving)"))
        return lines

    def _restore(self, draft: Draft) -> None:
        w = self._w
        model, form = w.model, w.form
        assert model is not None and form is not None
        stale = changed_since(model, draft)
        failed = apply_draft(model, draft)
        candidates = (self._conflict(draft, n) for n in stale if n not in failed and model.is_dirty(n))
        conflicts = [c for c in candidates if c is not None]
        if conflicts:
            # Cancelled: keep the person's values on screen (they were theirs to lose, not ours).
            choices = w.services.resolve_draft_conflicts(w, conflicts) or {}
            for conflict in conflicts:
                resolve(model, conflict, keep_mine=choices.get(conflict.definition.name, True))
        form.refresh_from_model()
        failed += [name for name, typed in draft.typed.items() if not form.put_typed(name, typed)]
        text = _tr("Your earlier changes are back on screen, not saved yet. Check them, then press Save.")
        if failed:
            labels = ", ".join(model.definitions[n].label if n in model.definitions else n for n in failed)
            text += " " + _tr("These could not be put back: {fields}.").format(fields=labels)
        w.banner.show_info(text)
        w.refresh_actions()

    def _conflict(self, draft: Draft, name: str) -> Conflict | None:
        model = self._w.model
        assert model is not None
        try:
            loaded = model.decode_wire(name, draft.loaded.get(name))
        except (CodecError, KeyError):
            return None
        now = model.loaded(name)
        wire_now = draft_wire_now(model, name)
        return Conflict(model.definitions[name], loaded, now, model.value(name), wire_now)


def draft_wire_now(model: EditModel, name: str) -> str | None:
    """The wire form of the value loaded now (for `resolve`, which rebases on it)."""
    try:
        return encode(model.definitions[name], model.loaded(name))
    except CodecError:
        return None
