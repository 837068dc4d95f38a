/**
 * The bridge: the script the app injects first into every page. It provides
 * `window.__TAURI_INTERNALS__`, `window.__TAURI_EVENT_PLUGIN_INTERNALS__`, `window.__TAURI__`
 * and `window.auroraview`, and speaks the wire protocol (docs/internals/protocol.md) over one
 * WebSocket. It never evaluates strings itself, so it works under a strict CSP; `eval`
 * records become `<script nonce>` elements, which the page's CSP allows.
 *
 * All browser access goes through the {@link PtlHost} given to {@link installBridge}.
 *
 * @module
 */

import { AuroraViewBridge, type AuroraViewMessage } from './auroraview.js';
import {
  Channel,
  convertFileSrc,
  invokeRaw,
  PY_INVOKE_HEADER,
  PY_INVOKE_TAURI_CMD,
  pyInvokeRaw,
  transformCallback,
} from './core.js';
import { AbortError, CONNECTION_CLOSED, NO_TICKET, TimeoutError } from './errors.js';
import * as appApi from './app.js';
import * as dialogApi from './dialog.js';
import * as dpiApi from './dpi.js';
import { emit, emitTo, listen, once } from './event.js';
import * as pathApi from './path.js';
import * as processApi from './process.js';
import * as windowApi from './window.js';
import {
  base64UrlDecode,
  decodeFrame,
  encodeFrame,
  type EventTargetLike,
  fromUtf8,
  type HeaderPair,
  headerPairs,
  type InboundRecord,
  isRawBody,
  LARGE_BODY,
  rawBytes,
  toIpcJson,
  utf8,
} from './wire.js';

const PROTOCOL_VERSION = 1;
const TICKET_PARAM = '__ptl_ticket';
const TICKET_KEY = '__pytauri_like_ticket';
const PREFIX = '/__pytauri_like__';
const MAX_BACKOFF_MS = 5000;
const EMPTY = new Uint8Array(0);

interface PendingInvoke {
  command: string;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
  /** Removes timers and abort listeners. */
  cleanup(): void;
  /** Set while a large body is being uploaded. */
  upload?: AbortController;
  /** The upload's response body: where an `r` record with `h: 1` finds its bytes. */
  httpResult?: Promise<ArrayBuffer | undefined>;
}

/**
 * Something to send once the socket is open (`large` ones once `hello` has come): a text
 * record (batched with the records next to it) or a frame `run` sends itself.
 */
/** `hold`: called when the item waits in the outbox instead of going out at once. */
type Outgoing = { id?: number; large?: boolean } & ({ text: string } | { run(socket: PtlSocket): void; hold?(): void });

/**
 * Text records sent in the same task go out as one JSON-array frame of at most this many
 * characters (≤ 48 KiB of UTF-8: under the smallest frame limit a server may have).
 */
const BATCH_CHARS = 16 * 1024;

interface Listener {
  event: string;
  handlerId: number;
  target: EventTargetLike;
}

/** Whether a listener's target accepts an event sent to `sent` (Tauri 2 semantics). */
function targetAccepts(listener: EventTargetLike, sent: EventTargetLike | null | undefined): boolean {
  if (sent === null || sent === undefined || listener.kind === 'Any' || sent.kind === 'Any') return true;
  if (listener.kind === 'App' || sent.kind === 'App') return listener.kind === sent.kind;
  // Window, Webview and WebviewWindow are one thing here: a window has one webview.
  return listener.label === sent.label;
}

/** Bodies are cut into pieces of at least this size (when `hello.parts` allows cutting). */
const PART_MIN = 2.5 * 1024 * 1024;

/**
 * The largest body posted to the app's scheme; larger ones go over HTTP. WebKit hands a
 * scheme's body to the app on its GUI thread (~2 ms a MiB to read here), so this bounds
 * how long one upload can hold the window still.
 */
const SCHEME_MAX = 32 * 1024 * 1024;

/** The slices of a result, in order, as one buffer; `undefined` if any did not come. */
function joinSlices(slices: (ArrayBuffer | undefined)[]): ArrayBuffer | undefined {
  if (slices.length === 1) return slices[0];
  let size = 0;
  for (const slice of slices) {
    if (slice === undefined) return undefined;
    size += slice.byteLength;
  }
  const whole = new Uint8Array(size);
  let at = 0;
  for (const slice of slices as ArrayBuffer[]) {
    whole.set(new Uint8Array(slice), at);
    at += slice.byteLength;
  }
  return whole.buffer;
}

function isEmptyRecord(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    Object.getPrototypeOf(value) === Object.prototype &&
    Object.keys(value).length === 0
  );
}

/** What `sep()` and `delimiter()` of `@tauri-apps/api/path` return, on this platform. */
function pathSeparators(platform: string): { sep: string; delimiter: string } {
  return /^win/i.test(platform) ? { sep: '\\', delimiter: ';' } : { sep: '/', delimiter: ':' };
}

