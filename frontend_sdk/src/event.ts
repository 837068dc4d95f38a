/**
 * Events, with `@tauri-apps/api/event` semantics: `listen`, `once`, `emit`, `emitTo`.
 *
 * One bus: a Python `emit` reaches both `listen` and `auroraview.on` handlers; a JS
 * `emit` reaches Python `listen` and `@webview.on` handlers.
 *
 * @module
 */

import { invokeRaw, page, transformCallback } from './core.js';

/** Where an event is sent, or which emits a listener wants (Tauri 2's `EventTarget`). */
type EventTarget =
  | { kind: 'Any' }
  | { kind: 'AnyLabel'; label: string }
  | { kind: 'App' }
  | { kind: 'Window'; label: string }
  | { kind: 'Webview'; label: string }
  | { kind: 'WebviewWindow'; label: string };

/** What a listener receives. */
interface Event<T> {
  /** The event name. */
  event: string;
  /** The id of the listener, usable with `unlisten`. */
  id: number;
  /** The payload. */
  payload: T;
}

type EventCallback<T> = (event: Event<T>) => void;
type UnlistenFn = () => void;

/** Options of {@link listen} and {@link once}. */
interface Options {
  /** Only events for this target (a label means `{ kind: 'AnyLabel', label }`); default any. */
  target?: string | EventTarget;
}

async function unlistenById(event: string, eventId: number): Promise<void> {
  page().__TAURI_EVENT_PLUGIN_INTERNALS__?.unregisterListener(event, eventId);
  await invokeRaw('plugin:event|unlisten', { event, eventId });
}

/**
 * Listens to an event from Python (or from any window).
 *
 * @param event - Event name.
 * @param handler - Called with `{ event, id, payload }`.
 * @param options - `target` filter.
 * @returns A promise of a function that stops listening.
 * @example
 * ```ts
 * import { listen } from 'pytauri-like-api/event';
 *
 * const unlisten = await listen<{ percent: number }>('progress', (e) => bar.set(e.payload.percent));
 * // later, e.g. when the component unmounts:
 * unlisten();
 * ```
 */
async function listen<T>(event: string, handler: EventCallback<T>, options?: Options): Promise<UnlistenFn> {
  const target: EventTarget =
    typeof options?.target === 'string' ? { kind: 'AnyLabel', label: options.target } : (options?.target ?? { kind: 'Any' });
  const eventId = await invokeRaw<number>('plugin:event|listen', {
    event,
    target,
    handler: transformCallback(handler),
  });
  return () => {
    void unlistenById(event, eventId);
  };
}

/**
 * Listens to an event once: the listener removes itself after the first event.
 *
 * @example
 * ```ts
 * import { once } from 'pytauri-like-api/event';
 *
 * await once<string>('ready', (e) => console.log('ready:', e.payload));
 * ```
 */
async function once<T>(event: string, handler: EventCallback<T>, options?: Options): Promise<UnlistenFn> {
  return listen<T>(
    event,
    (eventData) => {
      void unlistenById(event, eventData.id);
      handler(eventData);
    },
    options,
  );
}

/**
 * Emits an event to Python and to every window (this one included).
 *
 * @example
 * ```ts
 * import { emit } from 'pytauri-like-api/event';
 *
 * await emit('frontend-loaded', { loggedIn: true });
 * ```
 */
async function emit<T>(event: string, payload?: T): Promise<void> {
  await invokeRaw('plugin:event|emit', { event, payload });
}

/**
 * Emits an event to the targets matching `target` (a label means `{ kind: 'AnyLabel', label }`;
 * `{ kind: 'App' }` reaches Python listeners only).
 *
 * @example
 * ```ts
 * import { emitTo } from 'pytauri-like-api/event';
 *
 * await emitTo('settings', 'theme-changed', { dark: true });
 * ```
 */
async function emitTo<T>(target: string | EventTarget, event: string, payload?: T): Promise<void> {
  const eventTarget: EventTarget = typeof target === 'string' ? { kind: 'AnyLabel', label: target } : target;
  await invokeRaw('plugin:event|emit_to', { target: eventTarget, event, payload });
}

export { emit, emitTo, type Event, type EventCallback, type EventTarget, listen, once, type Options, type UnlistenFn };
