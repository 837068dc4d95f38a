"""Monitors: the screens windows are shown on, as Tauri's `Monitor` describes them (device
pixels, a work area without panels and docks, a scale factor), and which one holds a point
or a window. The runtime reads them from its toolkit; everything here is plain data."""

from __future__ import annotations

from typing import Any, NamedTuple

from ._window import PhysicalPosition, PhysicalSize

__all__ = ("Monitor", "Monitors", "PhysicalRect", "monitor_at", "monitor_of")


class PhysicalRect(NamedTuple):
    """A rectangle in device pixels: its top left corner and its size."""

    position: PhysicalPosition
    size: PhysicalSize

    def contains(self, x: float, y: float) -> bool:
        """Whether the point `(x, y)` is inside (the right and bottom edges are not)."""
        left, top = self.position
        return left <= x < left + self.size.width and top <= y < top + self.size.height

    def overlap(self, other: PhysicalRect) -> int:
        """How many device pixels the two rectangles share."""
        (ax, ay), (aw, ah) = self
        (bx, by), (bw, bh) = other
        width = min(ax + aw, bx + bw) - max(ax, bx)
        height = min(ay + ah, by + bh) - max(ay, by)
        return max(width, 0) * max(height, 0)


class Monitor(NamedTuple):
    """One screen, as Tauri's `Monitor`: where it is on the desktop and how large, in device
    pixels; its work area (the part panels and docks leave to windows); and its device
    pixels per logical pixel."""

    name: str | None
    size: PhysicalSize
    position: PhysicalPosition
    work_area: PhysicalRect
    scale_factor: float

    @property
    def rect(self) -> PhysicalRect:
        """The whole screen as a rectangle on the desktop."""
        return PhysicalRect(self.position, self.size)

    def to_json(self) -> dict[str, Any]:
        """The monitor as Tauri serialises it (what `currentMonitor()` and the others of
        `@tauri-apps/api/window` read)."""
        return {
            "name": self.name,
            "size": self.size._asdict(),
            "position": self.position._asdict(),
            "workArea": {
                "position": self.work_area.position._asdict(),
                "size": self.work_area.size._asdict(),
            },
            "scaleFactor": self.scale_factor,
        }


class Monitors(NamedTuple):
    """Every monitor the toolkit knows, and the one it calls primary (`None`: it names none)."""

    all: tuple[Monitor, ...]
    primary: Monitor | None


def monitor_at(monitors: Monitors, x: float, y: float) -> Monitor | None:
    """The monitor holding the desktop point `(x, y)` (device pixels), or `None`."""
    return next((m for m in monitors.all if m.rect.contains(x, y)), None)


def monitor_of(monitors: Monitors, window: PhysicalRect) -> Monitor | None:
    """The monitor a window is on: the one holding most of it (`None`: it is on none)."""
    best = max(monitors.all, key=lambda m: m.rect.overlap(window), default=None)
    return best if best is not None and best.rect.overlap(window) > 0 else None