/** Reads the launch ticket (URL first, then sessionStorage) and hides it from the URL. */
function takeTicket(host: PtlHost): string | undefined {
  const { location } = host;
  const query = location.search.startsWith('?') ? location.search.slice(1) : location.search;
  const kept: string[] = [];
  let fromUrl: string | undefined;
  for (const part of query === '' ? [] : query.split('&')) {
    const eq = part.indexOf('=');
    const rawKey = eq === -1 ? part : part.slice(0, eq);
    let key = rawKey;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
    } catch {
      // keep the raw key
    }
    if (key === TICKET_PARAM) {
      const rawValue = eq === -1 ? '' : part.slice(eq + 1);
      try {
        fromUrl = decodeURIComponent(rawValue.replace(/\+/g, ' '));
      } catch {
        fromUrl = rawValue;
      }
    } else {
      kept.push(part);
    }
  }
  if (fromUrl !== undefined && fromUrl !== '') {
    try {
      host.sessionStorage?.setItem(TICKET_KEY, fromUrl);
    } catch {
      // storage refused: the ticket still works for this document
    }
    try {
      const search = kept.length > 0 ? `?${kept.join('&')}` : '';
      host.history.replaceState(host.history.state, '', `${location.pathname}${search}${location.hash}`);
    } catch {
      // an opaque origin may refuse; the ticket then stays visible
    }
    return fromUrl;
  }
  try {
    return host.sessionStorage?.getItem(TICKET_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** The window label carried in the ticket's first part. */
function ticketLabel(ticket: string | undefined, host: PtlHost): string {
  if (ticket === undefined) return '';
  try {
    return fromUtf8(base64UrlDecode(ticket.split('.')[0] ?? '', (s) => host.atob(s)));
  } catch {
    return '';
  }
}

/**
 * The state behind the globals of one page: the connection, pending calls, callbacks and
 * event listeners.
 */
class Bridge {
  readonly #host: PtlHost;
  readonly #ticket: string | undefined;
  readonly #nonce: string | undefined;
  #label: string;
  #socket: PtlSocket | undefined;
  #connected = false;
  #hello = false;
  /** `hello.asset`: the token `convertFileSrc` URLs carry (the ticket until it comes). */
  #assetToken: string | undefined;
  /** Pieces a large body may be cut into (`hello.parts`; 1: one request). */
  #uploadParts = 1;
  /**
   * `hello.scheme`: the app's in-process URL for large bodies (WebKitGTK windows); dropped
   * for the page's life if a post there fails before one has worked (the engine has no such
   * scheme: a browser tab), and the call goes over HTTP instead.
   */
  #scheme: string | undefined;
  #schemeState: 'untried' | 'works' | 'absent' = 'untried';
  #conn: string | undefined;
  #outbox: Outgoing[] = [];
  /** Text records waiting for the end of the task (`#queueText`), and their socket. */
  #texts: string[] = [];
  #textChars = 0;
  #textSocket: PtlSocket | undefined;
  #textFlushQueued = false;
  #nextInvokeId = 0;
  readonly #pending = new Map<number, PendingInvoke>();
  readonly #callbacks = new Map<number, PtlCallback>();
  #nextCallbackId = 0;
  readonly #listeners = new Map<number, Listener>();
  /** How many handlers (`listen` and `auroraview.on`) each event name has in this page. */
  readonly #subscriptions = new Map<string, number>();
  #nextEventId = 0;
  /** Records to handle, in order; a parked payload's fetch starts as soon as it is announced. */
  #backlog: Array<[unknown, ArrayBuffer | undefined, Promise<ArrayBuffer> | undefined]> = [];
  #busy = false;
  #generation = 0;
  #retries = 0;
  #reconnectTimer: unknown;
  #unloading = false;
  #readyWaiters: Array<() => void> = [];
  #announced = false;
  readonly internals: PtlTauriInternals;
  readonly eventInternals: PtlEventPluginInternals;
  readonly auroraview: AuroraViewBridge;

  constructor(host: PtlHost) {
    this.#host = host;
    this.#nonce = host.document.scriptNonce;
    this.#ticket = takeTicket(host);
    this.#label = ticketLabel(this.#ticket, host);
    const label = this.#label;
    this.internals = {
      invoke: (cmd, args, options) => this.invoke(cmd, args, options),
      transformCallback: (callback, once) => this.transformCallback(callback, once),
      unregisterCallback: (id) => this.unregisterCallback(id),
      runCallback: (id, data) => this.runCallback(id, data),
      callbacks: this.#callbacks,
      convertFileSrc: (filePath, protocol = 'asset') => this.convertFileSrc(filePath, protocol),
      metadata: {
        currentWindow: { label },
        currentWebview: { windowLabel: label, label },
      },
      plugins: { path: pathSeparators(host.platform) },
      __pytauriLike: { version: PROTOCOL_VERSION },
    };
    this.eventInternals = { unregisterListener: (event, eventId) => this.unregisterListener(event, eventId) };
    this.auroraview = new AuroraViewBridge({
      send: (message) => this.#sendAuroraView(message),
      dispatchLocal: (event, detail) => this.dispatchEvent(event, detail),
      isReady: () => this.#hello,
      whenReady: () => this.#whenReady(),
      setTimeout: (fn, ms) => host.setTimeout(fn, ms),
      clearTimeout: (handle) => host.clearTimeout(handle),
      reportError: (error) => host.reportError(error),
      subscribe: (event) => void this.#subscribe(event, false),
      unsubscribe: (event) => this.#unsubscribe(event),
    });
  }

  /**
   * Tauri's `convertFileSrc`: the asset protocol's URL for a file on disk. It is on the app's
   * own origin (so the default CSP's `'self'` covers it) and carries the page's asset token,
   * since an `<img>` cannot send headers; the app serves it if `app.security.assetProtocol`
   * allows the path. Another `protocol` gets Tauri's `protocol://localhost/` form (no such
   * protocol is served).
   */
  convertFileSrc(filePath: string, protocol = 'asset'): string {
    const path = encodeURIComponent(filePath);
    if (protocol !== 'asset') return `${protocol}://localhost/${path}`;
    const { location } = this.#host;
    // The asset token proves only "may load assets": a URL copied out of the page does not
    // hand out the window's ticket. Before the socket's hello, the ticket does.
    const token = this.#assetToken ?? this.#ticket;
    const query = token === undefined ? '' : `?t=${encodeURIComponent(token)}`;
    return `${location.protocol}//${location.host}${PREFIX}/asset/${path}${query}`;
  }

  /** The launch ticket, if the page has one. */
  get ticket(): string | undefined {
    return this.#ticket;
  }

  /** Opens the connection and watches page unload. */
  start(): void {
    this.#host.addEventListener('pagehide', () => {
      this.#unloading = true;
      // Settle, not forget: a page restored from the back/forward cache runs on.
      this.auroraview.rejectAll('AbortError', 'the page is unloading');
      this.#socket?.close(1000, 'page hidden');
    });
    this.#host.addEventListener('pageshow', (ev) => {
      if (ev.persisted === true && this.#unloading) {
        this.#unloading = false;
        this.#connect();
      }
    });
    // The window's focus, for `isFocused()` and `tauri://focus`/`tauri://blur`
    // (`onFocusChanged`): the page sees it in every runtime and engine.
    this.#host.addEventListener('focus', () => this.#sendFocus(true));
    this.#host.addEventListener('blur', () => this.#sendFocus(false));
    // A press in a `data-tauri-drag-region` moves the window, as its title bar would; a
    // double click maximises or restores it. Where the window cannot (a browser tab), the
    // rejection is the answer: nothing to report.
    this.#host.onDragRegionPress((double) => {
      const cmd = double ? 'plugin:window|internal_toggle_maximize' : 'plugin:window|start_dragging';
      this.invoke(cmd, { label: this.#label }).catch(() => undefined);
    });
    this.#connect();
  }

  // ---- callbacks and listeners ------------------------------------------------------------

  transformCallback(callback?: PtlCallback, once = false): number {
    this.#nextCallbackId += 1;
    const id = this.#nextCallbackId;
    this.#callbacks.set(id, (data) => {
      if (once) this.#callbacks.delete(id);
      callback?.(data);
    });
    return id;
  }

  unregisterCallback(id: number): void {
    this.#callbacks.delete(id);
  }

  runCallback(id: number, data: unknown): void {
    const callback = this.#callbacks.get(id);
    if (callback === undefined) return; // a channel or listener already gone
    try {
      callback(data);
    } catch (error) {
      this.#host.reportError(error);
    }
  }

  unregisterListener(event: string, eventId: number): void {
    const listener = this.#listeners.get(eventId);
    if (listener === undefined || listener.event !== event) return;
    this.#listeners.delete(eventId);
    this.unregisterCallback(listener.handlerId);
    this.#unsubscribe(event);
  }

  /**
   * Counts a handler of `event`; the first one asks Python to send this page `event` (it
   * sends a page only the events it listens to). With `acknowledged`, resolves once Python
   * has the subscription, as Tauri's `listen` does; a dropped connection resolves too (the
   * subscription is sent again on reconnect).
   */
  #subscribe(event: string, acknowledged: boolean): Promise<void> {
    const count = this.#subscriptions.get(event) ?? 0;
    this.#subscriptions.set(event, count + 1);
    if (count > 0 || this.#ticket === undefined) return Promise.resolve();
    if (!acknowledged) {
      const text = JSON.stringify({ k: 'sub', event });
      this.#send({ text });
      return Promise.resolve();
    }
    this.#nextInvokeId += 1;
    const id = this.#nextInvokeId;
    return new Promise<void>((resolve) => {
      const done = (): void => resolve();
      this.#pending.set(id, { command: 'plugin:event|listen', resolve: done, reject: done, cleanup: () => undefined });
      const text = JSON.stringify({ k: 'sub', event, id });
      this.#send({ id, text });
    });
  }

  #unsubscribe(event: string): void {
    const count = this.#subscriptions.get(event) ?? 0;
    if (count > 1) {
      this.#subscriptions.set(event, count - 1);
      return;
    }
    this.#subscriptions.delete(event);
    if (count === 1 && this.#ticket !== undefined) {
      const text = JSON.stringify({ k: 'unsub', event });
      this.#send({ text });
    }
  }

  /** Delivers an event in this page: `listen` handlers, then `auroraview.on` handlers. */
  dispatchEvent(event: string, payload: unknown, target?: EventTargetLike | null): void {
    for (const [id, listener] of [...this.#listeners]) {
      if (listener.event !== event || !targetAccepts(listener.target, target)) continue;
      // A handler may have removed a later listener.
      if (this.#listeners.get(id) !== listener) continue;
      this.runCallback(listener.handlerId, { event, id, payload });
    }
    this.auroraview.deliver(event, payload);
  }

  // ---- invoke -----------------------------------------------------------------------------

  invoke(cmd: string, args?: unknown, options?: PtlInternalInvokeOptions): Promise<unknown> {
    try {
      switch (cmd) {
        case 'plugin:event|listen': {
          const { eventId, event } = this.#listen(args);
          return this.#subscribe(event, true).then(() => eventId);
        }
        case 'plugin:event|unlisten': {
          const { event, eventId } = (args ?? {}) as { event: string; eventId: number };
          this.unregisterListener(event, eventId);
          return Promise.resolve(null);
        }
        case 'plugin:event|emit': {
          const { event, payload } = (args ?? {}) as { event: string; payload?: unknown };
          return this.#sendRecord({ k: 'emit', event, v: payload ?? null, t: null });
        }
        case 'plugin:event|emit_to': {
          const { event, payload, target } = (args ?? {}) as { event: string; payload?: unknown; target: unknown };
          return this.#sendRecord({ k: 'emit', event, v: payload ?? null, t: target ?? null });
        }
        default:
          return this.#invokePython(cmd, args, options);
      }
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #listen(args: unknown): { eventId: number; event: string } {
    const { event, target, handler } = (args ?? {}) as { event: string; target?: EventTargetLike; handler: number };
    this.#nextEventId += 1;
    this.#listeners.set(this.#nextEventId, { event, handlerId: handler, target: target ?? { kind: 'Any' } });
    return { eventId: this.#nextEventId, event };
  }

  #invokePython(cmd: string, args: unknown, options: PtlInternalInvokeOptions | undefined): Promise<unknown> {
    if (this.#ticket === undefined) return Promise.reject(NO_TICKET);
    let command = cmd;
    let headers: HeaderPair[];
    let body: Uint8Array;
    if (cmd === PY_INVOKE_TAURI_CMD) {
      // One pass: the command name comes out of the headers, the others go to Python.
      let name: string | undefined;
      headers = [];
      for (const pair of headerPairs(options?.headers)) {
        if (pair[0].toLowerCase() !== PY_INVOKE_HEADER) headers.push(pair);
        else name ??= pair[1];
      }
      if (name === undefined || name === '') return Promise.reject(`\`${cmd}\` needs the \`${PY_INVOKE_HEADER}\` header`);
      command = name;
      body = isRawBody(args) ? rawBytes(args) : args === undefined || args === null || isEmptyRecord(args) ? EMPTY : utf8(toIpcJson(args));
    } else {
      headers = headerPairs(options?.headers);
      body = isRawBody(args) ? rawBytes(args) : utf8(toIpcJson(args ?? {}));
    }
    const signal = options?.signal;
    if (signal?.aborted === true) return Promise.reject(new AbortError(command, signal.reason));
    this.#nextInvokeId += 1;
    const id = this.#nextInvokeId;
    const timeout = options?.timeout;
    return new Promise((resolve, reject) => {
      let timer: unknown;
      const onAbort = (): void => this.#cancel(id, new AbortError(command, signal?.reason));
      const pending: PendingInvoke = {
        command,
        resolve,
        reject,
        cleanup: () => {
          if (timer !== undefined) this.#host.clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      this.#pending.set(id, pending);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeout !== undefined && Number.isFinite(timeout) && timeout >= 0) {
        timer = this.#host.setTimeout(() => this.#cancel(id, new TimeoutError(command, timeout)), timeout);
      }
      if (body.byteLength > LARGE_BODY) {
        this.#send({ id, large: true, run: () => this.#upload(id, command, headers, body) });
      } else {
        // `p`: other calls are outstanding, so Python may batch this one's result with theirs.
        const header = this.#pending.size > 1 ? { k: 'i', id, c: command, h: headers, p: 1 } : { k: 'i', id, c: command, h: headers };
        // Sent at once, the frame is written into a kept buffer (`send` copies it); held
        // back until the socket opens, it gets its own, taken now, as the caller's body is.
        let frame: Uint8Array | undefined;
        this.#send({
          id,
          run: (socket) => socket.send(frame ?? encodeFrame(header, body, true)),
          hold: () => {
            frame = encodeFrame(header, body);
          },
        });
      }
    });
  }

  /**
   * Sends a large invoke body to the app's scheme when `hello` offered one, else over HTTP;
   * the outcome still comes as an `r` record. Over HTTP, when `hello` asked for it (engines
   * that upload faster in parallel), a body of several MiB goes as up to `parts` pieces at
   * once, and a large result comes back one slice per response. The scheme takes a body up
   * to `SCHEME_MAX` whole (in WebKitGTK a 10 MiB echo takes ~68 ms that way, ~87 ms in four
   * pieces).
   */
  #upload(id: number, command: string, headers: HeaderPair[], body: Uint8Array): void {
    const pending = this.#pending.get(id);
    if (pending === undefined || this.#ticket === undefined) return;
    const upload = new AbortController();
    pending.upload = upload;
    const failed = (why: string, delay = 0): void => {
      const refuse = (): void => {
        upload.abort(); // the other pieces are no use now
        this.#settle(id, (p) => p.reject(why));
      };
      if (delay > 0) this.#host.setTimeout(refuse, delay);
      else refuse();
    };
    const refused = (status: number): void =>
      // On 413 the app also rejects the call on the socket, with a better message: give it a moment.
      failed(`the app refused the call (HTTP ${status})`, status === 413 ? 1000 : 0);
    const scheme = this.#scheme;
    if (scheme !== undefined && body.byteLength <= SCHEME_MAX) {
      // Bytes, never a `Blob`: WebKit cannot hand a `Blob` body to the app's process.
      const url =
        `${scheme}?t=${encodeURIComponent(this.#ticket)}&conn=${encodeURIComponent(this.#conn ?? '')}` +
        `&id=${id}&c=${encodeURIComponent(command)}&h=${encodeURIComponent(JSON.stringify(headers))}`;
      this.#host.fetch(url, { method: 'POST', body: body as Uint8Array<ArrayBuffer>, signal: upload.signal }).then(
        (response) => {
          this.#schemeState = 'works';
          if (!response.ok) refused(response.status);
        },
        (error: unknown) => {
          if (upload.signal.aborted) return;
          if (this.#schemeState === 'works') {
            failed(`sending the call failed: ${String(error)}`);
            return;
          }
          // It never reached the app: this engine has no such scheme (a browser tab).
          this.#schemeState = 'absent';
          this.#scheme = undefined;
          this.#upload(id, command, headers, body);
        },
      );
      return;
    }
    const count = Math.max(1, Math.min(this.#uploadParts, Math.floor(body.byteLength / PART_MIN)));
    const requestHeaders: Record<string, string> = {
      'X-PTL-Ticket': this.#ticket,
      'X-PTL-Id': String(id),
      'X-PTL-Command': encodeURIComponent(command),
      'X-PTL-Headers': encodeURIComponent(JSON.stringify(headers)),
    };
    if (this.#conn !== undefined) requestHeaders['X-PTL-Conn'] = this.#conn;
    const step = Math.ceil(body.byteLength / count);
    const sends: ReturnType<PtlHost["fetch"]>[] = [];
    for (let index = 0; index < count; index++) {
      const piece = count === 1 ? body : body.subarray(index * step, (index + 1) * step);
      const pieceHeaders = count === 1 ? requestHeaders : { ...requestHeaders, 'X-PTL-Part': `${index}/${count}` };
      sends.push(
        this.#host.fetch(`${PREFIX}/invoke`, {
          method: 'POST',
          headers: pieceHeaders,
          body: new Blob([piece as Uint8Array<ArrayBuffer>]),
          signal: upload.signal,
        }),
      );
    }
    // A large bytes result comes back in the responses (200: the whole result, or one slice
    // per piece, in order); otherwise they are 204 and the outcome arrives on the socket.
    pending.httpResult = Promise.all(
      sends.map((sent) => sent.then((response) => (response.status === 200 ? response.arrayBuffer() : undefined))),
    ).then(joinSlices);
    pending.httpResult.catch(() => undefined);
    for (const sent of sends) {
      sent.then(
        (response) => {
          if (!response.ok) refused(response.status);
        },
        (error: unknown) => {
          if (!upload.signal.aborted) failed(`sending the call failed: ${String(error)}`);
        },
      );
    }
  }

  /** Rejects call `id` at once and tells Python to cancel it. */
  #cancel(id: number, error: Error): void {
    const pending = this.#pending.get(id);
    if (pending === undefined) return;
    this.#settle(id, (p) => p.reject(error));
    const queued = this.#outbox.findIndex((item) => item.id === id);
    if (queued !== -1) {
      // Never sent: nothing to cancel in Python.
      this.#outbox.splice(queued, 1);
      return;
    }
    pending.upload?.abort();
    if (this.#connected) this.#sendNow(JSON.stringify({ k: 'x', id }));
  }

  #settle(id: number, how: (pending: PendingInvoke) => void): void {
    const pending = this.#pending.get(id);
    if (pending === undefined) return;
    this.#pending.delete(id);
    pending.cleanup();
    how(pending);
  }

  #sendRecord(record: object): Promise<null> {
    if (this.#ticket === undefined) return Promise.reject(NO_TICKET);
    const text = toIpcJson(record);
    this.#send({ text });
    return Promise.resolve(null);
  }

  #sendFocus(focused: boolean): void {
    if (this.#ticket !== undefined) this.#send({ text: toIpcJson({ k: 'focus', v: focused }) });
  }

  #sendAuroraView(message: AuroraViewMessage): void {
    if (this.#ticket === undefined) {
      const error = new Error(NO_TICKET);
      error.name = 'ConnectionError';
      throw error;
    }
    const text = toIpcJson({ k: 'av', v: message });
    this.#send({ text });
  }

  // ---- connection -------------------------------------------------------------------------

  #send(item: Outgoing): void {
    const socket = this.#socket;
    if (socket !== undefined && this.#connected && (item.large !== true || this.#hello)) {
      this.#run(item, socket);
    } else {
      if ('hold' in item) item.hold?.();
      this.#outbox.push(item);
    }
  }

  #sendNow(text: string): void {
    const socket = this.#socket;
    if (socket !== undefined && this.#connected) this.#queueText(socket, text);
  }

  #run(item: Outgoing, socket: PtlSocket): void {
    if ('text' in item) {
      this.#queueText(socket, item.text);
      return;
    }
    this.#flushText(); // what was sent before this frame goes before it
    try {
      item.run(socket);
    } catch (error) {
      if (item.id !== undefined) this.#settle(item.id, (p) => p.reject(`sending the call failed: ${String(error)}`));
    }
  }

  /**
   * Text records (emits, subscriptions, cancels, AuroraView messages) wait for the end of
   * the current task and go out together as one JSON-array frame: a page emitting in a loop
   * costs one frame per batch, not one per event. Any other frame flushes them first, so
   * the order of everything sent is kept.
   */
  #queueText(socket: PtlSocket, text: string): void {
    if (this.#textSocket !== socket || this.#textChars + text.length > BATCH_CHARS) this.#flushText();
    this.#textSocket = socket;
    this.#texts.push(text);
    this.#textChars += text.length;
    if (!this.#textFlushQueued) {
      this.#textFlushQueued = true;
      queueMicrotask(() => {
        this.#textFlushQueued = false;
        this.#flushText();
      });
    }
  }

  #flushText(): void {
    const socket = this.#textSocket;
    const texts = this.#texts;
    if (socket === undefined || texts.length === 0) return;
    this.#texts = [];
    this.#textChars = 0;
    if (socket !== this.#socket) return; // that socket closed: its records are lost with it
    try {
      socket.send(texts.length === 1 ? (texts[0] as string) : `[${texts.join(',')}]`);
    } catch {
      // the close handler deals with a dead socket
    }
  }

  #flush(): void {
    const socket = this.#socket;
    if (socket === undefined || !this.#connected) return;
    const waiting: Outgoing[] = [];
    const items = this.#outbox;
    this.#outbox = waiting;
    for (const item of items) {
      if (item.large === true && !this.#hello) waiting.push(item);
      else this.#run(item, socket);
    }
  }

  #connect(): void {
    if (this.#ticket === undefined || this.#unloading || this.#socket !== undefined) return;
    const { location } = this.#host;
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    let socket: PtlSocket;
    try {
      // `subs=1`: this bridge says which events it listens to (`sub`/`unsub` records).
      socket = this.#host.createSocket(
        `${scheme}//${location.host}${PREFIX}/ws?ticket=${encodeURIComponent(this.#ticket)}&subs=1`,
      );
    } catch (error) {
      this.#host.reportError(error);
      this.#scheduleReconnect();
      return;
    }
    this.#socket = socket;
    this.#generation += 1;
    this.#backlog = [];
    this.#busy = false;
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      if (this.#socket !== socket) return;
      this.#connected = true;
      // A new socket (a reconnect after `pytauri-like dev` restarts the app) starts with no
      // subscriptions in Python: send them again first (Python keeps a set: repeats are fine).
      for (const event of this.#subscriptions.keys()) this.#sendNow(JSON.stringify({ k: 'sub', event }));
      this.#flush();
    };
    socket.onmessage = (ev) => {
      if (this.#socket === socket) this.#receive(ev.data);
    };
    socket.onerror = () => undefined; // a close event follows
    socket.onclose = () => {
      if (this.#socket === socket) this.#onClose();
    };
  }

  #onClose(): void {
    this.#socket = undefined;
    this.#connected = false;
    this.#hello = false;
    this.#conn = undefined;
    this.#outbox = [];
    this.#texts = [];
    this.#textChars = 0;
    this.#backlog = [];
    this.#busy = false;
    this.#generation += 1;
    for (const id of [...this.#pending.keys()]) {
      this.#settle(id, (p) => {
        p.upload?.abort();
        p.reject(CONNECTION_CLOSED);
      });
    }
    if (this.#unloading) {
      this.auroraview.dropAll();
      return;
    }
    this.auroraview.rejectAll('ConnectionError', CONNECTION_CLOSED);
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#unloading || this.#reconnectTimer !== undefined) return;
    const delay = Math.min(MAX_BACKOFF_MS, 100 * 2 ** this.#retries);
    this.#retries += 1;
    this.#reconnectTimer = this.#host.setTimeout(() => {
      this.#reconnectTimer = undefined;
      this.#connect();
    }, delay);
  }

  #whenReady(): Promise<void> {
    if (this.#hello) return Promise.resolve();
    return new Promise((resolve) => this.#readyWaiters.push(resolve));
  }

  // ---- receiving --------------------------------------------------------------------------

  #receive(data: unknown): void {
    try {
      if (typeof data === 'string') {
        const parsed: unknown = JSON.parse(data);
        for (const record of Array.isArray(parsed) ? parsed : [parsed]) this.#deliver(record, undefined, this.#prefetch(record));
      } else if (data instanceof ArrayBuffer || (typeof data === 'object' && data !== null && 'byteLength' in data)) {
        const { header, payload } = decodeFrame(data as ArrayBuffer);
        this.#deliver(header, payload, undefined);
      }
    } catch (error) {
      this.#host.reportError(error);
      return;
    }
    this.#drain();
  }

  /** One record: handled now when nothing waits before it, else queued behind what does. */
  #deliver(record: unknown, payload: ArrayBuffer | undefined, parked: Promise<ArrayBuffer> | undefined): void {
    if (this.#busy || this.#backlog.length > 0) {
      this.#backlog.push([record, payload, parked]);
      return;
    }
    this.#run1(record, payload, parked);
  }

  /** Handles records in order; a parked payload being fetched holds back what follows it. */
  #drain(): void {
    while (!this.#busy && this.#backlog.length > 0) {
      const [record, payload, parked] = this.#backlog.shift() as [
        unknown,
        ArrayBuffer | undefined,
        Promise<ArrayBuffer> | undefined,
      ];
      this.#run1(record, payload, parked);
    }
  }

  /** Handles one record; one that waits (a parked payload) holds back the rest until done. */
  #run1(record: unknown, payload: ArrayBuffer | undefined, parked: Promise<ArrayBuffer> | undefined): void {
    let waiting: Promise<void> | undefined;
    try {
      waiting = this.#handle(record as InboundRecord, payload, parked);
    } catch (error) {
      this.#host.reportError(error);
    }
    if (waiting !== undefined) {
      this.#busy = true;
      const generation = this.#generation;
      void waiting.then(() => {
        if (generation !== this.#generation) return;
        this.#busy = false;
        this.#drain();
      });
    }
  }

  /**
   * Starts fetching a parked payload the moment its record arrives, so several large
   * messages download at once; `#drain` still delivers them in order.
   */
  #prefetch(record: unknown): Promise<ArrayBuffer> | undefined {
    const parked = record as { k?: unknown; u?: unknown };
    if ((parked.k !== 'r' && parked.k !== 'c') || typeof parked.u !== 'string') return undefined;
    const fetching = this.#fetchParked(parked.u);
    fetching.catch(() => undefined); // handled in order by #handle; no unhandled rejection meanwhile
    return fetching;
  }

  #handle(
    record: InboundRecord,
    payload: ArrayBuffer | undefined,
    parked: Promise<ArrayBuffer> | undefined,
  ): Promise<void> | undefined {
    switch (record.k) {
      case 'hello':
        this.#onHello(record);
        return undefined;
      case 'r': {
        const id = record.id;
        if (!this.#pending.has(id)) return undefined; // cancelled or unknown: dropped
        if (!record.ok) {
          this.#settle(id, (p) => p.reject(record.e));
          return undefined;
        }
        if (payload === undefined && record.h === 1) {
          const fromHttp = this.#pending.get(id)?.httpResult ?? Promise.resolve(undefined);
          return fromHttp.then(
            (buffer) =>
              this.#settle(id, (p) =>
                buffer === undefined ? p.reject('the result of the upload was lost') : p.resolve(buffer),
              ),
            (error: unknown) => this.#settle(id, (p) => p.reject(`receiving the result failed: ${String(error)}`)),
          );
        }
        if (payload === undefined && typeof record.u === 'string') {
          return (parked ?? this.#fetchParked(record.u)).then(
            (buffer) => this.#settle(id, (p) => p.resolve(buffer)),
            (error: unknown) => this.#settle(id, (p) => p.reject(`fetching the result failed: ${String(error)}`)),
          );
        }
        const value = payload ?? record.v ?? null;
        this.#settle(id, (p) => p.resolve(value));
        return undefined;
      }
      case 'c': {
        if (!this.#callbacks.has(record.ch)) return undefined;
        if (record.end === true) {
          this.runCallback(record.ch, { index: record.i, end: true });
          return undefined;
        }
        if (payload === undefined && typeof record.u === 'string') {
          return (parked ?? this.#fetchParked(record.u)).then(
            (buffer) => this.runCallback(record.ch, { index: record.i, message: buffer }),
            (error: unknown) => this.#host.reportError(error),
          );
        }
        this.runCallback(record.ch, { index: record.i, message: payload ?? record.v ?? null });
        return undefined;
      }
      case 'e':
        this.dispatchEvent(record.event, payload ?? record.v ?? null, record.t);
        return undefined;
      case 'eval':
        this.#evaluate(record.js);
        return undefined;
      case 'title':
        this.#host.document.title = record.v;
        return undefined;
      case 'cursor': // the window's cursor icon or visibility (`setCursorIcon`, `setCursorVisible`)
        this.#host.setCursor(typeof record.v === 'string' && /^[a-z-]+$/.test(record.v) ? record.v : null);
        return undefined;
      case 'nav':
        this.#host.location.assign(record.url);
        return undefined;
      case 'close':
        this.#host.closeWindow();
        return undefined;
      case 'err':
        this.#host.logError(`pytauri_like: the app could not use a message from this page: ${record.e}`);
        return undefined;
      default:
        return undefined; // records of a newer protocol are ignored
    }
  }

  #onHello(record: Extract<InboundRecord, { k: 'hello' }>): void {
    this.#hello = true;
    this.#retries = 0;
    this.#conn = record.conn;
    if (typeof record.asset === 'string') this.#assetToken = record.asset;
    this.#uploadParts = typeof record.parts === 'number' && record.parts >= 1 ? Math.floor(record.parts) : 1;
    this.#scheme = typeof record.scheme === 'string' && this.#schemeState !== 'absent' ? record.scheme : undefined;
    if (typeof record.label === 'string' && record.label !== '' && record.label !== this.#label) {
      this.#label = record.label;
      this.internals.metadata.currentWindow.label = record.label;
      this.internals.metadata.currentWebview.label = record.label;
      this.internals.metadata.currentWebview.windowLabel = record.label;
    }
    this.#flush();
    this.#sendFocus(this.#host.document.hasFocus());
    const waiters = this.#readyWaiters;
    this.#readyWaiters = [];
    for (const resolve of waiters) resolve();
    if (!this.#announced) {
      this.#announced = true;
      this.#host.dispatchEvent('auroraviewready');
    }
  }

  #fetchParked(url: string): Promise<ArrayBuffer> {
    const headers: Record<string, string> = {};
    if (this.#ticket !== undefined) headers['X-PTL-Ticket'] = this.#ticket;
    return this.#host.fetch(url, { headers }).then((response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
      return response.arrayBuffer();
    });
  }

  /** Runs `source` as a page script carrying the page's CSP nonce. */
  #evaluate(source: string): void {
    const script = this.#host.document.createScript();
    if (this.#nonce !== undefined && this.#nonce !== '') script.nonce = this.#nonce;
    script.text = source;
    this.#host.document.appendScript(script);
    script.remove();
  }
}

