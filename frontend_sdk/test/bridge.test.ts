import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { Channel as TauriChannel, convertFileSrc as tauriConvertFileSrc, invoke as tauriInvoke } from '@tauri-apps/api/core';
import { emit as tauriEmit, emitTo as tauriEmitTo, listen as tauriListen, once as tauriOnce } from '@tauri-apps/api/event';
import {
  LogicalPosition as TauriLogicalPosition,
  LogicalSize as TauriLogicalSize,
  PhysicalPosition as TauriPhysicalPosition,
  PhysicalSize as TauriPhysicalSize,
} from '@tauri-apps/api/dpi';
import * as tauriPath from '@tauri-apps/api/path';
import * as tauriWindow from '@tauri-apps/api/window';
import { getCurrentWindow as tauriGetCurrentWindow } from '@tauri-apps/api/window';
import * as tauriDialog from '@tauri-apps/plugin-dialog';
import * as tauriProcess from '@tauri-apps/plugin-process';
import { pyInvoke as pluginPyInvoke } from 'tauri-plugin-pytauri-api';
import { installBridge, TICKET_KEY } from '../src/bridge.js';
import { CONNECTION_CLOSED, NO_TICKET } from '../src/errors.js';
import { LARGE_BODY } from '../src/wire.js';
import { b64url, FakeHost, ticketFor, tick } from './fakes.js';

const g = globalThis as { window?: unknown };

/** A page opened by the app, with the bridge installed and `window` pointing at it. */
function openPage(options: { label?: string; url?: string; nonce?: string; open?: boolean } = {}) {
  const label = options.label ?? 'main';
  const url = options.url ?? `http://127.0.0.1:8000/index.html?__ptl_ticket=${ticketFor(label)}`;
  const host = new FakeHost(url, options.nonce === undefined ? {} : { nonce: options.nonce });
  const bridge = installBridge(host);
  assert.ok(bridge);
  g.window = host.global;
  if (options.open !== false) host.socket.open(true, label);
  return { host, bridge, win: host.global as any };
}

afterEach(() => {
  delete g.window;
});

test('the ticket moves from the URL to sessionStorage and out of the visible URL', () => {
  const ticket = ticketFor('ünïcode win');
  const host = new FakeHost(`http://127.0.0.1:8000/app/page.html?a=1&__ptl_ticket=${ticket}&b=x%20y#frag`);
  installBridge(host);
  assert.equal(host.storage.get(TICKET_KEY), ticket);
  assert.deepEqual(host.replaced, ['/app/page.html?a=1&b=x%20y#frag']);
  assert.equal(host.socket.url, `ws://127.0.0.1:8000/__pytauri_like__/ws?ticket=${encodeURIComponent(ticket)}&subs=1`);
  const internals = host.global.__TAURI_INTERNALS__;
  assert.equal(internals.metadata.currentWindow.label, 'ünïcode win');
  assert.equal(internals.metadata.currentWebview.label, 'ünïcode win');
});

test('a reload finds the ticket in sessionStorage', () => {
  const host = new FakeHost('http://127.0.0.1:8000/other.html');
  host.storage.set(TICKET_KEY, ticketFor('second'));
  installBridge(host);
  assert.equal(host.replaced.length, 0);
  assert.equal(host.global.__TAURI_INTERNALS__.metadata.currentWindow.label, 'second');
  assert.equal(host.sockets.length, 1);
});

test('without a ticket, calls reject and no socket is opened; listen still works', async () => {
  const host = new FakeHost('http://127.0.0.1:8000/');
  installBridge(host);
  g.window = host.global;
  assert.equal(host.sockets.length, 0);
  await assert.rejects(host.global.__TAURI_INTERNALS__.invoke('greet', {}), (e) => e === NO_TICKET);
  await assert.rejects(tauriEmit('x', 1), (e) => e === NO_TICKET);
  assert.throws(() => host.global.auroraview.send_event('x'), /no launch ticket/);
  const unlisten = await tauriListen('x', () => undefined);
  unlisten();
});

test('installing twice keeps the first bridge', () => {
  const { host } = openPage();
  const first = host.global.__TAURI_INTERNALS__;
  assert.equal(installBridge(host), undefined);
  assert.equal(host.global.__TAURI_INTERNALS__, first);
});

test('globals: __TAURI__, isTauri, auroraview', () => {
  const { win } = openPage();
  assert.equal(typeof win.__TAURI__.core.invoke, 'function');
  assert.equal(typeof win.__TAURI__.core.Channel, 'function');
  assert.equal(typeof win.__TAURI__.core.transformCallback, 'function');
  assert.deepEqual(Object.keys(win.__TAURI__.event).sort(), ['emit', 'emitTo', 'listen', 'once']);
  assert.equal(typeof win.__TAURI__.pytauri.pyInvoke, 'function');
  assert.equal(win.isTauri, true);
  assert.equal(typeof win.auroraview.call, 'function');
  assert.equal(typeof win.__TAURI_EVENT_PLUGIN_INTERNALS__.unregisterListener, 'function');
});

test('frames are queued until the socket opens, then sent in order', async () => {
  const { host } = openPage({ open: false });
  const a = tauriInvoke('first', { n: 1 });
  const b = tauriInvoke('second', { n: 2 });
  assert.equal(host.socket.sent.length, 0);
  host.socket.open();
  assert.deepEqual(
    host.socket.invokes().map((f) => [f.header.c, f.body]),
    [
      ['first', '{"n":1}'],
      ['second', '{"n":2}'],
    ],
  );
  host.socket.push([
    { k: 'r', id: 2, ok: true, v: 'two' },
    { k: 'r', id: 1, ok: false, e: 'boom' },
  ]);
  assert.equal(await b, 'two');
  await assert.rejects(a, (e) => e === 'boom');
});

test('frames sent at once share a kept buffer, each as it was; a held one keeps the body of its call', async () => {
  const { host } = openPage({ open: false });
  const body = new Uint8Array([1, 2, 3]);
  void pluginPyInvoke('held', body);
  body[0] = 99; // the caller reuses its buffer: the held frame keeps what was passed
  host.socket.open();
  const big = new Uint8Array(10_000).fill(5);
  void pluginPyInvoke('small', new Uint8Array([4]));
  void pluginPyInvoke('big', big);
  void pluginPyInvoke('after', new Uint8Array([6, 7]));
  await tick();
  assert.deepEqual(
    host.socket.invokes().map((f) => [f.header.c, f.bytes.byteLength, f.bytes[0]]),
    [
      ['held', 3, 1],
      ['small', 1, 4],
      ['big', 10_000, 5],
      ['after', 2, 6],
    ],
  );
});

