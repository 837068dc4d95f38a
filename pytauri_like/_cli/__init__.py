"""The `pytauri-like` command line (also `python -m pytauri_like`).

- `pytauri-like new NAME [--template vanilla|react] [--identifier ID] [--defaults]`
- `pytauri-like dev [APP]`
- `pytauri-like gen-ts [APP] -o FILE`

APP is `pkg.module` or `pkg.module:attribute` (the attribute holding the app's `Commands`,
`commands` by default); without it, `[tool.pytauri-like] app` in `./pyproject.toml`.
A user error prints one line, `pytauri-like: error: ...`, on stderr and exits with status 2.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ._errors import CliError

__all__ = ("main",)

_PROG = "pytauri-like"


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line too (exit status 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise CliError(f"{message} (see `{self.prog} --help`)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=_PROG,
        description="Create, run and type pytauri_like apps.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    new = sub.add_parser(
        "new",
        help="create a project from a template",
        description="Create NAME/ from a template. The project's package is NAME, lower case, "
        "with `-` and `.` turned into `_`.",
    )
    new.add_argument("name", metavar="NAME", help="the project folder and name, e.g. my-app")
    new.add_argument("--template", "-t", metavar="vanilla|react", help="vanilla (default) or react")
    new.add_argument("--identifier", metavar="ID", help="the app identifier, e.g. com.example.app")
    new.add_argument("--defaults", action="store_true", help="ask nothing; use the defaults")

    app_help = (
        "the app: `pkg.module` or `pkg.module:attribute` (its Commands; default `commands`); "
        "default: [tool.pytauri-like] app in ./pyproject.toml"
    )
    dev = sub.add_parser(
        "dev",
        help="run the app, restarting it when its Python files change",
        description="Run `python -m MODULE` and restart it when a Python file under the "
        "current folder changes; the port stays the same, so open pages reconnect.",
    )
    dev.add_argument("app", metavar="APP", nargs="?", help=app_help)

    gen = sub.add_parser(
        "gen-ts",
        help="write TypeScript types and a typed client for the app's commands",
        description="Import APP and write a TypeScript module with the body and result types "
        "of every command and a typed pyInvoke client.",
    )
    gen.add_argument("app", metavar="APP", nargs="?", help=app_help)
    gen.add_argument("-o", "--output", metavar="FILE", required=True, help="the .ts file to write")
    return parser


def _run_new(args: argparse.Namespace) -> int:
    from ._new import new_project, next_steps

    project = new_project(
        Path(args.name).absolute(),
        template=args.template,
        identifier=args.identifier,
        defaults=args.defaults,
    )
    print(f"Created {project}. Next:\n")
    print(next_steps(project, shown=args.name.rstrip("/\\")))
    return 0


def _run_dev(args: argparse.Namespace) -> int:
    from ._appref import parse_app_ref
    from ._dev import run_dev

    cwd = Path.cwd()
    return run_dev(parse_app_ref(args.app, cwd), cwd)


def _run_gen_ts(args: argparse.Namespace) -> int:
    from ._appref import parse_app_ref
    from ._gen_ts import generate_ts

    cwd = Path.cwd()
    commands = parse_app_ref(args.app, cwd).load_commands(cwd)
    text = generate_ts(commands)
    output = Path(args.output)
    if not output.parent.is_dir():
        raise CliError(f"folder {str(output.parent)!r} does not exist")
    # Write then rename: an existing file is never left half-written.
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}-", dir=output.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    print(f"wrote {output} ({len(commands)} commands)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for a user error).

    Args:
        argv: The arguments (without the program name); `sys.argv[1:]` by default.
    """
    try:
        args = _parser().parse_args(argv)
        handlers = {"new": _run_new, "dev": _run_dev, "gen-ts": _run_gen_ts}
        return handlers[args.command](args)
    except CliError as e:
        print(f"{_PROG}: error: {e.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
