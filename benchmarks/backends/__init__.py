"""The Python side of each benchmark target; each module runs as `python -m` in a subprocess."""
