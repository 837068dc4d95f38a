/**
 * Calling Python: `pyInvoke`, `invoke`, `Channel`.
 *
 * Same calling conventions as `tauri-plugin-pytauri-api` (`pyInvoke`) and
 * `@tauri-apps/api/core` (`invoke`, `Channel`), plus per-call `timeout` and `signal`,
 * and typed errors (see `errors.ts`).
 *
 * @module
 */

import { AbortError, TimeoutError, toIpcError } from './errors.js';
import { isRawBody, SERIALIZE_TO_IPC_FN, toIpcJson, utf8 } from './wire.js';

/** The Tauri command that carries `pyInvoke` calls; the `pyfunc` header names the Python command. */
const PY_INVOKE_TAURI_CMD = 'plugin:pytauri|pyfunc';
const PY_INVOKE_HEADER = 'pyfunc';

/** Options of {@link invoke} and {@link pyInvoke}. */
interface InvokeOptions {
  /** Extra headers; the Python command gets them as `headers: Headers`. */
  headers?: HeadersInit;
  /**
   * Milliseconds to wait for the answer. When it expires the promise rejects with a
   * {@link TimeoutError} and the running Python task is cancelled.
   */
  timeout?: number;
  /**
   * Aborting rejects the promise at once with an {@link AbortError} and cancels the running
   * Python task (its `finally` blocks run; no result is sent).
   */
  signal?: AbortSignal;
}

/** Arguments of a Tauri-style `invoke`: a JSON-able record, or raw bytes. */
type InvokeArgs = Record<string, unknown> | unknown[] | ArrayBuffer | Uint8Array;

/** The page object: `window` in a browser, `globalThis` elsewhere (tests may set `globalThis.window`). */
function page(): Window {
  return ((globalThis as { window?: Window }).window ?? globalThis) as Window;
}

function internals(): PtlTauriInternals {
  const found = page().__TAURI_INTERNALS__;
  if (found === undefined || typeof found.invoke !== 'function') {
    throw new Error(
      'window.__TAURI_INTERNALS__ is missing: this page was not served by a pytauri_like app ' +
        '(in unit tests, call mockIPC() from the mocks module first)',
    );
  }
  return found;
}

/**
 * Runs `start` with Tauri's options, racing it against `options.timeout` and
 * `options.signal`, and turns any rejection into an SDK error.
 */
function settle<T>(command: string, start: () => Promise<T>, options: InvokeOptions | undefined): Promise<T> {
  const signal = options?.signal;
  const timeout = options?.timeout;
  if (signal?.aborted === true) return Promise.reject(new AbortError(command, signal.reason));
  if (signal === undefined && timeout === undefined) {
    // The common case, kept lean: nothing can settle the call early.
    let running: Promise<T>;
    try {
      running = start();
    } catch (error) {
      running = Promise.reject(error);
    }
    return running.then(undefined, (error: unknown) => Promise.reject(toIpcError(command, error)));
  }
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (): boolean => {
      if (done) return false;
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      return true;
    };
    // Registered before the bridge registers its own listener, so this rejection comes first
    // and the bridge then only has to tell Python to cancel.
    const onAbort = (): void => {
      if (finish()) reject(new AbortError(command, signal?.reason));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeout !== undefined && Number.isFinite(timeout) && timeout >= 0) {
      timer = setTimeout(() => {
        if (finish()) reject(new TimeoutError(command, timeout));
      }, timeout);
    }
    let running: Promise<T>;
    try {
      running = start();
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(
      (value) => {
        if (finish()) resolve(value);
      },
      (error: unknown) => {
        if (finish()) reject(toIpcError(command, error));
      },
    );
  });
}

/** Encodes a `pyInvoke` body the way `tauri-plugin-pytauri-api` does (empty when absent). */
function pyBody(body: unknown): ArrayBuffer | Uint8Array {
  if (body === undefined) return new Uint8Array(0);
  if (isRawBody(body)) return body;
  return utf8(toIpcJson(body));
}

