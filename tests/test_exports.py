"""The public surface is explicit: every public module's `__all__` matches what it defines."""

from __future__ import annotations

import importlib
import inspect

import pytest

PUBLIC_MODULES = ["pytauri_like", "pytauri_like.ipc", "pytauri_like.testing"]


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_is_a_sorted_tuple_of_defined_names(name: str) -> None:
    module = importlib.import_module(name)
    exported = module.__all__
    assert isinstance(exported, tuple)
    assert list(exported) == sorted(exported)
    for attr in exported:
        assert hasattr(module, attr), f"{name}.__all__ names {attr!r}, which is not defined"


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_every_public_name_is_exported(name: str) -> None:
    """Whatever a public module defines without an underscore is in its `__all__`."""
    module = importlib.import_module(name)
    public = {
        attr
        for attr, value in vars(module).items()
        if not attr.startswith("_")
        and not inspect.ismodule(value)
        and attr not in {"annotations", "TYPE_CHECKING"}
        and getattr(value, "__module__", None) == name
    }
    assert public <= set(module.__all__), public - set(module.__all__)


def test_spec_names_exist() -> None:
    """The names spec §1-§4 promise, where it promises them."""
    import pytauri_like
    import pytauri_like.ipc as ipc

    for attr in ("Commands", "InvokeException", "builder_factory", "context_factory"):
        assert hasattr(pytauri_like, attr)
    for attr in (
        "Commands",
        "Invoke",
        "InvokeResolver",
        "InvokeException",
        "ArgumentsType",
        "ParametersType",
        "Headers",
        "State",
        "JavaScriptChannelId",
        "Channel",
    ):
        assert hasattr(ipc, attr), attr
    assert pytauri_like.InvokeException is ipc.InvokeException
    assert pytauri_like.Commands is ipc.Commands
