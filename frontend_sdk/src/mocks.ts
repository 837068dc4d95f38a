/**
 * Test doubles for app authors' frontend tests (like `@tauri-apps/api/mocks`): with
 * {@link mockIPC}, a Vitest/Jest/`node:test` test of a component that calls `pyInvoke`,
 * `invoke`, `listen` or `window.auroraview` runs without Python. Both this SDK and the real
 * `@tauri-apps/api` / `tauri-plugin-pytauri-api` reach the mock, because it replaces
 * `window.__TAURI_INTERNALS__` (and `window.auroraview`).
 *
 * @module
 */

import { AuroraViewBridge, CALL_RESULT_EVENT } from './auroraview.js';
import { page, PY_INVOKE_HEADER, PY_INVOKE_TAURI_CMD } from './core.js';
import { fromUtf8, headerPairs, headerValue, isRawBody, rawBytes } from './wire.js';

/** What the handler gets besides the command and its arguments. */
interface MockInvokeDetails {
  /** The call's headers (for `pyInvoke`, without the reserved `pyfunc` header). */
  headers: Headers;
  /** The raw body bytes, for `pyInvoke` calls and raw-bytes `invoke` calls. */
  raw: Uint8Array | undefined;
  /** Where the call came from. */
  via: 'pyInvoke' | 'invoke' | 'auroraview';
}

/**
 * Answers a mocked call. `cmd` is the Python command name — for `pyInvoke('greet', body)` it is
 * `"greet"` (not `plugin:pytauri|pyfunc`), for `auroraview.call('api.rename', p)` it is
 * `"api.rename"` — and `args` the decoded body: the JSON value, the raw bytes (`Uint8Array`)
 * when the body is not JSON, or `undefined` when there is none. `invoke('cmd', args)` gives
 * `args` as passed. Return the result (or a promise of it); throw a string to reject like a
 * Python `InvokeException`, or an `Error` to reject an AuroraView call with its `name`.
 */
type MockHandler = (cmd: string, args: any, details: MockInvokeDetails) => unknown;

/** Options of {@link mockIPC}. */
interface MockIPCOptions {
  /**
   * Deliver `emit`/`emitTo`/`send_event` inside the page too, as if Python echoed them
   * (the handler still sees them as `plugin:event|emit` / `plugin:event|emit_to`).
   */
  shouldMockEvents?: boolean;
  /** The window label in `metadata` (default `"main"`). */
  label?: string;
}

interface MockState {
  saved: Record<string, { present: boolean; value: unknown }>;
  dispatch(event: string, payload: unknown): void;
}

const GLOBALS = ['__TAURI_INTERNALS__', '__TAURI_EVENT_PLUGIN_INTERNALS__', 'auroraview'] as const;
let active: MockState | undefined;

function decodeBody(args: unknown): { value: unknown; raw: Uint8Array | undefined } {
  if (!isRawBody(args)) return { value: args, raw: undefined };
  const raw = rawBytes(args);
  if (raw.byteLength === 0) return { value: undefined, raw };
  try {
    return { value: JSON.parse(fromUtf8(raw)), raw };
  } catch {
    return { value: raw, raw };
  }
}

function toHeaders(pairs: Array<[string, string]>): Headers {
  const headers = new Headers();
  for (const [name, value] of pairs) headers.append(name, value);
  return headers;
}

/**
 * Routes every IPC call of the page to `handler`. Call {@link clearMocks} after each test.
 *
 * `listen`/`unlisten` always work locally; use {@link mockEvent} to deliver an event as if
 * Python emitted it.
 *
 * @param handler - Answers calls; see {@link MockHandler}.
 * @param options - `shouldMockEvents`, `label`.
 * @example
 * ```ts
 * import { afterEach, expect, test } from 'vitest';
 * import { pyInvoke } from 'pytauri-like-api';
 * import { clearMocks, mockIPC } from 'pytauri-like-api/mocks';
 *
 * afterEach(() => clearMocks());
 *
 * test('greets', async () => {
 *   mockIPC((cmd, args) => (cmd === 'greet' ? `Hello, ${args.name}!` : undefined));
 *   await expect(pyInvoke('greet', { name: 'Ada' })).resolves.toBe('Hello, Ada!');
 * });
 * ```
 */
