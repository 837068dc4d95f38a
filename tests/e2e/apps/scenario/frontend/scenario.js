// The end-to-end scenario, written against the REAL npm packages (window.tauriApi is
// @tauri-apps/api + tauri-plugin-pytauri-api bundled by esbuild). Each step returns plain
// data so the Python test can assert on it; runAll() runs every step (native window).
(() => {
  const api = () => window.tauriApi;
  const errText = (e) => (typeof e === "string" ? e : String(e && e.message ? e.message : e));
  const settle = async (p) => {
    try {
      return { ok: true, value: await p };
    } catch (e) {
      return { ok: false, error: errText(e) };
    }
  };
  const bytesOf = (n) => {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = (i * 7 + 3) % 256;
    return b;
  };
  const sameBytes = (buf, n) => {
    const a = new Uint8Array(buf);
    if (a.length !== n) return false;
    for (let i = 0; i < n; i++) if (a[i] !== (i * 7 + 3) % 256) return false;
    return true;
  };

  const steps = {
    async json() {
      const viaPy = await api().pyInvoke("greet", { name: "Ada", age: 36 });
      const viaInvoke = await api().invoke("greet", { name: "Bo", age: 1 });
      return { viaPy, viaInvoke };
    },
    async bytes(sizes = [0, 1, 1024, 300 * 1024, 10 * 1024 * 1024]) {
      const out = [];
      for (const n of sizes) {
        const back = await api().pyInvoke("echo_bytes", bytesOf(n));
        out.push({ n, isArrayBuffer: back instanceof ArrayBuffer, same: sameBytes(back, n) });
      }
      const viaBuffer = await api().pyInvoke("byte_len", bytesOf(5000).buffer);
      const made = await api().pyInvoke("make_bytes", 4096);
      const madeOk = new Uint8Array(made).every((v, i) => v === i % 251);
      const schemePosts = await api().pyInvoke("scheme_posts");
      // A large call aborted while its body is on its way: it rejects, the app lives on.
      const cut = new AbortController();
      const cutCall = settle(api().pyInvoke("echo_bytes", bytesOf(300 * 1024), { signal: cut.signal }));
      await new Promise((r) => setTimeout(r, 0));
      cut.abort();
      const aborted = await cutCall;
      const afterAbort = sameBytes(await api().pyInvoke("echo_bytes", bytesOf(300 * 1024)), 300 * 1024);
      return {
        out, viaBuffer, madeLength: made.byteLength, madeOk, schemePosts, agent: navigator.userAgent,
        aborted, afterAbort,
      };
    },
    async headers() {
      return await api().pyInvoke("echo_headers", undefined, { headers: { "x-trace": "t-1" } });
    },
    async rejections() {
      return {
        unknown: await settle(api().pyInvoke("no_such_command", {})),
        invokeException: await settle(api().pyInvoke("reject_with", "custom failure")),
        crash: await settle(api().pyInvoke("crash")),
        validation: await settle(api().pyInvoke("greet", { name: 3 })),
        notJson: await settle(api().pyInvoke("greet", new TextEncoder().encode("{not json"))),
        missingState: await settle(api().pyInvoke("needs_missing_state")),
      };
    },
    async channel(steps = 100) {
      const got = [];
      const ch = new (api().Channel)((m) => got.push(m.done));
      const result = await api().pyInvoke("progress", { channel: ch, steps });
      // Messages may still be in flight right after the result: wait for the last one.
      for (let i = 0; i < 100 && got.length < steps + 1; i++) await new Promise((r) => setTimeout(r, 10));
      // The command's Channel is gone, so the JS Channel got its end (it came after the
      // last message) and stopped listening: a message now is not delivered.
      window.__TAURI_INTERNALS__.runCallback(ch.id, { index: steps + 1, message: { done: -1 } });
      return { result, got };
    },
    async channelBytes(count = 20, size = 1000) {
      const got = [];
      const ch = new (api().Channel)((m) => got.push(new Uint8Array(m)));
      const sent = await api().pyInvoke("stream_bytes", { channel: ch, count, size });
      for (let i = 0; i < 100 && got.length < count; i++) await new Promise((r) => setTimeout(r, 10));
      const ok = got.every((b, i) => b.length === size && b[0] === i % 256);
      return { sent, received: got.length, ok };
    },
    async eventsPyToJs() {
      const seen = [];
      const un = await api().listen("py-news", (e) => seen.push({ event: e.event, payload: e.payload }));
      let onceCount = 0;
      await api().once("py-once", () => onceCount++);
      await api().pyInvoke("emit_event", { event: "py-news", payload: { n: 1 } });
      await api().pyInvoke("emit_to", { label: "main", event: "py-news", payload: { n: 2 } });
      await api().pyInvoke("emit_event", { event: "py-once", payload: null });
      await api().pyInvoke("emit_event", { event: "py-once", payload: null });
      for (let i = 0; i < 100 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
      un();
      await api().pyInvoke("emit_event", { event: "py-news", payload: { n: 3 } });
      await new Promise((r) => setTimeout(r, 50));
      return { seen, onceCount };
    },
    async eventsJsToPy() {
      const acks = [];
      const direct = [];
      const un = await api().listen("py-ack", (e) => acks.push(e.payload));
      const unDirect = await api().listen("js-direct", (e) => direct.push(e.payload));
      await api().emit("js-ping", { hello: "python" });
      // emitTo a window label reaches that window's listeners (Tauri 2), not Python's.
      await api().emitTo("main", "js-direct", { hello: "window" });
      for (let i = 0; i < 200 && (acks.length < 1 || direct.length < 1); i++) await new Promise((r) => setTimeout(r, 10));
      un();
      unDirect();
      const received = await api().pyInvoke("received_events");
      return { acks, direct, received };
    },
    async concurrent(n = 500) {
      const calls = [];
      for (let i = 0; i < n; i++) calls.push(api().pyInvoke("sync_add", [i, 1]));
      const results = await Promise.all(calls);
      return { n, allRight: results.every((v, i) => v === i + 1) };
    },
    async syncCommand() {
      return await api().pyInvoke("sync_add", [1, 2, 3]);
    },
    async state() {
      const a = await api().pyInvoke("increment");
      const b = await api().pyInvoke("increment");
      return { a, b };
    },
    async windowEval() {
      // Python runs JS in this window (native: the engine's own eval; browser: the bridge
      // adds a script with the page's CSP nonce).
      await api().pyInvoke("window_ops", { title: "scenario (retitled)", js: "window.__evaluated = 6 * 7" });
      for (let i = 0; i < 300 && window.__evaluated !== 42; i++) await new Promise((r) => setTimeout(r, 10));
      return window.__evaluated ?? null;
    },
    async mainThread() {
      return await api().pyInvoke("on_main_thread");
    },
    async paths() {
      // @tauri-apps/api/path: the framework answers these itself (no Python command).
      const path = api().path;
      const appData = await path.appDataDir();
      const file = await path.join(appData, "thumbs", "..", "thumbs", "a.png");
      return {
        appData,
        file,
        sep: path.sep(),
        delimiter: path.delimiter(),
        base: await path.basename(file),
        stem: await path.basename(file, ".png"),
        dir: await path.dirname(file),
        ext: await path.extname(file),
        absolute: await path.isAbsolute(file),
        home: await path.homeDir(),
        noExtension: await settle(path.extname(`${appData}/README`)),
        badDirectory: await settle(api().invoke("plugin:path|resolve_directory", { directory: 0 })),
      };
    },
    async window() {
      // @tauri-apps/api/window on this page's own window.
      const win = api().getCurrentWindow();
      const title = `scenario ${Math.random().toString(36).slice(2)}`;
      await win.setTitle(title);
      return {
        label: win.label,
        title: await win.title(),
        wanted: title,
        visible: await win.isVisible(),
        byLabel: (await api().getCurrentWindow().constructor.getByLabel("main"))?.label ?? null,
        // Tauri 2 apps often start from @tauri-apps/api/webviewWindow: the same window.
        webviewWindow: {
          label: api().getCurrentWebviewWindow().label,
          title: await api().getCurrentWebviewWindow().title(),
        },
        unsupported: await settle(win.setCursorGrab(true)),
      };
    },
    async geometry() {
      // @tauri-apps/api/window's sizes, positions, state and close requests; native
      // windows only (a browser tab rejects them).
      const { LogicalSize, LogicalPosition } = api();
      const win = api().getCurrentWindow();
      const runtime = await api().pyInvoke("runtime_name");
      if (runtime === "browser") {
        return {
          runtime,
          setSize: await settle(win.setSize(new LogicalSize(640, 480))),
          maximize: await settle(win.maximize()),
          innerSize: await settle(win.innerSize()),
          title: typeof (await win.title()),
        };
      }
      const until = async (test) => {
        for (let i = 0; i < 500 && !test(); i++) await new Promise((r) => setTimeout(r, 10));
      };
      const sizes = [];
      const moves = [];
      const unlisten = [
        await win.onResized(({ payload }) => sizes.push([payload.width, payload.height])),
        await win.onMoved(({ payload }) => moves.push([payload.x, payload.y])),
      ];
      const scale = await win.scaleFactor();
      const px = (n) => Math.round(n * scale);
      await win.setSize(new LogicalSize(640, 480));
      await until(() => sizes.some(([w, h]) => w === px(640) && h === px(480)));
      const inner = await win.innerSize();
      // The same through window.__TAURI__.window (pages with no bundler).
      const globalInner = await window.__TAURI__.window.getCurrentWindow().innerSize();
      await win.setPosition(new LogicalPosition(40, 50));
      await until(() => moves.some(([x, y]) => x === px(40) && y === px(50)));
      const outer = await win.outerPosition();
      // Centred on the screen, as the page sees the screen (logical pixels).
      const middle = [px((screen.width - 640) / 2), px((screen.height - 480) / 2)];
      const near = ([x, y]) => Math.abs(x - middle[0]) <= 2 && Math.abs(y - middle[1]) <= 2;
      await win.center();
      await until(() => moves.some(near));
      const centered = { middle, reached: moves.some(near), last: moves[moves.length - 1] ?? null };
      const before = sizes.length;
      await win.maximize();
      await until(() => sizes.length > before);
      const maximized = { is: await win.isMaximized(), size: sizes[sizes.length - 1] ?? null };
      await win.unmaximize();
      const unmaximized = await win.isMaximized();
      await win.setAlwaysOnTop(true);
      const onTop = await win.isAlwaysOnTop();
      await win.setAlwaysOnTop(false);
      // A close request that the page turns down leaves the window and its page running.
      let asked = 0;
      const unlistenClose = await win.onCloseRequested((event) => {
        asked += 1;
        event.preventDefault();
      });
      await win.close();
      await until(() => asked > 0);
      const alive = await api().pyInvoke("slow_echo", 7);
      unlistenClose();
      for (const stop of unlisten) stop();
      const windowManager = await api().pyInvoke("window_manager");
      return { runtime, windowManager, scale, sizes, moves, inner: [inner.width, inner.height],
        globalInner: [globalInner.width, globalInner.height],
        outer: [outer.x, outer.y], maximized, unmaximized, centered, onTop, asked, alive };
    },
    async bounds() {
      // Size bounds, resizability, decorations and focus (@tauri-apps/api/window); native
      // windows only. The toolkit's own window says whether they took (`native_window`).
      const { LogicalSize } = api();
      const win = api().getCurrentWindow();
      const runtime = await api().pyInvoke("runtime_name");
      if (runtime === "browser") {
        return {
          runtime,
          setMinSize: await settle(win.setMinSize(new LogicalSize(10, 10))),
          setResizable: await settle(win.setResizable(false)),
          setFocus: await settle(win.setFocus()),
        };
      }
      const until = async (test) => {
        for (let i = 0; i < 500 && !test(); i++) await new Promise((r) => setTimeout(r, 10));
      };
      const sizes = [];
      const unlisten = await win.onResized(({ payload }) => sizes.push([payload.width, payload.height]));
      const scale = await win.scaleFactor();
      const px = (n) => Math.round(n * scale);
      const sizeTo = async (w, h, want = [w, h]) => {
        await win.setSize(new LogicalSize(w, h));
        await until(() => sizes.some(([a, b]) => a === px(want[0]) && b === px(want[1])));
        const inner = await win.innerSize();
        return { reported: sizes.some(([a, b]) => a === px(want[0]) && b === px(want[1])), inner: [inner.width, inner.height] };
      };
      // What the toolkit lets the window become when the user drags it (`native_resize`
      // resizes through the toolkit, past pytauri_like): the next size it reports.
      const dragTo = async (w, h) => {
        const before = sizes.length;
        const done = await api().pyInvoke("native_resize", [w, h]);
        await until(() => sizes.length > before);
        return { done, reported: sizes.slice(before).at(-1) ?? null };
      };
      const start = await sizeTo(600, 450);
      await win.setMinSize(new LogicalSize(520, 420));
      const minDragged = await dragTo(300, 200);
      const min = { native: await api().pyInvoke("native_window"), dragged: minDragged, ...(await sizeTo(300, 200, [520, 420])) };
      await win.setMinSize(null);
      await win.setMaxSize(new LogicalSize(700, 550));
      const maxDragged = await dragTo(900, 900);
      const max = { native: await api().pyInvoke("native_window"), dragged: maxDragged, ...(await sizeTo(900, 900, [700, 550])) };
      await win.setSizeConstraints(null);
      const free = { native: await api().pyInvoke("native_window"), ...(await sizeTo(610, 460)) };
      await win.setResizable(false);
      const fixedSize = await sizeTo(630, 470);
      const fixed = { is: await win.isResizable(), native: await api().pyInvoke("native_window"), ...fixedSize };
      await win.setResizable(true);
      const resizableAgain = { is: await win.isResizable(), native: await api().pyInvoke("native_window") };
      await win.setDecorations(false);
      const undecorated = { is: await win.isDecorated(), native: await api().pyInvoke("native_window") };
      await win.setDecorations(true);
      const decorated = { is: await win.isDecorated(), native: await api().pyInvoke("native_window") };
      // Offscreen Qt and a bare Xvfb give no page the focus: that it is asked for without
      // an error is what is checked here.
      await win.setFocus();
      unlisten();
      const alive = await api().pyInvoke("slow_echo", 8);
      return { runtime, scale, start, min, max, free, fixed, resizableAgain, undecorated, decorated, alive };
    },
    async monitors() {
      // @tauri-apps/api/window's monitors, read from the toolkit's screens; native windows
      // only. The page's own window.screen (CSS pixels) is the engine's view of the same.
      const a = api();
      const runtime = await a.pyInvoke("runtime_name");
      if (runtime === "browser") {
        return {
          runtime,
          current: await settle(a.currentMonitor()),
          primary: await settle(a.primaryMonitor()),
          all: await settle(a.availableMonitors()),
        };
      }
      const plain = (m) =>
        m && {
          name: m.name,
          position: [m.position.x, m.position.y],
          size: [m.size.width, m.size.height],
          workArea: [m.workArea.position.x, m.workArea.position.y, m.workArea.size.width, m.workArea.size.height],
          scaleFactor: m.scaleFactor,
          physical: m.position instanceof a.PhysicalPosition && m.size instanceof a.PhysicalSize,
        };
      const all = (await a.availableMonitors()).map(plain);
      const primary = plain(await a.primaryMonitor());
      const current = plain(await a.currentMonitor());
      const inside = current && plain(await a.monitorFromPoint(current.position[0] + 1, current.position[1] + 1));
      const outside = plain(await a.monitorFromPoint(-1e6, -1e6));
      const badPoint = await settle(a.invoke("plugin:window|monitor_from_point", { x: "left", y: 0 }));
      const fromPython = await a.pyInvoke("monitors_from_python");
      return {
        runtime,
        all,
        primary,
        current,
        inside,
        outside,
        badPoint,
        fromPython,
        scale: await a.getCurrentWindow().scaleFactor(),
        screen: { size: [screen.width, screen.height], dpr: devicePixelRatio },
        alive: await a.pyInvoke("slow_echo", 9),
      };
    },
    async cursor() {
      // @tauri-apps/api/window's cursor. The icon and its visibility are a CSS rule in the
      // window's pages, so they work in every runtime, browser tabs too; moving and reading
      // the pointer, and dragging the window, are the toolkit's (native windows only).
      const a = api();
      const { LogicalPosition, PhysicalPosition } = a;
      const win = a.getCurrentWindow();
      const runtime = await a.pyInvoke("runtime_name");
      const pause = (ms) => new Promise((r) => setTimeout(r, ms));
      const until = async (test) => {
        for (let i = 0; i < 500 && !(await test()); i++) await pause(10);
      };
      // What the page would see go wrong (the drag regions' calls fail quietly in a tab).
      const errors = [];
      const onRejection = (e) => errors.push(errText(e.reason));
      const onError = (e) => errors.push(errText(e.error ?? e.message));
      window.addEventListener("unhandledrejection", onRejection);
      window.addEventListener("error", onError);
      const make = (tag, text, region) => {
        const el = document.createElement(tag);
        el.textContent = text;
        if (region !== undefined) el.setAttribute("data-tauri-drag-region", region);
        return el;
      };
      // A button, an element with a cursor of its own (set through CSSOM, which a strict
      // style-src allows), and drag regions: a title bar whose button stays a button, and a
      // "deep" one whose children drag too.
      const button = make("button", "a button");
      const own = make("span", "a crosshair");
      own.style.cursor = "crosshair";
      const bar = make("div", "a title bar", "");
      const barButton = make("button", "close");
      bar.append(barButton);
      const deep = make("div", "", "deep");
      const deepChild = make("span", "deep inside");
      deep.append(deepChild);
      const box = make("div", "");
      box.append(button, own, bar, deep);
      document.body.prepend(box);

      // Text can be selected, as in a Tauri window (pywebview's default puts
      // `body {user-select: none}` in every page; the runtime turns that off).
      const bodyStyle = getComputedStyle(document.body);
      const userSelect = bodyStyle.userSelect || bodyStyle.webkitUserSelect;
      const cursors = () => [document.body, button, own].map((el) => getComputedStyle(el).cursor);
      const cursorsOnceAll = async (change, want) => {
        await change;
        await until(() => cursors().every((c) => c === want));
        return cursors();
      };
      const before = cursors();
      const icon = {
        wait: await cursorsOnceAll(win.setCursorIcon("wait"), "wait"),
        hand: await cursorsOnceAll(win.setCursorIcon("hand"), "pointer"),
        hidden: await cursorsOnceAll(win.setCursorVisible(false), "none"),
      };
      // Hidden, a new icon is kept for when the cursor shows again.
      await win.setCursorIcon("nwseResize");
      icon.stillHidden = cursors();
      icon.shown = await cursorsOnceAll(win.setCursorVisible(true), "nwse-resize");
      await win.setCursorIcon("default"); // the page's own cursors again
      await until(() => cursors().every((c, i) => c === before[i]));
      icon.reset = cursors();
      icon.bad = await settle(win.setCursorIcon("spinner"));

      // A left press in a drag region asks for plugin:window|start_dragging, a double one
      // for plugin:window|internal_toggle_maximize; the bridge cancels the press it takes (no
      // text selection while the window moves), so dispatchEvent says which it took.
      const press = (el, init = {}) =>
        !el.dispatchEvent(
          new MouseEvent("mousedown", { bubbles: true, cancelable: true, button: 0, detail: 1, ...init }),
        );
      const ignored = () => ({
        barButton: press(barButton),
        rightButton: press(bar, { button: 2 }),
        outside: press(button),
      });
      const done = async (result) => {
        result.alive = await a.pyInvoke("slow_echo", 10); // after the presses' answers
        await pause(50);
        window.removeEventListener("unhandledrejection", onRejection);
        window.removeEventListener("error", onError);
        box.remove();
        return { ...result, errors, userSelect };
      };
      if (runtime === "browser") {
        const taken = { bar: press(bar), deep: press(deepChild), double: press(bar, { detail: 2 }), ...ignored() };
        return await done({
          runtime,
          before,
          icon,
          taken,
          setCursorPosition: await settle(win.setCursorPosition(new LogicalPosition(10, 10))),
          cursorPosition: await settle(a.cursorPosition()),
          startDragging: await settle(win.startDragging()),
        });
      }

      // The pointer: moved to a point of the content area, read back on the desktop (page
      // and Python), and seen arriving by the page, in CSS pixels.
      const scale = await win.scaleFactor();
      const inner = await win.innerPosition();
      const seen = [];
      const onMouseMove = (e) => seen.push([e.clientX, e.clientY]);
      document.addEventListener("mousemove", onMouseMove);
      const pointTo = async (position, css) => {
        await win.setCursorPosition(position);
        const at = await a.cursorPosition();
        const fromPython = await a.pyInvoke("cursor_from_python");
        await until(() => seen.some(([x, y]) => x === css[0] && y === css[1]));
        return { at: [at.x, at.y], physical: at instanceof PhysicalPosition, fromPython, seen: seen.splice(0) };
      };
      const pointer = {
        logical: await pointTo(new LogicalPosition(30, 40), [30, 40]),
        physical: await pointTo(new PhysicalPosition(50, 60), [50, 60].map((n) => Math.round(n / scale))),
      };
      document.removeEventListener("mousemove", onMouseMove);

      // Dragging: each press or startDragging() asks the toolkit for a move, then the pointer
      // moves by (dx, dy) with no button held (no user presses one). Each stage waits for
      // the window to move or for the runtime to log that the window system said no.
      const moves = [];
      const stopMoved = await win.onMoved(({ payload }) => moves.push([payload.x, payload.y]));
      const failures = async () => (await a.pyInvoke("drags")).failed.length;
      const dragStage = async (start, [dx, dy], wait = true) => {
        await win.setCursorPosition(new LogicalPosition(200, 150));
        const from = moves.length;
        const failed = await failures();
        const taken = await start();
        await win.setCursorPosition(new LogicalPosition(200 + dx, 150 + dy));
        if (wait) await until(async () => moves.length > from || (await failures()) > failed);
        return { taken, moves: moves.slice(from) };
      };
      const startPosition = await win.innerPosition();
      const drag = {
        // Presses the bridge leaves alone: no move asked for (a later stage would see it).
        ignored: await dragStage(ignored, [30, 20], false),
        bar: await dragStage(() => press(bar), [60, 40]),
        deep: await dragStage(() => press(deepChild), [-60, -40]),
        // startDragging() answers once the window system has: a refusal rejects, saying why.
        api: await dragStage(async () => {
          const started = await settle(win.startDragging());
          return started.ok || started.error;
        }, [20, 10]),
      };
      stopMoved();
      const endPosition = await win.innerPosition();
      const drags = await a.pyInvoke("drags");
      Object.assign(drag, {
        start: [startPosition.x, startPosition.y],
        end: [endPosition.x, endPosition.y],
        toolkit: drags.toolkit,
        failed: drags.failed,
      });

      // A double press toggles maximize, as a title bar's double click does.
      const toggled = async () => {
        const was = await win.isMaximized();
        const taken = press(bar, { detail: 2 });
        let is = was;
        for (let i = 0; i < 100 && is === was; i++) {
          await pause(10);
          is = await win.isMaximized();
        }
        return { taken, was, is };
      };
      const maximized = await toggled();
      const unmaximized = await toggled();
      return await done({ runtime, before, icon, scale, inner: [inner.x, inner.y], pointer, drag, maximized, unmaximized });
    },
    async dialog() {
      // @tauri-apps/plugin-dialog: native dialogs on this page's window, answered by the
      // app's answer_dialogs as a user would; a browser tab has none.
      const d = api().dialog;
      const runtime = await api().pyInvoke("runtime_name");
      if (runtime === "browser") {
        return { runtime, open: await settle(d.open()), ask: await settle(d.ask("Sure?")) };
      }
      const dir = await api().pyInvoke("dialog_dir");
      await api().pyInvoke("answer_dialogs", [
        { file: "b.txt" }, { button: "ok" }, { button: "cancel" }, { cancel: true }, { file: "a.txt" },
      ]);
      const picked = await d.open({ defaultPath: dir, filters: [{ name: "Text", extensions: ["txt"] }] });
      const yes = await d.ask("Delete it?", { title: "Scenario" });
      const no = await d.confirm("Really?");
      const cancelled = await d.open({ defaultPath: dir, multiple: true });
      const fromPython = await api().pyInvoke("py_pick_file");
      return { runtime, dir, picked, yes, no, cancelled, fromPython };
    },
    async appInfo() {
      // @tauri-apps/api/app, and the same on window.__TAURI__.app.
      const app = api().app;
      return {
        name: await app.getName(),
        version: await app.getVersion(),
        identifier: await app.getIdentifier(),
        tauri: await settle(app.getTauriVersion()),
        globalName: await window.__TAURI__.app.getName(),
      };
    },
    async slowDoesNotBlock() {
      const order = [];
      const slow = api().pyInvoke("slow_echo", 300).then(() => order.push("slow"));
      const fast = api().pyInvoke("slow_echo", 0).then(() => order.push("fast"));
      await Promise.all([slow, fast]);
      return order;
    },
  };

  async function runAll() {
    const results = {};
    for (const [name, step] of Object.entries(steps)) {
      try {
        results[name] = { ok: true, value: await step() };
      } catch (e) {
        results[name] = { ok: false, error: errText(e) };
      }
    }
    return results;
  }

  window.scenario = { steps, runAll };

  if (new URLSearchParams(location.search).get("autorun") === "1" || sessionStorage.getItem("autorun")) {
    sessionStorage.setItem("autorun", "1");
    window.addEventListener("load", async () => {
      const results = await runAll();
      document.querySelector("#out").textContent = JSON.stringify(results, null, 2);
      await api().pyInvoke("report", results);
    });
  }
})();
