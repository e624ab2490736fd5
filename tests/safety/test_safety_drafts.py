"""DraftStore and EditModel <-> Draft: atomic, private, corrupt-proof, exact, token-free."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from token_scan import find_secret

from contact_editor.drafts import (
    DRAFT_VERSION,
    Draft,
    DraftError,
    DraftStore,
    apply_draft,
    changed_since,
    draft_file_name,
    draft_from_model,
)
from contact_editor.editing.codecs import EditorKind, Value
from contact_editor.editing.edit_model import EditModel
from contact_editor.hubspot.models import PropertyDefinition
from contact_editor.redaction import register_secret
from contact_editor.resources import resource_path

TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555"
PORTAL = "https://api.hubapi.com"
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and signals")


def demo_definitions() -> list[PropertyDefinition]:
    data = json.loads(resource_path("sandbox", "properties-demo.json").read_text(encoding="utf-8"))
    return [PropertyDefinition.from_json(item) for item in data["results"]]


def contact_512() -> dict[str, str | None]:
    data = json.loads(resource_path("sandbox", "contacts.json").read_text(encoding="utf-8"))
    contact = next(c for c in data["results"] if c["id"] == "512")
    props: dict[str, str | None] = contact["properties"]
    return props


# One new value per editor kind (and a cleared date), for contact 512's demo properties.
NEW_VALUES: dict[str, Value] = {
    "firstname": "María José",
    "message": "Line one\nLine two — with “quotes” and \\ backslash",
    "property_number": Decimal("-1234.50"),
    "property_checkbox": False,
    "date_of_birth": dt.date(1999, 12, 31),
    "property_date": None,  # cleared: sent as ""
    "next_follow_up": dt.datetime(2030, 1, 2, 3, 4, 5, 678000, tzinfo=dt.UTC),
    "lifecyclestage": "opportunity",
    "hs_lead_status": "UNQUALIFIED",
    "property_multiple_checkboxes": ("chocolate", "vanilla", "mint"),  # option order
    "property_radio": "option_3",
    "property_dropdown": "choice_b",
}


def edited_model() -> EditModel:
    model = EditModel(demo_definitions(), contact_512())
    for name, value in NEW_VALUES.items():
        model.set_value(name, value)
    return model


def test_every_editor_kind_is_edited() -> None:
    model = edited_model()
    kinds = {model.kind(name) for name in model.dirty_names()}
    assert kinds == set(EditorKind) - {EditorKind.READ_ONLY}
    assert set(model.dirty_names()) == set(NEW_VALUES)


def test_round_trip_through_the_store_gives_the_exact_edits(tmp_path: Path) -> None:
    model = edited_model()
    draft = draft_from_model(model, PORTAL, "512", "Maria Jensen")
    assert draft is not None
    assert draft.edits == model.patch_body()
    assert draft.edits["property_date"] == ""
    assert draft.loaded["property_date"] == "1569888000000"
    assert draft.loaded["property_checkbox"] == "true"
    assert draft.contact_label == "Maria Jensen"
    assert draft.version == DRAFT_VERSION
    assert dt.datetime.fromisoformat(draft.saved_at).tzinfo is not None

    store = DraftStore(tmp_path / "drafts")
    store.save(draft)
    loaded = store.load(PORTAL, "512")
    assert loaded == draft

    fresh = EditModel(demo_definitions(), contact_512())
    assert apply_draft(fresh, loaded) == []
    assert fresh.patch_body() == model.patch_body()
    assert fresh.edits() == model.edits()
    assert changed_since(fresh, loaded) == []


def test_nothing_dirty_gives_no_draft() -> None:
    model = EditModel(demo_definitions(), contact_512())
    assert draft_from_model(model, PORTAL, "512", "Maria Jensen") is None
    model.set_value("firstname", "Maria")  # the same value: not an edit
    assert draft_from_model(model, PORTAL, "512", "Maria Jensen") is None


def test_a_value_that_cannot_be_written_yet_is_left_out() -> None:
    model = EditModel(demo_definitions(), contact_512())
    model.set_value("property_number", Decimal("NaN"))
    assert draft_from_model(model, PORTAL, "512", "x") is None
    model.set_value("firstname", "Mia")
    draft = draft_from_model(model, PORTAL, "512", "x")
    assert draft is not None and draft.edits == {"firstname": "Mia"}


def test_text_that_is_no_value_is_kept_as_typed_never_as_the_last_valid_value(tmp_path: Path) -> None:
    """A user test: "1,5" in a number field was kept as "1" (the model's last valid value)."""
    model = EditModel(demo_definitions(), contact_512())
    model.set_value("property_number", Decimal(1))  # what the form leaves in the model for "1,5"
    model.set_value("firstname", "Mia")
    typed = {"property_number": "1,5", "hs_object_id": "x", "gone_property": "y"}
    draft = draft_from_model(model, PORTAL, "512", "x", typed)
    assert draft is not None
    assert draft.edits == {"firstname": "Mia"}, "the last valid value never stands in for typed text"
    assert draft.typed == {"property_number": "1,5"}, "only editable properties are kept"
    assert draft.loaded["property_number"] == "5"
    store = DraftStore(tmp_path)
    store.save(draft)
    assert store.load(PORTAL, "512") == draft
    fresh = EditModel(demo_definitions(), contact_512())
    only_typed = draft_from_model(fresh, PORTAL, "512", "x", {"property_number": "abc"})
    assert only_typed is not None and only_typed.edits == {}
    assert only_typed.typed == {"property_number": "abc"}


def test_a_draft_written_before_typed_text_was_kept_still_reads(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    old = make_draft().to_json()
    del old["typed"]
    store.path_for(PORTAL, "512").write_text(json.dumps(old), encoding="utf-8")
    loaded = store.load(PORTAL, "512")
    assert loaded is not None and loaded.to_json() == {**old, "typed": {}}


@pytest.mark.parametrize("typed", [["1,5"], {"property_number": 15}, "1,5"])
def test_typed_text_of_the_wrong_shape_is_set_aside(tmp_path: Path, typed: object) -> None:
    store = DraftStore(tmp_path)
    path = store.path_for(PORTAL, "512")
    path.write_text(json.dumps({**make_draft().to_json(), "typed": typed}), encoding="utf-8")
    assert store.load(PORTAL, "512") is None
    assert not path.exists() and list(tmp_path.glob("*.corrupt"))


def test_apply_reports_what_it_cannot_apply() -> None:
    definitions = demo_definitions()
    draft = Draft(
        portal=PORTAL,
        contact_id="512",
        contact_label="Maria Jensen",
        loaded={},
        edits={
            "firstname": "Mia",
            "gone_property": "x",  # deleted in HubSpot since
            "hs_object_id": "99",  # read-only
            "property_number": "twelve",  # not a number any more
            "property_checkbox": "maybe",
            "lastname": "Jensen",  # the same as now: applied, simply not dirty
        },
    )
    model = EditModel(definitions, contact_512())
    unapplied = ["gone_property", "hs_object_id", "property_checkbox", "property_number"]
    assert sorted(apply_draft(model, draft)) == unapplied
    assert model.patch_body() == {"firstname": "Mia"}


def test_changed_since_names_properties_someone_else_changed() -> None:
    model = edited_model()
    draft = draft_from_model(model, PORTAL, "512", "Maria Jensen")
    assert draft is not None
    now = dict(contact_512())
    now["firstname"] = "Marie"  # someone else changed a property we also changed
    now["property_number"] = "5.000"  # same value, other formatting: no conflict
    now["company"] = "Other Inc."  # changed, but not by us: not our concern here
    fresh = EditModel(demo_definitions(), now)
    assert changed_since(fresh, draft) == ["firstname"]


# -- the store -------------------------------------------------------------------------------------


def make_draft(contact_id: str = "512", **edits: str) -> Draft:
    return Draft(
        portal=PORTAL,
        contact_id=contact_id,
        contact_label="Maria Jensen",
        loaded={name: "old" for name in edits},
        edits=dict(edits) or {"firstname": "Mia"},
    )


def test_file_names_are_hashes_and_never_readable(tmp_path: Path) -> None:
    name = draft_file_name(PORTAL, "512")
    assert name.startswith("draft-") and name.endswith(".json")
    assert "512" not in name and "hubapi" not in name
    assert draft_file_name(PORTAL, "512") != draft_file_name(PORTAL, "513")
    assert draft_file_name(PORTAL, "512") != draft_file_name("https://api.hubapi.eu", "512")


def test_load_missing_delete_and_list(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "not-yet")
    assert store.load(PORTAL, "512") is None
    assert store.list() == []
    store.delete(PORTAL, "512")  # nothing to delete: fine
    first = make_draft("512", firstname="A")
    second = Draft(**{**first.__dict__, "contact_id": "601", "saved_at": "2999-01-01T00:00:00.000Z"})
    store.save(first)
    store.save(second)
    assert [d.contact_id for d in store.list()] == ["601", "512"]  # newest first
    store.delete(PORTAL, "512")
    assert store.load(PORTAL, "512") is None
    assert [d.contact_id for d in store.list()] == ["601"]


def test_save_replaces_the_previous_draft(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save(make_draft(firstname="one"))
    store.save(make_draft(firstname="two"))
    loaded = store.load(PORTAL, "512")
    assert loaded is not None and loaded.edits == {"firstname": "two"}
    assert [p.name for p in tmp_path.iterdir()] == [draft_file_name(PORTAL, "512")]


@posix_only
def test_files_and_directory_are_private(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    store.save(make_draft())
    assert stat.S_IMODE((tmp_path / "drafts").stat().st_mode) == 0o700
    assert stat.S_IMODE(store.path_for(PORTAL, "512").stat().st_mode) == 0o600


@pytest.mark.parametrize("failing", ["replace", "fsync", "write"])
def test_a_failed_write_leaves_the_old_draft_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    store = DraftStore(tmp_path)
    store.save(make_draft(firstname="old"))
    before = store.path_for(PORTAL, "512").read_bytes()

    def boom(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    if failing == "replace":
        monkeypatch.setattr(os, "replace", boom)
    elif failing == "fsync":
        monkeypatch.setattr(os, "fsync", boom)
    else:
        real_fdopen = os.fdopen

        class HalfWriter:
            def __init__(self, fd: int, mode: str) -> None:
                self.inner = real_fdopen(fd, mode)

            def __enter__(self) -> HalfWriter:
                return self

            def __exit__(self, *exc: object) -> None:
                self.inner.close()

            def fileno(self) -> int:
                return self.inner.fileno()

            def write(self, data: bytes) -> int:
                self.inner.write(data[: len(data) // 2])
                self.inner.flush()
                raise OSError(5, "Input/output error")

            def flush(self) -> None:
                self.inner.flush()

        monkeypatch.setattr(os, "fdopen", HalfWriter)

    with pytest.raises(DraftError) as raised:
        store.save(make_draft(firstname="new " * 1000))
    assert "new" not in str(raised.value)
    monkeypatch.undo()
    assert store.path_for(PORTAL, "512").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [draft_file_name(PORTAL, "512")]  # no temp file left
    loaded = store.load(PORTAL, "512")
    assert loaded is not None and loaded.edits == {"firstname": "old"}


@posix_only
def test_sigkill_during_writes_never_leaves_a_broken_draft(tmp_path: Path) -> None:
    """A real process saving drafts in a loop is killed at random moments; what is on disk is
    always a complete draft (an earlier or the latest one)."""
    child = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from contact_editor.drafts import Draft, DraftStore
        store = DraftStore(Path({str(tmp_path)!r}))
        big = "x" * 200_000
        i = 0
        while True:
            store.save(Draft(portal="p", contact_id="1", contact_label="L", loaded={{}},
                             edits={{"n": str(i), "big": big}}))
            if i == 0:
                print("ready", flush=True)
            i += 1
        """
    )
    for round_ in range(5):
        proc = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(0.05 + 0.05 * round_)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        proc.stdout.close()
        draft = DraftStore(tmp_path).load("p", "1")
        assert draft is not None, f"round {round_}: draft missing or broken"
        assert int(draft.edits["n"]) >= 0 and len(draft.edits["big"]) == 200_000
    assert not list(tmp_path.glob("*.corrupt"))


# -- bad files ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{",
        b"\xff\xfe not utf-8",
        b"[1, 2, 3]",
        b'{"format": "something else"}',
        json.dumps({"format": "hubspot-contact-editor/draft", "version": 1}).encode(),
        json.dumps(
            {
                "format": "hubspot-contact-editor/draft", "version": 1, "portal": PORTAL,
                "contact_id": "512", "contact_label": "x", "saved_at": "x",
                "loaded": {}, "edits": {"firstname": 5},
            }
        ).encode(),
        b"[" * 100_000,
    ],
    ids=["empty", "truncated", "binary", "list", "other-format", "no-fields", "wrong-type", "deep"],
)
def test_a_corrupt_draft_is_set_aside_and_logged(
    tmp_path: Path, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    store = DraftStore(tmp_path)
    path = store.path_for(PORTAL, "512")
    path.write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="contact_editor.drafts"):
        assert store.load(PORTAL, "512") is None
    assert not path.exists()
    aside = list(tmp_path.glob(f"{path.name}.*.corrupt"))
    assert len(aside) == 1 and aside[0].read_bytes() == content
    assert "set aside" in caplog.text
    store.save(make_draft())  # and the contact can get a new draft
    assert store.load(PORTAL, "512") is not None


def test_list_sets_corrupt_files_aside_and_skips_the_rest(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save(make_draft())
    (tmp_path / "draft-garbage.json").write_text("nonsense", encoding="utf-8")
    (tmp_path / "unrelated.txt").write_text("hello", encoding="utf-8")
    old_tmp = tmp_path / ".draft-abc.tmp"
    old_tmp.write_text("half", encoding="utf-8")
    os.utime(old_tmp, (time.time() - 7200, time.time() - 7200))
    new_tmp = tmp_path / ".draft-def.tmp"
    new_tmp.write_text("being written", encoding="utf-8")
    assert [d.contact_id for d in store.list()] == ["512"]
    assert not old_tmp.exists() and new_tmp.exists()
    assert (tmp_path / "unrelated.txt").exists()
    assert len(list(tmp_path.glob("draft-garbage.json.*.corrupt"))) == 1


def test_a_draft_under_another_contacts_name_is_not_offered(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save(make_draft("601"))
    os.replace(store.path_for(PORTAL, "601"), store.path_for(PORTAL, "512"))
    assert store.load(PORTAL, "512") is None
    assert store.list() == []


def test_a_newer_format_is_left_alone(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    path = store.path_for(PORTAL, "512")
    newer = {**make_draft().to_json(), "version": DRAFT_VERSION + 1}
    path.write_text(json.dumps(newer), encoding="utf-8")
    assert store.load(PORTAL, "512") is None
    assert path.exists()


def test_an_unreadable_draft_is_none_not_an_error(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    store = DraftStore(tmp_path)
    store.path_for(PORTAL, "512").mkdir()  # reading a directory raises IsADirectoryError/PermissionError
    with caplog.at_level(logging.WARNING, logger="contact_editor.drafts"):
        assert store.load(PORTAL, "512") is None
    assert "could not read draft" in caplog.text


def test_an_unwritable_directory_raises_draft_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    with pytest.raises(DraftError):
        DraftStore(blocker / "drafts").save(make_draft())


# -- the token -----------------------------------------------------------------------------------


def test_no_token_in_draft_files(tmp_path: Path) -> None:
    register_secret(TOKEN)
    store = DraftStore(tmp_path)
    model = edited_model()
    draft = draft_from_model(model, PORTAL, "512", "Maria Jensen")
    assert draft is not None
    store.save(draft)
    assert find_secret([tmp_path], TOKEN) == []


def test_a_draft_holding_the_token_is_refused(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    register_secret(TOKEN)
    store = DraftStore(tmp_path)
    store.save(make_draft(firstname="fine"))
    with pytest.raises(DraftError) as raised:
        store.save(make_draft(firstname=f"pasted {TOKEN} by mistake"))
    assert TOKEN not in str(raised.value)
    assert TOKEN not in caplog.text
    loaded = store.load(PORTAL, "512")
    assert loaded is not None and loaded.edits == {"firstname": "fine"}
    assert find_secret([tmp_path], TOKEN) == []


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(text=st.text(max_size=200), label=st.text(max_size=40), contact_id=st.text(min_size=1, max_size=20))
def test_any_text_round_trips(tmp_path: Path, text: str, label: str, contact_id: str) -> None:
    store = DraftStore(tmp_path)
    draft = Draft(portal=PORTAL, contact_id=contact_id, contact_label=label,
                  loaded={"message": None}, edits={"message": text})
    store.save(draft)
    assert store.load(PORTAL, contact_id) == draft
