"""Find files shipped under resources/ (seed data, icons, translations), installed or not.

A wheel carries them inside the package as `contact_editor/_resources` (pyproject force-includes
`resources/` there). A source checkout has them at `<repo>/resources`.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resource_roots() -> tuple[Path, ...]:
    """The folders searched, in order: the installed copy first, then the repo checkout."""
    return (_PACKAGE_DIR / "_resources", _PACKAGE_DIR.parents[1] / "resources")


def resource_path(*parts: str) -> Path:
    """Return the path of a shipped resource, e.g. `resource_path("sandbox", "contacts.json")`.

    Raises FileNotFoundError when no root holds it.
    """
    for root in resource_roots():
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"resource not found: {'/'.join(parts)}")
