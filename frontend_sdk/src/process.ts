/**
 * The app's process, as `@tauri-apps/plugin-process` has it: `exit(code)` ends the app,
 * as `app_handle.exit(code)` does in Python. It is `window.__TAURI__.process` for pages
 * with no bundler; with a bundler, `@tauri-apps/plugin-process` itself works the same.
 *
 * ```ts
 * await exit(0);
 * ```
 *
 * @module
 */

import { invokeRaw } from './core.js';

/**
 * End the app; its exit status is `code` (0–255).
 *
 * @example
 * ```ts
 * quitButton.onclick = () => exit(0);
 * ```
 */
async function exit(code = 0): Promise<void> {
  await invokeRaw('plugin:process|exit', { code });
}

/** Rejects: pytauri_like cannot start the app again by itself. */
async function relaunch(): Promise<void> {
  await invokeRaw('plugin:process|restart');
}

export { exit, relaunch };