test('tauri-plugin-pytauri-api pyInvoke: command from the pyfunc header, raw JSON body, headers kept', async () => {
  const { host } = openPage();
  const p = pluginPyInvoke('greet', { name: 'Ada' }, { headers: { 'X-Trace': 'abc' } });
  await tick();
  const [frame] = host.socket.invokes();
  assert.equal(frame?.header.k, 'i');
  assert.equal(frame?.header.c, 'greet');
  assert.deepEqual(frame?.header.h, [['x-trace', 'abc']]);
  assert.equal(frame?.body, '{"name":"Ada"}');
  host.socket.push([{ k: 'r', id: frame?.header.id, ok: true, v: { greeting: 'hi' } }]);
  assert.deepEqual(await p, { greeting: 'hi' });
});

test('pyInvoke with no body sends an empty body; raw bytes pass through', async () => {
  const { host } = openPage();
  void pluginPyInvoke('ping');
  void pluginPyInvoke('upload', new Uint8Array([1, 2, 3]));
  await tick();
  const [ping, upload] = host.socket.invokes();
  assert.equal(ping?.header.c, 'ping');
  assert.equal(ping?.bytes.byteLength, 0);
  assert.deepEqual([...(upload?.bytes ?? [])], [1, 2, 3]);
});

test('a bytes result in a binary frame resolves with an ArrayBuffer', async () => {
  const { host } = openPage();
  const p = tauriInvoke('read');
  host.socket.pushBinary({ k: 'r', id: 1, ok: true }, new Uint8Array([9, 8, 7]));
  const value = await p;
  assert.ok(value instanceof ArrayBuffer);
  assert.deepEqual([...new Uint8Array(value)], [9, 8, 7]);
});

test('Channel messages reach onmessage in index order, including bytes', async () => {
  const { host } = openPage();
  const seen: unknown[] = [];
  const channel = new TauriChannel<unknown>((m) => seen.push(m));
  const p = tauriInvoke('stream', { channel });
  const [frame] = host.socket.invokes();
  assert.equal(frame?.body, `{"channel":"__CHANNEL__:${channel.id}"}`);
  host.socket.push([
    { k: 'c', ch: channel.id, i: 1, v: 'b' },
    { k: 'c', ch: channel.id, i: 0, v: 'a' },
  ]);
  host.socket.pushBinary({ k: 'c', ch: channel.id, i: 3 }, new Uint8Array([4]));
  host.socket.push([
    { k: 'c', ch: channel.id, i: 2, v: { n: 3 } },
    { k: 'r', id: 1, ok: true, v: null },
  ]);
  assert.equal(await p, null);
  assert.deepEqual(seen.slice(0, 3), ['a', 'b', { n: 3 }]);
  assert.ok(seen[3] instanceof ArrayBuffer);
});

test('listen/once/unlisten from @tauri-apps/api/event dispatch locally', async () => {
  const { host } = openPage();
  const got: unknown[] = [];
  const unlisten = await tauriListen<number>('tick', (e) => got.push(['listen', e.event, e.payload, typeof e.id]));
  await tauriOnce<number>('tick', (e) => got.push(['once', e.payload]));
  host.socket.push([{ k: 'e', event: 'tick', v: 1 }]);
  host.socket.push([{ k: 'e', event: 'tick', v: 2 }]);
  unlisten();
  await tick();
  host.socket.push([{ k: 'e', event: 'tick', v: 3 }]);
  assert.deepEqual(got, [['listen', 'tick', 1, 'number'], ['once', 1], ['listen', 'tick', 2, 'number']]);
  assert.equal(host.socket.sent.length, 0, 'no invoke or emit for listen/unlisten');
});

test('Python learns which events the page listens to: first listener subscribes, last one unsubscribes', async () => {
  const { host, win } = openPage();
  const unA = await tauriListen('a', () => undefined);
  const unA2 = await tauriListen('a', () => undefined);
  const offA = win.auroraview.on('a', () => undefined);
  const offB = win.auroraview.on('b', () => undefined);
  await tick();
  assert.deepEqual(host.socket.subscriptions, [
    { k: 'sub', event: 'a' },
    { k: 'sub', event: 'b' },
  ]);
  unA();
  offA();
  await tick();
  assert.equal(host.socket.subscriptions.length, 2, 'a still has a listener');
  unA2();
  offB();
  await tick();
  assert.deepEqual(host.socket.subscriptions.slice(2), [
    { k: 'unsub', event: 'a' },
    { k: 'unsub', event: 'b' },
  ]);
  // After a reconnect (the app restarted), live subscriptions are sent again first.
  await tauriListen('c', () => undefined);
  host.socket.close();
  await tick(150);
  host.socket.open();
  await tick();
  assert.deepEqual(host.socket.subscriptions, [{ k: 'sub', event: 'c' }]);
});

test('listen resolves once Python acknowledges the subscription', async () => {
  const { host } = openPage({ open: false });
  let resolved = false;
  const p = tauriListen('late', () => undefined).then((un) => {
    resolved = true;
    return un;
  });
  await tick();
  assert.equal(resolved, false, 'no socket yet: not subscribed');
  host.socket.open();
  await p;
  assert.equal(resolved, true);
});

test('listener targets filter events that carry a target', async () => {
  const { host } = openPage();
  const got: string[] = [];
  await tauriListen('ev', () => got.push('any'));
  await tauriListen('ev', () => got.push('main'), { target: 'main' });
  await tauriListen('ev', () => got.push('other'), { target: { kind: 'Window', label: 'other' } });
  host.socket.push([{ k: 'e', event: 'ev', v: null }]);
  assert.deepEqual(got.splice(0), ['any', 'main', 'other']);
  host.socket.push([{ k: 'e', event: 'ev', v: null, t: { kind: 'WebviewWindow', label: 'main' } }]);
  assert.deepEqual(got.splice(0), ['any', 'main']);
});

test('emit and emitTo become emit records', async () => {
  const { host } = openPage();
  await tauriEmit('saved', { id: 1 });
  await tauriEmitTo('settings', 'theme', 'dark');
  await tauriEmitTo({ kind: 'App' }, 'app-only');
  assert.deepEqual(host.socket.texts(), [
    { k: 'emit', event: 'saved', v: { id: 1 }, t: null },
    { k: 'emit', event: 'theme', v: 'dark', t: { kind: 'AnyLabel', label: 'settings' } },
    { k: 'emit', event: 'app-only', v: null, t: { kind: 'App' } },
  ]);
});

