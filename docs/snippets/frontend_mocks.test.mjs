// A frontend unit test with no Python: `node --test frontend_mocks.test.mjs`.
// In a browser test runner (Vitest with jsdom, say) `window` already exists.
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { InvokeError, listen, pyInvoke } from "pytauri-like-api";
import { clearMocks, mockEvent, mockIPC } from "pytauri-like-api/mocks";

beforeEach(() => {
  globalThis.window = {};
});

afterEach(() => {
  clearMocks();
  delete globalThis.window;
});

// --8<-- [start:mocks]
test("greet answers from the mock", async () => {
  mockIPC((cmd, args) => {
    if (cmd === "greet") return { message: `Hello, ${args.name}!`, letters: args.name.length };
    throw `no python handler \`${cmd}\` found`; // a thrown string rejects, as in Python
  });
  assert.deepEqual(await pyInvoke("greet", { name: "Ada" }), { message: "Hello, Ada!", letters: 3 });
  await assert.rejects(pyInvoke("nope"), InvokeError);
});

test("a component reacts to an event from Python", async () => {
  mockIPC(() => null);
  const seen = [];
  await listen("file-saved", (event) => seen.push(event.payload.path));
  mockEvent("file-saved", { path: "notes.txt", size: 12 });
  assert.deepEqual(seen, ["notes.txt"]);
});
// --8<-- [end:mocks]
