"""Unsaved edits kept on disk, one JSON file per (portal, contact), so that nothing typed is lost
when the app or the computer stops. No Qt.

* :class:`Draft` is what is kept: the edited properties as wire strings (exactly what would be
  sent), text typed into a field that is no value yet ("1,5" in a number field: kept as typed,
  never turned into a value), the same properties' values when the contact was loaded (the base
  of the three-way conflict check), a label for the person ("Maria Jensen") and when it was
  written.
* :class:`DraftStore` writes a draft atomically (temporary file in the same directory, fsync,
  ``os.replace``; files 0o600 and the directory 0o700 on POSIX), so a crash or a kill at any
  moment leaves either the old draft or the new one, never half of one. A file that cannot be
  read as a draft is moved aside (``*.corrupt``) and logged; ``load``/``list`` never raise for
  a bad file. File names are a hash of (portal, contact ID): they never carry the token, and a
  draft whose content holds a registered secret is refused, never written.
* :func:`draft_from_model` and :func:`apply_draft` move edits between an
  :class:`~contact_editor.editing.edit_model.EditModel` and a draft through the codecs;
  :func:`changed_since` names the properties whose loaded value differs from the draft's base.

A draft is never sent by itself: the window offers it for review, and the usual conflict check
runs before any save. Logs name files and property names, never values.
"""

from __future__ import annotations

import builtins
import datetime as dt
import hashlib
import json
import logging
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TypeGuard

from contact_editor.atomic_file import TMP_SUFFIX, write_atomically
from contact_editor.editing.codecs import CodecError, decode, encode
from contact_editor.editing.edit_model import EditModel
from contact_editor.redaction import registered_secrets

__all__ = [
    "DRAFT_FORMAT",
    "DRAFT_VERSION",
    "Draft",
    "DraftError",
    "DraftStore",
    "apply_draft",
    "changed_since",
    "draft_from_model",
]

log = logging.getLogger(__name__)

DRAFT_FORMAT: Final = "hubspot-contact-editor/draft"
DRAFT_VERSION: Final = 1
_SUFFIX: Final = ".json"
_TMP_PREFIX: Final = ".draft-"
_STALE_TMP_SECONDS: Final = 3600.0
_MAX_DRAFT_BYTES: Final = 16 * 1024 * 1024


class DraftError(Exception):
    """A draft could not be written (disk full, no permission, or it would contain a secret).
    The message is plain and holds no values."""


def _utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Draft:
    """Unsaved edits of one contact.

    ``loaded``: wire values (canonical form) of the edited properties when the contact was
    loaded; None when it had none that could be written. ``edits``: the edited properties as
    wire strings, exactly what would be sent ("" clears a value). ``typed``: text shown in a
    field that is no value (the person must correct it before it can be saved), exactly as
    typed; such a property is never in ``edits``. Drafts written before ``typed`` existed have
    none. ``saved_at``: ISO 8601 UTC.
    """

    portal: str
    contact_id: str
    contact_label: str
    loaded: dict[str, str | None]
    edits: dict[str, str]
    saved_at: str = field(default_factory=_utc_now)
    version: int = DRAFT_VERSION
    typed: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": DRAFT_FORMAT,
            "version": self.version,
            "portal": self.portal,
            "contact_id": self.contact_id,
            "contact_label": self.contact_label,
            "saved_at": self.saved_at,
            "loaded": dict(self.loaded),
            "edits": dict(self.edits),
            "typed": dict(self.typed),
        }

    @classmethod
    def from_json(cls, data: object) -> Draft:
        """A draft from its JSON form; ValueError when it is not one (any shape problem)."""
        if not isinstance(data, dict) or data.get("format") != DRAFT_FORMAT:
            raise ValueError("not a draft")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version != DRAFT_VERSION:
            raise ValueError("unsupported draft version")
        texts = {key: data.get(key) for key in ("portal", "contact_id", "contact_label", "saved_at")}
        if not all(isinstance(value, str) for value in texts.values()):
            raise ValueError("draft fields are not text")
        loaded, edits = data.get("loaded"), data.get("edits")
        if not isinstance(loaded, dict) or not all(
            isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in loaded.items()
        ):
            raise ValueError("draft 'loaded' is not a mapping of text")
        if not _text_mapping(edits):
            raise ValueError("draft 'edits' is not a mapping of text")
        typed = data.get("typed", {})  # absent from drafts written before it existed
        if not _text_mapping(typed):
            raise ValueError("draft 'typed' is not a mapping of text")
        return cls(
            portal=str(texts["portal"]),
            contact_id=str(texts["contact_id"]),
            contact_label=str(texts["contact_label"]),
            saved_at=str(texts["saved_at"]),
            loaded=dict(loaded),
            edits=dict(edits),
            version=version,
            typed=dict(typed),
        )


