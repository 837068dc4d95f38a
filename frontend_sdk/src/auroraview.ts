/// <reference path="./global.d.ts" preserve="true" />
/**
 * `window.auroraview` (spec §5, AuroraView's "Bidirectional Communication"), and the typed
 * client `createAuroraView()` / `getAuroraView()` for app code.
 *
 * | JS | Python |
 * |---|---|
 * | `call(method, params?, {timeout?})` | `@webview.bind_call(method)`, `bind_api(obj)` |
 * | `send_event(event, detail?)` | `@webview.on(event)` |
 * | `on(event, handler)` / `off` / `once` | `webview.emit(event, payload)` |
 * | `trigger(event, detail)` | local only |
 *
 * @module
 */

import { page } from './core.js';
import { TimeoutError, toIpcError } from './errors.js';

/** The event whose payload settles a pending `call`. */
const CALL_RESULT_EVENT = '__auroraview_call_result';

/** JS → Python AuroraView messages (the `v` of an `av` record). */
type AuroraViewMessage =
  | { type: 'event'; event: string; detail?: unknown }
  | { type: 'call'; id: string; method: string; params?: unknown };

/** The payload of `__auroraview_call_result`. */
type CallResult =
  | { id: string; ok: true; result?: unknown }
  | { id: string; ok: false; error?: { name?: string; message?: string } };

/** What the bridge gives the AuroraView object. */
interface AuroraViewPort {
  /** Sends an `av` record; throws when the page has no launch ticket. */
  send(message: AuroraViewMessage): void;
  /** Delivers an event inside the page, to `listen` and `auroraview.on` handlers alike. */
  dispatchLocal(event: string, detail: unknown): void;
  isReady(): boolean;
  whenReady(): Promise<void>;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  reportError(error: unknown): void;
  /** The page now has a handler for `event` (Python sends only events a page listens to). */
  subscribe?(event: string): void;
  /** The page's last handler for `event` is gone. */
  unsubscribe?(event: string): void;
}

type Handler = (detail: any) => void;

interface PendingCall {
  resolve(value: unknown): void;
  reject(reason: unknown): void;
  timer: unknown;
}

/** An `Error` with the given `name` (AuroraView rejects with the Python exception's name). */
function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * The object installed as `window.auroraview` by the bridge.
 *
 * @example
 * ```ts
 * const hierarchy = await window.auroraview.call('api.get_hierarchy', { root: 'scene' });
 * window.auroraview.on('selection_changed', (data) => highlight(data.items));
 * window.auroraview.send_event('export_scene', { path: '/tmp/out.fbx' });
 * ```
 */
class AuroraViewBridge implements PtlAuroraViewBridge {
  readonly #port: AuroraViewPort;
  readonly #handlers = new Map<string, Set<Handler>>();
  readonly #pending = new Map<string, PendingCall>();
  #nextId = 0;
  /** `auroraview.api.foo(params)` calls method `"api.foo"`. */
  readonly api: Record<string, (params?: unknown) => Promise<any>>;

  constructor(port: AuroraViewPort) {
    this.#port = port;
    this.api = new Proxy({} as Record<string, (params?: unknown) => Promise<any>>, {
      get: (_target, prop) => {
        // Not thenable, so `await auroraview.api` does not hang.
        if (typeof prop !== 'string' || prop === 'then' || prop === 'toJSON') return undefined;
        return (params?: unknown) => this.call(`api.${prop}`, params);
      },
    });
  }

  /** Calls a Python method bound with `bind_call`/`bind_api`; resolves with its return value. */
  call<T = any>(method: string, params?: unknown, options?: { timeout?: number }): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#nextId += 1;
      const id = `av_call_${this.#nextId}`;
      const pending: PendingCall = { resolve: resolve as (value: unknown) => void, reject, timer: undefined };
      const timeout = options?.timeout;
      if (timeout !== undefined && Number.isFinite(timeout) && timeout >= 0) {
        pending.timer = this.#port.setTimeout(() => {
          if (this.#pending.delete(id)) reject(new TimeoutError(method, timeout, `\`${method}\` timed out after ${timeout} ms`));
        }, timeout);
      }
      this.#pending.set(id, pending);
      const message: AuroraViewMessage = { type: 'call', id, method };
      if (params !== undefined) message.params = params;
      try {
        this.#port.send(message);
      } catch (error) {
        this.#settle(id, () => reject(error));
      }
    });
  }

  /** Fire-and-forget event to Python (`@webview.on(event)`). */
  send_event(event: string, detail?: unknown): void {
    const message: AuroraViewMessage = { type: 'event', event };
    if (detail !== undefined) message.detail = detail;
    this.#port.send(message);
  }

  /** Subscribes to an event from Python; returns the unsubscribe function. */
  on<T = any>(event: string, handler: (detail: T) => void): () => void {
    let set = this.#handlers.get(event);
    if (set === undefined) {
      set = new Set();
      this.#handlers.set(event, set);
      this.#port.subscribe?.(event);
    }
    set.add(handler);
    return () => this.off(event, handler);
  }

  /** Subscribes for one event only. */
  once<T = any>(event: string, handler: (detail: T) => void): () => void {
    const wrapper = (detail: T): void => {
      unsubscribe();
      handler(detail);
    };
    const unsubscribe = this.on(event, wrapper);
    return unsubscribe;
  }

  /** Removes `handler`, or every handler of `event` when `handler` is omitted. */
  off(event: string, handler?: (detail: any) => void): void {
    const set = this.#handlers.get(event);
    if (set === undefined) return;
    if (handler !== undefined) set.delete(handler);
    if (handler === undefined || set.size === 0) {
      this.#handlers.delete(event);
      this.#port.unsubscribe?.(event);
    }
  }

  /** Delivers an event inside this page only; it never reaches Python. */
  trigger(event: string, detail?: unknown): void {
    this.#port.dispatchLocal(event, detail);
  }

  isReady(): boolean {
    return this.#port.isReady();
  }

  whenReady(): Promise<PtlAuroraViewBridge> {
    return this.#port.whenReady().then(() => this);
  }

  /** Called by the bridge for each event delivered in the page. */
  deliver(event: string, detail: unknown): void {
    if (event === CALL_RESULT_EVENT) this.#onResult(detail);
    const set = this.#handlers.get(event);
    if (set === undefined) return;
    for (const handler of [...set]) {
      try {
        handler(detail);
      } catch (error) {
        this.#port.reportError(error);
      }
    }
  }

  /** Rejects every pending call (the connection closed). */
  rejectAll(name: string, message: string): void {
    for (const id of [...this.#pending.keys()]) this.#settle(id, (p) => p.reject(namedError(name, message)));
  }

  /** Forgets every pending call without settling it (the page is going away). */
  dropAll(): void {
    for (const id of [...this.#pending.keys()]) this.#settle(id, () => undefined);
  }

  #onResult(detail: unknown): void {
    if (detail === null || typeof detail !== 'object') return;
    const result = detail as CallResult;
    // Unknown ids and results that come after a timeout are dropped silently.
    this.#settle(String(result.id), (pending) => {
      if (result.ok) pending.resolve(result.result);
      else pending.reject(namedError(result.error?.name ?? 'Error', result.error?.message ?? 'call failed'));
    });
  }

  #settle(id: string, how: (pending: PendingCall) => void): void {
    const pending = this.#pending.get(id);
    if (pending === undefined) return;
    this.#pending.delete(id);
    if (pending.timer !== undefined) this.#port.clearTimeout(pending.timer);
    how(pending);
  }
}

