"""Placeholder: being written. AppHandle is defined here."""
from __future__ import annotations


class AppHandle:
    """Handle to the running app (being written)."""
