/**
 * The app's name, version and identifier, as `@tauri-apps/api/app` has them (the config's
 * `productName`, `version`, `identifier`). It is `window.__TAURI__.app` for pages with no
 * bundler; with a bundler, `@tauri-apps/api/app` itself works for the same functions.
 *
 * ```ts
 * footer.textContent = `${await getName()} ${await getVersion()}`;
 * ```
 *
 * @module
 */

import { invokeRaw } from './core.js';

/** The config's `productName`. */
function getName(): Promise<string> {
  return invokeRaw<string>('plugin:app|name');
}

/** The config's `version` (`0.0.0` when it has none). */
function getVersion(): Promise<string> {
  return invokeRaw<string>('plugin:app|version');
}

/** The config's `identifier`. */
function getIdentifier(): Promise<string> {
  return invokeRaw<string>('plugin:app|identifier');
}

/** Rejects: a pytauri_like app has no Tauri version. */
function getTauriVersion(): Promise<string> {
  return invokeRaw<string>('plugin:app|tauri_version');
}

export { getIdentifier, getName, getTauriVersion, getVersion };
