"""Testing commands with `pytauri_like.testing.AppTester` (run by tests/test_docs_snippets.py).

The app under test is docs/snippets/quickstart/app.py and docs/snippets/state.py.
"""

from __future__ import annotations

import pytest
from quickstart.app import commands
from state import Counter
from state import commands as counter_commands
from state import setup as counter_setup

from pytauri_like.testing import AppTester, InvokeRejected


# --8<-- [start:basics]
def test_greet() -> None:
    with AppTester(commands) as app:
        assert app.invoke("greet", {"name": "Ada"}) == {"message": "Hello, Ada!", "letters": 3}


def test_greet_rejects_a_bad_body() -> None:
    with AppTester(commands) as app, pytest.raises(InvokeRejected) as rejected:
        app.invoke("greet", {"nom": "Ada"})
    assert "validation error" in rejected.value.message


# --8<-- [end:basics]


# --8<-- [start:channel]
def test_count_to_streams_progress() -> None:
    with AppTester(commands) as app:
        progress = app.channel()
        assert app.invoke("count_to", {"total": 3, "on_progress": progress}) == "counted to 3"
        assert progress.messages == [
            {"done": 1, "total": 3},
            {"done": 2, "total": 3},
            {"done": 3, "total": 3},
        ]


# --8<-- [end:channel]


# --8<-- [start:cancel]
def test_count_to_can_be_cancelled() -> None:
    with AppTester(commands) as app:
        progress = app.channel()
        call = app.start_invoke("count_to", {"total": 1000, "on_progress": progress})
        progress.wait_for(1)  # it is running
        call.cancel()  # what an aborted AbortSignal does
        assert len(progress.messages) < 1000
        assert not call.settled  # an aborted call gets no result


# --8<-- [end:cancel]


# --8<-- [start:state]
def test_state_is_shared_between_calls() -> None:
    with AppTester(counter_commands, setup=counter_setup) as app:
        assert [app.invoke("increment") for _ in range(3)] == [1, 2, 3]
        assert app.app_handle.state(Counter).value == 3


# --8<-- [end:state]