test('an invoke sent while others are outstanding is marked p: 1 (Python may batch its result)', async () => {
  const { host } = openPage();
  const first = pluginPyInvoke('a');
  const second = pluginPyInvoke('b');
  await tick();
  assert.deepEqual(
    host.socket.invokes().map((f) => [f.header.c, f.header.p]),
    [
      ['a', undefined],
      ['b', 1],
    ],
  );
  host.socket.push([
    { k: 'r', id: 1, ok: true, v: 1 },
    { k: 'r', id: 2, ok: true, v: 2 },
  ]);
  assert.deepEqual([await first, await second], [1, 2]);
  void pluginPyInvoke('c'); // alone again
  await tick();
  assert.equal(host.socket.invokes().at(-1)?.header.p, undefined);
});

test('text records of one task go out as one frame, before a frame sent after them', async () => {
  const { host } = openPage();
  for (let i = 0; i < 3; i++) void tauriEmit('tick', i);
  void pluginPyInvoke('after');
  void tauriEmit('tock');
  await tick();
  const order = host.socket.sent.map((s) => (typeof s === 'string' ? (JSON.parse(s) as { event: string }).event : 'invoke'));
  assert.deepEqual(order, ['tick', 'tick', 'tick', 'invoke', 'tock']);
  assert.equal(host.socket.textFrames.length, 2, 'the invoke frame cut the batch in two');
  // A long batch is cut into frames of at most ~16K characters.
  const payload = 'x'.repeat(1000);
  for (let i = 0; i < 100; i++) void tauriEmit('big', payload);
  await tick();
  const bigFrames = host.socket.textFrames.slice(2);
  assert.ok(bigFrames.length >= 6, `${bigFrames.length} frames`);
  assert.ok(bigFrames.every((f) => f.length <= 17 * 1024));
  assert.equal(host.socket.texts().filter((r: { event: string }) => r.event === 'big').length, 100);
});

test('aborting rejects at once and sends x; a late result is dropped', async () => {
  const { host, win } = openPage();
  const ctl = new AbortController();
  const p = win.__TAURI_INTERNALS__.invoke('slow', {}, { signal: ctl.signal });
  ctl.abort();
  await assert.rejects(p, (e: Error) => e.name === 'AbortError');
  assert.deepEqual(host.socket.texts(), [{ k: 'x', id: 1 }]);
  host.socket.push([{ k: 'r', id: 1, ok: true, v: 'late' }]);
  assert.deepEqual(host.errors, []);
});

test('aborting a call not yet sent drops it without an x', async () => {
  const { host, win } = openPage({ open: false });
  const ctl = new AbortController();
  const p = win.__TAURI_INTERNALS__.invoke('slow', {}, { signal: ctl.signal });
  ctl.abort();
  await assert.rejects(p, (e: Error) => e.name === 'AbortError');
  host.socket.open();
  assert.equal(host.socket.sent.length, 0);
});

test('an already aborted signal rejects without sending', async () => {
  const { host, win } = openPage();
  await assert.rejects(
    win.__TAURI_INTERNALS__.invoke('slow', {}, { signal: AbortSignal.abort() }),
    (e: Error) => e.name === 'AbortError',
  );
  assert.equal(host.socket.sent.length, 0);
});

test('a timeout rejects with TimeoutError and sends x', async () => {
  const { host, win } = openPage();
  const p = win.__TAURI_INTERNALS__.invoke('slow', {}, { timeout: 10 });
  await assert.rejects(p, (e: Error) => e.name === 'TimeoutError');
  assert.deepEqual(host.socket.texts(), [{ k: 'x', id: 1 }]);
});

test('a closing socket rejects pending calls and reconnects', async () => {
  const { host, win } = openPage();
  const p = tauriInvoke('slow');
  const q = win.auroraview.call('api.slow');
  host.socket.close();
  await assert.rejects(p, (e) => e === CONNECTION_CLOSED);
  await assert.rejects(q, (e: Error) => e.name === 'ConnectionError' && e.message === CONNECTION_CLOSED);
  assert.equal(host.sockets.length, 1);
  await tick(150);
  assert.equal(host.sockets.length, 2, 'reconnected after backoff');
  host.socket.open();
  const r = tauriInvoke('again');
  host.socket.push([{ k: 'r', id: 2, ok: true, v: 'ok' }]);
  assert.equal(await r, 'ok');
});

test('pagehide closes without reconnecting and rejects pending auroraview calls', async () => {
  const { host, win } = openPage();
  let outcome: unknown;
  win.auroraview.call('api.x').then(
    () => (outcome = 'resolved'),
    (e: Error) => (outcome = `${e.name}: ${e.message}`),
  );
  host.fire('pagehide');
  await tick(150);
  assert.equal(outcome, 'AbortError: the page is unloading');
  assert.equal(host.sockets.length, 1);
  host.fire('pageshow', { persisted: true });
  assert.equal(host.sockets.length, 2);
});

test('eval records run as <script> with the bridge nonce', () => {
  const { host } = openPage({ nonce: 'N0nce' });
  host.socket.push([{ k: 'eval', js: 'document.body.dataset.x = "1"' }]);
  assert.equal(host.scripts.length, 1);
  assert.equal(host.scripts[0]?.nonce, 'N0nce');
  assert.equal(host.scripts[0]?.text, 'document.body.dataset.x = "1"');
});

test('title, nav and close records', () => {
  const { host } = openPage();
  host.socket.push([{ k: 'title', v: 'New title' }, { k: 'nav', url: '/next.html' }, { k: 'close' }]);
  assert.equal(host.document.title, 'New title');
  assert.deepEqual(host.assigned, ['/next.html']);
  assert.equal(host.closedWindow, true);
});

test('cursor records set the page cursor; anything but a CSS keyword gives it back', () => {
  const { host } = openPage();
  host.socket.push([{ k: 'cursor', v: 'not-allowed' }, { k: 'cursor', v: null }, { k: 'cursor', v: 'x; color: red' }]);
  assert.deepEqual(host.cursors, ['not-allowed', null, null]);
});

test('a press in a drag region asks to drag the window; a double click to toggle maximize', async () => {
  const { host } = openPage({ label: 'tools' });
  assert.ok(host.dragRegionPress);
  host.dragRegionPress(false);
  host.dragRegionPress(true);
  await tick(0);
  const calls = host.socket.invokes().map((i) => [i.header.c, JSON.parse(i.body)]);
  assert.deepEqual(calls, [
    ['plugin:window|start_dragging', { label: 'tools' }],
    ['plugin:window|internal_toggle_maximize', { label: 'tools' }],
  ]);
  // A rejection (a browser tab cannot be dragged) is not reported as an error.
  for (const i of host.socket.invokes()) host.socket.push([{ k: 'r', id: i.header.id, ok: false, e: 'no' }]);
  await tick(0);
  assert.deepEqual(host.errors, []);
});

