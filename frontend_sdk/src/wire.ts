/**
 * Frames of the wire protocol (docs/internals/protocol.md), with no I/O.
 *
 * Binary frame: `[u32 little-endian header_len][header: UTF-8 JSON][body: raw bytes]`.
 *
 * @module
 */

/** Tauri's key for a custom IPC serialisation method (`SERIALIZE_TO_IPC_FN`). */
const SERIALIZE_TO_IPC_FN = '__TAURI_TO_IPC_KEY__';

/** Bodies above this size go over `POST /__pytauri_like__/invoke` instead of the socket. */
const LARGE_BODY = 256 * 1024;

/** A header pair as it travels in the `h` field. */
type HeaderPair = [string, string];

/** Python → JS records (protocol "Python → JS"). */
type InboundRecord =
  | { k: 'hello'; label: string; v: number; conn?: string; parts?: number; asset?: string; scheme?: string }
  | { k: 'r'; id: number; ok: true; v?: unknown; u?: string; h?: number }
  | { k: 'r'; id: number; ok: false; e: string }
  | { k: 'c'; ch: number; i: number; v?: unknown; u?: string; end?: boolean }
  | { k: 'e'; event: string; v?: unknown; t?: EventTargetLike | null }
  | { k: 'eval'; js: string }
  | { k: 'title'; v: string }
  | { k: 'cursor'; v: string | null }
  | { k: 'nav'; url: string }
  | { k: 'close' }
  | { k: 'err'; e: string };

/** A Tauri `EventTarget` as it travels. */
type EventTargetLike = { kind: string; label?: string };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Builds a binary frame from a header object and a body.
 *
 * With `reuse`, the frame is written into a buffer kept for the next such call (up to
 * `SCRATCH_MAX` bytes): for a frame handed straight to `WebSocket.send`, which copies what it
 * is given. A fresh `ArrayBuffer` costs about 1 µs in V8, as much as the rest of the frame.
 *
 * @example
 * ```ts
 * const frame = encodeFrame({ k: 'i', id: 1, c: 'greet', h: [] }, utf8('{"name":"Ada"}'));
 * ```
 */
function encodeFrame(header: object, body: Uint8Array, reuse = false): Uint8Array<ArrayBuffer> {
  const text = JSON.stringify(header);
  const size = 4 + text.length + body.byteLength;
  let frame = reuse && size <= SCRATCH_MAX ? scratchOf(size) : new Uint8Array(size);
  let headLen = text.length;
  if (!copyAscii(text, frame, 4)) {
    const head = encoder.encode(text);
    headLen = head.byteLength;
    frame = new Uint8Array(4 + headLen + body.byteLength);
    frame.set(head, 4);
  }
  frame[0] = headLen & 0xff;
  frame[1] = (headLen >>> 8) & 0xff;
  frame[2] = (headLen >>> 16) & 0xff;
  frame[3] = headLen >>> 24;
  frame.set(body, 4 + headLen);
  return frame;
}

/** The largest frame `encodeFrame(..., true)` writes into its kept buffer: any body that
 * goes over the socket (larger ones go over HTTP), with room for its header. */
const SCRATCH_MAX = 512 * 1024;
let scratch = new Uint8Array(4096);

function scratchOf(size: number): Uint8Array<ArrayBuffer> {
  if (scratch.byteLength < size) scratch = new Uint8Array(Math.max(size, scratch.byteLength * 2));
  return scratch.subarray(0, size);
}

const COPY_BY_HAND = 512;

/**
 * Writes `text` into `out` at `at` as single bytes if it is short and all ASCII (its UTF-8
 * encoding); returns `false`, having written a prefix, otherwise.
 */
function copyAscii(text: string, out: Uint8Array, at: number): boolean {
  const n = text.length;
  if (n > COPY_BY_HAND) return false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return false;
    out[at + i] = c;
  }
  return true;
}

/**
 * Splits a binary frame into its JSON header and payload (a fresh `ArrayBuffer`).
 *
 * @example
 * ```ts
 * const { header, payload } = decodeFrame(event.data as ArrayBuffer);
 * ```
 */
