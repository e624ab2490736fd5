"""PropertyForm builds rows lazily: the same rows, object names and values whichever way a row gets
built (at once, in the background, for the viewport, on demand, in any order); a form of 5,000
fields is usable at once; rows far from the viewport are dropped and come back as they were; Tab
goes through the rows in display order."""

from __future__ import annotations

import dataclasses
import random
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from contact_editor.editing.edit_model import EditModel
from contact_editor.hubspot.models import PropertyDefinition, PropertyGroup, PropertyOption
from contact_editor.ui import form as form_module
from contact_editor.ui.form import PropertyForm, arrange

KINDS = [("string", "text"), ("number", "number"), ("bool", "booleancheckbox"), ("date", "date"),
         ("datetime", "date"), ("enumeration", "select"), ("enumeration", "radio"),
         ("enumeration", "checkbox"), ("string", "textarea")]
FOUR = tuple(PropertyOption(f"Option {j}", f"o{j}", j) for j in range(4))
YES_NO = (PropertyOption("Yes", "true", 0), PropertyOption("No", "false", 1))


def generated(count: int, groups: int = 20) -> tuple[list[PropertyDefinition], list[PropertyGroup]]:
    """`count` definitions of every kind over `groups` groups, a few locked or hidden, and one
    dropdown of 5,000 options."""
    defs = []
    for i in range(count):
        type_, field_type = KINDS[i % len(KINDS)]
        options = YES_NO if type_ == "bool" else FOUR if type_ == "enumeration" else ()
        defs.append(PropertyDefinition(
            name=f"p{i}", label=f"Property {i}", type=type_, field_type=field_type,
            group_name=f"g{i % groups}", options=options, display_order=i,
            read_only_value=i % 37 == 5, hidden=i % 41 == 7))
    defs.append(PropertyDefinition(
        name="big", label="Big list", type="enumeration", field_type="select", group_name="g0",
        options=tuple(PropertyOption(f"Choice {j}", f"c{j}", j) for j in range(5000))))
    return defs, [PropertyGroup(f"g{k}", f"Group {k}", k) for k in range(groups)]


def values_for(count: int) -> dict[str, str | None]:
    values: dict[str, str | None] = {"big": "c4321"}
    for i in range(count):
        type_, field_type = KINDS[i % len(KINDS)]
        if i % 3:
            continue
        values[f"p{i}"] = {"string": f"value {i}", "number": str(i), "bool": "true", "date": "2024-05-01",
                           "datetime": "2024-05-01T10:30:00Z"}.get(type_, "o1" if field_type != "checkbox"
                                                                   else "o1;o3")
    return values


def make(qtbot: QtBot, count: int, groups: int = 20, show: bool = True) -> tuple[PropertyForm, EditModel]:
    defs, groups_ = generated(count, groups)
    model = EditModel(defs, values_for(count))
    form = PropertyForm(defs, groups_, model)
    qtbot.addWidget(form)
    if show:
        form.resize(800, 600)
        form.show()
    return form, model


def settle(qtbot: QtBot, form: PropertyForm) -> None:
    qtbot.waitUntil(lambda: not form.is_busy(), timeout=20_000)