/** The typed client over `window.auroraview` that {@link createAuroraView} returns. */
interface AuroraViewClient {
  /** Calls a Python method; rejects with an `Error` named after the Python exception. */
  call<T = unknown>(method: string, params?: unknown, options?: { timeout?: number }): Promise<T>;
  /** Fire-and-forget event to Python. */
  send_event(event: string, detail?: unknown): void;
  /** Alias of `send_event` (AuroraView SDK naming). */
  emit(event: string, detail?: unknown): void;
  on<T = unknown>(event: string, handler: (detail: T) => void): () => void;
  once<T = unknown>(event: string, handler: (detail: T) => void): () => void;
  off(event: string, handler?: (detail: any) => void): void;
  trigger(event: string, detail?: unknown): void;
  isReady(): boolean;
  whenReady(): Promise<AuroraViewClient>;
  /** `api.foo(params)` calls method `"api.foo"`. */
  readonly api: Record<string, <T = unknown>(params?: unknown) => Promise<T>>;
}

function bridgeObject(): PtlAuroraViewBridge {
  const found = page().auroraview;
  if (found === undefined) {
    throw new Error(
      'window.auroraview is missing: this page was not served by a pytauri_like app ' +
        '(in unit tests, call mockIPC() from the mocks module first)',
    );
  }
  return found;
}

/**
 * Returns the typed AuroraView client. It looks up `window.auroraview` on every call, so it
 * also follows `mockIPC()`/`clearMocks()` in tests.
 *
 * @example
 * ```ts
 * import { createAuroraView } from 'pytauri-like-api/auroraview';
 *
 * const av = createAuroraView();
 * const result = await av.call<{ ok: boolean }>('api.rename', { old: 'a', new: 'b' }, { timeout: 5000 });
 * const off = av.on<{ frame: number }>('update_data', (d) => console.log(d.frame));
 * ```
 */
function createAuroraView(): AuroraViewClient {
  const client: AuroraViewClient = {
    call: <T>(method: string, params?: unknown, options?: { timeout?: number }) => {
      try {
        return bridgeObject()
          .call<T>(method, params, options)
          .catch((error: unknown) => {
            throw toIpcError(method, error);
          });
      } catch (error) {
        return Promise.reject(error);
      }
    },
    send_event: (event, detail) => bridgeObject().send_event(event, detail),
    emit: (event, detail) => bridgeObject().send_event(event, detail),
    on: (event, handler) => bridgeObject().on(event, handler),
    once: (event, handler) => bridgeObject().once(event, handler),
    off: (event, handler) => bridgeObject().off(event, handler),
    trigger: (event, detail) => bridgeObject().trigger(event, detail),
    isReady: () => page().auroraview?.isReady() ?? false,
    whenReady: () => bridgeObject().whenReady().then(() => client),
    api: new Proxy({} as AuroraViewClient['api'], {
      get: (_target, prop) => {
        if (typeof prop !== 'string' || prop === 'then' || prop === 'toJSON') return undefined;
        return (params?: unknown) => client.call(`api.${prop}`, params);
      },
    }),
  };
  return client;
}

/**
 * The same as {@link createAuroraView} (AuroraView SDK naming).
 *
 * @example
 * ```ts
 * import { getAuroraView } from 'pytauri-like-api/auroraview';
 *
 * getAuroraView().send_event('export_scene', { format: 'fbx' });
 * ```
 */
function getAuroraView(): AuroraViewClient {
  return createAuroraView();
}

export {
  type AuroraViewClient,
  type AuroraViewMessage,
  type AuroraViewPort,
  AuroraViewBridge,
  CALL_RESULT_EVENT,
  type CallResult,
  createAuroraView,
  getAuroraView,
};
