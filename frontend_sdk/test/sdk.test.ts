import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { installBridge } from '../src/bridge.js';
import { Channel, invoke, pyInvoke } from '../src/core.js';
import {
  AbortError,
  ConnectionError,
  InvokeError,
  IpcError,
  PermissionError,
  TimeoutError,
  toIpcError,
} from '../src/errors.js';
import { emit, emitTo, listen, once } from '../src/event.js';
import { FakeHost, ticketFor, tick } from './fakes.js';

const g = globalThis as { window?: unknown };

function openPage(open = true) {
  const host = new FakeHost(`http://127.0.0.1:8000/?__ptl_ticket=${ticketFor('main')}`);
  installBridge(host);
  g.window = host.global;
  if (open) host.socket.open();
  return host;
}

afterEach(() => {
  delete g.window;
});

test('pyInvoke resolves JSON and ArrayBuffer results', async () => {
  const host = openPage();
  const a = pyInvoke<{ n: number }>('get', { q: 1 });
  const b = pyInvoke<ArrayBuffer>('bytes');
  await tick();
  const frames = host.socket.invokes();
  assert.deepEqual(frames.map((f) => [f.header.c, f.header.h, f.body]), [
    ['get', [], '{"q":1}'],
    ['bytes', [], ''],
  ]);
  host.socket.push([{ k: 'r', id: 1, ok: true, v: { n: 1 } }]);
  host.socket.pushBinary({ k: 'r', id: 2, ok: true }, new Uint8Array([1]));
  assert.deepEqual(await a, { n: 1 });
  assert.ok((await b) instanceof ArrayBuffer);
});

test('rejections become InvokeError with the command and the Python message', async () => {
  const host = openPage();
  const p = pyInvoke('div', { a: 1, b: 0 });
  await tick();
  host.socket.push([{ k: 'r', id: 1, ok: false, e: 'division by zero' }]);
  await assert.rejects(p, (e) => {
    assert.ok(e instanceof InvokeError && e instanceof IpcError && e instanceof Error);
    assert.equal(e.name, 'InvokeError');
    assert.equal(e.code, 'INVOKE_REJECTED');
    assert.equal(e.command, 'div');
    assert.equal(e.message, 'division by zero');
    return true;
  });
});

test('capability refusals become PermissionError', async () => {
  const host = openPage();
  const p = invoke('secret');
  host.socket.push([{ k: 'r', id: 1, ok: false, e: 'permission denied: command `secret` is not allowed for window `main`' }]);
  await assert.rejects(p, (e) => e instanceof PermissionError && e.code === 'PERMISSION_DENIED' && e.command === 'secret');
});

test('timeout rejects with TimeoutError and cancels in Python', async () => {
  const host = openPage();
  const p = pyInvoke('slow', null, { timeout: 5 });
  await assert.rejects(p, (e) => e instanceof TimeoutError && e.name === 'TimeoutError' && e.timeout === 5 && e.command === 'slow');
  await tick(5);
  assert.deepEqual(host.socket.texts(), [{ k: 'x', id: 1 }]);
});

test('abort rejects at once with AbortError and cancels in Python', async () => {
  const host = openPage();
  const ctl = new AbortController();
  const p = pyInvoke('slow', null, { signal: ctl.signal });
  await tick();
  ctl.abort('user left');
  await assert.rejects(p, (e) => e instanceof AbortError && e.name === 'AbortError' && e.reason === 'user left');
  assert.deepEqual(host.socket.texts(), [{ k: 'x', id: 1 }]);
  await assert.rejects(invoke('x', {}, { signal: ctl.signal }), AbortError);
});

test('connection errors are ConnectionError with a code', async () => {
  const host = openPage();
  const p = pyInvoke('slow');
  await tick();
  host.socket.close();
  await assert.rejects(p, (e) => e instanceof ConnectionError && e.code === 'CONNECTION_CLOSED');
  const bare = new FakeHost('http://127.0.0.1:8000/');
  installBridge(bare);
  g.window = bare.global;
  await assert.rejects(pyInvoke('x'), (e) => e instanceof ConnectionError && e.code === 'NO_TICKET');
});

test('without a bridge, calls reject with a helpful error', async () => {
  g.window = {};
  await assert.rejects(pyInvoke('x'), /mockIPC/);
});

test('toIpcError maps names from another copy of the module', () => {
  const foreign = Object.assign(new Error('t'), { name: 'TimeoutError', timeout: 3 });
  const mapped = toIpcError('cmd', foreign);
  assert.ok(mapped instanceof TimeoutError && mapped.timeout === 3 && mapped.message === 't');
  const refused = Object.assign(new Error('permission denied: method `api.x`'), { name: 'PermissionError' });
  const perm = toIpcError('api.x', refused);
  assert.ok(perm instanceof PermissionError && perm.command === 'api.x' && perm.code === 'PERMISSION_DENIED');
  const other = new RangeError('r');
  assert.equal(toIpcError('cmd', other), other);
});

test('SDK Channel<T>: typed, ordered, serialises as __CHANNEL__:id', async () => {
  const host = openPage();
  const got: number[] = [];
  const channel = new Channel<number>();
  channel.onmessage = (n) => got.push(n);
  void pyInvoke('count', { channel });
  await tick();
  assert.equal(host.socket.invokes()[0]?.body, `{"channel":"__CHANNEL__:${channel.id}"}`);
  host.socket.push([2, 0, 1].map((i) => ({ k: 'c', ch: channel.id, i, v: i * 10 })));
  assert.deepEqual(got, [0, 10, 20]);
  host.socket.push([{ k: 'c', ch: channel.id, i: 3, end: true }]);
  assert.equal((g.window as any).__TAURI_INTERNALS__.callbacks.has(channel.id), false);
});

test('SDK listen/once/emit/emitTo', async () => {
  const host = openPage();
  const got: unknown[] = [];
  const unlisten = await listen<string>('e', (ev) => got.push(ev.payload));
  await once<string>('e', (ev) => got.push(`once:${ev.payload}`));
  host.socket.push([{ k: 'e', event: 'e', v: 'a' }, { k: 'e', event: 'e', v: 'b' }]);
  unlisten();
  await tick();
  host.socket.push([{ k: 'e', event: 'e', v: 'c' }]);
  assert.deepEqual(got, ['a', 'once:a', 'b']);
  await emit('hi', 1);
  await emitTo({ kind: 'Window', label: 'w2' }, 'hi', 2);
  assert.deepEqual(host.socket.texts(), [
    { k: 'emit', event: 'hi', v: 1, t: null },
    { k: 'emit', event: 'hi', v: 2, t: { kind: 'Window', label: 'w2' } },
  ]);
});
