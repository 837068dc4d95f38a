"""What each step of the e2e scenario (apps/scenario/frontend/scenario.js) must return.

Shared by the Chromium tests (one test per step) and the native-window test (all steps
in one run), so both engines are held to the same expectations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

MiB = 1024 * 1024


def json(r: Any) -> None:
    assert r["viaPy"] == {"message": "Hello, Ada!", "next_age": 37}
    assert r["viaInvoke"] == {"message": "Hello, Bo!", "next_age": 2}


def bytes_(r: Any) -> None:
    assert [e["n"] for e in r["out"]] == [0, 1, 1024, 300 * 1024, 10 * MiB]
    for entry in r["out"]:
        assert entry["isArrayBuffer"], entry
        assert entry["same"], entry
    assert r["viaBuffer"] == 5000
    assert r["madeLength"] == 4096 and r["madeOk"]
    # WebKitGTK windows post the 300 KiB and 10 MiB bodies to the app's scheme, each whole;
    # Chromium engines and browser tabs never do.
    webkitgtk = "AppleWebKit/605" in r["agent"] and "Chrome/" not in r["agent"]
    assert r["schemePosts"] == (2 if webkitgtk else 0), r
    # Aborted on its way (whether or not its body had reached the app), it rejects; the
    # next large call works.
    assert r["aborted"]["ok"] is False and "abort" in r["aborted"]["error"].lower(), r
    assert r["afterAbort"] is True, r


def headers(r: Any) -> None:
    assert r.get("x-trace") == "t-1"
    assert "pyfunc" not in r


def rejections(r: Any) -> None:
    assert r["unknown"] == {"ok": False, "error": "no python handler `no_such_command` found"}
    assert r["invokeException"] == {"ok": False, "error": "custom failure"}
    assert r["crash"] == {"ok": False, "error": "ValueError('boom')"}
    assert r["validation"]["ok"] is False
    assert "for Person" in r["validation"]["error"] and "name" in r["validation"]["error"]
    assert r["notJson"]["ok"] is False and "Invalid JSON" in r["notJson"]["error"]
    assert r["missingState"]["ok"] is False
    assert "`missing`" in r["missingState"]["error"] and "Flags" in r["missingState"]["error"]


def channel(r: Any) -> None:
    assert r["result"] == "done"
    assert r["got"] == list(range(101))


def channel_bytes(r: Any) -> None:
    assert r == {"sent": 20, "received": 20, "ok": True}


def events_py_to_js(r: Any) -> None:
    assert r["seen"] == [
        {"event": "py-news", "payload": {"n": 1}},
        {"event": "py-news", "payload": {"n": 2}},
    ]
    assert r["onceCount"] == 1


def events_js_to_py(r: Any) -> None:
    assert {"got": "js-ping", "payload": {"hello": "python"}} in r["acks"]
    assert r["direct"] == [{"hello": "window"}]
    assert {"event": "js-ping", "payload": {"hello": "python"}} in r["received"]
    assert all(e["event"] == "js-ping" for e in r["received"])


def concurrent(r: Any) -> None:
    assert r == {"n": 500, "allRight": True}


def sync_command(r: Any) -> None:
    assert r == 6


def state(r: Any) -> None:
    assert r["b"] == r["a"] + 1


def window_eval(r: Any) -> None:
    assert r == 42


def main_thread(r: Any) -> None:
    assert r is True


def paths(r: Any) -> None:
    assert r["appData"].endswith("/org.example.scenario")
    assert r["appData"].startswith(r["home"])
    assert r["file"] == r["appData"] + "/thumbs/a.png"
    assert (r["sep"], r["delimiter"]) == ("/", ":")
    assert (r["base"], r["stem"], r["ext"], r["absolute"]) == ("a.png", "a", "png", True)
    assert r["dir"] == r["appData"] + "/thumbs"
    assert not r["noExtension"]["ok"] and "has no extension" in r["noExtension"]["error"]
    assert not r["badDirectory"]["ok"] and "BaseDirectory" in r["badDirectory"]["error"]


def window(r: Any) -> None:
    assert r["label"] == "main"
    assert r["title"] == r["wanted"]
    assert r["visible"] is True
    assert r["byLabel"] == "main"
    assert r["webviewWindow"] == {"label": "main", "title": r["wanted"]}
    assert not r["unsupported"]["ok"]
    assert "`plugin:window|set_cursor_grab` is not supported" in r["unsupported"]["error"]


def _rejected_by_tabs(r: Any, *calls: str) -> None:
    """Each of `calls` rejected, saying a browser tab cannot do it."""
    for call in calls:
        assert not r[call]["ok"], r
        assert "is not available in the browser runtime" in r[call]["error"], r


def geometry(r: Any) -> None:
    if r["runtime"] == "browser":
        _rejected_by_tabs(r, "setSize", "maximize", "innerSize")
        assert r["title"] == "string"
        return
    px = lambda n: round(n * r["scale"])  # noqa: E731
    assert [px(640), px(480)] in r["sizes"], r
    assert r["inner"] == [px(640), px(480)], r
    assert r["globalInner"] == r["inner"]
    assert [px(40), px(50)] in r["moves"], r
    assert r["outer"] == [px(40), px(50)], r
    assert r["maximized"]["is"] is True, r
    if r["windowManager"]:  # maximising is a request to the window manager (none on bare Xvfb)
        # Maximised, the window reports a new size, larger than the one it had.
        assert r["maximized"]["size"][0] > px(640) or r["maximized"]["size"][1] > px(480), r
    assert r["unmaximized"] is False
    # Centred: the window moved to the middle of the screen the page reports.
    assert r["centered"]["reached"] is True, r
    assert r["onTop"] is True
    assert r["asked"] == 1, r
    assert r["alive"] == 7


def bounds(r: Any) -> None:
    if r["runtime"] == "browser":
        _rejected_by_tabs(r, "setMinSize", "setResizable", "setFocus")
        return
    px = lambda n: round(n * r["scale"])  # noqa: E731
    assert r["start"]["reported"], r
    # Dragged (resized through the toolkit) below the minimum or above the maximum, the
    # window stops at them; so does setSize.
    assert r["min"]["dragged"] == {"done": True, "reported": [px(520), px(420)]}, r
    assert r["max"]["dragged"] == {"done": True, "reported": [px(700), px(550)]}, r
    assert r["min"]["reported"] and r["min"]["inner"] == [px(520), px(420)], r
    assert r["max"]["reported"] and r["max"]["inner"] == [px(700), px(550)], r
    assert r["free"]["reported"] and r["free"]["inner"] == [px(610), px(460)], r
    # Not resizable by the user, still by setSize.
    assert r["fixed"]["is"] is False and r["fixed"]["reported"], r
    assert r["fixed"]["native"]["resizable"] is False, r
    assert r["resizableAgain"]["is"] is True and r["resizableAgain"]["native"]["resizable"], r
    if r["min"]["native"]["min"] is not None:  # Qt says what its bounds are; GTK does not
        assert r["min"]["native"]["min"] == [520, 420], r
        assert r["max"]["native"]["max"] == [700, 550], r
        assert r["max"]["native"]["min"] == [0, 0], r
        assert r["free"]["native"]["max"][0] > 10_000, r
        assert r["fixed"]["native"]["min"] == r["fixed"]["native"]["max"] == [630, 470], r
    assert r["undecorated"]["is"] is False and r["undecorated"]["native"]["decorated"] is False, r
    assert r["decorated"]["is"] is True and r["decorated"]["native"]["decorated"] is True, r
    assert r["alive"] == 8


def monitors(r: Any) -> None:
    if r["runtime"] == "browser":
        _rejected_by_tabs(r, "current", "primary", "all")
        return
    assert r["all"], r
    assert all(m["physical"] for m in r["all"]), r
    assert r["primary"] in r["all"] and r["current"] in r["all"], r
    assert r["inside"] == r["current"] and r["outside"] is None, r
    current = r["current"]
    # The page's engine sees the same screen: its CSS size times its device pixel ratio.
    screen = r["screen"]
    assert current["size"] == [round(n * screen["dpr"]) for n in screen["size"]], r
    assert current["scaleFactor"] == r["scale"] == screen["dpr"], r
    x, y, width, height = current["workArea"]
    (left, top), (right, bottom) = current["position"], current["size"]
    assert left <= x and top <= y and 0 < width <= right and 0 < height <= bottom, r
    assert x + width <= left + right and y + height <= top + bottom, r
    assert r["badPoint"] == {
        "ok": False,
        "error": '`plugin:window|monitor_from_point`: `x` must be a number, got "left"',
    }, r
    # Python reads the same monitors.
    as_page = lambda m: [*m["position"].values(), *m["size"].values()]  # noqa: E731
    assert [as_page(m) for m in r["fromPython"]["all"]] == [
        [*m["position"], *m["size"]] for m in r["all"]
    ], r
    assert as_page(r["fromPython"]["current"]) == [*current["position"], *current["size"]], r
    primary = r["primary"]
    assert as_page(r["fromPython"]["primary"]) == [*primary["position"], *primary["size"]], r
    assert r["alive"] == 9


def cursor(r: Any) -> None:
    # The icon and its visibility: a rule over every element of the page, the button and the
    # element with a cursor of its own included (body, button, own), in every runtime.
    body, button, own = r["before"]
    assert own == "crosshair" and "crosshair" not in (body, button), r
    icon = r["icon"]
    assert icon["wait"] == ["wait"] * 3, r
    assert icon["hand"] == ["pointer"] * 3, r
    assert icon["hidden"] == icon["stillHidden"] == ["none"] * 3, r
    assert icon["shown"] == ["nwse-resize"] * 3, r
    # "default": the page's own cursors again.
    assert icon["reset"] == r["before"], r
    # The page's text can be selected in every runtime (pywebview's own default would
    # style the body `user-select: none; cursor: default`). WebKit computes `auto` as `text`.
    assert r["userSelect"] in ("auto", "text") and body == "auto", r
    bad = icon["bad"]
    assert not bad["ok"] and bad["error"].endswith('got "spinner"'), r
    assert bad["error"].startswith("`plugin:window|set_cursor_icon`: `value` must be a cursor icon")
    # The presses the bridge takes: left ones on a drag region (a child only in a "deep" one).
    ignored = {"barButton": False, "rightButton": False, "outside": False}
    # The drag regions' calls (turned down in a tab) surface no error in the page.
    assert r["errors"] == [] and r["alive"] == 10, r
    if r["runtime"] == "browser":
        assert r["taken"] == {"bar": True, "deep": True, "double": True, **ignored}, r
        _rejected_by_tabs(r, "setCursorPosition", "startDragging")
        read = r["cursorPosition"]
        assert not read["ok"], r
        assert "the cursor position cannot be read in the browser runtime" in read["error"], r
        return
    scale, (left, top) = r["scale"], r["inner"]
    # The pointer goes to the window's content area plus the point; the page (CSS pixels)
    # sees it arrive there, and Python reads where it is as the page does.
    for name, (x, y), physical in [("logical", (30, 40), False), ("physical", (50, 60), True)]:
        point = r["pointer"][name]
        css = (round(x / scale), round(y / scale)) if physical else (x, y)
        assert point["at"] == [left + round(css[0] * scale), top + round(css[1] * scale)], r
        assert point["physical"] is True, r
        at = {"x": point["at"][0], "y": point["at"][1]}
        assert point["fromPython"] == {"app": at, "window": at}, r
        assert [*css] in point["seen"], r
    # Dragging: no press the bridge leaves alone asks for a move; each of the others, and
    # startDragging(), does. Under Xvfb with no window manager GTK moves the window itself,
    # by the pointer's next move (then the move ends: no button is held); Qt asks the window
    # system, which cannot (offscreen) or has no window manager to (xcb): the window stays,
    # the runtime logs why, and startDragging() rejects saying so (a press's refusal stays
    # out of the page).
    drag = r["drag"]
    assert drag["ignored"] == {"taken": ignored, "moves": []}, r
    assert [drag[stage]["taken"] for stage in ("bar", "deep")] == [True] * 2, r
    x0, y0 = drag["start"]
    shift = lambda dx, dy: [x0 + round(dx * scale), y0 + round(dy * scale)]  # noqa: E731
    if drag["toolkit"] == "gtk":
        assert drag["failed"] == [], r
        assert drag["api"]["taken"] is True, r
        for stage, to in [("bar", shift(60, 40)), ("deep", shift(0, 0)), ("api", shift(20, 10))]:
            assert drag[stage]["moves"] and all(m == to for m in drag[stage]["moves"]), r
        assert drag["end"] == shift(20, 10), r
    else:
        platform = drag["toolkit"].removeprefix("qt ")
        assert platform in ("offscreen", "xcb"), r
        why = f"the window system did not start a move (Qt platform {platform!r})"
        assert drag["failed"] == [why] * 3, r
        assert drag["api"]["taken"] == f"`plugin:window|start_dragging`: {why}", r
        assert [drag[stage]["moves"] for stage in ("bar", "deep", "api")] == [[]] * 3, r
        assert drag["end"] == drag["start"], r
    # A double press on a drag region maximizes the window, a second one restores it.
    assert r["maximized"] == {"taken": True, "was": False, "is": True}, r
    assert r["unmaximized"] == {"taken": True, "was": True, "is": False}, r


def dialog(r: Any) -> None:
    if r["runtime"] == "browser":
        for call in ("open", "ask"):
            assert not r[call]["ok"], r
            assert "a native" in r[call]["error"] and "browser runtime" in r[call]["error"], r
        return
    assert r["picked"] == r["dir"] + "/b.txt", r
    assert (r["yes"], r["no"], r["cancelled"]) == (True, False, None), r
    assert r["fromPython"] == r["dir"] + "/a.txt", r


def app_info(r: Any) -> None:
    assert (r["name"], r["version"], r["identifier"]) == (
        "pytauri_like scenario",
        "2.5.0",
        "org.example.scenario",
    )
    assert r["globalName"] == r["name"]
    assert not r["tauri"]["ok"] and "not on Tauri" in r["tauri"]["error"]


def slow_does_not_block(r: Any) -> None:
    assert r == ["fast", "slow"]


#: scenario.js step name -> check
CHECKS: dict[str, Callable[[Any], None]] = {
    "json": json,
    "bytes": bytes_,
    "headers": headers,
    "rejections": rejections,
    "channel": channel,
    "channelBytes": channel_bytes,
    "eventsPyToJs": events_py_to_js,
    "eventsJsToPy": events_js_to_py,
    "concurrent": concurrent,
    "syncCommand": sync_command,
    "state": state,
    "windowEval": window_eval,
    "mainThread": main_thread,
    "slowDoesNotBlock": slow_does_not_block,
    "paths": paths,
    "window": window,
    "geometry": geometry,
    "bounds": bounds,
    "monitors": monitors,
    "cursor": cursor,
    "dialog": dialog,
    "appInfo": app_info,
}
