import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  base64UrlDecode,
  decodeFrame,
  encodeFrame,
  fromUtf8,
  headerPairs,
  headerValue,
  toIpcJson,
  utf8,
} from '../src/wire.js';

test('a binary frame round-trips header and body', () => {
  const body = new Uint8Array([0, 1, 2, 255]);
  const frame = encodeFrame({ k: 'i', id: 7, c: 'écho', h: [['a', 'b']] }, body);
  const view = new DataView(frame.buffer);
  const headLen = view.getUint32(0, true);
  assert.equal(fromUtf8(frame.subarray(4, 4 + headLen)), '{"k":"i","id":7,"c":"écho","h":[["a","b"]]}');
  const { header, payload } = decodeFrame(frame.buffer);
  assert.deepEqual(header, { k: 'i', id: 7, c: 'écho', h: [['a', 'b']] });
  assert.deepEqual([...new Uint8Array(payload)], [0, 1, 2, 255]);
});

test('encodeFrame and utf8 agree with TextEncoder for short, long and non-ASCII text', () => {
  const encoder = new TextEncoder();
  for (const command of ['noop', 'x'.repeat(300), 'y'.repeat(70000), 'naïve', 'lone \ud800', '😀'.repeat(200)]) {
    const header = { k: 'i', id: 1, c: command, h: [] };
    const frame = encodeFrame(header, new Uint8Array([9]));
    const head = encoder.encode(JSON.stringify(header));
    assert.equal(new DataView(frame.buffer).getUint32(0, true), head.byteLength, command.slice(0, 10));
    assert.deepEqual(frame.subarray(4, 4 + head.byteLength), head);
    assert.deepEqual([...frame.subarray(4 + head.byteLength)], [9]);
    assert.deepEqual(utf8(command), encoder.encode(command));
    const decoded = decodeFrame(frame.buffer);
    assert.deepEqual(decoded.header, header, command.slice(0, 10));
    assert.deepEqual([...new Uint8Array(decoded.payload)], [9]);
  }
});

test('decodeFrame rejects truncated frames', () => {
  assert.throws(() => decodeFrame(new ArrayBuffer(2)));
  const bad = new Uint8Array(8);
  new DataView(bad.buffer).setUint32(0, 100, true);
  assert.throws(() => decodeFrame(bad.buffer));
});

test('headerPairs accepts Headers, pairs and records, and drops one name', () => {
  assert.deepEqual(headerPairs(new Headers({ PyFunc: 'greet', 'X-A': '1' }), 'pyfunc'), [['x-a', '1']]);
  assert.deepEqual(headerPairs([['x-b', '2'], ['pyfunc', 'f']], 'pyfunc'), [['x-b', '2']]);
  assert.deepEqual(headerPairs({ 'x-c': 3 }), [['x-c', '3']]);
  assert.deepEqual(headerPairs(undefined), []);
  assert.equal(headerValue(new Headers({ pyfunc: 'greet' }), 'PYFUNC'), 'greet');
});

test('toIpcJson honours toJSON and the Tauri IPC serialisation key', () => {
  class UserId {
    constructor(readonly id: string) {}
    __TAURI_TO_IPC_KEY__() {
      return { String: this.id };
    }
  }
  const channel = { toJSON: () => '__CHANNEL__:3' };
  assert.equal(toIpcJson({ user: new UserId('x'), onEvent: channel }), '{"user":{"String":"x"},"onEvent":"__CHANNEL__:3"}');
  assert.equal(toIpcJson(new UserId('top')), '{"String":"top"}');
  assert.equal(toIpcJson(undefined), 'null');
});

test('base64url decoding handles missing padding and URL alphabet', () => {
  const text = 'fenêtre-été?';
  const encoded = Buffer.from(text).toString('base64url');
  assert.equal(fromUtf8(base64UrlDecode(encoded, atob)), text);
  assert.deepEqual([...utf8('é')], [0xc3, 0xa9]);
});
