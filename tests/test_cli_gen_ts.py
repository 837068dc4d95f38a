"""`pytauri-like gen-ts`: the generated TypeScript compiles with `tsc --strict`.

tsc and the npm packages the client imports (`@tauri-apps/api`, `tauri-plugin-pytauri-api`)
come from `frontend_sdk/node_modules` (its pinned devDependencies, installed by
`bash .ci/install`); the test links them next to the generated file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pytauri_like import Commands
from pytauri_like._cli._gen_ts import generate_ts

HERE = Path(__file__).resolve().parent / "gen_ts"
NODE_MODULES = Path(__file__).resolve().parents[1] / "frontend_sdk" / "node_modules"


def _tsc() -> Path:
    tsc = NODE_MODULES / ".bin" / "tsc"
    if not tsc.exists():
        pytest.fail(
            f"{tsc} not found: run `bash .ci/install` (npm ci in frontend_sdk)", pytrace=False
        )
    return tsc


def _generate(tmp_path: Path) -> str:
    for name in ("use_client.ts", "tsconfig.json"):
        shutil.copy(HERE / name, tmp_path / name)
    (tmp_path / "node_modules").symlink_to(NODE_MODULES, target_is_directory=True)
    out = tmp_path / "client.ts"
    proc = subprocess.run(
        [sys.executable, "-m", "pytauri_like", "gen-ts", "tricky_app", "-o", str(out)],
        cwd=HERE,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return (tmp_path / "client.ts").read_text()


def _compile(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(_tsc()), "-p", str(tmp_path / "tsconfig.json")],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_generated_client_compiles_with_tsc_strict(tmp_path: Path) -> None:
    text = _generate(tmp_path)
    proc = _compile(tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr + "\n--- client.ts ---\n" + text


def test_tsc_rejects_misuse(tmp_path: Path) -> None:
    """The check above can fail: a wrong call no longer marked as expected is an error."""
    _generate(tmp_path)
    use = tmp_path / "use_client.ts"
    use.write_text(use.read_text().replace("// @ts-expect-error: ping takes no body.\n", ""))
    proc = _compile(tmp_path)
    assert proc.returncode != 0
    assert "use_client.ts" in proc.stdout and "TS2554" in proc.stdout


def test_types_and_docs(tmp_path: Path) -> None:
    text = _generate(tmp_path)
    assert "on_progress: TauriChannel<Progress>;" in text
    assert "on_tree?: TauriChannel<TreeOutput> | null;" in text
    assert 'export type Color = "red" | "green";' in text
    assert "export type Level = 1 | 2;" in text
    assert '"weird-key"?: number;' in text
    assert "export type EchoBytesBody = ArrayBuffer | Uint8Array;" in text
    assert "export type EchoBytesResult = ArrayBuffer;" in text
    assert "export type PingResult = null;" in text
    assert "export function ping(options?: TauriInvokeOptions)" in text
    assert "/** A recursive tree. */" in text
    assert "A comment terminator *\\/ stays inside." in text
    assert "/**\n * Run a job.\n *\n * Streams progress, then returns a tree.\n */" in text
    assert 'pyInvoke<StreamOnlyResult>("stream-only", body, options)' in text


def test_no_commands() -> None:
    text = generate_ts(Commands())
    assert "export const commands = {\n\n} as const;" in text
