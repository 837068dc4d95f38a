/**
 * The one place where the SDK meets the page.
 *
 * - The bridge (`bridge.ts`) reaches the browser only through a {@link PtlHost}
 *   object, so unit tests hand it a fake WebSocket, a fake `location`, and so on.
 * - The app-author API (`core.ts`, `event.ts`, `auroraview.ts`, `mocks.ts`) reaches the
 *   bridge only through the globals declared on {@link Window} below, exactly as
 *   `@tauri-apps/api` does, so it also works against Tauri's own mocks.
 */

/** A callback registered with `transformCallback`. */
type PtlCallback = (payload: any) => void;

/** Options `__TAURI_INTERNALS__.invoke` understands (Tauri's `headers`, plus ours). */
interface PtlInternalInvokeOptions {
  headers?: HeadersInit | Headers;
  /** Milliseconds; the call rejects with a `TimeoutError` and the Python task is cancelled. */
  timeout?: number;
  /** Aborting rejects at once with an `AbortError` and cancels the Python task. */
  signal?: AbortSignal;
}

/** What `window.__TAURI_INTERNALS__` provides (what `@tauri-apps/api` 2.x calls). */
interface PtlTauriInternals {
  invoke(cmd: string, args?: unknown, options?: PtlInternalInvokeOptions): Promise<any>;
  transformCallback(callback?: PtlCallback, once?: boolean): number;
  unregisterCallback(id: number): void;
  runCallback(id: number, data: unknown): void;
  callbacks: Map<number, PtlCallback>;
  convertFileSrc(filePath: string, protocol?: string): string;
  metadata: {
    currentWindow: { label: string };
    currentWebview: { windowLabel: string; label: string };
  };
  /** `plugins.path`: the separators `sep()` and `delimiter()` of `@tauri-apps/api/path` read. */
  plugins?: { path?: { sep: string; delimiter: string } } & Record<string, unknown>;
  /** Marks the pytauri_like bridge (absent under Tauri's own mocks). */
  __pytauriLike?: { version: number };
}

interface PtlEventPluginInternals {
  unregisterListener(event: string, eventId: number): void;
}

/** The shape of `window.auroraview` (spec §5). */
interface PtlAuroraViewBridge {
  call<T = any>(method: string, params?: unknown, options?: { timeout?: number }): Promise<T>;
  send_event(event: string, detail?: unknown): void;
  on<T = any>(event: string, handler: (detail: T) => void): () => void;
  once<T = any>(event: string, handler: (detail: T) => void): () => void;
  off(event: string, handler?: (detail: any) => void): void;
  trigger(event: string, detail?: unknown): void;
  isReady(): boolean;
  whenReady(): Promise<PtlAuroraViewBridge>;
  readonly api: Record<string, (params?: unknown) => Promise<any>>;
}

interface Window {
  __TAURI_INTERNALS__?: PtlTauriInternals;
  __TAURI_EVENT_PLUGIN_INTERNALS__?: PtlEventPluginInternals;
  __TAURI__?: Record<string, unknown>;
  auroraview?: PtlAuroraViewBridge;
}

/** The subset of `WebSocket` the bridge uses. */
interface PtlSocket {
  binaryType: string;
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string | ArrayBuffer | ArrayBufferView): void;
  close(code?: number, reason?: string): void;
}

/** The subset of `fetch`'s response the bridge uses. */
interface PtlResponse {
  readonly ok: boolean;
  readonly status: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The page's `<script>` element as the bridge creates it for `eval` records. */
interface PtlScriptElement {
  nonce?: string;
  text: string;
  remove(): void;
}

/**
 * Everything the bridge touches in the browser. `bridge.ts` builds the real one from
 * `window`; tests build fakes.
 */
interface PtlHost {
  /** Where the globals (`__TAURI_INTERNALS__`, `__TAURI__`, `auroraview`) are installed. */
  readonly global: Window | Record<string, any>;
  readonly location: {
    readonly href: string;
    readonly protocol: string;
    readonly host: string;
    readonly pathname: string;
    readonly search: string;
    readonly hash: string;
    assign(url: string): void;
  };
  readonly history: { readonly state: unknown; replaceState(data: unknown, unused: string, url: string): void };
  /** `null` when storage is unavailable (sandboxed frames, privacy modes). */
  readonly sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void } | null;
  readonly document: {
    title: string;
    /** The CSP nonce of the bridge's own `<script>` (its `nonce` property), if any. */
    readonly scriptNonce: string | undefined;
    /** `document.hasFocus()`: whether the page's window has the focus. */
    hasFocus(): boolean;
    createScript(): PtlScriptElement;
    appendScript(script: PtlScriptElement): void;
  };
  createSocket(url: string): PtlSocket;
  fetch(url: string, init: { method?: string; headers?: Record<string, string>; body?: Blob | Uint8Array<ArrayBuffer>; signal?: AbortSignal }): Promise<PtlResponse>;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** `pagehide`/`pageshow` (page lifetime) and `focus`/`blur` (the window's focus) on the window. */
  addEventListener(type: 'pagehide' | 'pageshow' | 'focus' | 'blur', listener: (ev: { persisted?: boolean }) => void): void;
  /** Puts `cursor` (a CSS `cursor` keyword) over every element of the page, above the
   * page's own cursors; `null` gives them back. */
  setCursor(cursor: string | null): void;
  /** Calls `listener` on each primary-button press in a `data-tauri-drag-region`
   * (`double`: the second press of a double click). */
  onDragRegionPress(listener: (double: boolean) => void): void;
  /** Dispatches a plain DOM event on the window (`auroraviewready`). */
  dispatchEvent(type: string): void;
  closeWindow(): void;
  /** Reports an error thrown by a user callback without stopping the bridge. */
  reportError(error: unknown): void;
  /** Logs an error message (`console.error`). */
  logError(message: string): void;
  atob(data: string): string;
  /** `navigator.platform` (`Win32`, `Linux x86_64`, `MacIntel`): which path separators the
   * machine uses (the app runs on the same machine as the page). */
  readonly platform: string;
}
