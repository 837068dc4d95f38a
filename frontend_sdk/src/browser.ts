/**
 * The entry of the injected bundle (`pytauri_like/_static/bridge.js`): builds the real
 * {@link PtlHost} from `window` and installs the bridge, synchronously, before any page script.
 *
 * @module
 */

import { installBridge } from './bridge.js';

function browserHost(): PtlHost {
  const win = window;
  const doc = document;
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
