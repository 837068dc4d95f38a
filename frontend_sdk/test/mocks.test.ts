import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { invoke as tauriInvoke } from '@tauri-apps/api/core';
import { listen as tauriListen } from '@tauri-apps/api/event';
import { pyInvoke as pluginPyInvoke } from 'tauri-plugin-pytauri-api';
import { createAuroraView } from '../src/auroraview.js';
import { invoke, pyInvoke } from '../src/core.js';
import { InvokeError, TimeoutError } from '../src/errors.js';
import { emit, listen } from '../src/event.js';
import { clearMocks, mockEvent, mockIPC, mockWindows } from '../src/mocks.js';

const g = globalThis as { window?: any };

beforeEach(() => {
  g.window = {};
});

afterEach(() => {
  clearMocks();
  delete g.window;
});

test('pyInvoke (SDK and tauri-plugin-pytauri-api) reaches the handler with the name and decoded body', async () => {
  const calls: unknown[] = [];
  mockIPC((cmd, args, details) => {
    calls.push([cmd, args, details.via, details.headers.get('x-a'), details.headers.has('pyfunc')]);
    return cmd === 'greet' ? `Hello, ${args.name}!` : null;
  });
  assert.equal(await pyInvoke('greet', { name: 'Ada' }, { headers: { 'x-a': '1' } }), 'Hello, Ada!');
  assert.equal(await pluginPyInvoke('greet', { name: 'Bob' }), 'Hello, Bob!');
  await pyInvoke('nobody');
  assert.deepEqual(calls, [
    ['greet', { name: 'Ada' }, 'pyInvoke', '1', false],
    ['greet', { name: 'Bob' }, 'pyInvoke', null, false],
    ['nobody', undefined, 'pyInvoke', null, false],
  ]);
});

test('non-JSON bodies arrive as bytes; invoke passes args unchanged', async () => {
  const seen: unknown[] = [];
  mockIPC((cmd, args) => void seen.push([cmd, args]));
  await pyInvoke('raw', new Uint8Array([0xff, 0x00]));
  await tauriInvoke('add', { a: 1, b: 2 });
  assert.ok(seen[0] !== undefined && (seen[0] as unknown[])[1] instanceof Uint8Array);
  assert.deepEqual(seen[1], ['add', { a: 1, b: 2 }]);
});

test('a thrown string rejects like InvokeException', async () => {
  mockIPC(() => {
    throw 'nope';
  });
  await assert.rejects(pyInvoke('f'), (e) => e instanceof InvokeError && e.message === 'nope' && e.command === 'f');
  await assert.rejects(tauriInvoke('f'), (e) => e === 'nope');
});

test('timeout works against mocks too', async () => {
  mockIPC(() => new Promise(() => undefined));
  await assert.rejects(invoke('hang', {}, { timeout: 5 }), TimeoutError);
});

test('listen works and mockEvent delivers like a Python emit', async () => {
  mockIPC(() => undefined);
  const got: unknown[] = [];
  const unlisten = await listen<number>('progress', (e) => got.push(e.payload));
  await tauriListen<number>('progress', (e) => got.push(`tauri:${e.payload}`));
  createAuroraView().on('progress', (d) => got.push(`av:${d}`));
  mockEvent('progress', 1);
  unlisten();
  mockEvent('progress', 2);
  assert.deepEqual(got, [1, 'tauri:1', 'av:1', 'tauri:2', 'av:2']);
});

test('shouldMockEvents echoes emit into the page; the handler still sees it', async () => {
  const seen: string[] = [];
  mockIPC((cmd) => void seen.push(cmd), { shouldMockEvents: true });
  const got: unknown[] = [];
  await listen('saved', (e) => got.push(e.payload));
  await emit('saved', { id: 1 });
  assert.deepEqual(got, [{ id: 1 }]);
  assert.deepEqual(seen, ['plugin:event|emit']);
});

test('auroraview.call reaches the handler by method name', async () => {
  mockIPC((cmd, args, details) => {
    if (cmd === 'api.add') return (args as number[]).reduce((a, b) => a + b, 0);
    const error = new Error(`no method ${cmd} (${details.via})`);
    error.name = 'MethodNotFound';
    throw error;
  });
  const av = createAuroraView();
  assert.equal(await av.api['add']?.([1, 2, 3]), 6);
  assert.equal(await g.window.auroraview.call('api.add', [4]), 4);
  await assert.rejects(av.call('api.nope'), (e: Error) => e.name === 'MethodNotFound' && /auroraview/.test(e.message));
});

test('mockWindows sets the label; clearMocks restores what was there', async () => {
  const real = { invoke: () => Promise.resolve('real') };
  g.window.__TAURI_INTERNALS__ = real;
  mockIPC(() => 'mocked');
  mockWindows('settings');
  assert.equal(g.window.__TAURI_INTERNALS__.metadata.currentWindow.label, 'settings');
  assert.equal(await tauriInvoke('x'), 'mocked');
  clearMocks();
  assert.equal(g.window.__TAURI_INTERNALS__, real);
  assert.equal('auroraview' in g.window, false);
});
