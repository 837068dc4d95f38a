/// <reference path="./global.d.ts" preserve="true" />
/**
 * pytauri_like's JavaScript API: call Python commands, stream channels, listen to and emit
 * events, talk to `window.auroraview`, and catch typed errors.
 *
 * ```ts
 * import { pyInvoke, Channel, listen, InvokeError } from 'pytauri-like-api';
 * ```
 *
 * Subpaths: `pytauri-like-api/core`, `/event`, `/path`, `/window`, `/dpi`, `/dialog`, `/process`, `/app`, `/auroraview`,
 * `/errors`, `/mocks`.
 *
 * @module
 */

export { Channel, convertFileSrc, invoke, type InvokeArgs, type InvokeOptions, pyInvoke, transformCallback } from './core.js';
export { emit, emitTo, type Event, type EventCallback, type EventTarget, listen, once, type Options, type UnlistenFn } from './event.js';
export { type AuroraViewClient, createAuroraView, getAuroraView } from './auroraview.js';
export {
  AbortError,
  ConnectionError,
  type ErrorCode,
  InvokeError,
  IpcError,
  PermissionError,
  TimeoutError,
} from './errors.js';