function pyHeaders(funcName: string, headers: HeadersInit | undefined): HeadersInit {
  // Pairs when there is nothing to merge: a `Headers` object costs more than the call.
  if (headers === undefined) return [[PY_INVOKE_HEADER, funcName]];
  const result = new Headers(headers);
  // Overridden silently, as tauri-plugin-pytauri-api and Tauri do.
  result.set(PY_INVOKE_HEADER, funcName);
  return result;
}

/**
 * Calls the Python command `funcName` (registered with `@commands.command()`).
 *
 * `body` is sent as JSON, or as raw bytes when it is an `ArrayBuffer`/`Uint8Array`.
 * The promise resolves with the parsed JSON the command returned (an `ArrayBuffer` for
 * `-> bytes`), and rejects with an {@link InvokeError} (or `PermissionError`,
 * `TimeoutError`, `AbortError`, `ConnectionError`).
 *
 * @typeParam T - What the command returns.
 * @param funcName - The Python command name.
 * @param body - The body: any JSON-able value, or raw bytes.
 * @param options - `headers`, `timeout` (ms) and `signal`.
 * @example
 * ```ts
 * import { pyInvoke } from 'pytauri-like-api';
 *
 * const greeting = await pyInvoke<string>('greet', { name: 'Ada' }, { timeout: 5000 });
 * ```
 */
function pyInvoke<T = unknown>(funcName: string, body?: unknown, options?: InvokeOptions): Promise<T> {
  return settle(
    funcName,
    () =>
      internals().invoke(PY_INVOKE_TAURI_CMD, pyBody(body), {
        ...options,
        headers: pyHeaders(funcName, options?.headers),
      }) as Promise<T>,
    options,
  );
}

/**
 * Calls a command Tauri-style: `invoke('greet', { name: 'Ada' })` reaches the Python command
 * `greet` with the args as its JSON body (raw bytes when `args` is an `ArrayBuffer` or
 * `Uint8Array`). `plugin:…` commands (e.g. `plugin:event|emit`) work as in Tauri.
 *
 * @typeParam T - What the command returns.
 * @param cmd - The command name.
 * @param args - The arguments (default `{}`).
 * @param options - `headers`, `timeout` (ms) and `signal`.
 * @example
 * ```ts
 * import { invoke } from 'pytauri-like-api/core';
 *
 * const ctl = new AbortController();
 * const total = invoke<number>('add', { a: 12, b: 15 }, { signal: ctl.signal });
 * ```
 */
function invoke<T = unknown>(cmd: string, args: InvokeArgs = {}, options?: InvokeOptions): Promise<T> {
  return settle(cmd, () => internals().invoke(cmd, args, options) as Promise<T>, options);
}

/**
 * Tauri-exact `invoke`: rejects with the plain string Python sent (what
 * `window.__TAURI__.core.invoke` is). Prefer {@link invoke}, which rejects with typed errors.
 *
 * @example
 * ```ts
 * await invokeRaw('greet', { name: 'Ada' }).catch((message: string) => console.log(message));
 * ```
 */
