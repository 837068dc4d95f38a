/* pytauri_like bridge, protocol 1. Generated from frontend_sdk/src by `npm run build`; do not edit. */
"use strict";
(() => {
  var __defProp = Object.defineProperty;
  var __typeError = (msg) => {
    throw TypeError(msg);
  };
  var __defNormalProp = (obj, key, value) => key in obj ? __defProp(obj, key, { enumerable: !0, configurable: !0, writable: !0, value }) : obj[key] = value;
  var __export = (target, all) => {
    for (var name in all)
      __defProp(target, name, { get: all[name], enumerable: !0 });
  };
  var __publicField = (obj, key, value) => __defNormalProp(obj, typeof key != "symbol" ? key + "" : key, value), __accessCheck = (obj, member, msg) => member.has(obj) || __typeError("Cannot " + msg);
  var __privateGet = (obj, member, getter) => (__accessCheck(obj, member, "read from private field"), getter ? getter.call(obj) : member.get(obj)), __privateAdd = (obj, member, value) => member.has(obj) ? __typeError("Cannot add the same private member more than once") : member instanceof WeakSet ? member.add(obj) : member.set(obj, value), __privateSet = (obj, member, value, setter) => (__accessCheck(obj, member, "write to private field"), setter ? setter.call(obj, value) : member.set(obj, value), value), __privateMethod = (obj, member, method) => (__accessCheck(obj, member, "access private method"), method);

  // src/errors.ts
  var CONNECTION_CLOSED = "connection to the app closed", NO_TICKET = "this page was not opened by the app (no launch ticket)";
  var IpcError = class extends Error {
    constructor(message2, code, command) {
      super(message2);
      /** A stable machine-readable code. */
      __publicField(this, "code");
      /** The command (or AuroraView method) that failed, when known. */
      __publicField(this, "command");
      this.name = "IpcError", this.code = code, this.command = command;
    }
  };
  var TimeoutError = class extends IpcError {
    constructor(command, timeout, message2) {
      super(message2 ?? `\`${command ?? "call"}\` timed out after ${timeout ?? "?"} ms`, "TIMEOUT", command);
      /** The timeout that expired, in milliseconds. */
      __publicField(this, "timeout");
      this.name = "TimeoutError", this.timeout = timeout;
    }
  }, AbortError = class extends IpcError {
    constructor(command, reason, message2) {
      super(message2 ?? `\`${command ?? "call"}\` was aborted`, "ABORTED", command);
      /** `signal.reason`, when the signal gave one. */
      __publicField(this, "reason");
      this.name = "AbortError", this.reason = reason;
    }
  };

  // src/wire.ts
  var SERIALIZE_TO_IPC_FN = "__TAURI_TO_IPC_KEY__";
  var encoder = new TextEncoder(), decoder = new TextDecoder();
  function encodeFrame(header, body, reuse = !1) {
    let text = JSON.stringify(header), size = 4 + text.length + body.byteLength, frame = reuse && size <= SCRATCH_MAX ? scratchOf(size) : new Uint8Array(size), headLen = text.length;
    if (!copyAscii(text, frame, 4)) {
      let head = encoder.encode(text);
      headLen = head.byteLength, frame = new Uint8Array(4 + headLen + body.byteLength), frame.set(head, 4);
    }
    return frame[0] = headLen & 255, frame[1] = headLen >>> 8 & 255, frame[2] = headLen >>> 16 & 255, frame[3] = headLen >>> 24, frame.set(body, 4 + headLen), frame;
  }
  var SCRATCH_MAX = 512 * 1024, scratch = new Uint8Array(4096);
  function scratchOf(size) {
    return scratch.byteLength < size && (scratch = new Uint8Array(Math.max(size, scratch.byteLength * 2))), scratch.subarray(0, size);
  }
  var COPY_BY_HAND = 512;
  function copyAscii(text, out, at) {
    let n = text.length;
    if (n > COPY_BY_HAND) return !1;
    for (let i = 0; i < n; i++) {
      let c = text.charCodeAt(i);
      if (c > 127) return !1;
      out[at + i] = c;
    }
    return !0;
  }
  function decodeFrame(frame) {
    if (frame.byteLength < 4) throw new Error("binary frame shorter than its length prefix");
    let bytes = new Uint8Array(frame), headLen = (bytes[0] | bytes[1] << 8 | bytes[2] << 16 | bytes[3] << 24) >>> 0;
    if (4 + headLen > frame.byteLength) throw new Error("binary frame header overruns the frame");
    let text = asciiText(bytes, 4, headLen) ?? decoder.decode(bytes.subarray(4, 4 + headLen));
    return { header: JSON.parse(text), payload: frame.slice(4 + headLen) };
  }
  function asciiText(bytes, at, n) {
    if (n > COPY_BY_HAND) return;
    let text = "";
    for (let i = at; i < at + n; i++) {
      let c = bytes[i];
      if (c > 127) return;
      text += String.fromCharCode(c);
    }
    return text;
  }
  function utf8(text) {
    if (text.length <= COPY_BY_HAND) {
      let out = new Uint8Array(text.length);
      if (copyAscii(text, out, 0)) return out;
    }
    return encoder.encode(text);
  }
  function fromUtf8(bytes) {
    return decoder.decode(bytes);
  }
  function isRawBody(value) {
    return value instanceof ArrayBuffer || value instanceof Uint8Array;
  }
  function rawBytes(value) {
    return value instanceof Uint8Array ? value : new Uint8Array(value);
  }
  function toIpcJson(value) {
    return JSON.stringify(value, function(key, current) {
      let original = this[key];
      return original !== null && typeof original == "object" && typeof original[SERIALIZE_TO_IPC_FN] == "function" ? original[SERIALIZE_TO_IPC_FN]() : current;
    }) ?? "null";
  }
  function headerPairs(headers, drop) {
    let pairs = [], skip = drop?.toLowerCase(), add = (name, value) => {
      let key = String(name);
      skip !== void 0 && key.toLowerCase() === skip || pairs.push([key, String(value)]);
    };
    if (headers == null) return pairs;
    if (typeof Headers < "u" && headers instanceof Headers)
      headers.forEach((value, name) => add(name, value));
    else if (Array.isArray(headers))
      for (let pair of headers)
        Array.isArray(pair) && pair.length === 2 && add(pair[0], pair[1]);
    else if (typeof headers == "object") {
      let maybeIterable = headers;
      if (typeof maybeIterable.forEach == "function" && typeof maybeIterable.entries == "function")
        headers.forEach((value, name) => add(name, value));
      else
        for (let [name, value] of Object.entries(headers)) add(name, value);
    }
    return pairs;
  }
  function base64UrlDecode(text, atob) {
    let b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    for (; b64.length % 4 !== 0; ) b64 += "=";
    let binary = atob(b64), bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  // src/core.ts
  var PY_INVOKE_TAURI_CMD = "plugin:pytauri|pyfunc", PY_INVOKE_HEADER = "pyfunc";
  function page() {
    return globalThis.window ?? globalThis;
  }
  function internals() {
    let found = page().__TAURI_INTERNALS__;
    if (found === void 0 || typeof found.invoke != "function")
      throw new Error(
        "window.__TAURI_INTERNALS__ is missing: this page was not served by a pytauri_like app (in unit tests, call mockIPC() from the mocks module first)"
      );
    return found;
  }
  function pyBody(body) {
    return body === void 0 ? new Uint8Array(0) : isRawBody(body) ? body : utf8(toIpcJson(body));
  }
  function pyHeaders(funcName, headers) {
    if (headers === void 0) return [[PY_INVOKE_HEADER, funcName]];
    let result = new Headers(headers);
    return result.set(PY_INVOKE_HEADER, funcName), result;
  }
  function invokeRaw(cmd, args = {}, options) {
    try {
      return internals().invoke(cmd, args, options);
    } catch (error) {
      return Promise.reject(error);
    }
  }
  function pyInvokeRaw(funcName, body, options) {
    return invokeRaw(PY_INVOKE_TAURI_CMD, pyBody(body), { ...options, headers: pyHeaders(funcName, options?.headers) });
  }
  function transformCallback(callback, once2 = !1) {
    return internals().transformCallback(callback, once2);
  }
  function convertFileSrc(filePath, protocol = "asset") {
    return internals().convertFileSrc(filePath, protocol);
  }
  var _onmessage, _nextIndex, _pending, _endIndex, _Channel_instances, receive_fn, deliver_fn, Channel = class {
    constructor(onmessage) {
      __privateAdd(this, _Channel_instances);
      /** The callback id; the channel serialises as `"__CHANNEL__:<id>"`. */
      __publicField(this, "id");
      __privateAdd(this, _onmessage);
      __privateAdd(this, _nextIndex, 0);
      __privateAdd(this, _pending, /* @__PURE__ */ new Map());
      __privateAdd(this, _endIndex);
      __privateSet(this, _onmessage, onmessage ?? (() => {
      })), this.id = transformCallback((raw) => __privateMethod(this, _Channel_instances, receive_fn).call(this, raw));
    }
    /** The handler for each message; replacing it does not replay earlier messages. */
    set onmessage(handler) {
      __privateSet(this, _onmessage, handler);
    }
    get onmessage() {
      return __privateGet(this, _onmessage);
    }
    /** Stops receiving: forgets the callback. */
    cleanupCallback() {
      internals().unregisterCallback(this.id);
    }
    [SERIALIZE_TO_IPC_FN]() {
      return `__CHANNEL__:${this.id}`;
    }
    toJSON() {
      return this[SERIALIZE_TO_IPC_FN]();
    }
  };
  _onmessage = new WeakMap(), _nextIndex = new WeakMap(), _pending = new WeakMap(), _endIndex = new WeakMap(), _Channel_instances = new WeakSet(), receive_fn = function(raw) {
    if ("end" in raw) {
      raw.index === __privateGet(this, _nextIndex) ? this.cleanupCallback() : __privateSet(this, _endIndex, raw.index);
      return;
    }
    if (raw.index !== __privateGet(this, _nextIndex)) {
      __privateGet(this, _pending).set(raw.index, raw.message);
      return;
    }
    for (__privateMethod(this, _Channel_instances, deliver_fn).call(this, raw.message), __privateSet(this, _nextIndex, __privateGet(this, _nextIndex) + 1); __privateGet(this, _pending).has(__privateGet(this, _nextIndex)); ) {
      let message2 = __privateGet(this, _pending).get(__privateGet(this, _nextIndex));
      __privateGet(this, _pending).delete(__privateGet(this, _nextIndex)), __privateMethod(this, _Channel_instances, deliver_fn).call(this, message2), __privateSet(this, _nextIndex, __privateGet(this, _nextIndex) + 1);
    }
    __privateGet(this, _nextIndex) === __privateGet(this, _endIndex) && this.cleanupCallback();
  }, deliver_fn = function(message2) {
    try {
      __privateGet(this, _onmessage).call(this, message2);
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  };

  // src/auroraview.ts
  var CALL_RESULT_EVENT = "__auroraview_call_result";
  function namedError(name, message2) {
    let error = new Error(message2);
    return error.name = name, error;
  }
  var _port, _handlers, _pending2, _nextId, _AuroraViewBridge_instances, onResult_fn, settle_fn, AuroraViewBridge = class {
    constructor(port) {
      __privateAdd(this, _AuroraViewBridge_instances);
      __privateAdd(this, _port);
      __privateAdd(this, _handlers, /* @__PURE__ */ new Map());
      __privateAdd(this, _pending2, /* @__PURE__ */ new Map());
      __privateAdd(this, _nextId, 0);
      /** `auroraview.api.foo(params)` calls method `"api.foo"`. */
      __publicField(this, "api");
      __privateSet(this, _port, port), this.api = new Proxy({}, {
        get: (_target, prop) => {
          if (!(typeof prop != "string" || prop === "then" || prop === "toJSON"))
            return (params) => this.call(`api.${prop}`, params);
        }
      });
    }
    /** Calls a Python method bound with `bind_call`/`bind_api`; resolves with its return value. */
    call(method, params, options) {
      return new Promise((resolve2, reject) => {
        __privateSet(this, _nextId, __privateGet(this, _nextId) + 1);
        let id = `av_call_${__privateGet(this, _nextId)}`, pending = { resolve: resolve2, reject, timer: void 0 }, timeout = options?.timeout;
        timeout !== void 0 && Number.isFinite(timeout) && timeout >= 0 && (pending.timer = __privateGet(this, _port).setTimeout(() => {
          __privateGet(this, _pending2).delete(id) && reject(new TimeoutError(method, timeout, `\`${method}\` timed out after ${timeout} ms`));
        }, timeout)), __privateGet(this, _pending2).set(id, pending);
        let message2 = { type: "call", id, method };
        params !== void 0 && (message2.params = params);
        try {
          __privateGet(this, _port).send(message2);
        } catch (error) {
          __privateMethod(this, _AuroraViewBridge_instances, settle_fn).call(this, id, () => reject(error));
        }
      });
    }
    /** Fire-and-forget event to Python (`@webview.on(event)`). */
    send_event(event, detail) {
      let message2 = { type: "event", event };
      detail !== void 0 && (message2.detail = detail), __privateGet(this, _port).send(message2);
    }
    /** Subscribes to an event from Python; returns the unsubscribe function. */
    on(event, handler) {
      let set = __privateGet(this, _handlers).get(event);
      return set === void 0 && (set = /* @__PURE__ */ new Set(), __privateGet(this, _handlers).set(event, set), __privateGet(this, _port).subscribe?.(event)), set.add(handler), () => this.off(event, handler);
    }
    /** Subscribes for one event only. */
    once(event, handler) {
      let wrapper = (detail) => {
        unsubscribe(), handler(detail);
      }, unsubscribe = this.on(event, wrapper);
      return unsubscribe;
    }
    /** Removes `handler`, or every handler of `event` when `handler` is omitted. */
    off(event, handler) {
      let set = __privateGet(this, _handlers).get(event);
      set !== void 0 && (handler !== void 0 && set.delete(handler), (handler === void 0 || set.size === 0) && (__privateGet(this, _handlers).delete(event), __privateGet(this, _port).unsubscribe?.(event)));
    }
    /** Delivers an event inside this page only; it never reaches Python. */
    trigger(event, detail) {
      __privateGet(this, _port).dispatchLocal(event, detail);
    }
    isReady() {
      return __privateGet(this, _port).isReady();
    }
    whenReady() {
      return __privateGet(this, _port).whenReady().then(() => this);
    }
    /** Called by the bridge for each event delivered in the page. */
    deliver(event, detail) {
      event === CALL_RESULT_EVENT && __privateMethod(this, _AuroraViewBridge_instances, onResult_fn).call(this, detail);
      let set = __privateGet(this, _handlers).get(event);
      if (set !== void 0)
        for (let handler of [...set])
          try {
            handler(detail);
          } catch (error) {
            __privateGet(this, _port).reportError(error);
          }
    }
    /** Rejects every pending call (the connection closed). */
    rejectAll(name, message2) {
      for (let id of [...__privateGet(this, _pending2).keys()]) __privateMethod(this, _AuroraViewBridge_instances, settle_fn).call(this, id, (p) => p.reject(namedError(name, message2)));
    }
    /** Forgets every pending call without settling it (the page is going away). */
    dropAll() {
      for (let id of [...__privateGet(this, _pending2).keys()]) __privateMethod(this, _AuroraViewBridge_instances, settle_fn).call(this, id, () => {
      });
    }
  };
  _port = new WeakMap(), _handlers = new WeakMap(), _pending2 = new WeakMap(), _nextId = new WeakMap(), _AuroraViewBridge_instances = new WeakSet(), onResult_fn = function(detail) {
    if (detail === null || typeof detail != "object") return;
    let result = detail;
    __privateMethod(this, _AuroraViewBridge_instances, settle_fn).call(this, String(result.id), (pending) => {
      result.ok ? pending.resolve(result.result) : pending.reject(namedError(result.error?.name ?? "Error", result.error?.message ?? "call failed"));
    });
  }, settle_fn = function(id, how) {
    let pending = __privateGet(this, _pending2).get(id);
    pending !== void 0 && (__privateGet(this, _pending2).delete(id), pending.timer !== void 0 && __privateGet(this, _port).clearTimeout(pending.timer), how(pending));
  };

  // src/app.ts
  var app_exports = {};
  __export(app_exports, {
    getIdentifier: () => getIdentifier,
    getName: () => getName,
    getTauriVersion: () => getTauriVersion,
    getVersion: () => getVersion
  });
  function getName() {
    return invokeRaw("plugin:app|name");
  }
  function getVersion() {
    return invokeRaw("plugin:app|version");
  }
  function getIdentifier() {
    return invokeRaw("plugin:app|identifier");
  }
  function getTauriVersion() {
    return invokeRaw("plugin:app|tauri_version");
  }

  // src/dialog.ts
  var dialog_exports = {};
  __export(dialog_exports, {
    ask: () => ask,
    confirm: () => confirm,
    message: () => message,
    open: () => open,
    save: () => save
  });
  function open(options = {}) {
    return invokeRaw("plugin:dialog|open", { options });
  }
  function save(options = {}) {
    return invokeRaw("plugin:dialog|save", { options });
  }
  function buttons(ok, cancel) {
    return cancel === void 0 ? { OkCustom: ok } : { OkCancelCustom: [ok, cancel] };
  }
  function show(text, options, ok, cancel) {
    let opts = typeof options == "string" ? { title: options } : options ?? {};
    return invokeRaw("plugin:dialog|message", {
      message: text,
      title: opts.title,
      kind: opts.kind,
      buttons: buttons(opts.okLabel ?? ok, cancel === void 0 ? void 0 : opts.cancelLabel ?? cancel)
    });
  }
  function message(text, options) {
    return show(text, options, "Ok");
  }
  async function ask(text, options) {
    let opts = typeof options == "string" ? { title: options } : options;
    return await show(text, opts, "Yes", "No") === (opts?.okLabel ?? "Yes");
  }
  async function confirm(text, options) {
    let opts = typeof options == "string" ? { title: options } : options;
    return await show(text, opts, "Ok", "Cancel") === (opts?.okLabel ?? "Ok");
  }

  // src/dpi.ts
  var dpi_exports = {};
  __export(dpi_exports, {
    LogicalPosition: () => LogicalPosition,
    LogicalSize: () => LogicalSize,
    PhysicalPosition: () => PhysicalPosition,
    PhysicalSize: () => PhysicalSize
  });
  var LogicalSize = class {
    constructor(width, height) {
      __publicField(this, "type", "Logical");
      __publicField(this, "width");
      __publicField(this, "height");
      this.width = width, this.height = height;
    }
    /** The same size in physical pixels on a screen of `scaleFactor`. */
    toPhysical(scaleFactor) {
      return new PhysicalSize(Math.round(this.width * scaleFactor), Math.round(this.height * scaleFactor));
    }
  }, PhysicalSize = class {
    constructor(width, height) {
      __publicField(this, "type", "Physical");
      __publicField(this, "width");
      __publicField(this, "height");
      this.width = width, this.height = height;
    }
    /** The same size in logical pixels on a screen of `scaleFactor`. */
    toLogical(scaleFactor) {
      return new LogicalSize(this.width / scaleFactor, this.height / scaleFactor);
    }
  }, LogicalPosition = class {
    constructor(x, y) {
      __publicField(this, "type", "Logical");
      __publicField(this, "x");
      __publicField(this, "y");
      this.x = x, this.y = y;
    }
    /** The same position in physical pixels on a screen of `scaleFactor`. */
    toPhysical(scaleFactor) {
      return new PhysicalPosition(Math.round(this.x * scaleFactor), Math.round(this.y * scaleFactor));
    }
  }, PhysicalPosition = class {
    constructor(x, y) {
      __publicField(this, "type", "Physical");
      __publicField(this, "x");
      __publicField(this, "y");
      this.x = x, this.y = y;
    }
    /** The same position in logical pixels on a screen of `scaleFactor`. */
    toLogical(scaleFactor) {
      return new LogicalPosition(this.x / scaleFactor, this.y / scaleFactor);
    }
  };

  // src/event.ts
  async function unlistenById(event, eventId) {
    page().__TAURI_EVENT_PLUGIN_INTERNALS__?.unregisterListener(event, eventId), await invokeRaw("plugin:event|unlisten", { event, eventId });
  }
  async function listen(event, handler, options) {
    let target = typeof options?.target == "string" ? { kind: "AnyLabel", label: options.target } : options?.target ?? { kind: "Any" }, eventId = await invokeRaw("plugin:event|listen", {
      event,
      target,
      handler: transformCallback(handler)
    });
    return () => {
      unlistenById(event, eventId);
    };
  }
  async function once(event, handler, options) {
    return listen(
      event,
      (eventData) => {
        unlistenById(event, eventData.id), handler(eventData);
      },
      options
    );
  }
  async function emit(event, payload) {
    await invokeRaw("plugin:event|emit", { event, payload });
  }
  async function emitTo(target, event, payload) {
    await invokeRaw("plugin:event|emit_to", { target: typeof target == "string" ? { kind: "AnyLabel", label: target } : target, event, payload });
  }

  // src/path.ts
  var path_exports = {};
  __export(path_exports, {
    BaseDirectory: () => BaseDirectory,
    appCacheDir: () => appCacheDir,
    appConfigDir: () => appConfigDir,
    appDataDir: () => appDataDir,
    appLocalDataDir: () => appLocalDataDir,
    appLogDir: () => appLogDir,
    audioDir: () => audioDir,
    basename: () => basename,
    cacheDir: () => cacheDir,
    configDir: () => configDir,
    dataDir: () => dataDir,
    delimiter: () => delimiter,
    desktopDir: () => desktopDir,
    dirname: () => dirname,
    documentDir: () => documentDir,
    downloadDir: () => downloadDir,
    executableDir: () => executableDir,
    extname: () => extname,
    fontDir: () => fontDir,
    homeDir: () => homeDir,
    isAbsolute: () => isAbsolute,
    join: () => join,
    localDataDir: () => localDataDir,
    normalize: () => normalize,
    pictureDir: () => pictureDir,
    publicDir: () => publicDir,
    resolve: () => resolve,
    resolveResource: () => resolveResource,
    resourceDir: () => resourceDir,
    runtimeDir: () => runtimeDir,
    sep: () => sep,
    tempDir: () => tempDir,
    templateDir: () => templateDir,
    videoDir: () => videoDir
  });
  var BaseDirectory = {
    Audio: 1,
    Cache: 2,
    Config: 3,
    Data: 4,
    LocalData: 5,
    Document: 6,
    Download: 7,
    Picture: 8,
    Public: 9,
    Video: 10,
    Resource: 11,
    Temp: 12,
    AppConfig: 13,
    AppData: 14,
    AppLocalData: 15,
    AppCache: 16,
    AppLog: 17,
    Desktop: 18,
    Executable: 19,
    Font: 20,
    Home: 21,
    Runtime: 22,
    Template: 23
  };
  function resolveDirectory(directory, path) {
    return invokeRaw("plugin:path|resolve_directory", path === void 0 ? { directory } : { directory, path });
  }
  var folder = (directory) => () => resolveDirectory(directory), appConfigDir = folder(BaseDirectory.AppConfig), appDataDir = folder(BaseDirectory.AppData), appLocalDataDir = folder(BaseDirectory.AppLocalData), appCacheDir = folder(BaseDirectory.AppCache), appLogDir = folder(BaseDirectory.AppLog), audioDir = folder(BaseDirectory.Audio), cacheDir = folder(BaseDirectory.Cache), configDir = folder(BaseDirectory.Config), dataDir = folder(BaseDirectory.Data), desktopDir = folder(BaseDirectory.Desktop), documentDir = folder(BaseDirectory.Document), downloadDir = folder(BaseDirectory.Download), executableDir = folder(BaseDirectory.Executable), fontDir = folder(BaseDirectory.Font), homeDir = folder(BaseDirectory.Home), localDataDir = folder(BaseDirectory.LocalData), pictureDir = folder(BaseDirectory.Picture), publicDir = folder(BaseDirectory.Public), resourceDir = folder(BaseDirectory.Resource), runtimeDir = folder(BaseDirectory.Runtime), templateDir = folder(BaseDirectory.Template), videoDir = folder(BaseDirectory.Video), tempDir = folder(BaseDirectory.Temp);
  function resolveResource(path) {
    return resolveDirectory(BaseDirectory.Resource, path);
  }
  function separators() {
    let found = page().__TAURI_INTERNALS__?.plugins?.path;
    if (found === void 0) throw new Error("the pytauri_like bridge is not installed in this page");
    return found;
  }
  function sep() {
    return separators().sep;
  }
  function delimiter() {
    return separators().delimiter;
  }
  function join(...paths) {
    return invokeRaw("plugin:path|join", { paths });
  }
  function resolve(...paths) {
    return invokeRaw("plugin:path|resolve", { paths });
  }
  function normalize(path) {
    return invokeRaw("plugin:path|normalize", { path });
  }
  function dirname(path) {
    return invokeRaw("plugin:path|dirname", { path });
  }
  function extname(path) {
    return invokeRaw("plugin:path|extname", { path });
  }
  function basename(path, ext) {
    return invokeRaw("plugin:path|basename", { path, ext });
  }
  function isAbsolute(path) {
    return invokeRaw("plugin:path|is_absolute", { path });
  }

  // src/process.ts
  var process_exports = {};
  __export(process_exports, {
    exit: () => exit,
    relaunch: () => relaunch
  });
  async function exit(code = 0) {
    await invokeRaw("plugin:process|exit", { code });
  }
  async function relaunch() {
    await invokeRaw("plugin:process|restart");
  }

  // src/window.ts
  var window_exports = {};
  __export(window_exports, {
    CloseRequestedEvent: () => CloseRequestedEvent,
    LogicalPosition: () => LogicalPosition,
    LogicalSize: () => LogicalSize,
    PhysicalPosition: () => PhysicalPosition,
    PhysicalSize: () => PhysicalSize,
    Window: () => Window,
    availableMonitors: () => availableMonitors,
    currentMonitor: () => currentMonitor,
    cursorPosition: () => cursorPosition,
    getAllWindows: () => getAllWindows,
    getCurrentWindow: () => getCurrentWindow,
    monitorFromPoint: () => monitorFromPoint,
    primaryMonitor: () => primaryMonitor
  });
  var _prevented, CloseRequestedEvent = class {
    constructor(event) {
      /** `tauri://close-requested`. */
      __publicField(this, "event");
      /** The id of the listener. */
      __publicField(this, "id");
      __privateAdd(this, _prevented, !1);
      this.event = event.event, this.id = event.id;
    }
    /** Keep the window open. */
    preventDefault() {
      __privateSet(this, _prevented, !0);
    }
    /** Whether {@link preventDefault} was called. */
    isPreventDefault() {
      return __privateGet(this, _prevented);
    }
  };
  _prevented = new WeakMap();
  var _Window_instances, call_fn, Window = class {
    constructor(label) {
      __privateAdd(this, _Window_instances);
      /** The window's label (`"main"` unless the config says otherwise). */
      __publicField(this, "label");
      this.label = label;
    }
    /** The window of the page that calls it. */
    static getCurrent() {
      return getCurrentWindow();
    }
    /** Every window of the app. */
    static getAll() {
      return getAllWindows();
    }
    /** The window with this label, or `null`. */
    static async getByLabel(label) {
      return (await getAllWindows()).find((w) => w.label === label) ?? null;
    }
    /** The title, as last set from Python or the page. */
    title() {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "title");
    }
    setTitle(title) {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "set_title", { value: title });
    }
    /** Whether the window is shown (a browser tab always is). */
    isVisible() {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "is_visible");
    }
    /** Show the window (the native runtime; a browser tab cannot be shown by its page). */
    show() {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "show");
    }
    /** Hide the window (the native runtime only). */
    hide() {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "hide");
    }
    close() {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "close");
    }
    /** Close the window without a close request ({@link onCloseRequested} is not asked). */
    destroy() {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "destroy");
    }
    /** Device pixels per logical pixel on the window's screen. */
    scaleFactor() {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "scale_factor");
    }
    /** The size of the window's content area. */
    async innerSize() {
      let { width, height } = await __privateMethod(this, _Window_instances, call_fn).call(this, "inner_size");
      return new PhysicalSize(width, height);
    }
    /** The size of the window (the toolkits report the content area: {@link innerSize}). */
    async outerSize() {
      let { width, height } = await __privateMethod(this, _Window_instances, call_fn).call(this, "outer_size");
      return new PhysicalSize(width, height);
    }
    /** Where the content area's top left corner is (as {@link outerPosition}). */
    async innerPosition() {
      let { x, y } = await __privateMethod(this, _Window_instances, call_fn).call(this, "inner_position");
      return new PhysicalPosition(x, y);
    }
    /** Where the window's top left corner is. */
    async outerPosition() {
      let { x, y } = await __privateMethod(this, _Window_instances, call_fn).call(this, "outer_position");
      return new PhysicalPosition(x, y);
    }
    /** Resize the content area. */
    setSize(size) {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "set_size", { value: sizeValue(size) });
    }
    /** Move the window's top left corner. */
    setPosition(position) {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "set_position", { value: { [position.type]: { x: position.x, y: position.y } } });
    }
    /** Move the window to the middle of its screen. */
    center() {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "center");
    }
    isMaximized() {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "is_maximized");
    }
    isMinimized() {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "is_minimized");
    }
    isFullscreen() {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "is_fullscreen");
    }
    /** Whether the window has the focus (as its page last saw it). */
    isFocused() {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "is_focused");
    }
    isAlwaysOnTop() {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "is_always_on_top");
    }
    maximize() {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "maximize");
    }
    unmaximize() {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "unmaximize");
    }
    toggleMaximize() {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "toggle_maximize");
    }
    minimize() {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "minimize");
    }
    unminimize() {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "unminimize");
    }
    setFullscreen(fullscreen) {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "set_fullscreen", { value: fullscreen });
    }
    setAlwaysOnTop(alwaysOnTop) {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "set_always_on_top", { value: alwaysOnTop });
    }
    /** Whether the user may resize the window. */
    isResizable() {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "is_resizable");
    }
    /** Let the user resize the window, or stop them ({@link setSize} still resizes it). */
    setResizable(resizable) {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "set_resizable", { value: resizable });
    }
    /** Whether the window has the toolkit's title bar and borders. */
    isDecorated() {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "is_decorated");
    }
    /** Give the window the toolkit's title bar and borders, or take them away. */
    setDecorations(decorations) {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "set_decorations", { value: decorations });
    }
    /** Bring the window to the front and give it the keyboard focus. */
    setFocus() {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "set_focus");
    }
    /** The cursor over the window's pages (`'default'`: their own CSS cursors again). Works
     * in browser tabs too: it is set in the pages. */
    setCursorIcon(icon) {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "set_cursor_icon", { value: icon });
    }
    /** Hide the cursor over the window's pages, or show it again. */
    setCursorVisible(visible) {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "set_cursor_visible", { value: visible });
    }
    /** Move the cursor to `position` in the window's content area. */
    setCursorPosition(position) {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "set_cursor_position", { value: { [position.type]: { x: position.x, y: position.y } } });
    }
    /** Let the user move the window with the mouse button held down, as its title bar does
     * (call it on a `mousedown`; a `data-tauri-drag-region` element does it by itself). */
    startDragging() {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "start_dragging");
    }
    /** The smallest the content area may be made; `null` or nothing: no minimum. */
    setMinSize(size) {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "set_min_size", { value: sizeValue(size) });
    }
    /** The largest the content area may be made; `null` or nothing: no maximum. */
    setMaxSize(size) {
      return __privateMethod(this, _Window_instances, call_fn).call(this, "set_max_size", { value: sizeValue(size) });
    }
    /** Bound the content area, each side on its own, in logical pixels; `null`: unbounded. */
    setSizeConstraints(constraints) {
      let logical = (n) => n ? { Logical: n } : null;
      return __privateMethod(this, _Window_instances, call_fn).call(this, "set_size_constraints", {
        value: {
          minWidth: logical(constraints?.minWidth),
          minHeight: logical(constraints?.minHeight),
          maxWidth: logical(constraints?.maxWidth),
          maxHeight: logical(constraints?.maxHeight)
        }
      });
    }
    /** Listen to an event sent to this window. */
    listen(event, handler) {
      return listen(event, handler, { target: { kind: "Window", label: this.label } });
    }
    /** Listen to the next event sent to this window. */
    once(event, handler) {
      return once(event, handler, { target: { kind: "Window", label: this.label } });
    }
    /** Called with the new content size (physical) when the window is resized. */
    onResized(handler) {
      return this.listen(
        "tauri://resize",
        (e) => handler({ ...e, payload: new PhysicalSize(e.payload.width, e.payload.height) })
      );
    }
    /** Called with the new position (physical) when the window moves. */
    onMoved(handler) {
      return this.listen(
        "tauri://move",
        (e) => handler({ ...e, payload: new PhysicalPosition(e.payload.x, e.payload.y) })
      );
    }
    /** Called with `true` when the window gains the focus and `false` when it loses it. */
    async onFocusChanged(handler) {
      let stops = await Promise.all([
        this.listen("tauri://focus", (e) => handler({ ...e, payload: !0 })),
        this.listen("tauri://blur", (e) => handler({ ...e, payload: !1 }))
      ]);
      return () => {
        for (let stop of stops) stop();
      };
    }
    /**
     * Called when the window is asked to close (its close button, {@link close}, Python's
     * `close()`): while a page listens, the window stays open until the handler is done,
     * then closes unless the handler called `event.preventDefault()`.
     *
     * @example
     * ```ts
     * await getCurrentWindow().onCloseRequested(async (event) => {
     *   if (!(await confirmDiscard())) event.preventDefault();
     * });
     * ```
     */
    onCloseRequested(handler) {
      return this.listen("tauri://close-requested", async (e) => {
        let event = new CloseRequestedEvent(e);
        await handler(event), event.isPreventDefault() || await this.destroy();
      });
    }
  };
  _Window_instances = new WeakSet(), call_fn = function(command, args = {}) {
    return invokeRaw(`plugin:window|${command}`, { ...args, label: this.label });
  };
  function getCurrentWindow() {
    let label = page().__TAURI_INTERNALS__?.metadata.currentWindow.label;
    if (label === void 0) throw new Error("the pytauri_like bridge is not installed in this page");
    return new Window(label);
  }
  function sizeValue(size) {
    return size ? { [size.type]: { width: size.width, height: size.height } } : null;
  }
  async function cursorPosition() {
    let at = await invokeRaw("plugin:window|cursor_position");
    return new PhysicalPosition(at.x, at.y);
  }
  async function getAllWindows() {
    return (await invokeRaw("plugin:window|get_all_windows")).map((label) => new Window(label));
  }
  function monitor(m) {
    if (m === null) return null;
    let position = (r) => new PhysicalPosition(r.position.x, r.position.y), size = (r) => new PhysicalSize(r.size.width, r.size.height);
    return {
      name: m.name,
      size: size(m),
      position: position(m),
      workArea: { position: position(m.workArea), size: size(m.workArea) },
      scaleFactor: m.scaleFactor
    };
  }
  async function currentMonitor() {
    return monitor(await invokeRaw("plugin:window|current_monitor"));
  }
  async function primaryMonitor() {
    return monitor(await invokeRaw("plugin:window|primary_monitor"));
  }
  async function monitorFromPoint(x, y) {
    return monitor(await invokeRaw("plugin:window|monitor_from_point", { x, y }));
  }
  async function availableMonitors() {
    return (await invokeRaw("plugin:window|available_monitors")).map((m) => monitor(m));
  }

  // src/bridge.ts
  var PROTOCOL_VERSION = 1, TICKET_PARAM = "__ptl_ticket", TICKET_KEY = "__pytauri_like_ticket", PREFIX = "/__pytauri_like__", MAX_BACKOFF_MS = 5e3, EMPTY = new Uint8Array(0), BATCH_CHARS = 16 * 1024;
  function targetAccepts(listener, sent) {
    return sent == null || listener.kind === "Any" || sent.kind === "Any" ? !0 : listener.kind === "App" || sent.kind === "App" ? listener.kind === sent.kind : listener.label === sent.label;
  }
  var PART_MIN = 2.5 * 1024 * 1024, SCHEME_MAX = 32 * 1024 * 1024;
  function joinSlices(slices) {
    if (slices.length === 1) return slices[0];
    let size = 0;
    for (let slice of slices) {
      if (slice === void 0) return;
      size += slice.byteLength;
    }
    let whole = new Uint8Array(size), at = 0;
    for (let slice of slices)
      whole.set(new Uint8Array(slice), at), at += slice.byteLength;
    return whole.buffer;
  }
  function isEmptyRecord(value) {
    return value !== null && typeof value == "object" && Object.getPrototypeOf(value) === Object.prototype && Object.keys(value).length === 0;
  }
  function pathSeparators(platform) {
    return /^win/i.test(platform) ? { sep: "\\", delimiter: ";" } : { sep: "/", delimiter: ":" };
  }
  function takeTicket(host) {
    let { location } = host, query = location.search.startsWith("?") ? location.search.slice(1) : location.search, kept = [], fromUrl;
    for (let part of query === "" ? [] : query.split("&")) {
      let eq = part.indexOf("="), rawKey = eq === -1 ? part : part.slice(0, eq), key = rawKey;
      try {
        key = decodeURIComponent(rawKey.replace(/\+/g, " "));
      } catch {
      }
      if (key === TICKET_PARAM) {
        let rawValue = eq === -1 ? "" : part.slice(eq + 1);
        try {
          fromUrl = decodeURIComponent(rawValue.replace(/\+/g, " "));
        } catch {
          fromUrl = rawValue;
        }
      } else
        kept.push(part);
    }
    if (fromUrl !== void 0 && fromUrl !== "") {
      try {
        host.sessionStorage?.setItem(TICKET_KEY, fromUrl);
      } catch {
      }
      try {
        let search = kept.length > 0 ? `?${kept.join("&")}` : "";
        host.history.replaceState(host.history.state, "", `${location.pathname}${search}${location.hash}`);
      } catch {
      }
      return fromUrl;
    }
    try {
      return host.sessionStorage?.getItem(TICKET_KEY) ?? void 0;
    } catch {
      return;
    }
  }
  function ticketLabel(ticket, host) {
    if (ticket === void 0) return "";
    try {
      return fromUtf8(base64UrlDecode(ticket.split(".")[0] ?? "", (s) => host.atob(s)));
    } catch {
      return "";
    }
  }
  var _host, _ticket, _nonce, _label, _socket, _connected, _hello, _assetToken, _uploadParts, _scheme, _schemeState, _conn, _outbox, _texts, _textChars, _textSocket, _textFlushQueued, _nextInvokeId, _pending3, _callbacks, _nextCallbackId, _listeners, _subscriptions, _nextEventId, _backlog, _busy, _generation, _retries, _reconnectTimer, _unloading, _readyWaiters, _announced, _Bridge_instances, subscribe_fn, unsubscribe_fn, listen_fn, invokePython_fn, upload_fn, cancel_fn, settle_fn2, sendRecord_fn, sendFocus_fn, sendAuroraView_fn, send_fn, sendNow_fn, run_fn, queueText_fn, flushText_fn, flush_fn, connect_fn, onClose_fn, scheduleReconnect_fn, whenReady_fn, receive_fn2, deliver_fn2, drain_fn, run1_fn, prefetch_fn, handle_fn, onHello_fn, fetchParked_fn, evaluate_fn, Bridge = class {
    constructor(host) {
      __privateAdd(this, _Bridge_instances);
      __privateAdd(this, _host);
      __privateAdd(this, _ticket);
      __privateAdd(this, _nonce);
      __privateAdd(this, _label);
      __privateAdd(this, _socket);
      __privateAdd(this, _connected, !1);
      __privateAdd(this, _hello, !1);
      /** `hello.asset`: the token `convertFileSrc` URLs carry (the ticket until it comes). */
      __privateAdd(this, _assetToken);
      /** Pieces a large body may be cut into (`hello.parts`; 1: one request). */
      __privateAdd(this, _uploadParts, 1);
      /**
       * `hello.scheme`: the app's in-process URL for large bodies (WebKitGTK windows); dropped
       * for the page's life if a post there fails before one has worked (the engine has no such
       * scheme: a browser tab), and the call goes over HTTP instead.
       */
      __privateAdd(this, _scheme);
      __privateAdd(this, _schemeState, "untried");
      __privateAdd(this, _conn);
      __privateAdd(this, _outbox, []);
      /** Text records waiting for the end of the task (`#queueText`), and their socket. */
      __privateAdd(this, _texts, []);
      __privateAdd(this, _textChars, 0);
      __privateAdd(this, _textSocket);
      __privateAdd(this, _textFlushQueued, !1);
      __privateAdd(this, _nextInvokeId, 0);
      __privateAdd(this, _pending3, /* @__PURE__ */ new Map());
      __privateAdd(this, _callbacks, /* @__PURE__ */ new Map());
      __privateAdd(this, _nextCallbackId, 0);
      __privateAdd(this, _listeners, /* @__PURE__ */ new Map());
      /** How many handlers (`listen` and `auroraview.on`) each event name has in this page. */
      __privateAdd(this, _subscriptions, /* @__PURE__ */ new Map());
      __privateAdd(this, _nextEventId, 0);
      /** Records to handle, in order; a parked payload's fetch starts as soon as it is announced. */
      __privateAdd(this, _backlog, []);
      __privateAdd(this, _busy, !1);
      __privateAdd(this, _generation, 0);
      __privateAdd(this, _retries, 0);
      __privateAdd(this, _reconnectTimer);
      __privateAdd(this, _unloading, !1);
      __privateAdd(this, _readyWaiters, []);
      __privateAdd(this, _announced, !1);
      __publicField(this, "internals");
      __publicField(this, "eventInternals");
      __publicField(this, "auroraview");
      __privateSet(this, _host, host), __privateSet(this, _nonce, host.document.scriptNonce), __privateSet(this, _ticket, takeTicket(host)), __privateSet(this, _label, ticketLabel(__privateGet(this, _ticket), host));
      let label = __privateGet(this, _label);
      this.internals = {
        invoke: (cmd, args, options) => this.invoke(cmd, args, options),
        transformCallback: (callback, once2) => this.transformCallback(callback, once2),
        unregisterCallback: (id) => this.unregisterCallback(id),
        runCallback: (id, data) => this.runCallback(id, data),
        callbacks: __privateGet(this, _callbacks),
        convertFileSrc: (filePath, protocol = "asset") => this.convertFileSrc(filePath, protocol),
        metadata: {
          currentWindow: { label },
          currentWebview: { windowLabel: label, label }
        },
        plugins: { path: pathSeparators(host.platform) },
        __pytauriLike: { version: PROTOCOL_VERSION }
      }, this.eventInternals = { unregisterListener: (event, eventId) => this.unregisterListener(event, eventId) }, this.auroraview = new AuroraViewBridge({
        send: (message2) => __privateMethod(this, _Bridge_instances, sendAuroraView_fn).call(this, message2),
        dispatchLocal: (event, detail) => this.dispatchEvent(event, detail),
        isReady: () => __privateGet(this, _hello),
        whenReady: () => __privateMethod(this, _Bridge_instances, whenReady_fn).call(this),
        setTimeout: (fn, ms) => host.setTimeout(fn, ms),
        clearTimeout: (handle) => host.clearTimeout(handle),
        reportError: (error) => host.reportError(error),
        subscribe: (event) => {
          __privateMethod(this, _Bridge_instances, subscribe_fn).call(this, event, !1);
        },
        unsubscribe: (event) => __privateMethod(this, _Bridge_instances, unsubscribe_fn).call(this, event)
      });
    }
    /**
     * Tauri's `convertFileSrc`: the asset protocol's URL for a file on disk. It is on the app's
     * own origin (so the default CSP's `'self'` covers it) and carries the page's asset token,
     * since an `<img>` cannot send headers; the app serves it if `app.security.assetProtocol`
     * allows the path. Another `protocol` gets Tauri's `protocol://localhost/` form (no such
     * protocol is served).
     */
    convertFileSrc(filePath, protocol = "asset") {
      let path = encodeURIComponent(filePath);
      if (protocol !== "asset") return `${protocol}://localhost/${path}`;
      let { location } = __privateGet(this, _host), token = __privateGet(this, _assetToken) ?? __privateGet(this, _ticket), query = token === void 0 ? "" : `?t=${encodeURIComponent(token)}`;
      return `${location.protocol}//${location.host}${PREFIX}/asset/${path}${query}`;
    }
    /** The launch ticket, if the page has one. */
    get ticket() {
      return __privateGet(this, _ticket);
    }
    /** Opens the connection and watches page unload. */
    start() {
      __privateGet(this, _host).addEventListener("pagehide", () => {
        __privateSet(this, _unloading, !0), this.auroraview.rejectAll("AbortError", "the page is unloading"), __privateGet(this, _socket)?.close(1e3, "page hidden");
      }), __privateGet(this, _host).addEventListener("pageshow", (ev) => {
        ev.persisted === !0 && __privateGet(this, _unloading) && (__privateSet(this, _unloading, !1), __privateMethod(this, _Bridge_instances, connect_fn).call(this));
      }), __privateGet(this, _host).addEventListener("focus", () => __privateMethod(this, _Bridge_instances, sendFocus_fn).call(this, !0)), __privateGet(this, _host).addEventListener("blur", () => __privateMethod(this, _Bridge_instances, sendFocus_fn).call(this, !1)), __privateGet(this, _host).onDragRegionPress((double) => {
        let cmd = double ? "plugin:window|internal_toggle_maximize" : "plugin:window|start_dragging";
        this.invoke(cmd, { label: __privateGet(this, _label) }).catch(() => {
        });
      }), __privateMethod(this, _Bridge_instances, connect_fn).call(this);
    }
    // ---- callbacks and listeners ------------------------------------------------------------
    transformCallback(callback, once2 = !1) {
      __privateSet(this, _nextCallbackId, __privateGet(this, _nextCallbackId) + 1);
      let id = __privateGet(this, _nextCallbackId);
      return __privateGet(this, _callbacks).set(id, (data) => {
        once2 && __privateGet(this, _callbacks).delete(id), callback?.(data);
      }), id;
    }
    unregisterCallback(id) {
      __privateGet(this, _callbacks).delete(id);
    }
    runCallback(id, data) {
      let callback = __privateGet(this, _callbacks).get(id);
      if (callback !== void 0)
        try {
          callback(data);
        } catch (error) {
          __privateGet(this, _host).reportError(error);
        }
    }
    unregisterListener(event, eventId) {
      let listener = __privateGet(this, _listeners).get(eventId);
      listener === void 0 || listener.event !== event || (__privateGet(this, _listeners).delete(eventId), this.unregisterCallback(listener.handlerId), __privateMethod(this, _Bridge_instances, unsubscribe_fn).call(this, event));
    }
    /** Delivers an event in this page: `listen` handlers, then `auroraview.on` handlers. */
    dispatchEvent(event, payload, target) {
      for (let [id, listener] of [...__privateGet(this, _listeners)])
        listener.event !== event || !targetAccepts(listener.target, target) || __privateGet(this, _listeners).get(id) === listener && this.runCallback(listener.handlerId, { event, id, payload });
      this.auroraview.deliver(event, payload);
    }
    // ---- invoke -----------------------------------------------------------------------------
    invoke(cmd, args, options) {
      try {
        switch (cmd) {
          case "plugin:event|listen": {
            let { eventId, event } = __privateMethod(this, _Bridge_instances, listen_fn).call(this, args);
            return __privateMethod(this, _Bridge_instances, subscribe_fn).call(this, event, !0).then(() => eventId);
          }
          case "plugin:event|unlisten": {
            let { event, eventId } = args ?? {};
            return this.unregisterListener(event, eventId), Promise.resolve(null);
          }
          case "plugin:event|emit": {
            let { event, payload } = args ?? {};
            return __privateMethod(this, _Bridge_instances, sendRecord_fn).call(this, { k: "emit", event, v: payload ?? null, t: null });
          }
          case "plugin:event|emit_to": {
            let { event, payload, target } = args ?? {};
            return __privateMethod(this, _Bridge_instances, sendRecord_fn).call(this, { k: "emit", event, v: payload ?? null, t: target ?? null });
          }
          default:
            return __privateMethod(this, _Bridge_instances, invokePython_fn).call(this, cmd, args, options);
        }
      } catch (error) {
        return Promise.reject(error);
      }
    }
  };
  _host = new WeakMap(), _ticket = new WeakMap(), _nonce = new WeakMap(), _label = new WeakMap(), _socket = new WeakMap(), _connected = new WeakMap(), _hello = new WeakMap(), _assetToken = new WeakMap(), _uploadParts = new WeakMap(), _scheme = new WeakMap(), _schemeState = new WeakMap(), _conn = new WeakMap(), _outbox = new WeakMap(), _texts = new WeakMap(), _textChars = new WeakMap(), _textSocket = new WeakMap(), _textFlushQueued = new WeakMap(), _nextInvokeId = new WeakMap(), _pending3 = new WeakMap(), _callbacks = new WeakMap(), _nextCallbackId = new WeakMap(), _listeners = new WeakMap(), _subscriptions = new WeakMap(), _nextEventId = new WeakMap(), _backlog = new WeakMap(), _busy = new WeakMap(), _generation = new WeakMap(), _retries = new WeakMap(), _reconnectTimer = new WeakMap(), _unloading = new WeakMap(), _readyWaiters = new WeakMap(), _announced = new WeakMap(), _Bridge_instances = new WeakSet(), /**
   * Counts a handler of `event`; the first one asks Python to send this page `event` (it
   * sends a page only the events it listens to). With `acknowledged`, resolves once Python
   * has the subscription, as Tauri's `listen` does; a dropped connection resolves too (the
   * subscription is sent again on reconnect).
   */
  subscribe_fn = function(event, acknowledged) {
    let count = __privateGet(this, _subscriptions).get(event) ?? 0;
    if (__privateGet(this, _subscriptions).set(event, count + 1), count > 0 || __privateGet(this, _ticket) === void 0) return Promise.resolve();
    if (!acknowledged) {
      let text = JSON.stringify({ k: "sub", event });
      return __privateMethod(this, _Bridge_instances, send_fn).call(this, { text }), Promise.resolve();
    }
    __privateSet(this, _nextInvokeId, __privateGet(this, _nextInvokeId) + 1);
    let id = __privateGet(this, _nextInvokeId);
    return new Promise((resolve2) => {
      let done = () => resolve2();
      __privateGet(this, _pending3).set(id, { command: "plugin:event|listen", resolve: done, reject: done, cleanup: () => {
      } });
      let text = JSON.stringify({ k: "sub", event, id });
      __privateMethod(this, _Bridge_instances, send_fn).call(this, { id, text });
    });
  }, unsubscribe_fn = function(event) {
    let count = __privateGet(this, _subscriptions).get(event) ?? 0;
    if (count > 1) {
      __privateGet(this, _subscriptions).set(event, count - 1);
      return;
    }
    if (__privateGet(this, _subscriptions).delete(event), count === 1 && __privateGet(this, _ticket) !== void 0) {
      let text = JSON.stringify({ k: "unsub", event });
      __privateMethod(this, _Bridge_instances, send_fn).call(this, { text });
    }
  }, listen_fn = function(args) {
    let { event, target, handler } = args ?? {};
    return __privateSet(this, _nextEventId, __privateGet(this, _nextEventId) + 1), __privateGet(this, _listeners).set(__privateGet(this, _nextEventId), { event, handlerId: handler, target: target ?? { kind: "Any" } }), { eventId: __privateGet(this, _nextEventId), event };
  }, invokePython_fn = function(cmd, args, options) {
    if (__privateGet(this, _ticket) === void 0) return Promise.reject(NO_TICKET);
    let command = cmd, headers, body;
    if (cmd === PY_INVOKE_TAURI_CMD) {
      let name;
      headers = [];
      for (let pair of headerPairs(options?.headers))
        pair[0].toLowerCase() !== PY_INVOKE_HEADER ? headers.push(pair) : name ?? (name = pair[1]);
      if (name === void 0 || name === "") return Promise.reject(`\`${cmd}\` needs the \`${PY_INVOKE_HEADER}\` header`);
      command = name, body = isRawBody(args) ? rawBytes(args) : args == null || isEmptyRecord(args) ? EMPTY : utf8(toIpcJson(args));
    } else
      headers = headerPairs(options?.headers), body = isRawBody(args) ? rawBytes(args) : utf8(toIpcJson(args ?? {}));
    let signal = options?.signal;
    if (signal?.aborted === !0) return Promise.reject(new AbortError(command, signal.reason));
    __privateSet(this, _nextInvokeId, __privateGet(this, _nextInvokeId) + 1);
    let id = __privateGet(this, _nextInvokeId), timeout = options?.timeout;
    return new Promise((resolve2, reject) => {
      let timer, onAbort = () => __privateMethod(this, _Bridge_instances, cancel_fn).call(this, id, new AbortError(command, signal?.reason)), pending = {
        command,
        resolve: resolve2,
        reject,
        cleanup: () => {
          timer !== void 0 && __privateGet(this, _host).clearTimeout(timer), signal?.removeEventListener("abort", onAbort);
        }
      };
      if (__privateGet(this, _pending3).set(id, pending), signal?.addEventListener("abort", onAbort, { once: !0 }), timeout !== void 0 && Number.isFinite(timeout) && timeout >= 0 && (timer = __privateGet(this, _host).setTimeout(() => __privateMethod(this, _Bridge_instances, cancel_fn).call(this, id, new TimeoutError(command, timeout)), timeout)), body.byteLength > 262144)
        __privateMethod(this, _Bridge_instances, send_fn).call(this, { id, large: !0, run: () => __privateMethod(this, _Bridge_instances, upload_fn).call(this, id, command, headers, body) });
      else {
        let header = __privateGet(this, _pending3).size > 1 ? { k: "i", id, c: command, h: headers, p: 1 } : { k: "i", id, c: command, h: headers }, frame;
        __privateMethod(this, _Bridge_instances, send_fn).call(this, {
          id,
          run: (socket) => socket.send(frame ?? encodeFrame(header, body, !0)),
          hold: () => {
            frame = encodeFrame(header, body);
          }
        });
      }
    });
  }, /**
   * Sends a large invoke body to the app's scheme when `hello` offered one, else over HTTP;
   * the outcome still comes as an `r` record. Over HTTP, when `hello` asked for it (engines
   * that upload faster in parallel), a body of several MiB goes as up to `parts` pieces at
   * once, and a large result comes back one slice per response. The scheme takes a body up
   * to `SCHEME_MAX` whole (in WebKitGTK a 10 MiB echo takes ~68 ms that way, ~87 ms in four
   * pieces).
   */
  upload_fn = function(id, command, headers, body) {
    let pending = __privateGet(this, _pending3).get(id);
    if (pending === void 0 || __privateGet(this, _ticket) === void 0) return;
    let upload = new AbortController();
    pending.upload = upload;
    let failed = (why, delay = 0) => {
      let refuse = () => {
        upload.abort(), __privateMethod(this, _Bridge_instances, settle_fn2).call(this, id, (p) => p.reject(why));
      };
      delay > 0 ? __privateGet(this, _host).setTimeout(refuse, delay) : refuse();
    }, refused = (status) => (
      // On 413 the app also rejects the call on the socket, with a better message: give it a moment.
      failed(`the app refused the call (HTTP ${status})`, status === 413 ? 1e3 : 0)
    ), scheme = __privateGet(this, _scheme);
    if (scheme !== void 0 && body.byteLength <= SCHEME_MAX) {
      let url = `${scheme}?t=${encodeURIComponent(__privateGet(this, _ticket))}&conn=${encodeURIComponent(__privateGet(this, _conn) ?? "")}&id=${id}&c=${encodeURIComponent(command)}&h=${encodeURIComponent(JSON.stringify(headers))}`;
      __privateGet(this, _host).fetch(url, { method: "POST", body, signal: upload.signal }).then(
        (response) => {
          __privateSet(this, _schemeState, "works"), response.ok || refused(response.status);
        },
        (error) => {
          if (!upload.signal.aborted) {
            if (__privateGet(this, _schemeState) === "works") {
              failed(`sending the call failed: ${String(error)}`);
              return;
            }
            __privateSet(this, _schemeState, "absent"), __privateSet(this, _scheme, void 0), __privateMethod(this, _Bridge_instances, upload_fn).call(this, id, command, headers, body);
          }
        }
      );
      return;
    }
    let count = Math.max(1, Math.min(__privateGet(this, _uploadParts), Math.floor(body.byteLength / PART_MIN))), requestHeaders = {
      "X-PTL-Ticket": __privateGet(this, _ticket),
      "X-PTL-Id": String(id),
      "X-PTL-Command": encodeURIComponent(command),
      "X-PTL-Headers": encodeURIComponent(JSON.stringify(headers))
    };
    __privateGet(this, _conn) !== void 0 && (requestHeaders["X-PTL-Conn"] = __privateGet(this, _conn));
    let step = Math.ceil(body.byteLength / count), sends = [];
    for (let index = 0; index < count; index++) {
      let piece = count === 1 ? body : body.subarray(index * step, (index + 1) * step), pieceHeaders = count === 1 ? requestHeaders : { ...requestHeaders, "X-PTL-Part": `${index}/${count}` };
      sends.push(
        __privateGet(this, _host).fetch(`${PREFIX}/invoke`, {
          method: "POST",
          headers: pieceHeaders,
          body: new Blob([piece]),
          signal: upload.signal
        })
      );
    }
    pending.httpResult = Promise.all(
      sends.map((sent) => sent.then((response) => response.status === 200 ? response.arrayBuffer() : void 0))
    ).then(joinSlices), pending.httpResult.catch(() => {
    });
    for (let sent of sends)
      sent.then(
        (response) => {
          response.ok || refused(response.status);
        },
        (error) => {
          upload.signal.aborted || failed(`sending the call failed: ${String(error)}`);
        }
      );
  }, /** Rejects call `id` at once and tells Python to cancel it. */
  cancel_fn = function(id, error) {
    let pending = __privateGet(this, _pending3).get(id);
    if (pending === void 0) return;
    __privateMethod(this, _Bridge_instances, settle_fn2).call(this, id, (p) => p.reject(error));
    let queued = __privateGet(this, _outbox).findIndex((item) => item.id === id);
    if (queued !== -1) {
      __privateGet(this, _outbox).splice(queued, 1);
      return;
    }
    pending.upload?.abort(), __privateGet(this, _connected) && __privateMethod(this, _Bridge_instances, sendNow_fn).call(this, JSON.stringify({ k: "x", id }));
  }, settle_fn2 = function(id, how) {
    let pending = __privateGet(this, _pending3).get(id);
    pending !== void 0 && (__privateGet(this, _pending3).delete(id), pending.cleanup(), how(pending));
  }, sendRecord_fn = function(record) {
    if (__privateGet(this, _ticket) === void 0) return Promise.reject(NO_TICKET);
    let text = toIpcJson(record);
    return __privateMethod(this, _Bridge_instances, send_fn).call(this, { text }), Promise.resolve(null);
  }, sendFocus_fn = function(focused) {
    __privateGet(this, _ticket) !== void 0 && __privateMethod(this, _Bridge_instances, send_fn).call(this, { text: toIpcJson({ k: "focus", v: focused }) });
  }, sendAuroraView_fn = function(message2) {
    if (__privateGet(this, _ticket) === void 0) {
      let error = new Error(NO_TICKET);
      throw error.name = "ConnectionError", error;
    }
    let text = toIpcJson({ k: "av", v: message2 });
    __privateMethod(this, _Bridge_instances, send_fn).call(this, { text });
  }, // ---- connection -------------------------------------------------------------------------
  send_fn = function(item) {
    let socket = __privateGet(this, _socket);
    socket !== void 0 && __privateGet(this, _connected) && (item.large !== !0 || __privateGet(this, _hello)) ? __privateMethod(this, _Bridge_instances, run_fn).call(this, item, socket) : ("hold" in item && item.hold?.(), __privateGet(this, _outbox).push(item));
  }, sendNow_fn = function(text) {
    let socket = __privateGet(this, _socket);
    socket !== void 0 && __privateGet(this, _connected) && __privateMethod(this, _Bridge_instances, queueText_fn).call(this, socket, text);
  }, run_fn = function(item, socket) {
    if ("text" in item) {
      __privateMethod(this, _Bridge_instances, queueText_fn).call(this, socket, item.text);
      return;
    }
    __privateMethod(this, _Bridge_instances, flushText_fn).call(this);
    try {
      item.run(socket);
    } catch (error) {
      item.id !== void 0 && __privateMethod(this, _Bridge_instances, settle_fn2).call(this, item.id, (p) => p.reject(`sending the call failed: ${String(error)}`));
    }
  }, /**
   * Text records (emits, subscriptions, cancels, AuroraView messages) wait for the end of
   * the current task and go out together as one JSON-array frame: a page emitting in a loop
   * costs one frame per batch, not one per event. Any other frame flushes them first, so
   * the order of everything sent is kept.
   */
  queueText_fn = function(socket, text) {
    (__privateGet(this, _textSocket) !== socket || __privateGet(this, _textChars) + text.length > BATCH_CHARS) && __privateMethod(this, _Bridge_instances, flushText_fn).call(this), __privateSet(this, _textSocket, socket), __privateGet(this, _texts).push(text), __privateSet(this, _textChars, __privateGet(this, _textChars) + text.length), __privateGet(this, _textFlushQueued) || (__privateSet(this, _textFlushQueued, !0), queueMicrotask(() => {
      __privateSet(this, _textFlushQueued, !1), __privateMethod(this, _Bridge_instances, flushText_fn).call(this);
    }));
  }, flushText_fn = function() {
    let socket = __privateGet(this, _textSocket), texts = __privateGet(this, _texts);
    if (!(socket === void 0 || texts.length === 0) && (__privateSet(this, _texts, []), __privateSet(this, _textChars, 0), socket === __privateGet(this, _socket)))
      try {
        socket.send(texts.length === 1 ? texts[0] : `[${texts.join(",")}]`);
      } catch {
      }
  }, flush_fn = function() {
    let socket = __privateGet(this, _socket);
    if (socket === void 0 || !__privateGet(this, _connected)) return;
    let waiting = [], items = __privateGet(this, _outbox);
    __privateSet(this, _outbox, waiting);
    for (let item of items)
      item.large === !0 && !__privateGet(this, _hello) ? waiting.push(item) : __privateMethod(this, _Bridge_instances, run_fn).call(this, item, socket);
  }, connect_fn = function() {
    if (__privateGet(this, _ticket) === void 0 || __privateGet(this, _unloading) || __privateGet(this, _socket) !== void 0) return;
    let { location } = __privateGet(this, _host), scheme = location.protocol === "https:" ? "wss:" : "ws:", socket;
    try {
      socket = __privateGet(this, _host).createSocket(
        `${scheme}//${location.host}${PREFIX}/ws?ticket=${encodeURIComponent(__privateGet(this, _ticket))}&subs=1`
      );
    } catch (error) {
      __privateGet(this, _host).reportError(error), __privateMethod(this, _Bridge_instances, scheduleReconnect_fn).call(this);
      return;
    }
    __privateSet(this, _socket, socket), __privateSet(this, _generation, __privateGet(this, _generation) + 1), __privateSet(this, _backlog, []), __privateSet(this, _busy, !1), socket.binaryType = "arraybuffer", socket.onopen = () => {
      if (__privateGet(this, _socket) === socket) {
        __privateSet(this, _connected, !0);
        for (let event of __privateGet(this, _subscriptions).keys()) __privateMethod(this, _Bridge_instances, sendNow_fn).call(this, JSON.stringify({ k: "sub", event }));
        __privateMethod(this, _Bridge_instances, flush_fn).call(this);
      }
    }, socket.onmessage = (ev) => {
      __privateGet(this, _socket) === socket && __privateMethod(this, _Bridge_instances, receive_fn2).call(this, ev.data);
    }, socket.onerror = () => {
    }, socket.onclose = () => {
      __privateGet(this, _socket) === socket && __privateMethod(this, _Bridge_instances, onClose_fn).call(this);
    };
  }, onClose_fn = function() {
    __privateSet(this, _socket, void 0), __privateSet(this, _connected, !1), __privateSet(this, _hello, !1), __privateSet(this, _conn, void 0), __privateSet(this, _outbox, []), __privateSet(this, _texts, []), __privateSet(this, _textChars, 0), __privateSet(this, _backlog, []), __privateSet(this, _busy, !1), __privateSet(this, _generation, __privateGet(this, _generation) + 1);
    for (let id of [...__privateGet(this, _pending3).keys()])
      __privateMethod(this, _Bridge_instances, settle_fn2).call(this, id, (p) => {
        p.upload?.abort(), p.reject(CONNECTION_CLOSED);
      });
    if (__privateGet(this, _unloading)) {
      this.auroraview.dropAll();
      return;
    }
    this.auroraview.rejectAll("ConnectionError", CONNECTION_CLOSED), __privateMethod(this, _Bridge_instances, scheduleReconnect_fn).call(this);
  }, scheduleReconnect_fn = function() {
    if (__privateGet(this, _unloading) || __privateGet(this, _reconnectTimer) !== void 0) return;
    let delay = Math.min(MAX_BACKOFF_MS, 100 * 2 ** __privateGet(this, _retries));
    __privateSet(this, _retries, __privateGet(this, _retries) + 1), __privateSet(this, _reconnectTimer, __privateGet(this, _host).setTimeout(() => {
      __privateSet(this, _reconnectTimer, void 0), __privateMethod(this, _Bridge_instances, connect_fn).call(this);
    }, delay));
  }, whenReady_fn = function() {
    return __privateGet(this, _hello) ? Promise.resolve() : new Promise((resolve2) => __privateGet(this, _readyWaiters).push(resolve2));
  }, // ---- receiving --------------------------------------------------------------------------
  receive_fn2 = function(data) {
    try {
      if (typeof data == "string") {
        let parsed = JSON.parse(data);
        for (let record of Array.isArray(parsed) ? parsed : [parsed]) __privateMethod(this, _Bridge_instances, deliver_fn2).call(this, record, void 0, __privateMethod(this, _Bridge_instances, prefetch_fn).call(this, record));
      } else if (data instanceof ArrayBuffer || typeof data == "object" && data !== null && "byteLength" in data) {
        let { header, payload } = decodeFrame(data);
        __privateMethod(this, _Bridge_instances, deliver_fn2).call(this, header, payload, void 0);
      }
    } catch (error) {
      __privateGet(this, _host).reportError(error);
      return;
    }
    __privateMethod(this, _Bridge_instances, drain_fn).call(this);
  }, /** One record: handled now when nothing waits before it, else queued behind what does. */
  deliver_fn2 = function(record, payload, parked) {
    if (__privateGet(this, _busy) || __privateGet(this, _backlog).length > 0) {
      __privateGet(this, _backlog).push([record, payload, parked]);
      return;
    }
    __privateMethod(this, _Bridge_instances, run1_fn).call(this, record, payload, parked);
  }, /** Handles records in order; a parked payload being fetched holds back what follows it. */
  drain_fn = function() {
    for (; !__privateGet(this, _busy) && __privateGet(this, _backlog).length > 0; ) {
      let [record, payload, parked] = __privateGet(this, _backlog).shift();
      __privateMethod(this, _Bridge_instances, run1_fn).call(this, record, payload, parked);
    }
  }, /** Handles one record; one that waits (a parked payload) holds back the rest until done. */
  run1_fn = function(record, payload, parked) {
    let waiting;
    try {
      waiting = __privateMethod(this, _Bridge_instances, handle_fn).call(this, record, payload, parked);
    } catch (error) {
      __privateGet(this, _host).reportError(error);
    }
    if (waiting !== void 0) {
      __privateSet(this, _busy, !0);
      let generation = __privateGet(this, _generation);
      waiting.then(() => {
        generation === __privateGet(this, _generation) && (__privateSet(this, _busy, !1), __privateMethod(this, _Bridge_instances, drain_fn).call(this));
      });
    }
  }, /**
   * Starts fetching a parked payload the moment its record arrives, so several large
   * messages download at once; `#drain` still delivers them in order.
   */
  prefetch_fn = function(record) {
    let parked = record;
    if (parked.k !== "r" && parked.k !== "c" || typeof parked.u != "string") return;
    let fetching = __privateMethod(this, _Bridge_instances, fetchParked_fn).call(this, parked.u);
    return fetching.catch(() => {
    }), fetching;
  }, handle_fn = function(record, payload, parked) {
    switch (record.k) {
      case "hello":
        __privateMethod(this, _Bridge_instances, onHello_fn).call(this, record);
        return;
      case "r": {
        let id = record.id;
        if (!__privateGet(this, _pending3).has(id)) return;
        if (!record.ok) {
          __privateMethod(this, _Bridge_instances, settle_fn2).call(this, id, (p) => p.reject(record.e));
          return;
        }
        if (payload === void 0 && record.h === 1)
          return (__privateGet(this, _pending3).get(id)?.httpResult ?? Promise.resolve(void 0)).then(
            (buffer) => __privateMethod(this, _Bridge_instances, settle_fn2).call(this, id, (p) => buffer === void 0 ? p.reject("the result of the upload was lost") : p.resolve(buffer)),
            (error) => __privateMethod(this, _Bridge_instances, settle_fn2).call(this, id, (p) => p.reject(`receiving the result failed: ${String(error)}`))
          );
        if (payload === void 0 && typeof record.u == "string")
          return (parked ?? __privateMethod(this, _Bridge_instances, fetchParked_fn).call(this, record.u)).then(
            (buffer) => __privateMethod(this, _Bridge_instances, settle_fn2).call(this, id, (p) => p.resolve(buffer)),
            (error) => __privateMethod(this, _Bridge_instances, settle_fn2).call(this, id, (p) => p.reject(`fetching the result failed: ${String(error)}`))
          );
        let value = payload ?? record.v ?? null;
        __privateMethod(this, _Bridge_instances, settle_fn2).call(this, id, (p) => p.resolve(value));
        return;
      }
      case "c": {
        if (!__privateGet(this, _callbacks).has(record.ch)) return;
        if (record.end === !0) {
          this.runCallback(record.ch, { index: record.i, end: !0 });
          return;
        }
        if (payload === void 0 && typeof record.u == "string")
          return (parked ?? __privateMethod(this, _Bridge_instances, fetchParked_fn).call(this, record.u)).then(
            (buffer) => this.runCallback(record.ch, { index: record.i, message: buffer }),
            (error) => __privateGet(this, _host).reportError(error)
          );
        this.runCallback(record.ch, { index: record.i, message: payload ?? record.v ?? null });
        return;
      }
      case "e":
        this.dispatchEvent(record.event, payload ?? record.v ?? null, record.t);
        return;
      case "eval":
        __privateMethod(this, _Bridge_instances, evaluate_fn).call(this, record.js);
        return;
      case "title":
        __privateGet(this, _host).document.title = record.v;
        return;
      case "cursor":
        __privateGet(this, _host).setCursor(typeof record.v == "string" && /^[a-z-]+$/.test(record.v) ? record.v : null);
        return;
      case "nav":
        __privateGet(this, _host).location.assign(record.url);
        return;
      case "close":
        __privateGet(this, _host).closeWindow();
        return;
      case "err":
        __privateGet(this, _host).logError(`pytauri_like: the app could not use a message from this page: ${record.e}`);
        return;
      default:
        return;
    }
  }, onHello_fn = function(record) {
    __privateSet(this, _hello, !0), __privateSet(this, _retries, 0), __privateSet(this, _conn, record.conn), typeof record.asset == "string" && __privateSet(this, _assetToken, record.asset), __privateSet(this, _uploadParts, typeof record.parts == "number" && record.parts >= 1 ? Math.floor(record.parts) : 1), __privateSet(this, _scheme, typeof record.scheme == "string" && __privateGet(this, _schemeState) !== "absent" ? record.scheme : void 0), typeof record.label == "string" && record.label !== "" && record.label !== __privateGet(this, _label) && (__privateSet(this, _label, record.label), this.internals.metadata.currentWindow.label = record.label, this.internals.metadata.currentWebview.label = record.label, this.internals.metadata.currentWebview.windowLabel = record.label), __privateMethod(this, _Bridge_instances, flush_fn).call(this), __privateMethod(this, _Bridge_instances, sendFocus_fn).call(this, __privateGet(this, _host).document.hasFocus());
    let waiters = __privateGet(this, _readyWaiters);
    __privateSet(this, _readyWaiters, []);
    for (let resolve2 of waiters) resolve2();
    __privateGet(this, _announced) || (__privateSet(this, _announced, !0), __privateGet(this, _host).dispatchEvent("auroraviewready"));
  }, fetchParked_fn = function(url) {
    let headers = {};
    return __privateGet(this, _ticket) !== void 0 && (headers["X-PTL-Ticket"] = __privateGet(this, _ticket)), __privateGet(this, _host).fetch(url, { headers }).then((response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
      return response.arrayBuffer();
    });
  }, /** Runs `source` as a page script carrying the page's CSP nonce. */
  evaluate_fn = function(source) {
    let script = __privateGet(this, _host).document.createScript();
    __privateGet(this, _nonce) !== void 0 && __privateGet(this, _nonce) !== "" && (script.nonce = __privateGet(this, _nonce)), script.text = source, __privateGet(this, _host).document.appendScript(script), script.remove();
  };
  function installBridge(host) {
    let target = host.global;
    if (target.__TAURI_INTERNALS__?.__pytauriLike !== void 0) return;
    let bridge = new Bridge(host);
    return target.__TAURI_INTERNALS__ = bridge.internals, target.__TAURI_EVENT_PLUGIN_INTERNALS__ = bridge.eventInternals, target.__TAURI__ = {
      core: { invoke: invokeRaw, Channel, transformCallback, convertFileSrc },
      event: { listen, once, emit, emitTo },
      pytauri: { pyInvoke: pyInvokeRaw },
      path: path_exports,
      window: window_exports,
      dpi: dpi_exports,
      dialog: dialog_exports,
      process: process_exports,
      app: app_exports
    }, target.auroraview = bridge.auroraview, target.isTauri = !0, bridge.start(), bridge;
  }

  // src/browser.ts
  var DRAG_REGION = "data-tauri-drag-region";
  function inDragRegion(target) {
    let start = target instanceof Element ? target : null, region = start?.closest(`[${DRAG_REGION}]`) ?? null;
    if (region === null) return !1;
    let value = region.getAttribute(DRAG_REGION);
    return value !== "false" && (region === start || value === "deep");
  }
  function browserHost() {
    let win = window, doc = document, cursorSheet, current = doc.currentScript, nonce = current?.nonce !== void 0 && current.nonce !== "" ? current.nonce : void 0, storage = null;
    try {
      storage = win.sessionStorage;
    } catch {
      storage = null;
    }
    return {
      global: win,
      location: win.location,
      history: win.history,
      sessionStorage: storage,
      document: {
        get title() {
          return doc.title;
        },
        set title(value) {
          doc.title = value;
        },
        scriptNonce: nonce,
        hasFocus: () => doc.hasFocus(),
        createScript: () => doc.createElement("script"),
        appendScript: (script) => {
          (doc.head ?? doc.documentElement).appendChild(script);
        }
      },
      createSocket: (url) => new WebSocket(url),
      fetch: (url, init) => win.fetch(url, init),
      setTimeout: (fn, ms) => win.setTimeout(fn, ms),
      clearTimeout: (handle) => win.clearTimeout(handle),
      addEventListener: (type, listener) => win.addEventListener(type, listener),
      setCursor: (cursor) => {
        cursorSheet === void 0 && (cursorSheet = new CSSStyleSheet(), doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, cursorSheet]), cursorSheet.replaceSync(cursor === null ? "" : `*, *::before, *::after { cursor: ${cursor} !important; }`);
      },
      onDragRegionPress: (listener) => {
        doc.addEventListener("mousedown", (ev) => {
          ev.button !== 0 || !inDragRegion(ev.target) || (ev.preventDefault(), listener(ev.detail === 2));
        });
      },
      dispatchEvent: (type) => {
        win.dispatchEvent(new Event(type));
      },
      closeWindow: () => win.close(),
      reportError: (error) => {
        typeof win.reportError == "function" ? win.reportError(error) : win.setTimeout(() => {
          throw error;
        }, 0);
      },
      logError: (message2) => console.error(message2),
      atob: (data) => win.atob(data),
      platform: win.navigator.platform ?? ""
    };
  }
  installBridge(browserHost());
})();
