// The page side of every benchmark: ONE file for every target.
//
// The loops at the bottom only talk to an *adapter*; four small adapters hide the transports:
//   ours      — pytauri_like's injected window.__TAURI__ (pyInvoke, Channel, listen/emit)
//   pytauri   — the real pytauri 0.8 on Tauri 2.8 (window.__TAURI__ with withGlobalTauri)
//   pywebview — raw pywebview js_api (window.pywebview.api); Python → JS through run_js
//   floor     — a bare WebSocket + fetch to a bare aiohttp server (no framework on top)
//
// The page asks its backend for the configuration (which steps, how many calls), runs every
// step, reports progress after each one and posts all results at the end; the backend prints
// them as JSON on stdout and exits. Nothing here depends on the engine.
(() => {
  "use strict";

  const now = () => performance.now();
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const asU8 = (x) => (x instanceof Uint8Array ? x : new Uint8Array(x));
  // WebKit's `stack` leaves the message out: keep both.
  const describe = (error) => {
    const text = String(error);
    const stack = error?.stack;
    return stack && !stack.includes(text) ? `${text}\n${stack}` : (stack ?? text);
  };
  // The floor sends bodies above this over HTTP, as pytauri_like's bridge does.
  const LARGE = 256 * 1024;

  // ------------------------------------------------------------------------ bytes helpers

  const pattern = (size) => {
    const b = new Uint8Array(size);
    for (let i = 0; i < size; i++) b[i] = (i * 7 + 3) & 0xff;
    return b;
  };
  const samePattern = (got, size) => {
    const b = asU8(got);
    if (b.length !== size) return false;
    for (let i = 0; i < size; i++) if (b[i] !== ((i * 7 + 3) & 0xff)) return false;
    return true;
  };
  // A streamed bytes message: `size` bytes whose first four are its index (u32 LE).
  const messageIndex = (m) => {
    const b = asU8(m);
    return b.length >= 4 ? new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true) : -1;
  };

  const toBase64 = (u8) => {
    if (typeof u8.toBase64 === "function") return u8.toBase64();
    let s = "";
    for (let i = 0; i < u8.length; i += 0x8000) {
      s += String.fromCharCode.apply(null, u8.subarray(i, i + 0x8000));
    }
    return btoa(s);
  };
  const fromBase64 = (text) => {
    if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
    const bin = atob(text);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  };

  // --------------------------------------------------------------------------- adapters
  //
  // Every adapter has the same methods, all returning promises:
  //   ready() · config() · noop() · greet(person) · echo(u8) → bytes
  //   streamJson(count, onMessage) / streamBytes(count, size, onMessage): resolve once the
  //     backend has sent everything (messages may still be arriving)
  //   listen(event, handler(payload)) · askEmit(event, count): the backend emits `count`
  //     events {i} · emit(event, payload): fire and forget · jsEventsSeen(run, count) →
  //     {count, in_order} once the backend saw `count` events of run `run` (or gave up)
  //   progress(info) · report(results)

  function oursAdapter() {
    const tauri = window.__TAURI__;
    const py = tauri.pytauri.pyInvoke;
    return {
      transport: "pytauri_like bridge (WebSocket + HTTP for large bodies)",
      ready: async () => {},
      config: () => py("bench_config"),
      noop: () => py("noop"),
      greet: (person) => py("greet", person),
      echo: (bytes) => py("echo", bytes),
      streamJson(count, onMessage) {
        return py("stream_json", { channel: new tauri.core.Channel(onMessage), count });
      },
      streamBytes(count, size, onMessage) {
        return py("stream_bytes", { channel: new tauri.core.Channel(onMessage), count, size });
      },
      listen: (event, handler) => tauri.event.listen(event, (e) => handler(e.payload)),
      askEmit: (event, count) => py("emit_events", { event, count }),
      emit: (event, payload) => tauri.event.emit(event, payload),
      jsEventsSeen: (run, count) => py("js_events_seen", { run, count }),
      progress: (info) => py("progress", info),
      report: (results) => py("report", results),
    };
  }

  function pytauriAdapter() {
    // pytauri 0.8's pyInvoke JSON-encodes a non-bytes body and passes bytes as they are; the
    // reply is what Tauri delivers: a command's JSON (str) parsed, its bytes an ArrayBuffer
    // (later versions split this into pyInvoke/rawPyInvoke). A str sent on a Channel arrives
    // parsed too, bytes as an ArrayBuffer; `asJson` copes with JSON that arrives as bytes.
    const tauri = window.__TAURI__;
    const { pyInvoke } = tauri.pytauri;
    const rawPyInvoke = tauri.pytauri.rawPyInvoke ?? pyInvoke;
    const decoder = new TextDecoder();
    const asJson = (m) =>
      m instanceof ArrayBuffer || ArrayBuffer.isView(m) ? JSON.parse(decoder.decode(m)) : m;
    return {
      transport: "pytauri 0.8 pyInvoke over Tauri 2.8 IPC (custom protocol)",
      ready: async () => {},
      config: () => pyInvoke("bench_config"),
      noop: () => pyInvoke("noop"),
      greet: (person) => pyInvoke("greet", person),
      echo: (bytes) => rawPyInvoke("echo", bytes),
      streamJson(count, onMessage) {
        const channel = new tauri.core.Channel((m) => onMessage(asJson(m)));
        return pyInvoke("stream_json", { channel, count });
      },
      streamBytes(count, size, onMessage) {
        return pyInvoke("stream_bytes", { channel: new tauri.core.Channel(onMessage), count, size });
      },
      listen: (event, handler) => tauri.event.listen(event, (e) => handler(e.payload)),
      askEmit: (event, count) => pyInvoke("emit_events", { event, count }),
      emit: (event, payload) => tauri.event.emit(event, payload),
      jsEventsSeen: (run, count) => pyInvoke("js_events_seen", { run, count }),
      progress: (info) => pyInvoke("progress", info),
      report: (results) => pyInvoke("report", results),
    };
  }

  function pywebviewAdapter() {
    // Python → JS goes through window.run_js("window.__benchPush(...)"), the only push path
    // pywebview has; bytes travel as base64 text both ways (js_api speaks JSON only).
    let sink = null;
    const handlers = new Map();
    window.__benchPush = (value) => sink(value);
    window.__benchEvent = (event, payload) => handlers.get(event)?.(payload);
    const api = () => window.pywebview.api;
    return {
      transport: "pywebview js_api + run_js",
      ready: () =>
        new Promise((resolve) => {
          if (window.pywebview?.api?.config) resolve();
          else window.addEventListener("pywebviewready", () => resolve(), { once: true });
        }),
      config: () => api().config(),
      noop: () => api().noop(),
      greet: (person) => api().greet(person),
      echo: async (bytes) => fromBase64(await api().echo(toBase64(bytes))),
      streamJson(count, onMessage) {
        sink = onMessage;
        return api().stream_json(count);
      },
      streamBytes(count, size, onMessage) {
        sink = (text) => onMessage(fromBase64(text));
        return api().stream_bytes(count, size);
      },
      listen: async (event, handler) => {
        handlers.set(event, handler);
      },
      askEmit: (event, count) => api().emit_events(event, count),
      emit: (event, payload) => api().event(event, payload),
      jsEventsSeen: (run, count) => api().js_events_seen(run, count),
      progress: (info) => api().progress(info),
      report: (results) => api().report(results),
    };
  }

  function floorAdapter() {
    // Wire: text {"id","op","v"} → {"id","v"}; binary [u32 id][bytes] is echoed back as is;
    // pushed text {"s":V} (stream) / {"e":E,"v":V} (event); pushed binary [u32 0][bytes].
    const socket = new WebSocket(`ws://${location.host}/ws`);
    socket.binaryType = "arraybuffer";
    const pending = new Map();
    const handlers = new Map();
    let nextId = 0;
    let sink = null;
    socket.onmessage = ({ data }) => {
      if (typeof data !== "string") {
        const id = new DataView(data, 0, 4).getUint32(0, true);
        const body = new Uint8Array(data, 4);
        if (id === 0) sink(body);
        else settle(id, body);
        return;
      }
      const record = JSON.parse(data);
      if (record.id !== undefined) settle(record.id, record.v);
      else if (record.e !== undefined) handlers.get(record.e)?.(record.v);
      else sink(record.s);
    };
    const settle = (id, value) => {
      const resolve = pending.get(id);
      pending.delete(id);
      resolve(value);
    };
    const call = (op, v = null) =>
      new Promise((resolve) => {
        nextId += 1;
        pending.set(nextId, resolve);
        socket.send(JSON.stringify({ id: nextId, op, v }));
      });
    const post = (path, value) =>
      fetch(path, { method: "POST", body: JSON.stringify(value) }).then((r) => r.json());
    return {
      transport: "bare WebSocket + fetch to a bare aiohttp server",
      ready: () =>
        new Promise((resolve, reject) => {
          socket.onopen = () => resolve();
          socket.onerror = () => reject(new Error("floor: the WebSocket did not open"));
        }),
      config: () => fetch("/config").then((r) => r.json()),
      noop: () => call("noop"),
      greet: (person) => call("greet", person),
      async echo(bytes) {
        if (bytes.byteLength > LARGE) {
          const response = await fetch("/echo", { method: "POST", body: new Blob([bytes]) });
          return response.arrayBuffer();
        }
        return new Promise((resolve) => {
          nextId += 1;
          pending.set(nextId, resolve);
          const frame = new Uint8Array(4 + bytes.byteLength);
          new DataView(frame.buffer).setUint32(0, nextId, true);
          frame.set(bytes, 4);
          socket.send(frame);
        });
      },
      streamJson(count, onMessage) {
        sink = onMessage;
        return call("stream_json", { count });
      },
      async streamBytes(count, size, onMessage) {
        if (size <= LARGE) {
          sink = onMessage;
          return call("stream_bytes", { count, size });
        }
        // Large messages: plain downloads, all requested at once, delivered in order.
        const downloads = [];
        for (let i = 0; i < count; i++) {
          downloads.push(fetch(`/bytes?i=${i}&size=${size}`).then((r) => r.arrayBuffer()));
        }
        for (const download of downloads) onMessage(await download);
        return count;
      },
      listen: async (event, handler) => {
        handlers.set(event, handler);
      },
      askEmit: (event, count) => call("emit_events", { event, count }),
      emit: (event, payload) => socket.send(JSON.stringify({ ev: event, v: payload })),
      jsEventsSeen: (run, count) => call("js_events_seen", { run, count }),
      progress: (info) => post("/progress", info),
      report: (results) => post("/report", results),
    };
  }

  // ------------------------------------------------------------------------ measurement

  const percentile = (sorted, p) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  const median = (values) => {
    const s = [...values].sort((a, b) => a - b);
    const mid = s.length >> 1;
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  };

  /** The smallest step performance.now() takes (its resolution), from many samples. */
  function clockResolution() {
    let smallest = Infinity;
    let last = now();
    const deadline = last + 50;
    while (true) {
      const t = now();
      if (t !== last) {
        smallest = Math.min(smallest, t - last);
        last = t;
      }
      if (t > deadline) break;
    }
    return smallest;
  }

  /** Resolves when `isDone()` — checked by `poke()` on every message — or after `idleMs`
   *  with no new message (so a lost message ends the run with `complete: false`). */
  function completion(isDone, progressOf, idleMs = 3000) {
    let resolveDone;
    const done = new Promise((resolve) => {
      resolveDone = resolve;
    });
    let seen = -1;
    const watchdog = setInterval(() => {
      const p = progressOf();
      if (p === seen) resolveDone();
      seen = p;
    }, idleMs);
    return {
      poke: () => {
        if (isDone()) resolveDone();
      },
      wait: async () => {
        if (isDone()) resolveDone();
        await done;
        clearInterval(watchdog);
      },
    };
  }

  async function invokeStep(call, check, step) {
    const latencies = new Float64Array(step.n);
    const first = await call();
    if (!check(first)) throw new Error(`unexpected result ${JSON.stringify(first)}`);
    const t0 = now();
    for (let i = 0; i < step.n; i++) {
      const start = now();
      await call();
      latencies[i] = now() - start;
    }
    const seqMs = now() - t0;
    const sorted = Array.from(latencies).sort((a, b) => a - b);

    let issued = 0;
    const worker = async () => {
      while (issued < step.concurrent_n) {
        issued += 1;
        await call();
      }
    };
    const t1 = now();
    await Promise.all(Array.from({ length: step.inflight }, worker));
    const concurrentMs = now() - t1;
    return {
      seq_calls_per_s: (step.n / seqMs) * 1000,
      mean_ms: seqMs / step.n, // finer than the percentiles: no clock tick per call
      p50_ms: percentile(sorted, 0.5),
      p90_ms: percentile(sorted, 0.9),
      p99_ms: percentile(sorted, 0.99),
      inflight_calls_per_s: (step.concurrent_n / concurrentMs) * 1000,
    };
  }

  // Clocks coarser than this (WebKitGTK's 1 ms) cannot time one small echo: a 1 KiB round
  // trip reads 0 ms. Then `ms` is the mean over the back-to-back repetitions instead.
  const FINE_CLOCK_MS = 0.1;
  let clockMs = 0;

  async function echoStep(adapter, step) {
    const payload = pattern(step.size);
    const times = [];
    let correct = samePattern(await adapter.echo(payload), step.size);
    const t0 = now();
    for (let i = 0; i < step.reps; i++) {
      const start = now();
      const back = await adapter.echo(payload);
      times.push(now() - start);
      correct = correct && asU8(back).length === step.size;
    }
    const meanMs = (now() - t0) / step.reps;
    const ms = clockMs > FINE_CLOCK_MS ? meanMs : median(times);
    return {
      ms,
      p50_ms: median(times),
      mean_ms: meanMs,
      MB_per_s: step.size / 1e6 / (ms / 1000),
      correct,
    };
  }

  async function streamStep(adapter, step) {
    const bytes = step.kind === "channel_bytes";
    let received = 0;
    let inOrder = true;
    let payloadBytes = 0;
    const waiter = completion(
      () => received >= step.count,
      () => received,
    );
    const onMessage = bytes
      ? (m) => {
          if (messageIndex(m) !== received || asU8(m).length !== step.size) inOrder = false;
          payloadBytes += asU8(m).length;
          received += 1;
          waiter.poke();
        }
      : (m) => {
          if (m.i !== received) inOrder = false;
          received += 1;
          waiter.poke();
        };
    const start = now();
    const sent = bytes
      ? await adapter.streamBytes(step.count, step.size, onMessage)
      : await adapter.streamJson(step.count, onMessage);
    await waiter.wait();
    const ms = now() - start;
    if (!bytes) {
      // What the messages weigh as JSON text ({"i":N}), counted after the clock stopped.
      for (let i = 0; i < received; i++) payloadBytes += `{"i":${i}}`.length;
    }
    return {
      msgs_per_s: (received / ms) * 1000,
      MB_per_s: payloadBytes / 1e6 / (ms / 1000),
      ms,
      complete: received === step.count && sent === step.count,
      in_order: inOrder,
    };
  }

  const pyToJs = { handler: null };

  async function pyToJsStep(adapter, step) {
    let received = 0;
    let inOrder = true;
    const waiter = completion(
      () => received >= step.count,
      () => received,
    );
    pyToJs.handler = (payload) => {
      if (payload.i !== received) inOrder = false;
      received += 1;
      waiter.poke();
    };
    const start = now();
    await adapter.askEmit("bench-py", step.count);
    await waiter.wait();
    const ms = now() - start;
    return {
      events_per_s: (received / ms) * 1000,
      ms,
      complete: received === step.count,
      in_order: inOrder,
    };
  }

  let jsRun = 0;

  async function jsToPyStep(adapter, step) {
    jsRun += 1;
    const run = jsRun;
    const start = now();
    for (let i = 0; i < step.count; i++) adapter.emit("bench-js", { run, i });
    const seen = await adapter.jsEventsSeen(run, step.count);
    const ms = now() - start;
    return {
      events_per_s: (seen.count / ms) * 1000,
      ms,
      complete: seen.count === step.count,
      in_order: seen.in_order,
    };
  }

  function runner(adapter) {
    const person = { name: "Ada", age: 36 };
    return {
      invoke_noop: (step) => invokeStep(() => adapter.noop(), (r) => r === null, step),
      invoke_model: (step) =>
        invokeStep(
          () => adapter.greet(person),
          (r) => r?.message === "Hello, Ada!" && r?.next_age === 37,
          step,
        ),
      echo: (step) => echoStep(adapter, step),
      channel_json: (step) => streamStep(adapter, step),
      channel_bytes: (step) => streamStep(adapter, step),
      events_py_to_js: (step) => pyToJsStep(adapter, step),
      events_js_to_py: (step) => jsToPyStep(adapter, step),
    };
  }

  /** Medians of every number over the repeats; booleans must hold in every repeat. */
  function summarise(runs) {
    const out = {};
    for (const key of Object.keys(runs[0])) {
      const values = runs.map((r) => r[key]);
      out[key] = typeof values[0] === "boolean" ? values.every(Boolean) : median(values);
    }
    return out;
  }

  async function runAll(adapter, config) {
    const steps = runner(adapter);
    await adapter.listen("bench-py", (payload) => pyToJs.handler?.(payload));
    const results = {};
    for (const step of config.steps) {
      const started = now();
      try {
        const runs = [];
        for (let i = 0; i < config.warmup + config.repeats; i++) {
          const run = await steps[step.kind](step);
          if (i >= config.warmup) runs.push(run);
          await sleep(20); // let the engine collect garbage between runs
        }
        results[step.name] = { ...summarise(runs), runs };
      } catch (error) {
        results[step.name] = { error: describe(error) };
      }
      await adapter.progress({ step: step.name, seconds: (now() - started) / 1000 });
    }
    return results;
  }

  async function main() {
    const target = new URLSearchParams(location.search).get("target") ??
      (window.__TAURI__ ? "ours" : "pywebview");
    const make = {
      ours: oursAdapter,
      pytauri: pytauriAdapter,
      pywebview: pywebviewAdapter,
      floor: floorAdapter,
    }[target];
    const adapter = make();
    await adapter.ready();
    const config = await adapter.config();
    clockMs = clockResolution();
    const out = document.getElementById("out");
    const report = {
      target,
      transport: adapter.transport,
      user_agent: navigator.userAgent,
      clock: {
        resolution_ms: clockMs,
        cross_origin_isolated: Boolean(window.crossOriginIsolated),
      },
    };
    try {
      report.results = await runAll(adapter, config);
    } catch (error) {
      report.error = describe(error);
    }
    if (out) out.textContent = JSON.stringify(report, null, 2);
    await adapter.report(report);
  }

  const start = () => {
    main().catch((error) => console.error("benchmark page failed:", error));
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