test('hello is announced once as auroraviewready', () => {
  const { host, win } = openPage();
  assert.deepEqual(host.dispatched, ['auroraviewready']);
  assert.equal(win.auroraview.isReady(), true);
});

test('a large body goes over POST once hello has come; the result comes on the socket', async () => {
  const { host } = openPage({ open: false });
  const big = new Uint8Array(LARGE_BODY + 1).fill(7);
  const p = pluginPyInvoke('upload', big, { headers: { 'x-name': 'é.bin' } });
  await tick();
  host.socket.open(false);
  assert.equal(host.fetches.length, 0, 'waits for hello');
  host.socket.push([{ k: 'hello', label: 'main', v: 1 }]);
  assert.equal(host.fetches.length, 1);
  const call = host.fetches[0];
  assert.equal(call?.url, '/__pytauri_like__/invoke');
  assert.equal(call?.init.method, 'POST');
  assert.equal(call?.init.headers?.['X-PTL-Ticket'], ticketFor('main'));
  assert.equal(call?.init.headers?.['X-PTL-Id'], '1');
  assert.equal(call?.init.headers?.['X-PTL-Command'], 'upload');
  assert.deepEqual(JSON.parse(decodeURIComponent(call?.init.headers?.['X-PTL-Headers'] ?? '')), [['x-name', 'é.bin']]);
  assert.equal(call?.init.body?.size, LARGE_BODY + 1);
  assert.equal(host.socket.sent.length, 0);
  host.socket.push([{ k: 'r', id: 1, ok: true, v: 'stored' }]);
  assert.equal(await p, 'stored');
});

test('a large bytes result comes back in the upload response, in its place on the socket', async () => {
  const { host } = openPage();
  let respond: (r: { ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }) => void = () => undefined;
  host.fetchImpl = () => new Promise((resolve) => (respond = resolve));
  const seen: unknown[] = [];
  const channel = new TauriChannel<unknown>((m) => seen.push(m));
  const p = pluginPyInvoke('echo', new Uint8Array(LARGE_BODY + 1).fill(3));
  await tick();
  // The record marks the result's place: the channel message before it is delivered first.
  host.socket.push([
    { k: 'c', ch: channel.id, i: 0, v: 'before' },
    { k: 'r', id: 1, ok: true, h: 1 },
  ]);
  assert.deepEqual(seen, ['before']);
  respond({ ok: true, status: 200, arrayBuffer: () => Promise.resolve(new Uint8Array([9, 9]).buffer) });
  const result = await p;
  assert.deepEqual([...new Uint8Array(result as ArrayBuffer)], [9, 9]);
});

test('when hello says parts, a body of several MiB goes as pieces and the result comes back in slices', async () => {
  const { host } = openPage({ open: false });
  const MiB = 1024 * 1024;
  const body = new Uint8Array(5 * MiB);
  for (let i = 0; i < body.length; i++) body[i] = i % 251;
  host.fetchImpl = async (call) => {
    const piece = new Uint8Array(await (call.init.body as Blob).arrayBuffer());
    return { ok: true, status: 200, arrayBuffer: () => Promise.resolve(piece.slice().buffer) }; // echoed
  };
  const p = pluginPyInvoke('echo', body);
  await tick();
  host.socket.open(false);
  host.socket.push([{ k: 'hello', label: 'main', v: 1, parts: 4 }]);
  // 5 MiB with pieces of at least 2.5 MiB: two pieces, not four.
  assert.deepEqual(
    host.fetches.map((f) => [f.init.headers?.['X-PTL-Part'], f.init.headers?.['X-PTL-Id'], f.init.body?.size]),
    [
      ['0/2', '1', 2.5 * MiB],
      ['1/2', '1', 2.5 * MiB],
    ],
  );
  host.socket.push([{ k: 'r', id: 1, ok: true, h: 1 }]);
  const result = new Uint8Array((await p) as ArrayBuffer);
  assert.deepEqual(result, body);
  // Below twice the piece size: one request, no part header.
  const small = pluginPyInvoke('echo', new Uint8Array(3 * MiB));
  await tick();
  assert.equal(host.fetches.length, 3);
  assert.equal(host.fetches[2]?.init.headers?.['X-PTL-Part'], undefined);
  host.socket.push([{ k: 'r', id: 2, ok: true, v: null }]);
  await small;
});

const SCHEME = 'ptl-ipc://localhost/invoke';

test("when hello offers the app's scheme, a large body goes there as bytes, named in the URL", async () => {
  const { host } = openPage({ open: false });
  host.fetchImpl = () => Promise.resolve({ ok: true, status: 204, arrayBuffer: () => Promise.resolve(new ArrayBuffer(0)) });
  const big = new Uint8Array(LARGE_BODY + 1).fill(7);
  const p = pluginPyInvoke('up load', big, { headers: { 'x-name': 'é &=.bin' } });
  await tick();
  host.socket.open(false);
  host.socket.push([{ k: 'hello', label: 'main', v: 1, conn: 'C1', parts: 4, scheme: SCHEME }]);
  assert.equal(host.fetches.length, 1);
  const call = host.fetches[0];
  const url = new URL(call?.url ?? '');
  assert.equal(`${url.protocol}//${url.host}${url.pathname}`, SCHEME);
  // Every value percent-encoded once, spaces as %20 (the app decodes them with `unquote`).
  const raw = Object.fromEntries(url.search.slice(1).split('&').map((kv) => kv.split('=') as [string, string]));
  assert.deepEqual(Object.keys(raw), ['t', 'conn', 'id', 'c', 'h']);
  assert.equal(decodeURIComponent(raw.t ?? ''), ticketFor('main'));
  assert.equal(raw.conn, 'C1');
  assert.equal(raw.id, '1');
  assert.equal(raw.c, 'up%20load');
  assert.deepEqual(JSON.parse(decodeURIComponent(raw.h ?? '')), [['x-name', 'é &=.bin']]);
  assert.equal(call?.init.method, 'POST');
  assert.equal(call?.init.headers, undefined, 'no headers: a simple CORS request, no preflight');
  assert.ok(call?.init.body instanceof Uint8Array, 'bytes, never a Blob (WebKit cannot hand one over)');
  assert.deepEqual(call?.init.body, big);
  host.socket.push([{ k: 'r', id: 1, ok: true, v: 'stored' }]);
  assert.equal(await p, 'stored');
});

