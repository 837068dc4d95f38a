"""The asset protocol (`convertFileSrc`): `app.security.assetProtocol` scopes, glob matching
as Tauri's, and the live route `/__pytauri_like__/asset/<path>?t=<ticket>`.

A real page loading an asset in Chromium is in tests/e2e/test_browser_runtime.py.
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp
import pytest

sys.path.insert(0, str(Path(__file__).parent / "e2e" / "apps" / "hostile"))

import hostile_app
from ptl_wire import LiveApp

from pytauri_like import AssetScope
from pytauri_like._assets import scope_variables
from pytauri_like._config import AssetProtocolConfig, load_config
from pytauri_like._errors import ConfigError
from pytauri_like.testing import AppTester

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths and symlinks")


def scope(patterns: Any, enable: bool = True, identifier: str = "com.example.app") -> AssetScope:
    config = AssetProtocolConfig.model_validate({"enable": enable, "scope": patterns})
    return AssetScope(config, identifier)


# --------------------------------------------------------------------------- matching


@posix_only
def test_globs_match_component_by_component_as_tauri_does(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    s = scope([f"{root}/pics/*.png", f"{root}/media/**", f"{root}/one/?.txt"])
    allowed = ["pics/a.png", "media/x.mp4", "media/deep/er/x.mp4", "one/a.txt"]
    refused = [
        "pics/a.jpg",
        "pics/sub/a.png",  # `*` does not cross a `/`
        "pics/.hidden.png",  # nor match a leading dot
        "media/.cache/x.mp4",  # nor does `**`
        "one/ab.txt",
        "other/a.png",
        "pics",
    ]
    for rel in allowed:
        assert s.is_allowed(root / rel), rel
    for rel in refused:
        assert not s.is_allowed(root / rel), rel
    assert not s.is_allowed("pics/a.png"), "a relative path is never allowed"


@posix_only
def test_sets_literal_dots_and_deny_beats_allow(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    s = scope(
        {
            "allow": [f"{root}/[ab]*.png", f"{root}/[!c]x", f"{root}/.config/**", f"{root}/all/**"],
            "deny": [f"{root}/all/secret*"],
        }
    )
    assert s.is_allowed(root / "a1.png") and s.is_allowed(root / "b.png")
    assert not s.is_allowed(root / "c.png")
    assert s.is_allowed(root / "dx") and not s.is_allowed(root / "cx")
    assert s.is_allowed(root / ".config/app/x.json"), "a dot the pattern writes matches"
    assert s.is_allowed(root / "all/public.txt")
    assert not s.is_allowed(root / "all/secret.txt")
    assert not s.is_allowed(root / "all/sub/.env")
    loose = scope({"allow": [f"{root}/**"], "requireLiteralLeadingDot": False})
    assert loose.is_allowed(root / ".env") and loose.is_allowed(root / "a/.git/config")


@posix_only
def test_a_symlink_inside_the_scope_cannot_lead_out_of_it(tmp_path: Path) -> None:
    inside = tmp_path / "inside"
    inside.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    (inside / "link.txt").symlink_to(outside)
    (inside / "real.txt").write_text("ok")
    s = scope([f"{inside}/**"])
    assert s.is_allowed(inside / "real.txt")
    assert not s.is_allowed(inside / "link.txt")
    assert not s.is_allowed(f"{inside}/../outside.txt")
    with pytest.raises(PermissionError, match="does not allow"):
        s.locate(str(inside / "link.txt"))


@posix_only
def test_variables_expand_and_runtime_changes_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if sys.platform.startswith("linux"):
        assert scope_variables("com.x")["APPDATA"] == str(tmp_path / "data" / "com.x")
    s = scope(["$APPDATA/**", "$HOME/pics/*"], identifier="com.x")
    appdata = Path(scope_variables("com.x")["APPDATA"])
    assert s.is_allowed(appdata / "cache" / "a.png")
    assert s.is_allowed(tmp_path / "home" / "pics" / "a.png")
    assert not s.is_allowed(tmp_path / "home" / "a.png")

    folder = tmp_path / "picked [1]"  # glob characters in a path given at runtime are literal
    (folder / "sub").mkdir(parents=True)
    assert not s.is_allowed(folder / "a.png")
    s.allow_directory(folder)
    assert s.is_allowed(folder / "a.png") and not s.is_allowed(folder / "sub" / "b.png")
    s.allow_directory(folder, recursive=True)
    assert s.is_allowed(folder / "sub" / "b.png")
    s.forbid_file(folder / "sub" / "b.png")
    assert not s.is_allowed(folder / "sub" / "b.png")
    s.allow_file(tmp_path / "one.txt")
    assert s.is_allowed(tmp_path / "one.txt") and not s.is_allowed(tmp_path / "two.txt")
    s.forbid_directory(folder, recursive=True)
    assert not s.is_allowed(folder / "a.png")
    assert f"{folder.parent}/picked [[]1[]]/**" in s.forbidden_patterns


def test_bad_scopes_are_config_errors_that_name_the_pattern() -> None:
    with pytest.raises(ConfigError, match=r"unknown variable \$NOPE in '\$NOPE/\*\*'"):
        scope(["$NOPE/**"])
    with pytest.raises(ConfigError, match=r"known: ") as known:
        scope(["$NOPE/**"])
    assert all(v in str(known.value) for v in ("$APPDATA", "$EXE", "$HOME", "$RESOURCE"))
    with pytest.raises(ConfigError, match=r"'pics/\*' is not an absolute path pattern"):
        scope(["pics/*"])
    with pytest.raises(ConfigError, match="assetProtocol"):
        load_config({"app": {"security": {"assetProtocol": {"enable": "maybe"}}}})
    tester = AppTester(
        hostile_app.commands,
        config={"app": {"security": {"assetProtocol": {"scope": ["$NOPE/*"]}}}},
    )
    with pytest.raises(ConfigError, match="unknown variable"), tester:
        pass


def test_locate_says_why_it_refuses(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    (root / "a.txt").write_text("a")
    off = scope([f"{root}/**"], enable=False)
    with pytest.raises(PermissionError, match=r"assetProtocol\.enable"):
        off.locate(str(root / "a.txt"))
    on = scope([f"{root}/**"])
    assert on.locate(str(root / "a.txt")) == root / "a.txt"
    with pytest.raises(ValueError, match="must be absolute"):
        on.locate("a.txt")
    with pytest.raises(FileNotFoundError, match="no such file"):
        on.locate(str(root / "missing.txt"))
    with pytest.raises(FileNotFoundError):
        on.locate(str(root))  # a folder is not a file to serve


# --------------------------------------------------------------------------- the live route


@pytest.fixture
def files(tmp_path: Path) -> Path:
    root = tmp_path.resolve() / "assets dir"
    root.mkdir()
    (root / "pic.png").write_bytes(bytes(range(256)) * 40)
    (root / "note ü#?.txt").write_text("hello")
    (root / "secret.txt").write_text("no")
    (root / "page.html").write_text("<script>parent.assetScriptRan = true</script>")
    (tmp_path / "outside.txt").write_text("no")
    return root


@pytest.fixture
def asset_app(files: Path) -> Iterator[LiveApp]:
    config = copy.deepcopy(hostile_app.CONFIG)
    config["app"]["security"]["assetProtocol"] = {
        "enable": True,
        "scope": {"allow": [f"{files}/**"], "deny": [f"{files}/secret*"]},
    }
    with LiveApp(config) as live:
        yield live
    assert live.loop_errors == []


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as s:
        yield s


def asset_url(live: LiveApp, path: Path | str, ticket: str | None) -> str:
    # The bridge's convertFileSrc: encodeURIComponent of the whole path.
    url = f"{live.base}/__pytauri_like__/asset/{quote(str(path), safe='')}"
    return url if ticket is None else f"{url}?t={quote(ticket, safe='')}"


@posix_only
@pytest.mark.anyio
async def test_the_route_serves_what_the_scope_allows_to_the_apps_pages(
    asset_app: LiveApp, files: Path, session: aiohttp.ClientSession
) -> None:
    live, ticket = asset_app, asset_app.ticket()
    own = {"Origin": live.base}
    async with session.get(asset_url(live, files / "pic.png", ticket)) as response:
        assert response.status == 200
        assert response.content_type == "image/png"
        assert await response.read() == bytes(range(256)) * 40
        assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    # An HTML file from disk must not run as one of the app's pages.
    async with session.get(asset_url(live, files / "page.html", ticket)) as response:
        assert response.status == 200 and response.content_type == "text/html"
        assert response.headers["Content-Security-Policy"].startswith("sandbox;")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    async with session.get(asset_url(live, files / "note ü#?.txt", ticket)) as response:
        assert response.status == 200 and await response.text() == "hello"
    # A <video> seeks with Range requests.
    headers = {"Range": "bytes=256-511"}
    async with session.get(asset_url(live, files / "pic.png", ticket), headers=headers) as response:
        assert response.status == 206
        assert await response.read() == bytes(range(256))

    # What convertFileSrc uses once the socket said hello: a token good for assets only.
    token = live.handle._tickets.issue("main", "asset")  # pyright: ignore[reportPrivateUsage]
    async with session.get(asset_url(live, files / "pic.png", token)) as response:
        assert response.status == 200
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:  # it is no ticket
        await session.ws_connect(
            f"{live.base}/__pytauri_like__/ws", params={"ticket": token}, headers=own
        )
    assert refused.value.status == 403
    own_ws = await session.ws_connect(
        f"{live.base}/__pytauri_like__/ws", params={"ticket": ticket}, headers=own
    )
    hello = json.loads(await own_ws.receive_str())[0]
    assert hello["asset"] == token and hello["asset"] != ticket
    await own_ws.close()

    cases: dict[str, tuple[str, dict[str, str], int, str]] = {
        "no ticket": (asset_url(live, files / "pic.png", None), {}, 403, "forbidden"),
        "a forged ticket": (
            asset_url(live, files / "pic.png", ticket[:-2] + "xx"),
            {},
            403,
            "forbidden",
        ),
        "another site's page": (
            asset_url(live, files / "pic.png", ticket),
            {"Sec-Fetch-Site": "cross-site"},
            403,
            "forbidden",
        ),
        "denied": (asset_url(live, files / "secret.txt", ticket), {}, 403, "does not allow"),
        "outside": (
            asset_url(live, files.parent / "outside.txt", ticket),
            {},
            403,
            "does not allow",
        ),
        "dot-dot": (
            asset_url(live, f"{files}/../outside.txt", ticket),
            {},
            403,
            "does not allow",
        ),
        "relative": (asset_url(live, "pic.png", ticket), {}, 400, "must be absolute"),
        "missing": (asset_url(live, files / "nope.png", ticket), {}, 404, "no such file"),
    }
    for what, (url, extra, status, text) in cases.items():
        async with session.get(url, headers=extra) as response:
            assert response.status == status, what
            assert text in await response.text(), what
    # A folder picked while the app runs.
    extra_dir = files.parent / "picked"
    extra_dir.mkdir()
    (extra_dir / "x.txt").write_text("x")
    url = asset_url(live, extra_dir / "x.txt", ticket)
    async with session.get(url) as response:
        assert response.status == 403
    live.handle.asset_protocol_scope().allow_directory(extra_dir)
    async with session.get(url) as response:
        assert response.status == 200 and await response.text() == "x"


@pytest.mark.anyio
async def test_with_the_protocol_off_every_asset_is_refused_and_says_how_to_enable_it(
    live: LiveApp, session: aiohttp.ClientSession, tmp_path: Path
) -> None:
    target = tmp_path / "a.txt"
    target.write_text("a")
    live.handle.asset_protocol_scope().allow_file(target)  # allowed, but the protocol is off
    async with session.get(asset_url(live, target, live.ticket())) as response:
        assert response.status == 403
        assert "app.security.assetProtocol.enable" in await response.text()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG user folders")
def test_a_folder_the_system_lacks_matches_nothing_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.config/user-dirs.dirs: no $DOCUMENT
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    s = scope(["$DOCUMENT/**", "$HOME/pics/*"])
    assert s.allowed_patterns == [f"{tmp_path.resolve()}/pics/*"]
    assert s.is_allowed(tmp_path / "pics" / "a.png")
    assert "'$DOCUMENT/**' matches nothing: this system has no $DOCUMENT folder" in caplog.text
