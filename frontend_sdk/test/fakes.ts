// Test doubles for the bridge's host: a scriptable WebSocket, location, history, storage,
// fetch and timers.
import { decodeFrame, encodeFrame, fromUtf8 } from '../src/wire.js';

export class FakeSocket implements PtlSocket {
  binaryType = 'blob';
  readyState = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  readonly sent: Array<string | Uint8Array> = [];
  /** `sub`/`unsub` records, kept apart from `sent` (and acknowledged, as the app does). */
  readonly subscriptions: Array<{ k: 'sub' | 'unsub'; event: string }> = [];
  closed = false;

  constructor(readonly url: string) {}

  /** What `focus` records reported, kept apart from `sent` like the subscriptions. */
  readonly focusReports: boolean[] = [];

  /** Text frames as they went out (a batch of records is one frame). */
  readonly textFrames: string[] = [];

  send(data: string | ArrayBuffer | ArrayBufferView): void {
    if (this.readyState !== 1) throw new Error('socket not open');
    if (typeof data !== 'string') {
      this.sent.push(new Uint8Array(data as ArrayBuffer));
      return;
    }
    this.textFrames.push(data);
    const parsed: unknown = JSON.parse(data);
    for (const record of (Array.isArray(parsed) ? parsed : [parsed]) as Array<{ k: string; event: string; id?: number }>) {
      if (record.k === 'focus') {
        this.focusReports.push((record as unknown as { v: boolean }).v);
        continue;
      }
      if (record.k === 'sub' || record.k === 'unsub') {
        this.subscriptions.push({ k: record.k, event: record.event });
        const id = record.id;
        if (id !== undefined) queueMicrotask(() => this.push([{ k: 'r', id, ok: true, v: null }]));
        continue;
      }
      this.sent.push(JSON.stringify(record));
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.readyState = 3;
    this.onclose?.({});
  }

  // ---- driving it from tests ----
  open(hello = true, label = 'main'): void {
    this.readyState = 1;
    this.onopen?.({});
    if (hello) this.push([{ k: 'hello', label, v: 1 }]);
  }

  push(records: unknown[]): void {
    this.onmessage?.({ data: JSON.stringify(records) });
  }

  pushBinary(header: object, payload: Uint8Array): void {
    const frame = encodeFrame(header, payload);
    this.onmessage?.({ data: frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength) });
  }

  /** The text records sent so far, parsed. */
  texts(): any[] {
    return this.sent.filter((s): s is string => typeof s === 'string').map((s) => JSON.parse(s));
  }

  /** The invoke frames sent so far, decoded. */
  invokes(): Array<{ header: any; body: string; bytes: Uint8Array }> {
    return this.sent
      .filter((s): s is Uint8Array => typeof s !== 'string')
      .map((s) => {
        const copy = s.slice().buffer;
        const { header, payload } = decodeFrame(copy);
        return { header, body: fromUtf8(payload), bytes: new Uint8Array(payload) };
      });
  }
}

interface FetchCall {
  url: string;
  init: { method?: string; headers?: Record<string, string>; body?: Blob; signal?: AbortSignal };
}

export class FakeHost implements PtlHost {
  readonly global: Record<string, any> = {};
  readonly sockets: FakeSocket[] = [];
  readonly fetches: FetchCall[] = [];
  readonly errors: unknown[] = [];
  readonly scripts: PtlScriptElement[] = [];
  readonly replaced: string[] = [];
  readonly storage = new Map<string, string>();
  readonly listeners = new Map<string, Array<(ev: { persisted?: boolean }) => void>>();
  readonly dispatched: string[] = [];
  closedWindow = false;
  assigned: string[] = [];
  fetchImpl: (call: FetchCall) => Promise<PtlResponse> = () =>
    Promise.resolve({ ok: true, status: 204, arrayBuffer: () => Promise.resolve(new ArrayBuffer(0)) });
  location: PtlHost['location'];
  readonly history: PtlHost['history'];
  readonly sessionStorage: PtlHost['sessionStorage'];
  readonly document: PtlHost['document'];

  constructor(url = 'http://127.0.0.1:8000/index.html', options: { nonce?: string; storage?: boolean } = {}) {
    this.location = FakeHost.parse(url, this);
    this.history = {
      state: null,
      replaceState: (_data, _unused, next) => {
        this.replaced.push(next);
        this.location = FakeHost.parse(new URL(next, this.location.href).href, this);
      },
    };
    this.sessionStorage =
      options.storage === false
        ? null
        : {
            getItem: (key) => this.storage.get(key) ?? null,
            setItem: (key, value) => void this.storage.set(key, value),
          };
    const scripts = this.scripts;
    this.document = {
      title: '',
      scriptNonce: options.nonce,
      hasFocus: () => this.focused,
      createScript: () => {
        const script: PtlScriptElement = { text: '', remove: () => undefined };
        return script;
      },
      appendScript: (script) => void scripts.push(script),
    };
  }

  static parse(href: string, host: FakeHost): PtlHost['location'] {
    const u = new URL(href);
    return {
      href: u.href,
      protocol: u.protocol,
      host: u.host,
      pathname: u.pathname,
      search: u.search,
      hash: u.hash,
      assign: (next: string) => void host.assigned.push(next),
    };
  }

  get socket(): FakeSocket {
    const last = this.sockets[this.sockets.length - 1];
    if (last === undefined) throw new Error('no socket opened');
    return last;
  }

  createSocket(url: string): PtlSocket {
    const socket = new FakeSocket(url);
    this.sockets.push(socket);
    return socket;
  }

  fetch(url: string, init: FetchCall['init']): Promise<PtlResponse> {
    const call = { url, init };
    this.fetches.push(call);
    return this.fetchImpl(call);
  }

  setTimeout(fn: () => void, ms: number): unknown {
    return setTimeout(fn, ms);
  }

  clearTimeout(handle: unknown): void {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  }

  addEventListener(type: 'pagehide' | 'pageshow' | 'focus' | 'blur', listener: (ev: { persisted?: boolean }) => void): void {
    const list = this.listeners.get(type) ?? [];
    list.push(listener);
    this.listeners.set(type, list);
  }

  fire(type: 'pagehide' | 'pageshow' | 'focus' | 'blur', ev: { persisted?: boolean } = {}): void {
    for (const listener of this.listeners.get(type) ?? []) listener(ev);
  }

  dispatchEvent(type: string): void {
    this.dispatched.push(type);
  }

  /** What `setCursor` was given, in order. */
  readonly cursors: Array<string | null> = [];
  dragRegionPress: ((double: boolean) => void) | undefined;

  setCursor(cursor: string | null): void {
    this.cursors.push(cursor);
  }

  onDragRegionPress(listener: (double: boolean) => void): void {
    this.dragRegionPress = listener;
  }

  closeWindow(): void {
    this.closedWindow = true;
  }

  reportError(error: unknown): void {
    this.errors.push(error);
  }

  readonly warnings: string[] = [];
  platform = 'Linux x86_64';
  /** What `document.hasFocus()` answers. */
  focused = true;

  logError(message: string): void {
    this.warnings.push(message);
  }

  atob(data: string): string {
    return atob(data);
  }
}

/** base64url without padding. */
export function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

export function ticketFor(label: string): string {
  return `${b64url(label)}.${b64url('mac-' + label)}`;
}

/** Lets pending promise callbacks run. */
export function tick(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
