"""Every error the framework raises, under one base class.

```
PytauriLikeError
├── InvokeException          raised by a command to reject its call with `.value`
├── ConfigError              a config mapping or file that cannot be used
├── StateError               a managed-state type that is missing or already managed
├── WindowNotFoundError      no window with that label
├── UnsupportedWindowOperation  a window operation the runtime's windows cannot do
├── PermissionDenied         a capability refused a command for a window
└── CommandTimeout           a command ran past its timeout
```
"""

from __future__ import annotations

__all__ = (
    "CommandTimeout",
    "ConfigError",
    "InvokeException",
    "PermissionDenied",
    "PytauriLikeError",
    "StateError",
    "UnsupportedWindowOperation",
    "WindowNotFoundError",
)


class PytauriLikeError(Exception):
    """Base class of every error raised by pytauri_like."""


class InvokeException(PytauriLikeError):
    """Raise it in a command to reject the call with `value`; it is not logged.

    Example:
        ```python
        @commands.command()
        async def div(body: Pair) -> float:
            if body.b == 0:
                raise InvokeException("division by zero")
            return body.a / body.b
        ```
    """

    value: str
    """The message the JavaScript promise rejects with."""

    def __init__(self, value: str) -> None:
        super().__init__(value)
        self.value = value


class ConfigError(PytauriLikeError, ValueError):
    """The app configuration cannot be used; the message names the key."""


class StateError(PytauriLikeError, LookupError):
    """A managed-state lookup failed."""

    def __init__(self, message: str, *, state_type: type) -> None:
        super().__init__(message)
        self.state_type = state_type


class WindowNotFoundError(PytauriLikeError, LookupError):
    """No window has that label."""

    def __init__(self, label: str) -> None:
        super().__init__(f"no window with label {label!r}")
        self.label = label


class UnsupportedWindowOperation(PytauriLikeError, RuntimeError):
    """Window `window` cannot do `operation` in this runtime (a browser tab cannot be
    resized, moved, maximised or asked to close by its app)."""

    def __init__(self, operation: str, window: str, runtime: str) -> None:
        super().__init__(
            f"window `{window}`: {operation} is not available in the {runtime} runtime "
            "(its windows are browser tabs; the webview runtime has native windows)"
        )
        self.operation = operation
        self.window = window
        self.runtime = runtime


class PermissionDenied(PytauriLikeError):
    """A capability does not allow `command` for window `window`."""

    def __init__(self, command: str, window: str) -> None:
        super().__init__(f"command `{command}` is not allowed for window `{window}`")
        self.command = command
        self.window = window


class CommandTimeout(PytauriLikeError, TimeoutError):
    """A command ran longer than its configured timeout and was cancelled."""

    def __init__(self, command: str, seconds: float) -> None:
        super().__init__(f"command `{command}` timed out after {seconds:g} s")
        self.command = command
        self.seconds = seconds
