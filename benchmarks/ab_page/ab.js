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
  const ops = {
    noop: {
      ours: () => py("noop"),
      wire: () => wireCall("noop", none),
      floor: () => floorCall('{"op":"noop","id":1,"v":null}'),
    },
    echo_1KiB: {
      ours: () => py("echo", kib),
      wire: () => wireCall("echo", kib),
      floor: () => floorCall(kib),
    },
  };
  const out = {};
  for (let round = 0; round < rounds; round++) {
    for (const [op, sides] of Object.entries(ops)) {
      for (const side of ["ours", "wire", "floor"]) {
        const call = sides[side];
        for (let i = 0; i < n / 10; i++) await call(); // warm up
        const thread = side === "floor" ? "floor" : "ours";
        const cpu = (await py("ab_cpu"))[thread];
        const t = performance.now();
        for (let i = 0; i < n; i++) await call();
        const elapsed = performance.now() - t;
        const used = (await py("ab_cpu"))[thread] - cpu;
        const record = (out[op] ??= { ours: [], wire: [], floor: [], cpu: { ours: [], wire: [], floor: [] } });
        record[side].push((elapsed / n) * 1000);
        record.cpu[side].push((used / n) * 1e6);
      }
    }
  }
  await py("ab_report", { results: out, user_agent: navigator.userAgent });
})().catch((error) => window.__TAURI__.pytauri.pyInvoke("ab_report", { error: String(error) }));
