#!/usr/bin/env bash
# Prepare the WebKitGTK benchmark targets (ours-gtk, pywebview-gtk, floor-gtk, pytauri-gtk).
#
#   bash benchmarks/setup_gtk.sh
#
# Idempotent: installs the Debian packages that are missing (one `apt-get update` first, only
# if something is missing), then creates benchmarks/.venv-gtk with Debian's own python3
# (PyGObject comes from Debian, so the venv sees the system site-packages) and installs
# pywebview, the real pytauri 0.8 (pytauri-wheel) and this repository (editable) there.
# `python -m benchmarks` runs the GTK targets whenever that venv exists.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
VENV="$HERE/.venv-gtk"
PACKAGES=(
    python3-gi python3-gi-cairo gir1.2-gtk-3.0 gir1.2-webkit2-4.1
    libwebkit2gtk-4.1-0 libjavascriptcoregtk-4.1-0 libgtk-3-0 libsoup-3.0-0
    python3-venv xvfb xauth
)
PIP_PACKAGES=(pywebview "pytauri-wheel==0.8.0")

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for package in "${PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
    [ "$status" = "install ok installed" ] || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup_gtk: installing Debian packages: ${missing[*]}"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        "${missing[@]}"
else
    echo "setup_gtk: Debian packages already installed"
fi

if [ ! -x "$VENV/bin/python" ]; then
    echo "setup_gtk: creating $VENV (Debian python3, system site-packages for PyGObject)"
    /usr/bin/python3 -m venv --system-site-packages "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet "${PIP_PACKAGES[@]}"
"$VENV/bin/python" -m pip install --quiet -e "$REPO"

# Check what the targets import, so a broken install fails here and not mid-benchmark.
"$VENV/bin/python" - <<'EOF'
import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import Gtk, WebKit2  # noqa: F401

from importlib.metadata import version

import pytauri_like  # noqa: F401
import pytauri_wheel.lib  # noqa: F401
import webview  # noqa: F401

webkit = ".".join(
    str(f()) for f in (WebKit2.get_major_version, WebKit2.get_minor_version, WebKit2.get_micro_version)
)
print(
    f"setup_gtk: ok: WebKitGTK {webkit}, pywebview {version('pywebview')}, "
    f"pytauri-wheel {version('pytauri-wheel')}, pytauri_like importable"
)
EOF
echo "setup_gtk: done; run \`python -m benchmarks\` (the GTK targets run under xvfb-run -a)"
