/**
 * Test-only bundle: the *real* published Tauri JS API, exposed as
 * `window.tauriApi` so e2e tests can drive it with `page.evaluate`.
 *
 * Nothing here is mocked: these are the functions a user's frontend imports,
 * so a test that passes through them proves the pytauri_like bridge is a
 * drop-in `__TAURI_INTERNALS__` for `@tauri-apps/api` 2.x and pytauri 0.8.
 */
import * as app from "@tauri-apps/api/app";
import { Channel, convertFileSrc, invoke } from "@tauri-apps/api/core";
import { emit, emitTo, listen, once } from "@tauri-apps/api/event";
import * as path from "@tauri-apps/api/path";
import { LogicalPosition, LogicalSize, PhysicalPosition, PhysicalSize } from "@tauri-apps/api/dpi";
import { getCurrentWebviewWindow } from "@tauri-apps/api/webviewWindow";
import {
  availableMonitors,
  currentMonitor,
  cursorPosition,
  getCurrentWindow,
  monitorFromPoint,
  primaryMonitor,
} from "@tauri-apps/api/window";
import * as dialog from "@tauri-apps/plugin-dialog";
import * as process from "@tauri-apps/plugin-process";
import { pyInvoke } from "tauri-plugin-pytauri-api";

const tauriApi = {
  invoke,
  Channel,
  convertFileSrc,
  listen,
  once,
  emit,
  emitTo,
  pyInvoke,
  path,
  getCurrentWindow,
  getCurrentWebviewWindow,
  currentMonitor,
  primaryMonitor,
  availableMonitors,
  monitorFromPoint,
  cursorPosition,
  LogicalSize,
  LogicalPosition,
  PhysicalPosition,
  PhysicalSize,
  app,
  dialog,
  process,
};

declare global {
  interface Window {
    tauriApi: typeof tauriApi;
  }
}

window.tauriApi = tauriApi;
