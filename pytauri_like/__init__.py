"""pytauri_like: Tauri-style desktop apps in pure Python.

Write commands with `@commands.command()`, call them from any web frontend with
`pyInvoke`/`invoke`, stream over channels, exchange events, and run in a native window
(pywebview) or the user's browser.
"""

from ._app import App as App
from ._app import Builder as Builder
from ._app import BuilderArgs as BuilderArgs
from ._app import Context as Context
from ._app import builder_factory as builder_factory
from ._app import context_factory as context_factory
from ._assets import AssetScope as AssetScope
from ._commands import Commands as Commands
from ._config import Config as Config
from ._cursor import CursorIcon as CursorIcon
from ._errors import CommandTimeout as CommandTimeout
from ._errors import ConfigError as ConfigError
from ._errors import InvokeException as InvokeException
from ._errors import PermissionDenied as PermissionDenied
from ._errors import PytauriLikeError as PytauriLikeError
from ._errors import StateError as StateError
from ._errors import UnsupportedWindowOperation as UnsupportedWindowOperation
from ._errors import WindowNotFoundError as WindowNotFoundError
from ._events import Event as Event
from ._events import EventId as EventId
from ._handle import AppHandle as AppHandle
from ._monitor import Monitor as Monitor
from ._monitor import PhysicalRect as PhysicalRect
from ._state import State as State
from ._traits import Emitter as Emitter
from ._traits import Listener as Listener
from ._traits import Manager as Manager
from ._window import LogicalPosition as LogicalPosition
from ._window import LogicalSize as LogicalSize
from ._window import PhysicalPosition as PhysicalPosition
from ._window import PhysicalSize as PhysicalSize
from ._window import SizeConstraints as SizeConstraints
from ._window import Webview as Webview
from ._window import WebviewWindow as WebviewWindow

__version__ = "0.1.0"

__all__ = (
    "App",
    "AppHandle",
    "AssetScope",
    "Builder",
    "BuilderArgs",
    "CommandTimeout",
    "Commands",
    "Config",
    "ConfigError",
    "Context",
    "CursorIcon",
    "Emitter",
    "Event",
    "EventId",
    "InvokeException",
    "Listener",
    "LogicalPosition",
    "LogicalSize",
    "Manager",
    "Monitor",
    "PermissionDenied",
    "PhysicalPosition",
    "PhysicalRect",
    "PhysicalSize",
    "PytauriLikeError",
    "SizeConstraints",
    "State",
    "StateError",
    "UnsupportedWindowOperation",
    "Webview",
    "WebviewWindow",
    "WindowNotFoundError",
    "builder_factory",
    "context_factory",
)
