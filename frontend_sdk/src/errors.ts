/**
 * The errors the SDK's promises reject with.
 *
 * ```
 * IpcError                 base class: `name`, `code`, `command`
 * ├── InvokeError          Python rejected the call (`message` is Python's string)
 * │   └── PermissionError  a capability refused the command for this window
 * ├── TimeoutError         `options.timeout` expired (the Python task is cancelled)
 * ├── AbortError           `options.signal` aborted (the Python task is cancelled)
 * └── ConnectionError      no launch ticket, or the connection to the app closed
 * ```
 *
 * The raw `window.__TAURI_INTERNALS__.invoke` rejects with plain strings, as Tauri
 * does; {@link toIpcError} turns those into the classes above.
 *
 * @module
 */

/** The `code` of every SDK error. */
type ErrorCode =
  | 'INVOKE_REJECTED'
  | 'PERMISSION_DENIED'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'NO_TICKET'
  | 'CONNECTION_CLOSED';

/** Rejection strings the bridge produces itself (Python never sends these). */
const CONNECTION_CLOSED = 'connection to the app closed';
const NO_TICKET = 'this page was not opened by the app (no launch ticket)';
/** How a capability refusal from Python starts. */
const PERMISSION_PREFIX = 'permission denied:';

/**
 * Base class of every error the SDK rejects with.
 *
 * @example
 * ```ts
 * try {
 *   await pyInvoke('save', doc);
 * } catch (e) {
 *   if (e instanceof IpcError) console.warn(e.code, e.command, e.message);
 * }
 * ```
 */
class IpcError extends Error {
  /** A stable machine-readable code. */
  readonly code: ErrorCode;
  /** The command (or AuroraView method) that failed, when known. */
  readonly command: string | undefined;

  constructor(message: string, code: ErrorCode, command?: string) {
    super(message);
    this.name = 'IpcError';
    this.code = code;
    this.command = command;
  }
}

/**
 * The Python command rejected the call: an `InvokeException(value)` (then `message`
 * is `value`), a validation error or an unexpected exception (`repr(e)`).
 *
 * @example
 * ```ts
 * try {
 *   await pyInvoke('div', { a: 1, b: 0 });
 * } catch (e) {
 *   if (e instanceof InvokeError) console.log(e.command, e.message); // "div" "division by zero"
 * }
 * ```
 */
class InvokeError extends IpcError {
  constructor(command: string | undefined, message: string, code: ErrorCode = 'INVOKE_REJECTED') {
    super(message, code, command);
    this.name = 'InvokeError';
  }
}

/**
 * A capability (`app.security.capabilities`) does not allow this command for this window.
 *
 * @example
 * ```ts
 * try {
 *   await pyInvoke('delete_everything');
 * } catch (e) {
 *   if (e instanceof PermissionError) showForbidden(e.command);
 * }
 * ```
 */
class PermissionError extends InvokeError {
  constructor(command: string | undefined, message: string) {
    super(command, message, 'PERMISSION_DENIED');
    this.name = 'PermissionError';
  }
}

/**
 * `options.timeout` expired before Python answered; the Python task was cancelled.
 *
 * @example
 * ```ts
 * try {
 *   await pyInvoke('slow', null, { timeout: 1000 });
 * } catch (e) {
 *   if (e instanceof TimeoutError) console.log(`gave up after ${e.timeout} ms`);
 * }
 * ```
 */
class TimeoutError extends IpcError {
  /** The timeout that expired, in milliseconds. */
  readonly timeout: number | undefined;

  constructor(command?: string, timeout?: number, message?: string) {
    super(message ?? `\`${command ?? 'call'}\` timed out after ${timeout ?? '?'} ms`, 'TIMEOUT', command);
    this.name = 'TimeoutError';
    this.timeout = timeout;
  }
}

/**
 * `options.signal` was aborted; the Python task was cancelled and sends no result.
 *
 * @example
 * ```ts
 * const ctl = new AbortController();
 * const p = pyInvoke('crunch', data, { signal: ctl.signal });
 * ctl.abort();
 * await p.catch((e) => e instanceof AbortError); // true
 * ```
 */
class AbortError extends IpcError {
  /** `signal.reason`, when the signal gave one. */
  readonly reason: unknown;

  constructor(command?: string, reason?: unknown, message?: string) {
    super(message ?? `\`${command ?? 'call'}\` was aborted`, 'ABORTED', command);
    this.name = 'AbortError';
    this.reason = reason;
  }
}

/**
 * The call never reached Python: the page has no launch ticket (it was not opened by
 * the app), or the connection to the app closed before the answer came.
 *
 * @example
 * ```ts
 * try {
 *   await pyInvoke('ping');
 * } catch (e) {
 *   if (e instanceof ConnectionError && e.code === 'CONNECTION_CLOSED') retryLater();
 * }
 * ```
 */
class ConnectionError extends IpcError {
  constructor(command: string | undefined, message: string, code: 'NO_TICKET' | 'CONNECTION_CLOSED') {
    super(message, code, command);
    this.name = 'ConnectionError';
  }
}

/**
 * Turns whatever a raw `__TAURI_INTERNALS__.invoke` rejected with into an SDK error:
 * strings become {@link InvokeError} / {@link PermissionError} / {@link ConnectionError};
 * errors named `TimeoutError` / `AbortError` (from the bridge, which is a separate copy of
 * this module) or `PermissionError` (a refused AuroraView call) become this module's classes;
 * anything else (e.g. an AuroraView `ValueError`) passes through unchanged.
 *
 * @example
 * ```ts
 * const err = toIpcError('greet', 'permission denied: `greet` for window `main`');
 * err instanceof PermissionError; // true
 * ```
 */
function toIpcError(command: string | undefined, reason: unknown): unknown {
  if (reason instanceof IpcError) return reason;
  if (typeof reason === 'string') {
    if (reason === CONNECTION_CLOSED) return new ConnectionError(command, reason, 'CONNECTION_CLOSED');
    if (reason === NO_TICKET) return new ConnectionError(command, reason, 'NO_TICKET');
    if (reason.toLowerCase().startsWith(PERMISSION_PREFIX)) return new PermissionError(command, reason);
    return new InvokeError(command, reason);
  }
  if (reason instanceof Error || (typeof reason === 'object' && reason !== null && 'name' in reason)) {
    const err = reason as { name?: unknown; message?: unknown; timeout?: unknown; reason?: unknown };
    const message = typeof err.message === 'string' ? err.message : undefined;
    if (err.name === 'TimeoutError') {
      return new TimeoutError(command, typeof err.timeout === 'number' ? err.timeout : undefined, message);
    }
    if (err.name === 'AbortError') return new AbortError(command, err.reason, message);
    // An AuroraView call refused by a capability.
    if (err.name === 'PermissionError' && message !== undefined) return new PermissionError(command, message);
  }
  return reason;
}

export {
  AbortError,
  CONNECTION_CLOSED,
  ConnectionError,
  type ErrorCode,
  InvokeError,
  IpcError,
  NO_TICKET,
  PermissionError,
  TimeoutError,
  toIpcError,
};
