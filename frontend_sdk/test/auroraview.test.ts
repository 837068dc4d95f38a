import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { listen } from '@tauri-apps/api/event';
import { createAuroraView, getAuroraView } from '../src/auroraview.js';
import { installBridge } from '../src/bridge.js';
import { TimeoutError } from '../src/errors.js';
import { FakeHost, ticketFor, tick } from './fakes.js';

const g = globalThis as { window?: unknown };

function openPage() {
  const host = new FakeHost(`http://127.0.0.1:8000/?__ptl_ticket=${ticketFor('main')}`);
  installBridge(host);
  g.window = host.global;
  host.socket.open();
  return { host, av: host.global.auroraview as PtlAuroraViewBridge };
}

afterEach(() => {
  delete g.window;
});

test('call sends an av record and resolves with the result event', async () => {
  const { host, av } = openPage();
  const p = av.call('api.rename', { old: 'a', new: 'b' });
  await tick(); // text records go out at the end of the task
  assert.deepEqual(host.socket.texts(), [
    { k: 'av', v: { type: 'call', id: 'av_call_1', method: 'api.rename', params: { old: 'a', new: 'b' } } },
  ]);
  host.socket.push([{ k: 'e', event: '__auroraview_call_result', v: { id: 'av_call_1', ok: true, result: { ok: 1 } } }]);
  assert.deepEqual(await p, { ok: 1 });
});

test('call without params leaves params out', async () => {
  const { host, av } = openPage();
  void av.call('api.ping');
  await tick();
  assert.deepEqual(host.socket.texts()[0], { k: 'av', v: { type: 'call', id: 'av_call_1', method: 'api.ping' } });
});

test('a failed call rejects with the Python name and message', async () => {
  const { host, av } = openPage();
  const p = av.call('api.div', [1, 0]);
  host.socket.push([
    {
      k: 'e',
      event: '__auroraview_call_result',
      v: { id: 'av_call_1', ok: false, error: { name: 'ZeroDivisionError', message: 'division by zero' } },
    },
  ]);
  await assert.rejects(p, (e: Error) => e instanceof Error && e.name === 'ZeroDivisionError' && e.message === 'division by zero');
});

test('timeout rejects with TimeoutError; late and unknown results are dropped', async () => {
  const { host, av } = openPage();
  const p = av.call('api.slow', null, { timeout: 10 });
  await assert.rejects(p, (e: Error) => e.name === 'TimeoutError');
  host.socket.push([
    { k: 'e', event: '__auroraview_call_result', v: { id: 'av_call_1', ok: true, result: 1 } },
    { k: 'e', event: '__auroraview_call_result', v: { id: 'av_call_99', ok: true, result: 1 } },
  ]);
  assert.deepEqual(host.errors, []);
});

test('auroraview.api.<name> calls api.<name>; the proxy is not thenable', async () => {
  const { host, av } = openPage();
  void av.api['get_data']?.({ x: 1 });
  await tick();
  assert.deepEqual(host.socket.texts()[0]?.v, { type: 'call', id: 'av_call_1', method: 'api.get_data', params: { x: 1 } });
  assert.equal((av.api as Record<string, unknown>)['then'], undefined);
  assert.equal(await Promise.resolve(av.api), av.api);
});

test('send_event, on/off/once and trigger; one bus with listen', async () => {
  const { host, av } = openPage();
  av.send_event('export', { path: '/tmp' });
  av.send_event('ping');
  await tick();
  assert.deepEqual(host.socket.texts(), [
    { k: 'av', v: { type: 'event', event: 'export', detail: { path: '/tmp' } } },
    { k: 'av', v: { type: 'event', event: 'ping' } },
  ]);
  assert.equal(host.socket.textFrames.length, 1, 'records of one task go out as one frame');
  const got: unknown[] = [];
  const h1 = (d: unknown) => got.push(['h1', d]);
  const unsubscribe = av.on('update', h1);
  av.on('update', (d) => got.push(['h2', d]));
  av.once('update', (d) => got.push(['once', d]));
  await listen('update', (e) => got.push(['listen', e.payload]));
  host.socket.push([{ k: 'e', event: 'update', v: { frame: 1 } }]);
  unsubscribe();
  av.trigger('update', { frame: 2 });
  av.off('update');
  host.socket.push([{ k: 'e', event: 'update', v: { frame: 3 } }]);
  assert.deepEqual(got, [
    ['listen', { frame: 1 }],
    ['h1', { frame: 1 }],
    ['h2', { frame: 1 }],
    ['once', { frame: 1 }],
    ['listen', { frame: 2 }],
    ['h2', { frame: 2 }],
    ['listen', { frame: 3 }],
  ]);
  assert.equal(host.socket.texts().length, 2, 'trigger never reaches Python');
});

test('createAuroraView: typed client over window.auroraview', async () => {
  const { host } = openPage();
  const av = createAuroraView();
  assert.equal(av.isReady(), true);
  assert.equal(await av.whenReady(), av);
  const p = av.call<number>('api.add', [1, 2], { timeout: 10 });
  await assert.rejects(p, (e) => e instanceof TimeoutError && e.command === 'api.add');
  const q = getAuroraView().api['add']?.([1, 2]);
  host.socket.push([{ k: 'e', event: '__auroraview_call_result', v: { id: 'av_call_2', ok: true, result: 3 } }]);
  assert.equal(await q, 3);
  const got: unknown[] = [];
  const off = av.on('x', (d) => got.push(d));
  av.emit('to-python', 1);
  host.socket.push([{ k: 'e', event: 'x', v: 'y' }]);
  off();
  assert.deepEqual(got, ['y']);
  await tick();
  assert.deepEqual(host.socket.texts().at(-1), { k: 'av', v: { type: 'event', event: 'to-python', detail: 1 } });
});

test('whenReady waits for hello', async () => {
  const host = new FakeHost(`http://127.0.0.1:8000/?__ptl_ticket=${ticketFor('main')}`);
  installBridge(host);
  g.window = host.global;
  let ready = false;
  void createAuroraView()
    .whenReady()
    .then(() => (ready = true));
  await tick();
  assert.equal(ready, false);
  host.socket.open();
  await tick();
  assert.equal(ready, true);
});
