"""`pytauri-like new`: a new project from a template shipped inside the wheel (copier).

The templates live in `pytauri_like/templates/`: one `copier.yml` and one project folder
whose Python package, tests and config are shared by both templates (`vanilla`, `react`);
files only one template needs are named `{% if template == ... %}name{% endif %}` and
render to nothing for the other. The project is rendered into a temporary
folder next to the target and moved into place at the end, so a failure leaves nothing
half-written.
"""

from __future__ import annotations

import keyword
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from ._errors import CliError

__all__ = ("TEMPLATES", "TEMPLATES_DIR", "new_project", "next_steps", "package_name")

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
TEMPLATES = ("vanilla", "react")
"""The templates `new` can render; the first is the default."""

_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]*([-_.][A-Za-z0-9]+)*$")
_IDENTIFIER_RE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z][A-Za-z0-9_-]*)+$")


def package_name(name: str) -> str:
    """The Python package for project `name`: lower case, `-`/`.` become `_` (PEP 503-ish).

    Raises:
        CliError: `name` cannot name a project, or its package would be unusable.
    """
    if not _NAME_RE.match(name):
        raise CliError(
            f"invalid project name {name!r}: use letters, digits, and single `-`, `_` or `.` "
            "between them, starting with a letter (e.g. `my-app`)"
        )
    package = re.sub(r"[-_.]+", "_", name).lower()
    if (
        keyword.iskeyword(package)
        or package in sys.stdlib_module_names
        or package
        in (
            "pytauri_like",
            "tests",
            "test",
        )
    ):
        raise CliError(
            f"invalid project name {name!r}: its package `{package}` would shadow "
            "an existing module; pick another name"
        )
    return package


def new_project(
    target: Path,
    *,
    template: str | None,
    identifier: str | None = None,
    defaults: bool,
) -> Path:
    """Render a new project into `target` and return its folder.

    Args:
        target: The project folder; its name is the project name. It must not exist or be
            empty.
        template: `vanilla` or `react`; `None` asks (or uses `vanilla` with `defaults`).
        identifier: The app identifier (reverse domain); `None` asks or uses the default.
        defaults: Ask nothing; use the default of every question not given.

    Raises:
        CliError: bad name, template or identifier; the target is not empty; copier is
            missing or fails.
    """
    name = target.name
    package = package_name(name)
    if template is not None and template not in TEMPLATES:
        raise CliError(f"unknown template {template!r}; choose one of: {', '.join(TEMPLATES)}")
    if identifier is not None and not _IDENTIFIER_RE.match(identifier):
        raise CliError(
            f"invalid identifier {identifier!r}: use a reverse domain name, e.g. com.example.app"
        )
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise CliError(f"{str(target)!r} already exists and is not empty")
    parent = target.parent
    if not parent.is_dir():
        raise CliError(f"folder {str(parent)!r} does not exist")
    try:
        import copier
    except ImportError:
        raise CliError("`pytauri-like new` needs copier: pip install 'pytauri-like[cli]'") from None

    data: dict[str, Any] = {"project_name": name, "package_name": package}
    if template is not None:
        data["template"] = template
    if identifier is not None:
        data["identifier"] = identifier
    # Questions need a terminal; without one, take the defaults instead of hanging.
    defaults = defaults or not sys.stdin.isatty()

    staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=parent))
    try:
        try:
            copier.run_copy(
                str(TEMPLATES_DIR),
                staging,
                data=data,
                defaults=defaults,
                quiet=True,
                overwrite=True,
                unsafe=False,
            )
        except KeyboardInterrupt:
            raise CliError("cancelled") from None
        except Exception as e:
            message = str(e).strip().splitlines()
            raise CliError(
                f"copier failed: {type(e).__name__}: {message[0] if message else ''}"
            ) from None
        if target.exists():
            target.rmdir()  # empty, checked above
        os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def next_steps(project: Path, *, shown: str) -> str:
    """The commands that install and run a new project (also in its README).

    Args:
        project: The project folder.
        shown: How to spell the folder in the commands (as the user typed it).
    """
    package = package_name(project.name)
    lines: list[str] = []
    if (project / "package.json").is_file():
        lines.append(f"    cd {shown} && npm install && npm run build && cd -")
    lines.append(f"    python -m pip install -e {shown}/")
    lines.append(f"    python -m {package}")
    lines.append("")
    lines.append(f"While you work: cd {shown} && pytauri-like dev")
    return "\n".join(lines)
