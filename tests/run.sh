#!/usr/bin/env bash
# Install what the tests need, then run every check: ruff, mypy and the pytest suite.
#   bash tests/run.sh            (from the repository root; extra arguments go to pytest)
# System packages (a Secret Service keyring, D-Bus, Xvfb and Qt's X11 libraries) come from apt when
# they are missing and we may install them (root, or sudo without a password).
set -euo pipefail
cd "$(dirname "$0")/.."

system_packages=(gnome-keyring dbus xvfb xauth libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4
  libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0
  libegl1 libgl1 libfontconfig1 libdbus-1-3 fonts-dejavu-core)
missing=()
for p in "${system_packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

python="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'

echo "== ruff"; .venv/bin/ruff check gui tests
echo "== mypy"; .venv/bin/mypy
echo "== pytest"; .venv/bin/python -m pytest "$@"
