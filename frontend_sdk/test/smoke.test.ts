import assert from 'node:assert/strict';
import { test } from 'node:test';
import { installBridge } from '../src/bridge.js';
import { FakeHost, ticketFor } from './fakes.js';

test('smoke: invoke round trip', async () => {
  const host = new FakeHost(`http://127.0.0.1:8000/?__ptl_ticket=${ticketFor('main')}`);
  installBridge(host);
  const p = host.global.__TAURI_INTERNALS__.invoke('greet', { name: 'Ada' });
  host.socket.open();
  const [frame] = host.socket.invokes();
  assert.deepEqual(frame?.header, { k: 'i', id: 1, c: 'greet', h: [] });
  assert.equal(frame?.body, '{"name":"Ada"}');
  host.socket.push([{ k: 'r', id: 1, ok: true, v: 'Hello Ada' }]);
  assert.equal(await p, 'Hello Ada');
});