function decodeFrame(frame: ArrayBuffer): { header: unknown; payload: ArrayBuffer } {
  if (frame.byteLength < 4) throw new Error('binary frame shorter than its length prefix');
  const bytes = new Uint8Array(frame);
  const headLen = (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0;
  if (4 + headLen > frame.byteLength) throw new Error('binary frame header overruns the frame');
  const text = asciiText(bytes, 4, headLen) ?? decoder.decode(bytes.subarray(4, 4 + headLen));
  return { header: JSON.parse(text), payload: frame.slice(4 + headLen) };
}

/** `n` bytes at `at` as text when they are short and all ASCII (a `TextDecoder` call costs
 * more than the header it decodes, in JavaScriptCore most); `undefined` otherwise. */
function asciiText(bytes: Uint8Array, at: number, n: number): string | undefined {
  if (n > COPY_BY_HAND) return undefined;
  let text = '';
  for (let i = at; i < at + n; i++) {
    const c = bytes[i]!;
    if (c > 0x7f) return undefined;
    text += String.fromCharCode(c);
  }
  return text;
}

/** UTF-8 bytes of a string. */
function utf8(text: string): Uint8Array {
  if (text.length <= COPY_BY_HAND) {
    const out = new Uint8Array(text.length);
    if (copyAscii(text, out, 0)) return out;
  }
  return encoder.encode(text);
}

/** Decodes UTF-8 bytes. */
function fromUtf8(bytes: ArrayBuffer | Uint8Array): string {
  return decoder.decode(bytes);
}

/** Whether `value` is raw bytes for a body (`ArrayBuffer` or `Uint8Array`). */
function isRawBody(value: unknown): value is ArrayBuffer | Uint8Array {
  return value instanceof ArrayBuffer || value instanceof Uint8Array;
}

/** Copies raw body bytes into a `Uint8Array` view (no copy for a `Uint8Array`). */
function rawBytes(value: ArrayBuffer | Uint8Array): Uint8Array {
  return value instanceof Uint8Array ? value : new Uint8Array(value);
}

/**
 * `JSON.stringify` as Tauri's IPC does it: objects with a `__TAURI_TO_IPC_KEY__` method are
 * replaced by what it returns, and `toJSON` (e.g. `Channel` → `"__CHANNEL__:<id>"`) applies.
 *
 * @example
 * ```ts
 * toIpcJson({ onEvent: channel }); // '{"onEvent":"__CHANNEL__:3"}'
 * ```
 */
function toIpcJson(value: unknown): string {
  const text = JSON.stringify(value, function (this: Record<string, unknown>, key, current: unknown) {
    const original = this[key] as { [SERIALIZE_TO_IPC_FN]?: unknown } | null | undefined;
    if (original !== null && typeof original === 'object' && typeof original[SERIALIZE_TO_IPC_FN] === 'function') {
      return (original[SERIALIZE_TO_IPC_FN] as () => unknown)();
    }
    return current;
  });
  // JSON.stringify(undefined) is undefined; an absent body is JSON null.
  return text ?? 'null';
}

/**
 * Normalises `options.headers` (a `Headers`, an array of pairs or a plain record) to pairs,
 * one per value, dropping any header named `drop` (case-insensitive).
 *
 * @example
 * ```ts
 * headerPairs(new Headers({ pyfunc: 'greet', 'x-a': '1' }), 'pyfunc'); // [['x-a', '1']]
 * ```
 */
function headerPairs(headers: unknown, drop?: string): HeaderPair[] {
  const pairs: HeaderPair[] = [];
  const skip = drop?.toLowerCase();
  const add = (name: unknown, value: unknown): void => {
    const key = String(name);
    if (skip !== undefined && key.toLowerCase() === skip) return;
    pairs.push([key, String(value)]);
  };
  if (headers === null || headers === undefined) return pairs;
  if (typeof Headers !== 'undefined' && headers instanceof Headers) {
    headers.forEach((value, name) => add(name, value));
  } else if (Array.isArray(headers)) {
    for (const pair of headers as unknown[]) {
      if (Array.isArray(pair) && pair.length === 2) add(pair[0], pair[1]);
    }
  } else if (typeof headers === 'object') {
    const maybeIterable = headers as { forEach?: unknown; entries?: unknown };
    if (typeof maybeIterable.forEach === 'function' && typeof maybeIterable.entries === 'function') {
      // A Headers from another realm (iframe, jsdom, a test runner).
      (headers as Headers).forEach((value, name) => add(name, value));
    } else {
      for (const [name, value] of Object.entries(headers as Record<string, unknown>)) add(name, value);
    }
  }
  return pairs;
}

/** Looks up a header value by name (case-insensitive) in `options.headers`. */
function headerValue(headers: unknown, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of headerPairs(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** Decodes base64url (no padding) into bytes using `atob`. */
function base64UrlDecode(text: string, atob: (data: string) => string): Uint8Array {
  let b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  while (b64.length % 4 !== 0) b64 += '=';
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export {
  base64UrlDecode,
  decodeFrame,
  encodeFrame,
  type EventTargetLike,
  fromUtf8,
  type HeaderPair,
  headerPairs,
  headerValue,
  type InboundRecord,
  isRawBody,
  LARGE_BODY,
  rawBytes,
  SERIALIZE_TO_IPC_FN,
  toIpcJson,
  utf8,
};
