"""A DCC-style tool panel: a scene outliner with rename and export, selection from Python.

Run it (from the repository root):

    python examples/dcc_panel/app.py

A native window opens when a display is available; otherwise the panel is served on
loopback and the URL is printed (`PYTAURI_LIKE_RUNTIME=browser` forces that).

In a real DCC (Maya, Houdini, Blender…) `Scene` would wrap the host's API; here it is an
in-memory stand-in so the example runs anywhere.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from pytauri_like.auroraview import WebView

HERE = Path(__file__).resolve().parent


class Scene:
    """The host application's scene, as the panel sees it (`auroraview.api.*`)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._nodes: dict[str, str] = {
            "camera1": "camera",
            "key_light": "light",
            "hero_cube": "mesh",
            "ground_plane": "mesh",
            "rig_grp": "group",
        }
        self._selection: list[str] = []

    def get_outliner(self) -> list[dict[str, str]]:
        """Every node, sorted by name: `[{"name", "type"}]`."""
        with self._lock:
            return [{"name": n, "type": t} for n, t in sorted(self._nodes.items())]

    def rename(self, old_name: str, new_name: str) -> dict[str, Any]:
        """Rename a node; rejects empty, duplicate or unknown names."""
        new_name = new_name.strip()
        with self._lock:
            if old_name not in self._nodes:
                raise KeyError(f"no node named {old_name!r}")
            if not new_name.isidentifier():
                raise ValueError(f"{new_name!r} is not a valid node name")
            if new_name in self._nodes:
                raise ValueError(f"a node named {new_name!r} already exists")
            self._nodes[new_name] = self._nodes.pop(old_name)
            self._selection = [new_name if s == old_name else s for s in self._selection]
        return {"ok": True, "old": old_name, "new": new_name}

    def select(self, names: list[str]) -> list[str]:
        """Select nodes (what clicking in the outliner does); returns the selection."""
        with self._lock:
            self._selection = [n for n in names if n in self._nodes]
            return list(self._selection)

    def export(self, path: str) -> dict[str, Any]:
        """Write the scene as JSON to `path` (a stand-in for an FBX/USD export)."""
        with self._lock:
            data = {"nodes": dict(self._nodes), "selection": list(self._selection)}
        Path(path).write_text(json.dumps(data, indent=2), encoding="utf-8")
        return {"path": path, "count": len(data["nodes"])}

    def _pick(self, name: str) -> list[str]:
        """The viewport picked `name` (called by the host, not the panel)."""
        with self._lock:
            if name in self._nodes:
                self._selection = [name]
            return list(self._selection)


def main() -> int:
    scene = Scene()
    webview = WebView(
        title="Scene outliner", url=HERE / "frontend", width=420, height=560, api=scene
    )

    @webview.on("export_scene")
    def export_scene(data: dict[str, Any]) -> None:
        # Fire-and-forget from the panel; the outcome comes back as an event.
        default = os.path.join(tempfile.gettempdir(), "scene_export.json")
        try:
            result = scene.export(data.get("path") or default)
        except OSError as e:
            webview.emit("export_failed", {"message": str(e)})
        else:
            webview.emit("export_done", result)

    def viewport_picks(stop: threading.Event) -> None:
        # Simulate the DCC's viewport: the selection changes in the host and is pushed.
        interval = float(os.environ.get("DCC_PANEL_VIEWPORT_INTERVAL", "4"))
        i = 0
        while not stop.wait(interval):
            names = [node["name"] for node in scene.get_outliner()]
            picked = scene._pick(names[i % len(names)])  # pyright: ignore[reportPrivateUsage]
            webview.emit("selection_changed", {"items": picked, "source": "viewport"})
            i += 1

    stopper = threading.Event()
    if os.environ.get("DCC_PANEL_SIMULATE_VIEWPORT", "1") == "1":
        threading.Thread(target=viewport_picks, args=(stopper,), daemon=True).start()
    try:
        return webview.show()
    finally:
        stopper.set()


if __name__ == "__main__":
    sys.exit(main())