test('with the scheme offered, a body of several MiB goes to it whole, not in pieces', async () => {
  const { host } = openPage({ open: false });
  host.fetchImpl = () => new Promise(() => undefined);
  void pluginPyInvoke('echo', new Uint8Array(5 * 1024 * 1024));
  await tick();
  host.socket.open(false);
  host.socket.push([{ k: 'hello', label: 'main', v: 1, parts: 4, scheme: SCHEME }]);
  assert.equal(host.fetches.length, 1);
  assert.equal(host.fetches[0]?.url.split('?')[0], SCHEME);
  const body = host.fetches[0]?.init.body;
  assert.ok(body instanceof Uint8Array && body.byteLength === 5 * 1024 * 1024, 'the whole body, as bytes');
});

test('a body over 32 MiB goes over HTTP in pieces even with the scheme offered (the GUI thread reads scheme bodies)', async () => {
  const { host } = openPage({ open: false });
  host.fetchImpl = () => new Promise(() => undefined);
  void pluginPyInvoke('echo', new Uint8Array(32 * 1024 * 1024 + 1));
  await tick();
  host.socket.open(false);
  host.socket.push([{ k: 'hello', label: 'main', v: 1, parts: 4, scheme: SCHEME }]);
  assert.deepEqual(
    host.fetches.map((f) => [f.url.split('?')[0], f.init.headers?.['X-PTL-Part']]),
    [0, 1, 2, 3].map((i) => ['/__pytauri_like__/invoke', `${i}/4`]),
  );
});

test('when the scheme is absent, a body of several MiB falls back to HTTP in pieces', async () => {
  const { host } = openPage({ open: false });
  host.fetchImpl = (call) =>
    call.url.startsWith('ptl-ipc:') ? Promise.reject(new TypeError('Load failed')) : new Promise(() => undefined);
  void pluginPyInvoke('echo', new Uint8Array(5 * 1024 * 1024));
  await tick();
  host.socket.open(false);
  host.socket.push([{ k: 'hello', label: 'main', v: 1, parts: 4, scheme: SCHEME }]);
  await tick();
  assert.deepEqual(
    host.fetches.map((f) => [f.url.split('?')[0], f.init.headers?.['X-PTL-Part']]),
    [
      [SCHEME, undefined],
      ['/__pytauri_like__/invoke', '0/2'],
      ['/__pytauri_like__/invoke', '1/2'],
    ],
  );
});

test('a scheme the engine does not have: the call goes over HTTP, and so do later ones', async () => {
  const { host } = openPage({ open: false });
  host.fetchImpl = (call) =>
    call.url.startsWith('ptl-ipc:')
      ? Promise.reject(new TypeError('Load failed'))
      : Promise.resolve({ ok: true, status: 204, arrayBuffer: () => Promise.resolve(new ArrayBuffer(0)) });
  const p = pluginPyInvoke('upload', new Uint8Array(LARGE_BODY + 1));
  await tick();
  host.socket.open(false);
  host.socket.push([{ k: 'hello', label: 'main', v: 1, scheme: SCHEME }]);
  await tick();
  assert.deepEqual(
    host.fetches.map((f) => f.url.split('?')[0]),
    [SCHEME, '/__pytauri_like__/invoke'],
  );
  assert.ok(host.fetches[1]?.init.body instanceof Blob);
  host.socket.push([{ k: 'r', id: 1, ok: true, v: 1 }]);
  assert.equal(await p, 1);
  // Not tried again, even after a reconnect's hello offers it again.
  host.socket.push([{ k: 'hello', label: 'main', v: 1, scheme: SCHEME }]);
  const q = pluginPyInvoke('upload', new Uint8Array(LARGE_BODY + 1));
  await tick();
  assert.equal(host.fetches.length, 3);
  assert.equal(host.fetches[2]?.url, '/__pytauri_like__/invoke');
  host.socket.push([{ k: 'r', id: 2, ok: true, v: 2 }]);
  assert.equal(await q, 2);
});

test('once the scheme has worked, a failed post rejects the call (never sent twice)', async () => {
  const { host } = openPage();
  let fail = false;
  host.fetchImpl = () =>
    fail
      ? Promise.reject(new TypeError('Load failed'))
      : Promise.resolve({ ok: true, status: 204, arrayBuffer: () => Promise.resolve(new ArrayBuffer(0)) });
  host.socket.push([{ k: 'hello', label: 'main', v: 1, scheme: SCHEME }]);
  const p = pluginPyInvoke('upload', new Uint8Array(LARGE_BODY + 1));
  await tick();
  host.socket.push([{ k: 'r', id: 1, ok: true, v: 'one' }]);
  assert.equal(await p, 'one');
  fail = true;
  const q = pluginPyInvoke('upload', new Uint8Array(LARGE_BODY + 1));
  await assert.rejects(q, (e) => typeof e === 'string' && /sending the call failed: TypeError: Load failed/.test(e));
  assert.equal(host.fetches.length, 2);
  assert.ok(host.fetches.every((f) => f.url.startsWith(SCHEME)));
});

test('a call the scheme refuses is rejected with the status', async () => {
  const { host } = openPage();
  host.fetchImpl = () => Promise.resolve({ ok: false, status: 409, arrayBuffer: () => Promise.resolve(new ArrayBuffer(0)) });
  host.socket.push([{ k: 'hello', label: 'main', v: 1, scheme: SCHEME }]);
  await assert.rejects(pluginPyInvoke('upload', new Uint8Array(LARGE_BODY + 1)), (e) => typeof e === 'string' && /HTTP 409/.test(e));
  assert.equal(host.fetches[0]?.url.split('?')[0], SCHEME);
});

test('one refused piece rejects the call and aborts the other pieces', async () => {
  const { host } = openPage({ open: false });
  const signals: AbortSignal[] = [];
  host.fetchImpl = (call) => {
    if (call.init.signal !== undefined) signals.push(call.init.signal);
    const status = call.init.headers?.['X-PTL-Part'] === '1/2' ? 400 : 200;
    return status === 400
      ? Promise.resolve({ ok: false, status, arrayBuffer: () => Promise.resolve(new ArrayBuffer(0)) })
      : new Promise(() => undefined); // still uploading
  };
  const p = pluginPyInvoke('echo', new Uint8Array(5 * 1024 * 1024));
  await tick();
  host.socket.open(false);
  host.socket.push([{ k: 'hello', label: 'main', v: 1, parts: 4 }]);
  await assert.rejects(p, (e) => typeof e === 'string' && /HTTP 400/.test(e));
  assert.equal(signals.length, 2);
  assert.ok(signals.every((s) => s.aborted));
});