function invokeRaw<T = unknown>(cmd: string, args: InvokeArgs = {}, options?: InvokeOptions): Promise<T> {
  try {
    return internals().invoke(cmd, args, options) as Promise<T>;
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Tauri-exact `pyInvoke` (as in `tauri-plugin-pytauri-api`): rejects with the plain string.
 * It is `window.__TAURI__.pytauri.pyInvoke`. Prefer {@link pyInvoke}.
 *
 * @example
 * ```ts
 * const { pyInvoke } = window.__TAURI__.pytauri;
 * await pyInvoke('greet', { name: 'Ada' });
 * ```
 */
function pyInvokeRaw<T = unknown>(funcName: string, body?: unknown, options?: InvokeOptions): Promise<T> {
  return invokeRaw<T>(PY_INVOKE_TAURI_CMD, pyBody(body), { ...options, headers: pyHeaders(funcName, options?.headers) });
}

/**
 * Registers a callback the backend can call by id (Tauri's `transformCallback`).
 *
 * @param callback - Called with each payload.
 * @param once - Forget the callback after its first call.
 * @returns The callback id.
 * @example
 * ```ts
 * const id = transformCallback((payload) => console.log(payload), true);
 * ```
 */
function transformCallback<T = unknown>(callback?: (payload: T) => void, once = false): number {
  return internals().transformCallback(callback as PtlCallback | undefined, once);
}

/**
 * Converts a file path to a URL the webview can load (Tauri's `convertFileSrc`): the app
 * serves the file if `app.security.assetProtocol` is enabled and its `scope` allows the path.
 *
 * @example
 * ```ts
 * img.src = convertFileSrc('/tmp/photo.png');
 * ```
 */
function convertFileSrc(filePath: string, protocol = 'asset'): string {
  return internals().convertFileSrc(filePath, protocol);
}

/** A raw channel message, as the backend delivers it (Tauri's shape). */
type ChannelMessage<T> = { index: number; message: T } | { index: number; end: true };

/**
 * A stream of messages from a Python command (`JavaScriptChannelId[Model]` →
 * `Channel[Model]`). Pass it inside a command's body; each `channel.send(...)` in Python
 * reaches {@link Channel.onmessage} in the order sent (`bytes` as an `ArrayBuffer`).
 *
 * @typeParam T - The message type.
 * @example
 * ```ts
 * import { Channel, pyInvoke } from 'pytauri-like-api';
 *
 * const progress = new Channel<{ percent: number }>((m) => bar.set(m.percent));
 * await pyInvoke('download', { url, progress });
 * ```
 */
class Channel<T = unknown> {
  /** The callback id; the channel serialises as `"__CHANNEL__:<id>"`. */
  readonly id: number;
  #onmessage: (message: T) => void;
  #nextIndex = 0;
  #pending = new Map<number, T>();
  #endIndex: number | undefined;

  constructor(onmessage?: (message: T) => void) {
    this.#onmessage = onmessage ?? (() => undefined);
    this.id = transformCallback<ChannelMessage<T>>((raw) => this.#receive(raw));
  }

  /** The handler for each message; replacing it does not replay earlier messages. */
  set onmessage(handler: (message: T) => void) {
    this.#onmessage = handler;
  }

  get onmessage(): (message: T) => void {
    return this.#onmessage;
  }

  /** Stops receiving: forgets the callback. */
  cleanupCallback(): void {
    internals().unregisterCallback(this.id);
  }

  #receive(raw: ChannelMessage<T>): void {
    if ('end' in raw) {
      if (raw.index === this.#nextIndex) this.cleanupCallback();
      else this.#endIndex = raw.index;
      return;
    }
    if (raw.index !== this.#nextIndex) {
      // Out of order: keep it until the messages before it arrive.
      this.#pending.set(raw.index, raw.message);
      return;
    }
    this.#deliver(raw.message);
    this.#nextIndex += 1;
    while (this.#pending.has(this.#nextIndex)) {
      const message = this.#pending.get(this.#nextIndex) as T;
      this.#pending.delete(this.#nextIndex);
      this.#deliver(message);
      this.#nextIndex += 1;
    }
    if (this.#nextIndex === this.#endIndex) this.cleanupCallback();
  }

  #deliver(message: T): void {
    try {
      this.#onmessage(message);
    } catch (error) {
      // A throwing handler must not stall the channel; report it asynchronously.
      queueMicrotask(() => {
        throw error;
      });
    }
  }

  [SERIALIZE_TO_IPC_FN](): string {
    return `__CHANNEL__:${this.id}`;
  }

  toJSON(): string {
    return this[SERIALIZE_TO_IPC_FN]();
  }
}

export {
  Channel,
  type ChannelMessage,
  convertFileSrc,
  invoke,
  type InvokeArgs,
  type InvokeOptions,
  invokeRaw,
  page,
  PY_INVOKE_HEADER,
  PY_INVOKE_TAURI_CMD,
  pyInvoke,
  pyInvokeRaw,
  SERIALIZE_TO_IPC_FN,
  settle,
  transformCallback,
};
