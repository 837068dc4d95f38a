"""The `pytauri-like` command line: `new`, `gen-ts` and APP, without a browser.

The templates running in a browser, and `dev`, are tested in `tests/e2e/test_templates.py`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pytauri_like._cli import main
from pytauri_like._cli._appref import AppRef, parse_app_ref
from pytauri_like._cli._errors import CliError
from pytauri_like._cli._new import package_name


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytauri_like", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def assert_user_error(proc: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("pytauri-like: error: ")
    for fragment in fragments:
        assert fragment in lines[0]


# --------------------------------------------------------------------------- new


def test_new_renders_the_vanilla_template(tmp_path: Path) -> None:
    proc = run_cli("new", "My.Cool-App", "--defaults", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    project = tmp_path / "My.Cool-App"
    package = project / "my_cool_app"
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()) == [
        ".gitignore",
        "README.md",
        "my_cool_app/__init__.py",
        "my_cool_app/__main__.py",
        "my_cool_app/app.py",
        "my_cool_app/frontend/favicon.svg",
        "my_cool_app/frontend/index.html",
        "my_cool_app/frontend/main.js",
        "my_cool_app/frontend/style.css",
        "my_cool_app/tauri.conf.json",
        "pyproject.toml",
        "tests/test_app.py",
    ]
    readme = (project / "README.md").read_text()
    assert "python -m pip install -e ." in readme
    assert "python -m my_cool_app" in readme
    assert "python -m my_cool_app" in proc.stdout
    assert '"identifier": "com.example.mycoolapp"' in (package / "tauri.conf.json").read_text()
    assert 'app = "my_cool_app.app:commands"' in (project / "pyproject.toml").read_text()
    # Nothing left over from the staging folder.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["My.Cool-App"]


def test_new_takes_template_and_identifier(tmp_path: Path) -> None:
    proc = run_cli(
        "new", "shop", "--template", "react", "--identifier", "org.acme.shop", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    project = tmp_path / "shop"
    assert (project / "package.json").is_file()
    assert (project / "src" / "App.tsx").is_file()
    assert not (project / "shop" / "frontend").exists()
    assert '"identifier": "org.acme.shop"' in (project / "shop" / "tauri.conf.json").read_text()
    assert "npm install && npm run build" in proc.stdout


def test_new_into_an_existing_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    assert run_cli("new", "app", "--defaults", cwd=tmp_path).returncode == 0
    assert (tmp_path / "app" / "app" / "app.py").is_file()


def test_new_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "keep.txt").write_text("mine")
    assert_user_error(run_cli("new", "app", "--defaults", cwd=tmp_path), "not empty")
    assert [p.name for p in (tmp_path / "app").iterdir()] == ["keep.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["app"]


@pytest.mark.parametrize("name", ["1app", "my app", "a--b", "x-", "class", "json", "pytauri_like"])
def test_new_refuses_invalid_names(tmp_path: Path, name: str) -> None:
    assert_user_error(run_cli("new", name, "--defaults", cwd=tmp_path), "invalid project name")
    assert list(tmp_path.iterdir()) == []


def test_new_refuses_an_unknown_template(tmp_path: Path) -> None:
    proc = run_cli("new", "app", "--template", "vue", "--defaults", cwd=tmp_path)
    assert_user_error(proc, "unknown template 'vue'", "vanilla, react")
    assert list(tmp_path.iterdir()) == []


def test_new_refuses_a_bad_identifier(tmp_path: Path) -> None:
    proc = run_cli("new", "app", "--identifier", "nodots", "--defaults", cwd=tmp_path)
    assert_user_error(proc, "invalid identifier")
    assert list(tmp_path.iterdir()) == []


def test_usage_errors_are_one_line(tmp_path: Path) -> None:
    assert_user_error(run_cli("frobnicate", cwd=tmp_path), "invalid choice")
    assert_user_error(run_cli("gen-ts", "x.y", cwd=tmp_path), "-o")


def test_help_lists_the_commands(tmp_path: Path) -> None:
    proc = run_cli("--help", cwd=tmp_path)
    assert proc.returncode == 0
    for command in ("new", "dev", "gen-ts"):
        assert command in proc.stdout


def test_console_script_is_declared() -> None:
    pyproject = (Path(__file__).parents[1] / "pyproject.toml").read_text()
    assert 'pytauri-like = "pytauri_like.__main__:main"' in pyproject


def test_the_generated_projects_own_tests_pass(tmp_path: Path) -> None:
    assert run_cli("new", "greeter", "--defaults", cwd=tmp_path).returncode == 0
    project = tmp_path / "greeter"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "4 passed" in proc.stdout


@pytest.mark.parametrize(
    ("name", "package"),
    [("app", "app"), ("My-App", "my_app"), ("a.b_c-d", "a_b_c_d"), ("X1", "x1")],
)
def test_package_name(name: str, package: str) -> None:
    assert package_name(name) == package


# --------------------------------------------------------------------------- APP


def test_parse_app_ref() -> None:
    assert parse_app_ref("pkg.mod", Path()) == AppRef("pkg.mod", "commands")
    assert parse_app_ref("pkg.mod:cmds", Path()) == AppRef("pkg.mod", "cmds")
    for bad in ("pkg..mod", "pkg.mod:", "pkg.mod:a.b", "1pkg", ""):
        with pytest.raises(CliError, match="invalid APP"):
            parse_app_ref(bad, Path())


def test_app_defaults_to_pyproject(tmp_path: Path) -> None:
    with pytest.raises(CliError, match=r"no APP given"):
        parse_app_ref(None, tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.pytauri-like]\napp = "a.b:c"\n')
    assert parse_app_ref(None, tmp_path) == AppRef("a.b", "c")


APP_MODULE = textwrap.dedent(
    """
    from pydantic import BaseModel
    from pytauri_like import Commands

    commands = Commands()
    other = 42

    class Person(BaseModel):
        name: str

    @commands.command()
    async def greet(body: Person) -> str:
        \"\"\"Say hello.\"\"\"
        return "hi"
    """
)


def test_gen_ts_writes_the_client(tmp_path: Path) -> None:
    (tmp_path / "cli_app_one.py").write_text(APP_MODULE)
    proc = run_cli("gen-ts", "cli_app_one", "-o", "out.ts", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / "out.ts").read_text()
    assert "export interface Person {\n  name: string;\n}" in text
    assert "export type GreetBody = Person;" in text
    assert "/** Say hello. */\nexport function greet(body: GreetBody" in text


@pytest.mark.parametrize(
    ("app", "message"),
    [
        ("no_such_module_here", "cannot import app module 'no_such_module_here'"),
        ("broken_app", "cannot import app module 'broken_app': ZeroDivisionError"),
        ("cli_app_two:other", "cli_app_two:other is a int, not a pytauri_like Commands"),
        ("cli_app_two:missing", "cli_app_two:missing is nothing"),
    ],
)
def test_gen_ts_reports_a_bad_app(tmp_path: Path, app: str, message: str) -> None:
    (tmp_path / "cli_app_two.py").write_text(APP_MODULE)
    (tmp_path / "broken_app.py").write_text("1 / 0\n")
    (tmp_path / "out.ts").write_text("previous")
    assert_user_error(run_cli("gen-ts", app, "-o", "out.ts", cwd=tmp_path), message)
    assert (tmp_path / "out.ts").read_text() == "previous"


def test_dev_reports_a_missing_app_module(tmp_path: Path) -> None:
    assert_user_error(run_cli("dev", "no_such_module_here", cwd=tmp_path), "cannot import")


@pytest.mark.parametrize(("given", "child_gets"), [(None, "1"), ("0", "0"), ("1", "1")])
def test_dev_turns_the_page_inspector_on_unless_told_otherwise(
    tmp_path: Path, given: str | None, child_gets: str
) -> None:
    (tmp_path / "envprobe.py").write_text(
        "import os, time\n"
        "print('DEVTOOLS=' + os.environ.get('PYTAURI_LIKE_DEVTOOLS', '(unset)'), flush=True)\n"
        "time.sleep(120)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTAURI_LIKE_DEVTOOLS"}
    if given is not None:
        env["PYTAURI_LIKE_DEVTOOLS"] = given
    proc = subprocess.Popen(
        [sys.executable, "-m", "pytauri_like", "dev", "envprobe"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # the child's first line (dev itself writes to stderr)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=60)
    assert line.strip() == f"DEVTOOLS={child_gets}", (line, err)


def test_main_in_process_returns_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["new", str(tmp_path / "bad name")]) == 2
    assert capsys.readouterr().err.startswith("pytauri-like: error: invalid project name")