test("a refused large upload rejects the call", async () => {
  const { host } = openPage();
  host.fetchImpl = () => Promise.resolve({ ok: false, status: 409, arrayBuffer: () => Promise.resolve(new ArrayBuffer(0)) });
  await assert.rejects(pluginPyInvoke('upload', new Uint8Array(LARGE_BODY + 1)), (e) => typeof e === 'string' && /409/.test(e));
});

test('parked payloads are fetched with the ticket and delivered in order', async () => {
  const { host } = openPage();
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  host.fetchImpl = async (call) => {
    await gate;
    const n = Number(call.url.split('/').pop());
    return { ok: true, status: 200, arrayBuffer: () => Promise.resolve(new Uint8Array([n]).buffer) };
  };
  const seen: unknown[] = [];
  const channel = new TauriChannel<unknown>((m) => seen.push(m instanceof ArrayBuffer ? [...new Uint8Array(m)] : m));
  const p = tauriInvoke('stream', { channel });
  host.socket.push([
    { k: 'c', ch: channel.id, i: 0, v: 'small' },
    { k: 'c', ch: channel.id, i: 1, u: '/__pytauri_like__/blob/5' },
    { k: 'c', ch: channel.id, i: 2, v: 'after' },
    { k: 'r', id: 1, ok: true, u: '/__pytauri_like__/blob/6' },
  ]);
  assert.deepEqual(seen, ['small']);
  // Both downloads are under way before the first is delivered (they overlap).
  assert.equal(host.fetches.length, 2);
  release();
  const result = await p;
  assert.deepEqual([...new Uint8Array(result as ArrayBuffer)], [6]);
  assert.deepEqual(seen, ['small', [5], 'after']);
  assert.deepEqual(host.fetches.map((f) => [f.url, f.init.headers?.['X-PTL-Ticket']]), [
    ['/__pytauri_like__/blob/5', ticketFor('main')],
    ['/__pytauri_like__/blob/6', ticketFor('main')],
  ]);
});

test('a throwing listener does not stop the others', async () => {
  const { host } = openPage();
  const got: string[] = [];
  await tauriListen('ev', () => {
    throw new Error('bad handler');
  });
  await tauriListen('ev', () => got.push('second'));
  host.socket.push([{ k: 'e', event: 'ev', v: 1 }]);
  assert.deepEqual(got, ['second']);
  assert.equal(host.errors.length, 1);
});

test('hello may correct the label; a malformed ticket still connects', () => {
  const host = new FakeHost(`http://127.0.0.1:8000/?__ptl_ticket=${b64url('x')}`);
  installBridge(host);
  host.socket.open(true, 'real');
  assert.equal(host.global.__TAURI_INTERNALS__.metadata.currentWindow.label, 'real');
});

test('on 413 the socket rejection wins; err records become warnings', async () => {
  const { host } = openPage();
  host.fetchImpl = () => Promise.resolve({ ok: false, status: 413, arrayBuffer: () => Promise.resolve(new ArrayBuffer(0)) });
  const p = pluginPyInvoke('upload', new Uint8Array(LARGE_BODY + 1));
  await tick();
  host.socket.push([{ k: 'r', id: 1, ok: false, e: 'command `upload`: body larger than the limit' }, { k: 'err', e: 'bad frame' }]);
  await assert.rejects(p, (e) => e === 'command `upload`: body larger than the limit');
  assert.deepEqual(host.warnings, ['pytauri_like: the app could not use a message from this page: bad frame']);
});

test("convertFileSrc points at the app's asset route with the asset token (Tauri's own convertFileSrc too)", () => {
  const { host, bridge } = openPage({ label: 'main' });
  const ticket = encodeURIComponent(bridge.ticket ?? '');
  const expected = `http://127.0.0.1:8000/__pytauri_like__/asset/%2Ftmp%2Fa%20b%23%3F.png?t=${ticket}`;
  assert.equal(host.global.__TAURI_INTERNALS__.convertFileSrc('/tmp/a b#?.png'), expected);
  assert.equal(tauriConvertFileSrc('/tmp/a b#?.png'), expected);
  assert.equal(tauriConvertFileSrc('/x.png', 'stream'), 'stream://localhost/%2Fx.png');
  // Once the app's hello gives the asset token, URLs carry it instead of the ticket.
  host.socket.push([{ k: 'hello', label: 'main', v: 1, asset: 'bWFpbg.asset+mac' }]);
  assert.equal(
    tauriConvertFileSrc('/tmp/a.png'),
    'http://127.0.0.1:8000/__pytauri_like__/asset/%2Ftmp%2Fa.png?t=bWFpbg.asset%2Bmac',
  );
});

test("@tauri-apps/api/path: sep and delimiter follow the platform, the commands go to the app", async () => {
  const { host } = openPage();
  assert.equal(tauriPath.sep(), '/');
  assert.equal(tauriPath.delimiter(), ':');
  const joined = tauriPath.join('a', 'b');
  const [sent] = host.socket.invokes();
  assert.equal(sent?.header.c, 'plugin:path|join');
  assert.deepEqual(JSON.parse(sent?.body ?? ''), { paths: ['a', 'b'] });
  host.socket.push([{ k: 'r', id: sent?.header.id, ok: true, v: 'a/b' }]);
  assert.equal(await joined, 'a/b');

  const windows = new FakeHost(`http://127.0.0.1:8000/index.html?__ptl_ticket=${ticketFor('main')}`);
  windows.platform = 'Win32';
  installBridge(windows);
  g.window = windows.global;
  assert.equal(tauriPath.sep(), '\\');
  assert.equal(tauriPath.delimiter(), ';');
});

test('window.__TAURI__ has path and window, as withGlobalTauri gives them', async () => {
  const { host, win } = openPage({ label: 'main' });
  const { path, window: windows } = win.__TAURI__;
  assert.equal(path.sep(), '/');
  assert.equal(path.BaseDirectory.AppData, tauriPath.BaseDirectory.AppData);
  assert.equal(path.BaseDirectory.Template, tauriPath.BaseDirectory.Template);
  const dir = path.appDataDir();
  const current = windows.getCurrentWindow();
  assert.equal(current.label, 'main');
  const retitled = current.setTitle('New');
  const sent = host.socket.invokes().map((f) => [f.header.c, JSON.parse(f.body)]);
  assert.deepEqual(sent, [
    ['plugin:path|resolve_directory', { directory: 14 }],
    ['plugin:window|set_title', { value: 'New', label: 'main' }],
  ]);
  const ids = host.socket.invokes().map((f) => f.header.id);
  host.socket.push([
    { k: 'r', id: ids[0], ok: true, v: '/home/ada/.local/share/app' },
    { k: 'r', id: ids[1], ok: false, e: 'no' },
  ]);
  assert.equal(await dir, '/home/ada/.local/share/app');
  await assert.rejects(retitled, (e) => e === 'no');
});

