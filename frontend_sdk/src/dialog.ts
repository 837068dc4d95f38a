/**
 * Native dialogs, as `@tauri-apps/plugin-dialog` has them (`plugin:dialog|*`): pick files
 * or a folder, choose where to save, show a message or ask a question. It is
 * `window.__TAURI__.dialog` for pages with no bundler; with a bundler,
 * `@tauri-apps/plugin-dialog` itself works the same.
 *
 * Dialogs need a native window (the webview runtime): in the browser runtime they reject
 * saying so. The native dialogs have OK and Cancel buttons; `message` answers with the
 * label of the one pressed.
 *
 * ```ts
 * const file = await open({ filters: [{ name: 'Images', extensions: ['png', 'jpg'] }] });
 * if (file !== null && (await ask(`Replace ${file}?`))) { ... }
 * ```
 *
 * @module
 */

import { invokeRaw } from './core.js';

/** Which files a file dialog offers: a name and extensions without the dot (`*`: any). */
interface DialogFilter {
  name: string;
  extensions: string[];
}

/** Options of {@link open}. */
interface OpenDialogOptions {
  title?: string;
  filters?: DialogFilter[];
  /** The folder to start in, or a file in it. */
  defaultPath?: string;
  /** Pick several files (an array comes back). */
  multiple?: boolean;
  /** Pick a folder instead of files. */
  directory?: boolean;
}

/** Options of {@link save}. */
interface SaveDialogOptions {
  title?: string;
  filters?: DialogFilter[];
  /** The folder to start in, or the file name to propose there. */
  defaultPath?: string;
}

/** Options of {@link message}, {@link ask} and {@link confirm}. */
interface MessageDialogOptions {
  title?: string;
  kind?: 'info' | 'warning' | 'error';
  okLabel?: string;
  cancelLabel?: string;
}

/**
 * Let the user pick files or a folder.
 *
 * @returns The path, the paths with `multiple`, or `null` if the dialog was cancelled.
 * @example
 * ```ts
 * const folder = await open({ directory: true });
 * ```
 */
function open(options: OpenDialogOptions & { multiple: true }): Promise<string[] | null>;
function open(options?: OpenDialogOptions): Promise<string | null>;
function open(options: OpenDialogOptions = {}): Promise<string | string[] | null> {
  return invokeRaw('plugin:dialog|open', { options });
}

/**
 * Let the user choose where to save a file.
 *
 * @returns The chosen path, or `null` if the dialog was cancelled.
 */
function save(options: SaveDialogOptions = {}): Promise<string | null> {
  return invokeRaw('plugin:dialog|save', { options });
}

/** Tauri's `MessageDialogButtons` for an OK button and, if given, a Cancel one. */
function buttons(ok: string, cancel: string | undefined): unknown {
  return cancel === undefined ? { OkCustom: ok } : { OkCancelCustom: [ok, cancel] };
}

function show(text: string, options: MessageDialogOptions | string | undefined, ok: string, cancel?: string) {
  const opts = typeof options === 'string' ? { title: options } : (options ?? {});
  return invokeRaw<string>('plugin:dialog|message', {
    message: text,
    title: opts.title,
    kind: opts.kind,
    buttons: buttons(opts.okLabel ?? ok, cancel === undefined ? undefined : (opts.cancelLabel ?? cancel)),
  });
}

/**
 * Show a message with an OK button.
 *
 * @returns The label of the button pressed.
 */
function message(text: string, options?: MessageDialogOptions | string): Promise<string> {
  return show(text, options, 'Ok');
}

/**
 * Ask a question with Yes and No (or your labels).
 *
 * @returns Whether the user said yes.
 * @example
 * ```ts
 * if (await ask('Discard the draft?', { title: 'Editor', kind: 'warning' })) discard();
 * ```
 */
async function ask(text: string, options?: MessageDialogOptions | string): Promise<boolean> {
  const opts = typeof options === 'string' ? { title: options } : options;
  return (await show(text, opts, 'Yes', 'No')) === (opts?.okLabel ?? 'Yes');
}

/**
 * Ask for a confirmation with OK and Cancel (or your labels).
 *
 * @returns Whether the user pressed OK.
 */
async function confirm(text: string, options?: MessageDialogOptions | string): Promise<boolean> {
  const opts = typeof options === 'string' ? { title: options } : options;
  return (await show(text, opts, 'Ok', 'Cancel')) === (opts?.okLabel ?? 'Ok');
}

export {
  ask,
  confirm,
  type DialogFilter,
  message,
  type MessageDialogOptions,
  open,
  type OpenDialogOptions,
  save,
  type SaveDialogOptions,
};