def _text_mapping(data: object) -> TypeGuard[dict[str, str]]:
    return isinstance(data, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in data.items())


def draft_file_name(portal: str, contact_id: str) -> str:
    """The file name of a draft: a hash of (portal, contact ID), nothing readable from either."""
    digest = hashlib.sha256(f"{DRAFT_FORMAT}\0{portal}\0{contact_id}".encode()).hexdigest()
    return f"draft-{digest[:40]}{_SUFFIX}"


class DraftStore:
    """Drafts in one directory (created on first write, 0o700 on POSIX).

    Safe to use from several threads (each write goes to its own temporary file; the last
    ``os.replace`` wins) and from a crash hook.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def __repr__(self) -> str:
        return f"DraftStore({str(self.directory)!r})"

    def path_for(self, portal: str, contact_id: str) -> Path:
        return self.directory / draft_file_name(portal, contact_id)

    # -- writing --------------------------------------------------------------------------------

    def save(self, draft: Draft) -> None:
        """Write ``draft`` atomically, replacing the previous draft of that contact.

        Raises :class:`DraftError` when it cannot be written (the previous draft, if any, is
        then untouched) or when it would contain a registered secret (nothing is written)."""
        text = json.dumps(draft.to_json(), ensure_ascii=True, indent=1, sort_keys=True)
        if any(secret in text or json.dumps(secret)[1:-1] in text for secret in registered_secrets()):
            log.error("a draft was not written: it would contain the access token")
            raise DraftError("the unsaved changes contain the access token, so they were not kept")
        target = self.path_for(draft.portal, draft.contact_id)
        try:
            self._ensure_directory()
            write_atomically(target, text.encode("utf-8"), prefix=_TMP_PREFIX, private=True)
        except OSError as exc:
            log.warning("could not write draft %s: %s", target.name, type(exc).__name__)
            raise DraftError("the unsaved changes could not be written to disk") from exc

    def _ensure_directory(self) -> None:
        if not self.directory.is_dir():
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)

    def delete(self, portal: str, contact_id: str) -> None:
        """Remove the draft of this contact (nothing happens when there is none). A failure is
        logged, not raised: the draft would then be offered again, which loses nothing."""
        target = self.path_for(portal, contact_id)
        try:
            target.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not delete draft %s: %s", target.name, type(exc).__name__)

    # -- reading --------------------------------------------------------------------------------

    def load(self, portal: str, contact_id: str) -> Draft | None:
        """The draft of this contact, or None when there is none or it cannot be used (logged;
        a corrupt file is moved aside as ``*.corrupt``)."""
        path = self.path_for(portal, contact_id)
        draft = self._read(path)
        if draft is None:
            return None
        if draft.portal != portal or draft.contact_id != contact_id:
            log.warning("draft %s belongs to another contact; set aside", path.name)
            self._set_aside(path)
            return None
        return draft

    def list(self) -> builtins.list[Draft]:
        """Every usable draft, newest first (corrupt files are moved aside; stale temporary files
        from an interrupted write are removed)."""
        try:
            entries = builtins.list(os.scandir(self.directory))
        except FileNotFoundError:
            return []
        except OSError as exc:
            log.warning("could not list drafts: %s", type(exc).__name__)
            return []
        drafts: builtins.list[Draft] = []
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith(_TMP_PREFIX) and entry.name.endswith(TMP_SUFFIX):
                self._remove_if_stale(path)
            elif entry.name.endswith(_SUFFIX) and entry.name.startswith("draft-"):
                draft = self._read(path)
                if draft is not None:
                    if path.name == draft_file_name(draft.portal, draft.contact_id):
                        drafts.append(draft)
                    else:
                        log.warning("draft %s is under the wrong name; set aside", path.name)
                        self._set_aside(path)
        drafts.sort(key=lambda d: d.saved_at, reverse=True)
        return drafts

    def _read(self, path: Path) -> Draft | None:
        try:
            with path.open("rb") as handle:
                data = handle.read(_MAX_DRAFT_BYTES + 1)
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("could not read draft %s: %s", path.name, type(exc).__name__)
            return None
        try:
            if len(data) > _MAX_DRAFT_BYTES:
                raise ValueError("draft file too large")
            parsed = json.loads(data.decode("utf-8"))
            if isinstance(parsed, dict) and parsed.get("format") == DRAFT_FORMAT:
                version = parsed.get("version")
                if isinstance(version, int) and not isinstance(version, bool) and version > DRAFT_VERSION:
                    log.warning("draft %s was written by a newer version of the app; left as is", path.name)
                    return None
            return Draft.from_json(parsed)
        except (ValueError, RecursionError) as exc:  # UnicodeDecodeError and JSONDecodeError too
            log.warning("draft %s is unreadable (%s); set aside", path.name, type(exc).__name__)
            self._set_aside(path)
            return None

    def _set_aside(self, path: Path) -> None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        try:
            os.replace(path, path.with_name(f"{path.name}.{stamp}.corrupt"))
        except OSError as exc:
            log.warning("could not set draft %s aside: %s", path.name, type(exc).__name__)

    def _remove_if_stale(self, path: Path) -> None:
        try:
            if time.time() - path.stat().st_mtime > _STALE_TMP_SECONDS:
                path.unlink()
        except OSError:
            pass


# -- EditModel <-> Draft ----------------------------------------------------------------------------


def draft_from_model(
    model: EditModel, portal: str, contact_id: str, label: str, typed: Mapping[str, str] | None = None
) -> Draft | None:
    """A draft of the model's edits and of `typed` (text shown in a field that is no value, by
    property name), or None when there is neither.

    A property with typed text is kept as that text, never as the model's value (the last valid
    one: "1" while "1,5" is on screen). Each other dirty editable property is encoded on its own;
    one whose value cannot be encoded is left out and logged by name. ``loaded`` holds the
    canonical wire form of each kept property's loaded value.
    """
    kept_typed = {name: text for name, text in (typed or {}).items() if _editable(model, name)}
    edits: dict[str, str] = {}
    for name in model.dirty_names():
        if name in kept_typed or not model.is_editable(name):
            continue
        try:
            edits[name] = encode(model.definitions[name], model.value(name))
        except CodecError:
            log.info("draft leaves out %s: its value cannot be written yet", name)
    if not edits and not kept_typed:
        return None
    loaded = {name: _loaded_wire(model, name) for name in (*edits, *kept_typed)}
    return Draft(portal=portal, contact_id=contact_id, contact_label=label,
                 loaded=loaded, edits=edits, typed=kept_typed)


def _editable(model: EditModel, name: str) -> bool:
    return name in model.definitions and model.is_editable(name)


def _loaded_wire(model: EditModel, name: str) -> str | None:
    try:
        return encode(model.definitions[name], model.loaded(name))
    except CodecError:
        return None


def apply_draft(model: EditModel, draft: Draft) -> builtins.list[str]:
    """Set the model's edits from the draft's wire values; return the names that could not be
    applied (no such property any more, now read-only, or a value its codec cannot read).

    A draft value equal to the value now loaded simply leaves that property clean. The draft's
    ``typed`` text is no value, so it is not applied here: the form shows it again (the field
    marked invalid), and the model keeps the loaded value meanwhile.
    """
    failed: builtins.list[str] = []
    for name, wire in draft.edits.items():
        if name not in model.definitions or not model.is_editable(name):
            failed.append(name)
            continue
        try:
            model.set_value(name, decode(model.definitions[name], wire))
        except (CodecError, ValueError, KeyError):
            failed.append(name)
    return failed


def changed_since(model: EditModel, draft: Draft) -> builtins.list[str]:
    """The draft's properties whose value as loaded now differs (as a value) from the draft's
    base: someone else changed them since the draft's contact was loaded. These need the
    three-way choice before the draft's value may be sent."""
    changed: builtins.list[str] = []
    for name in draft.edits:
        if name not in model.definitions:
            continue
        defn = model.definitions[name]
        base = draft.loaded.get(name)
        try:
            now = encode(defn, model.loaded(name))
            then = encode(defn, decode(defn, base))
        except CodecError:
            changed.append(name)
            continue
        if now != then:
            changed.append(name)
    return changed
