"""The NUMBER editor: a line edit whose text is read as an exact Decimal (F08).

Never float and never QDoubleSpinBox: a spin box has range limits and rounds, and its text is locale
formatted. A number is digits with the user's locale decimal separator or '.'. The editor takes every
keystroke (no validator silently dropping characters: "1e3" must not become "13"); text that is not a
number, with group separators, or that could be read two ways (German "1.234": 1.234 or 1234?) shows
an invalid state (red border, a tooltip from `number_hint`), `is_valid()` is False, `value()` keeps
the last valid value and `typed_text()` is the text (each keystroke then emits `changed`).

`number_hint(locale)` is the plain sentence saying what a number may look like; messages elsewhere
(the banner, the error under a field) reuse it.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QLineEdit, QWidget

from contact_editor.editing.codecs import EditorKind, Value
from contact_editor.hubspot.models import PropertyDefinition
from contact_editor.ui.editors_base import PropertyEditor, set_flag, tr

__all__ = ["NumberEditor", "format_decimal", "number_hint", "parse_decimal"]

_MINUS = frozenset("-\N{MINUS SIGN}")
_GROUPING = re.compile(r"[1-9]\d{0,2}\.\d{3}")


def _decimal_points(locale: QLocale) -> set[str]:
    return {".", locale.decimalPoint()}


def _normalise_digits(text: str) -> str | None:
    """ASCII digits for any Unicode decimal digits; None if another character is present."""
    out = []
    for char in text:
        digit = unicodedata.decimal(char, None)
        if digit is None:
            return None
        out.append(str(digit))
    return "".join(out)


def parse_decimal(text: str, locale: QLocale) -> Decimal | None:
    """Read typed text as a Decimal: None for empty text, ValueError for anything that is not
    exactly one number with at most one decimal separator."""
    body = text.strip()
    if not body:
        return None
    sign = ""
    for prefix in (*_MINUS, locale.negativeSign()):
        if prefix and body.startswith(prefix):
            sign, body = "-", body[len(prefix) :]
            break
    else:
        for prefix in ("+", locale.positiveSign()):
            if prefix and body.startswith(prefix):
                body = body[len(prefix) :]
                break
    points = [i for i, char in enumerate(body) if char in _decimal_points(locale)]
    if len(points) > 1:
        raise ValueError("more than one decimal separator")
    if points and body[points[0]] == "." and locale.groupSeparator() == "." and _GROUPING.fullmatch(body):
        raise ValueError("'.' could be a thousands separator here")
    whole, fraction = (body[: points[0]], body[points[0] + 1 :]) if points else (body, "")
    whole_digits, fraction_digits = _normalise_digits(whole), _normalise_digits(fraction)
    if whole_digits is None or fraction_digits is None or not (whole_digits or fraction_digits):
        raise ValueError("not a number")
    try:
        return Decimal(f"{sign}{whole_digits or '0'}.{fraction_digits}" if points else sign + whole_digits)
    except InvalidOperation as exc:  # pragma: no cover - the text is digits only by now
        raise ValueError("not a number") from exc


def format_decimal(value: Decimal, locale: QLocale) -> str:
    """Plain text for a Decimal: no exponent, no grouping, the locale's decimal separator."""
    text = format(value, "f")
    return text.replace(".", locale.decimalPoint()) if locale.decimalPoint() else text


def _in_locale_digits(digits: str, locale: QLocale) -> str:
    """ASCII `digits` written with the locale's digits (Arabic-Indic in Arabic locales, say)."""
    zero = locale.zeroDigit()
    if len(zero) != 1 or unicodedata.decimal(zero, None) != 0:
        return digits
    return "".join(chr(ord(zero) + int(d)) for d in digits)


def number_hint(locale: QLocale) -> str:
    """What a number may look like, in plain words for `locale`, with an example built from its
    decimal separator: en_US "... ('.') ... for example 1234.5", de_DE "... (',' or '.') ... 1234,5".
    Translatable (context "PropertyEditor"); one sentence ending with a full stop."""
    point = locale.decimalPoint() or "."
    example = _in_locale_digits("1234", locale) + point + _in_locale_digits("5", locale)
    separators = "'.'" if point == "." else tr("'{0}' or '.'").format(point)
    return tr("Type digits only, with at most one decimal separator ({0}) and no thousands "
              "separators, for example {1}.").format(separators, example)


class NumberEditor(PropertyEditor):
    """NUMBER: a QLineEdit taking any text; value() is Decimal or None (empty), the last valid one
    while the text is no number (then is_valid() is False and the edit is marked invalid)."""

    def __init__(self, defn: PropertyDefinition, kind: EditorKind, parent: QWidget | None = None) -> None:
        edit = QLineEdit(parent)
        super().__init__(defn, kind, edit, parent)
        self._edit = edit
        self._valid_value: Decimal | None = None
        self._valid = True
        self._edit.textChanged.connect(self._on_text)

    def value(self) -> Value:
        return self._valid_value

    def is_valid(self) -> bool:
        return self._valid

    def typed_text(self) -> str | None:
        return None if self._valid else self._edit.text()

    def put_typed(self, text: str) -> bool:
        self._edit.setText(text)
        return True

    def _show(self, value: Value) -> None:
        number = value if isinstance(value, Decimal) else None
        locale = self._edit.locale()
        self._edit.setText("" if number is None else format_decimal(number, locale))
        self._valid_value, self._valid = number, True
        self._mark_valid(True)

    def _lock(self, read_only: bool) -> None:
        self._edit.setReadOnly(read_only)
        set_flag(self._edit, "locked", read_only)

    def _on_text(self, text: str) -> None:
        if self._loading:
            return
        locale = self._edit.locale()
        try:
            self._valid_value, self._valid = parse_decimal(text, locale), True
        except ValueError:
            self._valid = False
        self._mark_valid(self._valid)
        self._user_edit()

    def _mark_valid(self, valid: bool) -> None:
        set_flag(self._edit, "invalid", not valid)
        if valid:
            self._edit.setToolTip("")
            return
        self._edit.setToolTip(tr("This is not a number.") + " " + number_hint(self._edit.locale()))