def snapshot(form: PropertyForm, name: str) -> dict[str, object]:
    """Everything a person or automation sees of one row."""
    label = form.findChild(QLabel, f"label:{name}")
    field = form.findChild(QWidget, f"field:{name}")
    assert label is not None and field is not None, name
    editor = form.editor(name)
    return {
        "names": sorted(w.objectName() for w in field.findChildren(QWidget) if w.objectName()),
        "label": label.text(),
        "tooltip": label.toolTip(),
        "value": editor.value(),
        "read_only": editor.is_read_only(),
        "lock": form.findChild(QLabel, f"lock:{name}").isVisibleTo(field),  # type: ignore[union-attr]
        "kind": editor.kind,
    }


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Forms of any size behave like big ones: nothing built at once but the first screen, nothing
    in the background."""
    monkeypatch.setattr(form_module, "SYNC_ALL", 0)
    monkeypatch.setattr(form_module, "BACKGROUND_ALL", 0)
    yield


def test_every_way_of_building_gives_the_same_rows(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    count = 120
    eager, _ = make(qtbot, count, show=False)
    eager.ensure_all_built()
    expected = {name: snapshot(eager, name) for name in eager.names()}
    defs, groups = generated(count)
    assert eager.names() == [d.name for _, _, ds in arrange(defs, groups) for d in ds]

    monkeypatch.setattr(form_module, "SYNC_ALL", 0)
    background, _ = make(qtbot, count)  # the first screen now, the rest in the background
    assert 0 < background.built_count() < len(expected)
    qtbot.waitUntil(background.is_fully_built, timeout=20_000)
    assert {name: snapshot(background, name) for name in background.names()} == expected

    monkeypatch.setattr(form_module, "BACKGROUND_ALL", 0)
    on_demand, _ = make(qtbot, count, show=False)
    names = on_demand.names()
    random.Random(5).shuffle(names)
    for name in names:  # any order
        on_demand.ensure_built(name)
    assert on_demand.is_fully_built()
    assert {name: snapshot(on_demand, name) for name in on_demand.names()} == expected
    # ... and laid out in display order, whatever order the rows were built in
    on_demand.show()
    settle(qtbot, on_demand)
    content = on_demand.findChild(QWidget, "property-form-content")
    assert content is not None
    labels = [lbl for lbl in content.findChildren(QLabel) if lbl.objectName().startswith("label:")]
    labels.sort(key=lambda lbl: lbl.mapTo(content, lbl.rect().topLeft()).y())
    shown = [lbl.objectName().removeprefix("label:") for lbl in labels]
    assert shown == on_demand.names()


def test_a_form_of_5000_fields_is_usable_at_once(qtbot: QtBot) -> None:
    form, _ = make(qtbot, 5000)
    first = form.names()[:5]
    for name in first:  # the first screen exists right after construction
        assert form.findChild(QWidget, f"property:{name}") is not None, name
    assert form.built_count() < 200 and not form.is_fully_built()
    last = form.names()[-1]
    assert form.findChild(QWidget, f"property:{last}") is None
    assert form.editor(last).widget.objectName() == f"property:{last}"  # built on demand
    assert form.findChild(QWidget, f"property:{last}") is form.editor(last).widget
    big = form.editor("big")  # the dropdown of 5,000 options shows its value
    assert big.value() == "c4321"
    settle(qtbot, form)
    scroll = form.findChild(QScrollArea, "property-form-scroll")
    assert isinstance(scroll, QScrollArea)
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 100_000  # the scroll bar covers all 5,000 rows from the start
    bar.setValue(bar.maximum())
    settle(qtbot, form)
    viewport = scroll.viewport()
    assert viewport is not None
    visible = [w for w in viewport.findChildren(QLabel) if w.objectName().startswith("label:")
               and w.isVisible() and w.visibleRegion().boundingRect().height() > 0]
    assert visible, "the rows at the bottom are built and on screen"
    assert form.built_count() <= form_module.ROW_CAP


def test_rows_far_away_are_dropped_and_come_back_as_they_were(qtbot: QtBot) -> None:
    form, model = make(qtbot, 3000, groups=1)
    settle(qtbot, form)
    name = form.names()[1]
    edit = form.findChild(QLineEdit, f"property:{name}")
    assert isinstance(edit, QLineEdit)
    edit.setText("Changed by hand")
    assert model.is_dirty(name)
    edit.clearFocus()
    scroll = form.findChild(QScrollArea, "property-form-scroll")
    assert isinstance(scroll, QScrollArea)
    bar = scroll.verticalScrollBar()
    for _ in range(60):  # a long scroll down builds rows all the way
        bar.setValue(bar.value() + scroll.height())
        settle(qtbot, form)
    assert form.built_count() <= form_module.ROW_CAP
    assert form.findChild(QWidget, f"label:{name}") is None, "the first rows were dropped"
    bar.setValue(0)
    settle(qtbot, form)
    label = form.findChild(QLabel, f"label:{name}")
    assert isinstance(label, QLabel) and label.property("changed") is True  # still marked changed
    edit = form.findChild(QLineEdit, f"property:{name}")
    assert isinstance(edit, QLineEdit) and edit.text() == "Changed by hand"
    assert model.patch_body() == {name: "Changed by hand"}


def test_rows_asked_for_by_name_or_with_errors_are_kept(qtbot: QtBot) -> None:
    form, _ = make(qtbot, 3000, groups=1)
    settle(qtbot, form)
    kept = form.editor("p2")
    form.show_errors({"p3": "Not allowed."})
    scroll = form.findChild(QScrollArea, "property-form-scroll")
    assert isinstance(scroll, QScrollArea)
    bar = scroll.verticalScrollBar()
    for _ in range(60):
        bar.setValue(bar.value() + scroll.height())
        settle(qtbot, form)
    assert form.findChild(QWidget, "property:p2") is kept.widget
    error = form.findChild(QLabel, "error:p3")
    assert isinstance(error, QLabel) and error.text() == "Not allowed."


def test_ensure_all_built_builds_and_keeps_everything(qtbot: QtBot, small_limits: None) -> None:
    form, _ = make(qtbot, 700, groups=1)
    assert not form.is_fully_built()
    done: list[int] = []
    form.fully_built.connect(lambda: done.append(1))
    form.ensure_all_built()
    assert form.is_fully_built() and done == [1] and form.built_count() == 701
    settle(qtbot, form)
    assert form.built_count() == 701  # none dropped afterwards
    assert all(form.findChild(QWidget, f"property:{name}") is not None for name in form.names())


def test_small_forms_are_complete_right_after_construction(qtbot: QtBot) -> None:
    form, _ = make(qtbot, 40, show=False)
    assert form.is_fully_built()


def test_tab_goes_through_rows_in_display_order(qtbot: QtBot, small_limits: None) -> None:
    defs = [PropertyDefinition(name=f"t{i}", label=f"Text {i}", type="string", field_type="text",
                               group_name="g", display_order=i) for i in range(200)]
    model = EditModel(defs, {})
    form = PropertyForm(defs, [PropertyGroup("g", "G", 0)], model)
    qtbot.addWidget(form)
    form.resize(600, 400)
    form.show()
    settle(qtbot, form)
    form.ensure_built("t150")  # built before the rows above it: Qt's own order would jump there
    first = form.editor("t0").widget
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    seen = []
    for _ in range(30):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget().objectName())
    assert seen == [f"property:t{i}" for i in range(1, 31)]  # rows not built yet are built on the way
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert QApplication.focusWidget().objectName() == "property:t29"


def test_tab_through_a_radio_row_goes_chosen_option_then_clear_choice(qtbot: QtBot) -> None:
    """The form steers Tab itself: through a radio row it goes as drawn, the chosen option first
    (not every option, not "Clear choice" first), then "Clear choice", then the next row."""
    defs = [PropertyDefinition(name="a", label="A", type="string", field_type="text", group_name="g"),
            PropertyDefinition(name="r", label="R", type="enumeration", field_type="radio", group_name="g",
                               options=FOUR, display_order=1),
            PropertyDefinition(name="b", label="B", type="string", field_type="text", group_name="g",
                               display_order=2)]
    form = PropertyForm(defs, [PropertyGroup("g", "G", 0)], EditModel(defs, {"r": "o2"}))
    qtbot.addWidget(form)
    form.resize(600, 400)
    form.show()
    settle(qtbot, form)
    first = form.editor("a").widget
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    seen = []
    for key in [Qt.Key.Key_Tab] * 3 + [Qt.Key.Key_Backtab] * 3:
        qtbot.keyClick(QApplication.focusWidget(), key)
        seen.append(QApplication.focusWidget().objectName())
    assert seen == ["property:r:o2", "property:r/clear", "property:b",
                    "property:r/clear", "property:r:o2", "property:a"]


def test_a_narrow_form_narrows_the_labels_so_the_editors_stay_in_view(qtbot: QtBot) -> None:
    """At 640 pixels the label column (up to 360 pixels wide for long labels) gives way: no
    horizontal scroll bar, every built editor ends inside the viewport, long labels wrap; a wide
    form has its full label column again."""
    defs, groups = generated(60, groups=3)
    long = "Preferred follow-up date and time agreed with the account manager on the last call"
    defs = [dataclasses.replace(defn, label=long) if defn.name == "p4" else defn for defn in defs]
    form = PropertyForm(defs, groups, EditModel(defs, values_for(60)))
    qtbot.addWidget(form)
    form.resize(1280, 600)
    form.show()
    settle(qtbot, form)
    scroll = form.findChild(QScrollArea, "property-form-scroll")
    assert scroll is not None
    wide = form.findChild(QLabel, "label:p4").width()
    assert wide > 300
    form.resize(640, 480)
    qtbot.waitUntil(lambda: form.width() == 640)
    settle(qtbot, form)
    viewport = scroll.viewport()
    label = form.findChild(QLabel, "label:p4")

    def outside() -> list[str]:
        """Fields whose editor does not end inside the viewport."""
        names = []
        for name in form.names():
            editor = form.editor(name).widget
            right = editor.mapTo(viewport, QPoint(editor.width(), 0)).x()
            if not 0 < right <= viewport.width():
                names.append(name)
        return names

    # Layout passes may still be queued after settle() on a busy machine: wait for the end state.
    bar = scroll.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() == 0 and not bar.isVisible() and not outside(), timeout=5000)
    assert label.width() < wide and label.wordWrap()
    form.resize(1280, 600)
    qtbot.waitUntil(lambda: form.width() == 1280)
    settle(qtbot, form)
    qtbot.waitUntil(lambda: form.findChild(QLabel, "label:p4").width() == wide, timeout=5000)


def test_delete_later_takes_the_rows_away_in_slices(qtbot: QtBot) -> None:
    form, _ = make(qtbot, 300)
    qtbot.waitUntil(form.is_fully_built, timeout=20_000)
    gone: list[int] = []
    form.destroyed.connect(lambda: gone.append(1))
    form.hide()
    form.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not gone and form.built_count() == 301  # not all at once: in slices from now on
    qtbot.waitUntil(lambda: bool(gone), timeout=10_000)


def test_prepare_layout_on_another_thread_is_used_by_the_form(qtbot: QtBot) -> None:
    defs, groups = generated(500)
    worker = threading.Thread(target=form_module.prepare_layout, args=(defs, groups))
    worker.start()
    worker.join()
    prepared = form_module._last_shape[0][3]
    model = EditModel(defs, values_for(500))
    form = PropertyForm(defs, groups, model)
    qtbot.addWidget(form)
    assert form_module._last_shape[0][3] is prepared  # found, not worked out again
    assert form.names() == [d.name for _, _, ds in arrange(defs, groups) for d in ds]


def test_warm_up_leaves_nothing_behind(qtbot: QtBot) -> None:
    defs, groups = generated(100)
    form_module.prepare_layout(defs, groups)
    kept = list(form_module._last_shape)
    before = {id(w) for w in QApplication.allWidgets()}
    form_module.warm_up()
    qtbot.wait(200)  # its steps run from zero timers
    assert form_module._last_shape == kept
    assert not [w for w in QApplication.allWidgets() if id(w) not in before and w.objectName().startswith(
        ("property:", "label:", "field:", "property-form"))]