test('window.__TAURI__.window sends sizes and positions as @tauri-apps/api/window does', async () => {
  const { host, win } = openPage({ label: 'main' });
  const { window: windows, dpi } = win.__TAURI__;
  const ours = windows.getCurrentWindow();
  const theirs = tauriGetCurrentWindow();
  for (const w of [ours, theirs]) {
    void w.setSize(new dpi.LogicalSize(640, 480));
    void w.setPosition(new dpi.PhysicalPosition(3, 4));
    void w.setFullscreen(true);
  }
  void theirs.setSize(new TauriLogicalSize(640, 480));
  void theirs.setPosition(new TauriPhysicalPosition(3, 4));
  const sent = host.socket.invokes().map((f) => [f.header.c, JSON.parse(f.body)]);
  const expected = [
    ['plugin:window|set_size', { label: 'main', value: { Logical: { width: 640, height: 480 } } }],
    ['plugin:window|set_position', { label: 'main', value: { Physical: { x: 3, y: 4 } } }],
    ['plugin:window|set_fullscreen', { label: 'main', value: true }],
  ];
  assert.deepEqual(sent, [...expected, ...expected, ...expected.slice(0, 2)]);
  const size = ours.innerSize();
  const frame = host.socket.invokes().at(-1);
  assert.equal(frame?.header.c, 'plugin:window|inner_size');
  host.socket.push([{ k: 'r', id: frame?.header.id, ok: true, v: { width: 1280, height: 960 } }]);
  const answered = await size;
  assert.ok(answered instanceof dpi.PhysicalSize);
  assert.deepEqual({ ...answered.toLogical(2) }, { type: 'Logical', width: 640, height: 480 });
});

test('window bounds, resizability, decorations and focus are sent as @tauri-apps/api/window sends them', async () => {
  const { host, win } = openPage({ label: 'main' });
  const { window: windows, dpi } = win.__TAURI__;
  const sends = (w: ReturnType<typeof tauriGetCurrentWindow>, size: (a: number, b: number) => unknown) => {
    void w.setMinSize(size(300, 200) as never);
    void w.setMaxSize(null);
    void w.setMaxSize(undefined);
    void w.setSizeConstraints({ minWidth: 10, maxHeight: 900 });
    void w.setSizeConstraints(null);
    void w.setResizable(false);
    void w.isResizable();
    void w.setDecorations(false);
    void w.isDecorated();
    void w.setFocus();
  };
  sends(windows.getCurrentWindow(), (a, b) => new dpi.PhysicalSize(a, b));
  sends(tauriGetCurrentWindow(), (a, b) => new TauriPhysicalSize(a, b));
  const sent = host.socket.invokes().map((f) => [f.header.c, JSON.parse(f.body)]);
  assert.equal(sent.length, 20);
  assert.deepEqual(sent.slice(0, 10), sent.slice(10));
  assert.deepEqual(sent.slice(0, 5), [
    ['plugin:window|set_min_size', { label: 'main', value: { Physical: { width: 300, height: 200 } } }],
    ['plugin:window|set_max_size', { label: 'main', value: null }],
    ['plugin:window|set_max_size', { label: 'main', value: null }],
    [
      'plugin:window|set_size_constraints',
      { label: 'main', value: { minWidth: { Logical: 10 }, minHeight: null, maxWidth: null, maxHeight: { Logical: 900 } } },
    ],
    [
      'plugin:window|set_size_constraints',
      { label: 'main', value: { minWidth: null, minHeight: null, maxWidth: null, maxHeight: null } },
    ],
  ]);
  assert.deepEqual(
    sent.slice(5, 10).map(([c]) => c),
    ['set_resizable', 'is_resizable', 'set_decorations', 'is_decorated', 'set_focus'].map((c) => `plugin:window|${c}`),
  );
});

test('cursor calls and dragging are sent as @tauri-apps/api/window sends them', async () => {
  const { host, win } = openPage({ label: 'main' });
  const { window: windows, dpi } = win.__TAURI__;
  const sends = (w: ReturnType<typeof tauriGetCurrentWindow>, position: unknown) => {
    void w.setCursorIcon('notAllowed');
    void w.setCursorVisible(false);
    void w.setCursorPosition(position as never);
    void w.startDragging();
  };
  sends(windows.getCurrentWindow(), new dpi.LogicalPosition(30, 20.5));
  sends(tauriGetCurrentWindow(), new TauriLogicalPosition(30, 20.5));
  const sent = host.socket.invokes().map((f) => [f.header.c, JSON.parse(f.body)]);
  assert.deepEqual(sent.slice(0, 4), sent.slice(4));
  assert.deepEqual(sent.slice(0, 4), [
    ['plugin:window|set_cursor_icon', { label: 'main', value: 'notAllowed' }],
    ['plugin:window|set_cursor_visible', { label: 'main', value: false }],
    ['plugin:window|set_cursor_position', { label: 'main', value: { Logical: { x: 30, y: 20.5 } } }],
    ['plugin:window|start_dragging', { label: 'main' }],
  ]);
  const ask = async (read: () => Promise<unknown>) => {
    const asked = read();
    const frame = host.socket.invokes().at(-1);
    host.socket.push([{ k: 'r', id: frame?.header.id, ok: true, v: { x: 130, y: -70 } }]);
    return { cmd: frame?.header.c, body: frame?.body, got: await asked };
  };
  const mine = await ask(() => windows.cursorPosition());
  const theirs = await ask(() => tauriWindow.cursorPosition());
  assert.deepEqual([mine.cmd, mine.body], [theirs.cmd, theirs.body]);
  assert.ok(mine.got instanceof dpi.PhysicalPosition);
  assert.deepEqual([(mine.got as TauriPhysicalPosition).x, (mine.got as TauriPhysicalPosition).y], [130, -70]);
  assert.deepEqual([(theirs.got as TauriPhysicalPosition).x, (theirs.got as TauriPhysicalPosition).y], [130, -70]);
});

