"""`python -m pytauri_like`: the `pytauri-like` command line."""

from __future__ import annotations

import sys

from ._cli import main

__all__ = ("main",)

if __name__ == "__main__":
    sys.exit(main())