/**
 * Installs the bridge's globals on `host.global` and connects. Does nothing (returns
 * `undefined`) when a pytauri_like bridge is already installed there.
 *
 * @example
 * ```ts
 * const bridge = installBridge(fakeHost);
 * await fakeHost.global.__TAURI_INTERNALS__.invoke('greet', { name: 'Ada' });
 * ```
 */
function installBridge(host: PtlHost): Bridge | undefined {
  const target = host.global as Record<string, unknown>;
  const existing = target['__TAURI_INTERNALS__'] as PtlTauriInternals | undefined;
  if (existing?.__pytauriLike !== undefined) return undefined;
  const bridge = new Bridge(host);
  target['__TAURI_INTERNALS__'] = bridge.internals;
  target['__TAURI_EVENT_PLUGIN_INTERNALS__'] = bridge.eventInternals;
  target['__TAURI__'] = {
    core: { invoke: invokeRaw, Channel, transformCallback, convertFileSrc },
    event: { listen, once, emit, emitTo },
    pytauri: { pyInvoke: pyInvokeRaw },
    path: pathApi,
    window: windowApi,
    dpi: dpiApi,
    dialog: dialogApi,
    process: processApi,
    app: appApi,
  };
  target['auroraview'] = bridge.auroraview;
  // What `isTauri()` from @tauri-apps/api/core checks.
  target['isTauri'] = true;
  bridge.start();
  return bridge;
}

export { Bridge, installBridge, PROTOCOL_VERSION, targetAccepts, TICKET_KEY, TICKET_PARAM };
