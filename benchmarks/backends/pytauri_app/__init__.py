"""The real pytauri 0.8 (pytauri-wheel: Tauri 2.8 on WebKitGTK) running the benchmark page.

This folder is the app's `src-tauri`: `tauri.conf.json` (the window, `withGlobalTauri`, the
page folder as `frontendDist`) and `capabilities/`. `__main__.py` holds the commands, written
with pytauri's own API; run it as `python -m benchmarks.backends.pytauri_app` from the
benchmark venv (`benchmarks/.venv-gtk`) under `xvfb-run -a`.
"""
