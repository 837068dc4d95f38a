"""End-to-end benchmarks of pytauri_like against raw pywebview and a bare loopback floor.

Run them with `python -m benchmarks` (see `benchmarks/README.md`).
"""
