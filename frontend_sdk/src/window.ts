/**
 * The app's windows from the page, as `@tauri-apps/api/window` has them, for what a
 * pytauri_like window can do: its label and title, whether it is visible, showing, hiding
 * and closing it (`plugin:window|*`). It is `window.__TAURI__.window` for pages with no
 * bundler; with a bundler, `@tauri-apps/api/window` itself works for the same methods.
 *
 * Rejections are plain strings, as in Tauri.
 *
 * ```ts
 * await getCurrentWindow().setTitle('Report — draft');
 * ```
 *
 * @module
 */

import { invokeRaw, page } from './core.js';

/** One of the app's windows, by label. */
class Window {
  /** The window's label (`"main"` unless the config says otherwise). */
  readonly label: string;

  constructor(label: string) {
    this.label = label;
  }

  /** The window of the page that calls it. */
  static getCurrent(): Window {
    return getCurrentWindow();
  }

  /** Every window of the app. */
  static getAll(): Promise<Window[]> {
    return getAllWindows();
  }

  /** The window with this label, or `null`. */
  static async getByLabel(label: string): Promise<Window | null> {
    return (await getAllWindows()).find((w) => w.label === label) ?? null;
  }

  /** The title, as last set from Python or the page. */
  title(): Promise<string> {
    return this.#call('title');
  }

  setTitle(title: string): Promise<void> {
    return this.#call('set_title', { value: title });
  }

  /** Whether the window is shown (a browser tab always is). */
  isVisible(): Promise<boolean> {
    return this.#call('is_visible');
  }

  /** Show the window (the native runtime; a browser tab cannot be shown by its page). */
  show(): Promise<void> {
    return this.#call('show');
  }

  /** Hide the window (the native runtime only). */
  hide(): Promise<void> {
    return this.#call('hide');
  }

  close(): Promise<void> {
    return this.#call('close');
  }

  /** The same as {@link close}: pytauri_like has no close request to skip. */
  destroy(): Promise<void> {
    return this.#call('destroy');
  }

  #call<T>(command: string, args: Record<string, unknown> = {}): Promise<T> {
    return invokeRaw<T>(`plugin:window|${command}`, { ...args, label: this.label });
  }
}

/** The window of the page that calls it. */
function getCurrentWindow(): Window {
  const label = page().__TAURI_INTERNALS__?.metadata.currentWindow.label;
  if (label === undefined) throw new Error('the pytauri_like bridge is not installed in this page');
  return new Window(label);
}

/** Every window of the app, in the config's order. */
async function getAllWindows(): Promise<Window[]> {
  const labels = await invokeRaw<string[]>('plugin:window|get_all_windows');
  return labels.map((label) => new Window(label));
}

export { getAllWindows, getCurrentWindow, Window };
