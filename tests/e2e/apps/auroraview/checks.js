// Test glue around the seed's snippets: each step returns plain data for the Python test.
// In the native window (autorun) the page runs every step and reports with `test.report`.
(() => {
  const av = window.auroraview;
  const settle = async (promise) => {
    try {
      return { ok: true, value: await promise };
    } catch (e) {
      return { ok: false, name: e && e.name, message: e && e.message, isError: e instanceof Error };
    }
  };
  const until = async (what, predicate, timeoutMs = 30000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await predicate();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const received = (event) => av.call('test.received', [event]);
  const lateResults = [];
  av.on('__auroraview_call_result', (d) => {
    if (d && d.result === 'late-marker') lateResults.push(d.id);
  });

  const steps = {
    async pythonEmits() {
      await av.call('test.emit_seed');
      return { logs: window.__logs.slice(), highlighted: window.__highlighted.slice() };
    },
    async sendEvent() {
      seed.sendEvent();
      return await until('export_scene handled', async () => {
        const got = await received('export_scene');
        return got.length > 0 ? got : null;
      });
    },
    async rpc() {
      return await seed.rpc();
    },
    async apiObject() {
      return await seed.apiObject();
    },
    async commonMistakes() {
      const data = { key: 'value', n: 1 };
      seed.commonMistakes(data);
      const result = await seed.correctUsage(data);
      const got = await until('my_event handled', async () => {
        const r = await received('my_event');
        return r.length > 0 ? r : null;
      });
      // One more round trip: anything the page sent before is handled by now.
      const after = await received('my_event');
      return {
        result,
        received: after,
        receivedFirst: got,
        local: window.__localMyEvent.slice(),
        dom: window.__domMyEvent.slice(),
      };
    },
    async quickReference() {
      const before = window.__logs.length;
      seed.listenForEvent();
      seed.dispatchEvent();
      await av.call('test.emit_quick');
      const got = await until('event_name handled', async () => {
        const r = await received('event_name');
        return r.length > 0 ? r : null;
      });
      return { logs: window.__logs.slice(before), received: got };
    },
    async errors() {
      return {
        raised: await settle(av.call('api.fail', { reason: 'bad input' })),
        unknown: await settle(av.call('api.no_such_method', { a: 1 })),
        wrongArgs: await settle(av.call('api.rename_object', { old_name: 'cube1' })),
        tooMany: await settle(av.call('api.rename_object', ['a', 'b', 'c'])),
        forbidden: await settle(av.call('api.forbidden')),
        api: await settle(av.api.no_such_method()),
      };
    },
    async timeout() {
      const timedOut = await settle(av.call('test.slow', { ms: 1500 }, { timeout: 100 }));
      await until('slow call finished in Python', () => av.call('test.slow_done'));
      const next = await av.call('api.get_hierarchy');
      return { timedOut, lateResults: lateResults.slice(), next };
    },
    async manyInFlight(count = 1000) {
      const calls = [];
      for (let i = 0; i < count; i++) calls.push(av.call('test.square', [i]));
      const results = await Promise.all(calls);
      const peak = await av.call('test.peak');
      return { count: results.length, correct: results.every((v, i) => v === i * i), peak };
    },
    async onOff() {
      const log = [];
      const h1 = (d) => log.push(['h1', d]);
      const h2 = (d) => log.push(['h2', d]);
      const emit = (value) => av.call('test.emit', ['on_off', value]);
      const unsubscribe = av.on('on_off', h1);
      av.on('on_off', h2);
      await emit(1);
      unsubscribe();
      await emit(2);
      av.off('on_off', h2);
      await emit(3);
      av.on('on_off', h1);
      av.on('on_off', h2);
      av.off('on_off');
      await emit(4);
      return { log, unsubscribeType: typeof unsubscribe };
    },
    async payloads() {
      const got = [];
      const off = av.on('payload', (d) => got.push(d));
      for (const value of [{ frame: 1 }, [1, 2], 'text', 7, null, true]) {
        await av.call('test.emit', ['payload', value]);
      }
      off();
      return got;
    },
    async trigger() {
      const got = [];
      const off = av.on('local_only', (d) => got.push(d));
      av.trigger('local_only', { x: 1 });
      off();
      const reachedPython = await received('local_only');
      return { got, reachedPython };
    },
  };

  window.checks = { steps, lateResults };

  window.checks.runAll = async () => {
    const results = {};
    for (const [name, step] of Object.entries(steps)) {
      try {
        results[name] = { ok: true, value: await step() };
      } catch (e) {
        results[name] = { ok: false, error: String(e && e.stack ? e.stack : e) };
      }
    }
    return results;
  };

  if (window.__autorun) {
    window.checks.runAll().then((results) => av.call('test.report', [results]));
  }
})();
