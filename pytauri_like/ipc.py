"""Commands, invokes and channels: the Python side of `invoke()` (like `pytauri.ipc`)."""

from ._channel import Channel as Channel
from ._channel import JavaScriptChannelId as JavaScriptChannelId
from ._commands import Commands as Commands
from ._errors import InvokeException as InvokeException
from ._invoke import ArgumentsType as ArgumentsType
from ._invoke import Invoke as Invoke
from ._invoke import InvokeResolver as InvokeResolver
from ._invoke import ParametersType as ParametersType
from ._state import State as State
from ._types import Headers as Headers

__all__ = (
    "ArgumentsType",
    "Channel",
    "Commands",
    "Headers",
    "Invoke",
    "InvokeException",
    "InvokeResolver",
    "JavaScriptChannelId",
    "ParametersType",
    "State",
)
