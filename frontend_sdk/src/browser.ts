/**
 * The entry of the injected bundle (`pytauri_like/_static/bridge.js`): builds the real
 * {@link PtlHost} from `window` and installs the bridge, synchronously, before any page script.
 *
 * @module
 */

import { installBridge } from './bridge.js';

const DRAG_REGION = 'data-tauri-drag-region';

/**
 * Whether a press on `target` is in a drag region: the nearest element (itself or an
 * ancestor) with `data-tauri-drag-region` decides. That element itself is one unless the
 * value is `"false"`; its descendants only when the value is `"deep"` (so the buttons of a
 * title bar stay buttons).
 */
function inDragRegion(target: EventTarget | null): boolean {
  const start = target instanceof Element ? target : null;
  const region = start?.closest(`[${DRAG_REGION}]`) ?? null;
  if (region === null) return false;
  const value = region.getAttribute(DRAG_REGION);
  return value !== 'false' && (region === start || value === 'deep');
}

function browserHost(): PtlHost {
  const win = window;
  const doc = document;
  let cursorSheet: CSSStyleSheet | undefined;
  // The nonce property (not the attribute, which browsers hide) of the bridge's own <script>.
  const current = doc.currentScript as HTMLScriptElement | null;
  const nonce = current?.nonce !== undefined && current.nonce !== '' ? current.nonce : undefined;
  let storage: PtlHost['sessionStorage'] = null;
  try {
    storage = win.sessionStorage;
  } catch {
    storage = null;
  }
  return {
    global: win,
    location: win.location,
    history: win.history,
    sessionStorage: storage,
    document: {
      get title() {
        return doc.title;
      },
      set title(value: string) {
        doc.title = value;
      },
      scriptNonce: nonce,
      hasFocus: () => doc.hasFocus(),
      createScript: () => doc.createElement('script'),
      appendScript: (script) => {
        (doc.head ?? doc.documentElement).appendChild(script as HTMLScriptElement);
      },
    },
    createSocket: (url) => new WebSocket(url) as unknown as PtlSocket,
    fetch: (url, init) => win.fetch(url, init),
    setTimeout: (fn, ms) => win.setTimeout(fn, ms),
    clearTimeout: (handle) => win.clearTimeout(handle as number),
    addEventListener: (type, listener) => win.addEventListener(type, listener as (ev: Event) => void),
    setCursor: (cursor) => {
      // A constructed sheet: CSSOM, which a strict `style-src` does not block.
      if (cursorSheet === undefined) {
        cursorSheet = new CSSStyleSheet();
        doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, cursorSheet];
      }
      cursorSheet.replaceSync(cursor === null ? '' : `*, *::before, *::after { cursor: ${cursor} !important; }`);
    },
    onDragRegionPress: (listener) => {
      doc.addEventListener('mousedown', (ev) => {
        if (ev.button !== 0 || !inDragRegion(ev.target)) return;
        ev.preventDefault(); // no text selection while the window moves
        listener(ev.detail === 2);
      });
    },
    dispatchEvent: (type) => {
      win.dispatchEvent(new Event(type));
    },
    closeWindow: () => win.close(),
    reportError: (error) => {
      if (typeof win.reportError === 'function') win.reportError(error);
      else win.setTimeout(() => {
        throw error;
      }, 0);
    },
    logError: (message) => console.error(message),
    atob: (data) => win.atob(data),
    platform: win.navigator.platform ?? '',
  };
}

installBridge(browserHost());
