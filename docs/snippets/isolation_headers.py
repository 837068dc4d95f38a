"""Extra response headers: a cross-origin isolated page."""

from __future__ import annotations

from typing import Any

# --8<-- [start:config]
CONFIG: dict[str, Any] = {
    "app": {
        "security": {
            "headers": {
                "Cross-Origin-Opener-Policy": "same-origin",
                "Cross-Origin-Embedder-Policy": "require-corp",
                "Permissions-Policy": ["camera=()", "microphone=()"],
            }
        }
    }
}
# --8<-- [end:config]