function mockIPC(handler: MockHandler, options?: MockIPCOptions): void {
  clearMocks();
  const target = page() as unknown as Record<string, unknown>;
  const saved: MockState['saved'] = {};
  for (const name of GLOBALS) saved[name] = { present: name in target, value: target[name] };

  const label = options?.label ?? 'main';
  const callbacks = new Map<number, PtlCallback>();
  const listeners = new Map<number, { event: string; handlerId: number }>();
  let nextCallback = 0;
  let nextListener = 0;

  const runCallback = (id: number, data: unknown): void => {
    callbacks.get(id)?.(data);
  };
  const dispatch = (event: string, payload: unknown): void => {
    for (const [id, listener] of [...listeners]) {
      if (listener.event === event && listeners.get(id) === listener) runCallback(listener.handlerId, { event, id, payload });
    }
    auroraview.deliver(event, payload);
  };
  const callHandler = (cmd: string, args: unknown, details: MockInvokeDetails): Promise<unknown> => {
    try {
      return Promise.resolve(handler(cmd, args, details));
    } catch (error) {
      return Promise.reject(error);
    }
  };

  const invoke = (cmd: string, args?: unknown, opts?: PtlInternalInvokeOptions): Promise<unknown> => {
    switch (cmd) {
      case 'plugin:event|listen': {
        const { event, handler: handlerId } = args as { event: string; handler: number };
        nextListener += 1;
        listeners.set(nextListener, { event, handlerId });
        return Promise.resolve(nextListener);
      }
      case 'plugin:event|unlisten': {
        const { eventId } = args as { eventId: number };
        listeners.delete(eventId);
        return Promise.resolve(null);
      }
      case 'plugin:event|emit':
      case 'plugin:event|emit_to': {
        const { event, payload } = args as { event: string; payload?: unknown };
        if (options?.shouldMockEvents === true) dispatch(event, payload ?? null);
        return callHandler(cmd, args, { headers: toHeaders(headerPairs(opts?.headers)), raw: undefined, via: 'invoke' });
      }
      case PY_INVOKE_TAURI_CMD: {
        const name = headerValue(opts?.headers, PY_INVOKE_HEADER) ?? '';
        const { value, raw } = decodeBody(args);
        const headers = toHeaders(headerPairs(opts?.headers, PY_INVOKE_HEADER));
        return callHandler(name, value, { headers, raw, via: 'pyInvoke' });
      }
      default: {
        const raw = isRawBody(args) ? rawBytes(args) : undefined;
        return callHandler(cmd, args, { headers: toHeaders(headerPairs(opts?.headers)), raw, via: 'invoke' });
      }
    }
  };

  const auroraview = new AuroraViewBridge({
    send: (message) => {
      if (message.type === 'event') {
        void invoke('plugin:event|emit', { event: message.event, payload: message.detail }).catch(() => undefined);
        return;
      }
      const { id, method, params } = message;
      callHandler(method, params, { headers: new Headers(), raw: undefined, via: 'auroraview' }).then(
        (result) => auroraview.deliver(CALL_RESULT_EVENT, { id, ok: true, result }),
        (error: unknown) => {
          const err = error as { name?: unknown; message?: unknown } | null;
          const name = typeof err?.name === 'string' ? err.name : 'Error';
          const text = typeof err?.message === 'string' ? err.message : String(error);
          auroraview.deliver(CALL_RESULT_EVENT, { id, ok: false, error: { name, message: text } });
        },
      );
    },
    dispatchLocal: (event, detail) => dispatch(event, detail),
    isReady: () => true,
    whenReady: () => Promise.resolve(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    reportError: (error) =>
      queueMicrotask(() => {
        throw error;
      }),
  });

  const internals: PtlTauriInternals = {
    invoke,
    transformCallback: (callback, once = false) => {
      nextCallback += 1;
      const id = nextCallback;
      callbacks.set(id, (data) => {
        if (once) callbacks.delete(id);
        callback?.(data);
      });
      return id;
    },
    unregisterCallback: (id) => void callbacks.delete(id),
    runCallback,
    callbacks,
    convertFileSrc: (filePath, protocol = 'asset') => `${protocol}://localhost/${encodeURIComponent(filePath)}`,
    metadata: { currentWindow: { label }, currentWebview: { windowLabel: label, label } },
  };
  target['__TAURI_INTERNALS__'] = internals;
  target['__TAURI_EVENT_PLUGIN_INTERNALS__'] = {
    unregisterListener: (_event: string, eventId: number) => {
      const listener = listeners.get(eventId);
      listeners.delete(eventId);
      if (listener !== undefined) callbacks.delete(listener.handlerId);
    },
  } satisfies PtlEventPluginInternals;
  target['auroraview'] = auroraview;
  active = { saved, dispatch };
}

/**
 * Delivers an event to the page's `listen` and `auroraview.on` handlers, as if Python had
 * emitted it. Needs {@link mockIPC} first.
 *
 * @example
 * ```ts
 * mockIPC(() => undefined);
 * const seen: number[] = [];
 * await listen<number>('progress', (e) => seen.push(e.payload));
 * mockEvent('progress', 42); // seen is now [42]
 * ```
 */
function mockEvent(event: string, payload?: unknown): void {
  if (active === undefined) throw new Error('mockEvent() needs mockIPC() first');
  active.dispatch(event, payload ?? null);
}

/**
 * Sets the window label the page reports (`metadata.currentWindow.label`).
 *
 * @example
 * ```ts
 * mockIPC(() => undefined);
 * mockWindows('settings');
 * ```
 */
function mockWindows(current: string, ..._others: string[]): void {
  const target = page() as unknown as Record<string, unknown>;
  const internals = (target['__TAURI_INTERNALS__'] ?? {}) as Partial<PtlTauriInternals>;
  internals.metadata = { currentWindow: { label: current }, currentWebview: { windowLabel: current, label: current } };
  target['__TAURI_INTERNALS__'] = internals;
}

/**
 * Removes what {@link mockIPC} installed and puts back whatever was there before
 * (the real bridge, in a browser).
 *
 * @example
 * ```ts
 * afterEach(() => clearMocks());
 * ```
 */
function clearMocks(): void {
  if (active === undefined) return;
  const target = page() as unknown as Record<string, unknown>;
  for (const name of GLOBALS) {
    const before = active.saved[name];
    if (before?.present === true) target[name] = before.value;
    else delete target[name];
  }
  active = undefined;
}

export { clearMocks, type MockHandler, type MockInvokeDetails, type MockIPCOptions, mockEvent, mockIPC, mockWindows };