test('monitors are asked and read as @tauri-apps/api/window asks and reads them', async () => {
  const { host, win } = openPage({ label: 'main' });
  const ours = win.__TAURI__.window;
  const rect = (x: number, y: number, width: number, height: number) => ({ position: { x, y }, size: { width, height } });
  const screen = { name: 'HDMI-1', ...rect(1920, 0, 2560, 1440), workArea: rect(1920, 0, 2560, 1400), scaleFactor: 2 };
  const answers: Record<string, unknown> = {
    'plugin:window|current_monitor': screen,
    'plugin:window|primary_monitor': null,
    'plugin:window|monitor_from_point': screen,
    'plugin:window|available_monitors': [screen, { ...screen, name: null }],
  };
  const ask = async (api: typeof tauriWindow) => {
    const asked = [api.currentMonitor(), api.primaryMonitor(), api.monitorFromPoint(2000, 10.5), api.availableMonitors()];
    const frames = host.socket.invokes().slice(-4);
    host.socket.push(frames.map((f) => ({ k: 'r', id: f.header.id, ok: true, v: answers[f.header.c] })));
    return { sent: frames.map((f) => [f.header.c, f.body === '' ? null : JSON.parse(f.body)]), got: await Promise.all(asked) };
  };
  const theirs = await ask(tauriWindow);
  const mine = await ask(ours);
  assert.deepEqual(mine.sent, theirs.sent);
  assert.deepEqual(mine.sent[2], ['plugin:window|monitor_from_point', { x: 2000, y: 10.5 }]);
  // Their dpi classes serialise without `type` (their IPC form); the numbers must agree.
  const plain = (v: unknown) => JSON.parse(JSON.stringify(v, (k, x) => (k === 'type' ? undefined : x)));
  assert.deepEqual(plain(mine.got), plain(theirs.got));
  const current = mine.got[0] as tauriWindow.Monitor;
  assert.ok(current.position instanceof win.__TAURI__.dpi.PhysicalPosition);
  assert.ok(current.workArea.size instanceof win.__TAURI__.dpi.PhysicalSize);
  assert.deepEqual({ ...current.size.toLogical(current.scaleFactor) }, { type: 'Logical', width: 1280, height: 720 });
  assert.equal(mine.got[1], null);
  assert.deepEqual(
    (mine.got[3] as tauriWindow.Monitor[]).map((m) => m.name),
    ['HDMI-1', null],
  );
});

test('onCloseRequested destroys the window unless the handler prevents it', async () => {
  const { host, win } = openPage({ label: 'main' });
  const current = win.__TAURI__.window.getCurrentWindow();
  let prevent = true;
  const sizes: unknown[] = [];
  await current.onCloseRequested((event: { preventDefault(): void }) => {
    if (prevent) event.preventDefault();
  });
  await current.onResized((e: { payload: unknown }) => sizes.push(e.payload));
  const destroys = () => host.socket.invokes().filter((f) => f.header.c === 'plugin:window|destroy').length;
  host.socket.push([{ k: 'e', event: 'tauri://close-requested', v: null }]);
  await tick();
  assert.equal(destroys(), 0);
  prevent = false;
  host.socket.push([{ k: 'e', event: 'tauri://close-requested', v: null }]);
  await tick();
  assert.equal(destroys(), 1);
  host.socket.push([{ k: 'e', event: 'tauri://resize', v: { width: 5, height: 6 } }]);
  await tick();
  assert.deepEqual(sizes, [new win.__TAURI__.dpi.PhysicalSize(5, 6)]);
});

test('window.__TAURI__.dialog asks as @tauri-apps/plugin-dialog does and reads the answer the same', async () => {
  const { host, win } = openPage({ label: 'main' });
  const ours = win.__TAURI__.dialog;
  const options = { title: 'Pick', multiple: true, filters: [{ name: 'Images', extensions: ['png'] }] };
  const picked = [ours.open(options), tauriDialog.open(options)];
  void ours.save({ defaultPath: '/tmp/a.txt' });
  void tauriDialog.save({ defaultPath: '/tmp/a.txt' });
  const frames = host.socket.invokes().map((f) => [f.header.c, JSON.parse(f.body)]);
  assert.deepEqual(frames[0], frames[1]);
  assert.deepEqual(frames[2], frames[3]);
  assert.deepEqual(frames[0], ['plugin:dialog|open', { options }]);
  const ids = host.socket.invokes().map((f) => f.header.id);
  host.socket.push([
    { k: 'r', id: ids[0], ok: true, v: ['/a.png'] },
    { k: 'r', id: ids[1], ok: true, v: ['/a.png'] },
  ]);
  assert.deepEqual(await Promise.all(picked), [['/a.png'], ['/a.png']]);
  // ask/confirm/message: the native dialog answers with a button label; both read it alike.
  const cases: [string, string, string, unknown][] = [
    ['ask', 'Yes', 'Sure?', true],
    ['ask', 'No', 'Sure?', false],
    ['confirm', 'Ok', 'Go?', true],
    ['confirm', 'Cancel', 'Go?', false],
    ['message', 'Ok', 'Done', 'Ok'],
  ];
  for (const [fn, reply, text, expected] of cases) {
    for (const api of [ours, tauriDialog]) {
      const answer = (api as Record<string, (t: string, o: unknown) => Promise<unknown>>)[fn]!(text, { title: 'T' });
      const frame = host.socket.invokes().at(-1);
      assert.equal(frame?.header.c, 'plugin:dialog|message');
      assert.equal(JSON.parse(frame!.body).message, text);
      host.socket.push([{ k: 'r', id: frame?.header.id, ok: true, v: reply }]);
      assert.deepEqual(await answer, expected, `${fn} → ${reply}`);
    }
  }
});

test('the page reports its window focus: once connected, then on each focus and blur', async () => {
  const { host, win } = openPage({ label: 'main' });
  await tick();
  assert.deepEqual(host.socket.focusReports, [true]);
  host.fire('blur');
  host.fire('focus');
  await tick();
  assert.deepEqual(host.socket.focusReports, [true, false, true]);
  const changes: boolean[] = [];
  await win.__TAURI__.window.getCurrentWindow().onFocusChanged((e: { payload: boolean }) => changes.push(e.payload));
  host.socket.push([{ k: 'e', event: 'tauri://blur', v: null }]);
  host.socket.push([{ k: 'e', event: 'tauri://focus', v: null }]);
  await tick();
  assert.deepEqual(changes, [false, true]);
});

test('window.__TAURI__.process.exit sends what @tauri-apps/plugin-process sends', async () => {
  const { host, win } = openPage({ label: 'main' });
  void win.__TAURI__.process.exit(3);
  void tauriProcess.exit(3);
  void win.__TAURI__.process.relaunch();
  void tauriProcess.relaunch();
  const frames = host.socket.invokes().map((f) => [f.header.c, f.body === '' ? null : JSON.parse(f.body)]);
  assert.deepEqual(frames[0], ['plugin:process|exit', { code: 3 }]);
  assert.deepEqual(frames[1], frames[0]);
  assert.equal(frames[2]?.[0], 'plugin:process|restart');
  assert.equal(frames[3]?.[0], 'plugin:process|restart');
});
