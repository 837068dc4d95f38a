// Ours and the floor from one page, in one engine process, block by block: whatever mode
// the machine is in, both are measured in it (see benchmarks/ab.py).
(async () => {
  const py = window.__TAURI__.pytauri.pyInvoke;
  const { port, n, rounds } = await py("ab_config");
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
  ws.binaryType = "arraybuffer";
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error("the floor's WebSocket did not open"));
  });
  let settle = null;
  ws.onmessage = ({ data }) => settle(data);
  const floorCall = (payload) => new Promise((resolve) => { settle = resolve; ws.send(payload); });
  // "wire": a second socket to the app speaking its wire protocol with no bridge at all
  // (docs/internals/protocol.md): ours minus the bridge's JavaScript.
  const ticket = sessionStorage.getItem("__pytauri_like_ticket");
  const wire = new WebSocket(`ws://${location.host}/__pytauri_like__/ws?ticket=${encodeURIComponent(ticket)}`);
  wire.binaryType = "arraybuffer";
  let hello = null;
  await new Promise((resolve) => { hello = resolve; wire.onmessage = () => hello(); });
  let wireSettle = null;
  wire.onmessage = ({ data }) => wireSettle(data);
  let wireId = 0;
  const encoder = new TextEncoder();
  const wireCall = (command, body) => new Promise((resolve) => {
    wireSettle = resolve;
    wireId += 1;
    const head = encoder.encode(`{"k":"i","id":${wireId},"c":"${command}","h":[]}`);
    const frame = new Uint8Array(4 + head.length + body.length);
    new DataView(frame.buffer).setUint32(0, head.length, true);
    frame.set(head, 4);
    frame.set(body, 4 + head.length);
    wire.send(frame);
  });
  const kib = new Uint8Array(1024).fill(7);
  const none = new Uint8Array(0);
  const person = { name: "Ada", age: 36 };
  const personJson = JSON.stringify(person);
  const personBytes = encoder.encode(personJson);
  // A result record, alone or in a batch of one (the app batches what one loop step sends).
  const parseResult = (text) => {
    const record = JSON.parse(text);
    return (Array.isArray(record) ? record[0] : record).v;
  };
  const ops = {
    noop: {
      ours: () => py("noop"),
      wire: () => wireCall("noop", none),
      floor: () => floorCall('{"op":"noop","id":1,"v":null}'),
    },
    model: {
      ours: () => py("greet", person),
      // The bridge's own work, less its promise and framing: the page still parses the reply.
      wire: () => wireCall("greet", personBytes).then(parseResult),
      floor: () => floorCall(`{"op":"greet","id":1,"v":${personJson}}`).then(parseResult),
      check: (r) => r?.message === "Hello, Ada!" && r?.next_age === 37,
    },
    echo_1KiB: {
      ours: () => py("echo", kib),
      wire: () => wireCall("echo", kib),
      floor: () => floorCall(kib),
    },
  };
  // The smallest step performance.now() takes: 5-20 µs when the page is cross-origin
  // isolated (ab.py sends the headers), 100 µs-1 ms otherwise.
  const clockResolution = () => {
    let smallest = Infinity;
    let last = performance.now();
    const deadline = last + 50;
    for (let t = last; t <= deadline; t = performance.now()) {
      if (t !== last) {
        smallest = Math.min(smallest, t - last);
        last = t;
      }
    }
    return smallest;
  };
  // Every side of a checked call answers what the command returns, before any timing.
  for (const [op, { check, ...sides }] of Object.entries(ops)) {
    for (const [side, call] of Object.entries(sides)) {
      if (check && !check(await call())) throw new Error(`${op}: ${side} answered wrongly`);
    }
  }
  const out = {};
  // Every call's latency, by op and side: percentiles per round and over all rounds.
  const latencies = {};
  // Nearest rank, as benchmarks/page/bench.js takes it, so the two pages' p99s compare.
  const percentile = (sorted, q) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  const tails = (values) => {
    const sorted = Float64Array.from(values).sort();
    return { p50: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), p99: percentile(sorted, 0.99) };
  };
  for (let round = 0; round < rounds; round++) {
    for (const [op, sides] of Object.entries(ops)) {
      for (const side of ["ours", "wire", "floor"]) {
        const call = sides[side];
        for (let i = 0; i < n / 10; i++) await call(); // warm up
        const thread = side === "floor" ? "floor" : "ours";
        const cpu = (await py("ab_cpu"))[thread];
        const each = new Float64Array(n);
        const t = performance.now();
        for (let i = 0; i < n; i++) {
          const start = performance.now();
          await call();
          each[i] = performance.now() - start;
        }
        const elapsed = performance.now() - t;
        const used = (await py("ab_cpu"))[thread] - cpu;
        const record = (out[op] ??= { ours: [], wire: [], floor: [], cpu: { ours: [], wire: [], floor: [] } });
        record[side].push((elapsed / n) * 1000);
        record.cpu[side].push((used / n) * 1e6);
        (record.tails ??= { ours: [], wire: [], floor: [] })[side].push(tails(each));
        ((latencies[op] ??= {})[side] ??= []).push(...each);
      }
    }
  }
  for (const [op, sides] of Object.entries(latencies)) {
    out[op].pooled = Object.fromEntries(Object.entries(sides).map(([side, all]) => [side, tails(all)]));
  }
  await py("ab_report", {
    results: out,
    user_agent: navigator.userAgent,
    clock_us: clockResolution() * 1000,
  });
})().catch((error) => window.__TAURI__.pytauri.pyInvoke("ab_report", { error: String(error) }));
