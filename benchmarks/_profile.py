"""`--profile`: run each backend under py-spy and summarise where its Python CPU time goes.

py-spy samples the backend process from outside (`--nonblocking`, so the figures of a
profiled run move only a little) and writes collapsed stacks (`--format raw`), one line per
distinct stack: `frame;frame;...;leaf COUNT`. Only on-CPU samples are recorded, so a thread
waiting in `epoll` or on a lock does not show. Load the file in https://www.speedscope.app
or flamegraph.pl for the full picture; `summarise` prints the top functions.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

_FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")


def py_spy_prefix(out: Path) -> list[str]:
    """The argv prefix that runs a command under py-spy, writing raw stacks to `out`."""
    exe = shutil.which("py-spy")
    if exe is None:
        raise SystemExit("--profile needs py-spy: pip install py-spy")
    out.parent.mkdir(parents=True, exist_ok=True)
    return [
        exe,
        "record",
        "--nonblocking",
        "--rate",
        "250",
        "--format",
        "raw",
        "-o",
        str(out),
        "--",
    ]


def _function(frame: str) -> str:
    """`func (path/to/file.py:12)` → `func (to/file.py)`: one name per function, not per line."""
    match = _FRAME.match(frame)
    if match is None:
        return frame
    parts = Path(match["file"]).parts
    return f"{match['func']} ({'/'.join(parts[-2:])})"


def summarise(path: Path, top: int = 15) -> str:
    """The functions with the most samples: on top of the stack (self) and anywhere (total)."""
    own: Counter[str] = Counter()
    anywhere: Counter[str] = Counter()
    total = 0
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [_function(f) for f in stack.split(";") if f]
        total += count
        own[frames[-1]] += count
        for name in set(frames):
            anywhere[name] += count
    if total == 0:
        return f"{path}: no samples"
    lines = [f"{path.name}: {total} on-CPU samples at 250 Hz (~{total / 250:.1f} CPU s)", ""]
    for title, counter in (("self", own), ("total (inclusive)", anywhere)):
        lines.append(f"| {title} | % | function |")
        lines.append("|---:|---:|---|")
        for name, count in counter.most_common(top):
            lines.append(f"| {count} | {100 * count / total:.1f} | `{name}` |")
        lines.append("")
    return "\n".join(lines)
