/**
 * The app's windows from the page, as `@tauri-apps/api/window` has them, for what a
 * pytauri_like window can do (`plugin:window|*`): its label and title; showing, hiding and
 * closing it; its size, position, maximised, minimised, fullscreen, always-on-top and focus
 * state; its size bounds, resizability and decorations; the cursor over it (icon, visibility,
 * position; `cursorPosition`) and dragging it; the monitors (`currentMonitor`,
 * `primaryMonitor`, `availableMonitors`, `monitorFromPoint`); and its `tauri://resize`,
 * `tauri://move`, `tauri://focus`/`blur` and `tauri://close-requested` events. It is
 * `window.__TAURI__.window` for pages with no bundler; with a bundler,
 * `@tauri-apps/api/window` itself works for the same methods.
 *
 * Sizes, positions and states need a native window (the webview runtime): in the browser
 * runtime, whose windows are tabs, they reject saying so. Rejections are plain strings, as
 * in Tauri.
 *
 * ```ts
 * await getCurrentWindow().setTitle('Report — draft');
 * await getCurrentWindow().setSize(new LogicalSize(640, 480));
 * ```
 *
 * @module
 */

import { invokeRaw, page } from './core.js';
import { LogicalPosition, LogicalSize, PhysicalPosition, PhysicalSize } from './dpi.js';
import { type EventCallback, listen, once, type UnlistenFn } from './event.js';

/** What an {@link Window.onCloseRequested} handler gets: call `preventDefault()` to keep
 * the window open. */
class CloseRequestedEvent {
  /** `tauri://close-requested`. */
  readonly event: string;
  /** The id of the listener. */
  readonly id: number;
  #prevented = false;

  constructor(event: { event: string; id: number }) {
    this.event = event.event;
    this.id = event.id;
  }

  /** Keep the window open. */
  preventDefault(): void {
    this.#prevented = true;
  }

  /** Whether {@link preventDefault} was called. */
  isPreventDefault(): boolean {
    return this.#prevented;
  }
}

/** One of the app's windows, by label. */
class Window {
  /** The window's label (`"main"` unless the config says otherwise). */
  readonly label: string;

  constructor(label: string) {
    this.label = label;
  }

  /** The window of the page that calls it. */
  static getCurrent(): Window {
    return getCurrentWindow();
  }

  /** Every window of the app. */
  static getAll(): Promise<Window[]> {
    return getAllWindows();
  }

  /** The window with this label, or `null`. */
  static async getByLabel(label: string): Promise<Window | null> {
    return (await getAllWindows()).find((w) => w.label === label) ?? null;
  }

  /** The title, as last set from Python or the page. */
  title(): Promise<string> {
    return this.#call('title');
  }

  setTitle(title: string): Promise<void> {
    return this.#call('set_title', { value: title });
  }

  /** Whether the window is shown (a browser tab always is). */
  isVisible(): Promise<boolean> {
    return this.#call('is_visible');
  }

  /** Show the window (the native runtime; a browser tab cannot be shown by its page). */
  show(): Promise<void> {
    return this.#call('show');
  }

  /** Hide the window (the native runtime only). */
  hide(): Promise<void> {
    return this.#call('hide');
  }

  close(): Promise<void> {
    return this.#call('close');
  }

  /** Close the window without a close request ({@link onCloseRequested} is not asked). */
  destroy(): Promise<void> {
    return this.#call('destroy');
  }

  /** Device pixels per logical pixel on the window's screen. */
  scaleFactor(): Promise<number> {
    return this.#call('scale_factor');
  }

  /** The size of the window's content area. */
  async innerSize(): Promise<PhysicalSize> {
    const { width, height } = await this.#call<{ width: number; height: number }>('inner_size');
    return new PhysicalSize(width, height);
  }

  /** The size of the window (the toolkits report the content area: {@link innerSize}). */
  async outerSize(): Promise<PhysicalSize> {
    const { width, height } = await this.#call<{ width: number; height: number }>('outer_size');
    return new PhysicalSize(width, height);
  }

  /** Where the content area's top left corner is (as {@link outerPosition}). */
  async innerPosition(): Promise<PhysicalPosition> {
    const { x, y } = await this.#call<{ x: number; y: number }>('inner_position');
    return new PhysicalPosition(x, y);
  }

  /** Where the window's top left corner is. */
  async outerPosition(): Promise<PhysicalPosition> {
    const { x, y } = await this.#call<{ x: number; y: number }>('outer_position');
    return new PhysicalPosition(x, y);
  }

  /** Resize the content area. */
  setSize(size: LogicalSize | PhysicalSize): Promise<void> {
    return this.#call('set_size', { value: sizeValue(size) });
  }

  /** Move the window's top left corner. */
  setPosition(position: LogicalPosition | PhysicalPosition): Promise<void> {
    return this.#call('set_position', { value: { [position.type]: { x: position.x, y: position.y } } });
  }

  /** Move the window to the middle of its screen. */
  center(): Promise<void> {
    return this.#call('center');
  }

  isMaximized(): Promise<boolean> {
    return this.#call('is_maximized');
  }

  isMinimized(): Promise<boolean> {
    return this.#call('is_minimized');
  }

  isFullscreen(): Promise<boolean> {
    return this.#call('is_fullscreen');
  }

  /** Whether the window has the focus (as its page last saw it). */
  isFocused(): Promise<boolean> {
    return this.#call('is_focused');
  }

  isAlwaysOnTop(): Promise<boolean> {
    return this.#call('is_always_on_top');
  }

  maximize(): Promise<void> {
    return this.#call('maximize');
  }

  unmaximize(): Promise<void> {
    return this.#call('unmaximize');
  }

  toggleMaximize(): Promise<void> {
    return this.#call('toggle_maximize');
  }

  minimize(): Promise<void> {
    return this.#call('minimize');
  }

  unminimize(): Promise<void> {
    return this.#call('unminimize');
  }

  setFullscreen(fullscreen: boolean): Promise<void> {
    return this.#call('set_fullscreen', { value: fullscreen });
  }

  setAlwaysOnTop(alwaysOnTop: boolean): Promise<void> {
    return this.#call('set_always_on_top', { value: alwaysOnTop });
  }

  /** Whether the user may resize the window. */
  isResizable(): Promise<boolean> {
    return this.#call('is_resizable');
  }

  /** Let the user resize the window, or stop them ({@link setSize} still resizes it). */
  setResizable(resizable: boolean): Promise<void> {
    return this.#call('set_resizable', { value: resizable });
  }

  /** Whether the window has the toolkit's title bar and borders. */
  isDecorated(): Promise<boolean> {
    return this.#call('is_decorated');
  }

  /** Give the window the toolkit's title bar and borders, or take them away. */
  setDecorations(decorations: boolean): Promise<void> {
    return this.#call('set_decorations', { value: decorations });
  }

  /** Bring the window to the front and give it the keyboard focus. */
  setFocus(): Promise<void> {
    return this.#call('set_focus');
  }

  /** The cursor over the window's pages (`'default'`: their own CSS cursors again). Works
   * in browser tabs too: it is set in the pages. */
  setCursorIcon(icon: CursorIcon): Promise<void> {
    return this.#call('set_cursor_icon', { value: icon });
  }

  /** Hide the cursor over the window's pages, or show it again. */
  setCursorVisible(visible: boolean): Promise<void> {
    return this.#call('set_cursor_visible', { value: visible });
  }

  /** Move the cursor to `position` in the window's content area. */
  setCursorPosition(position: LogicalPosition | PhysicalPosition): Promise<void> {
    return this.#call('set_cursor_position', { value: { [position.type]: { x: position.x, y: position.y } } });
  }

  /** Let the user move the window with the mouse button held down, as its title bar does
   * (call it on a `mousedown`; a `data-tauri-drag-region` element does it by itself). */
  startDragging(): Promise<void> {
    return this.#call('start_dragging');
  }

  /** The smallest the content area may be made; `null` or nothing: no minimum. */
  setMinSize(size?: LogicalSize | PhysicalSize | null): Promise<void> {
    return this.#call('set_min_size', { value: sizeValue(size) });
  }

  /** The largest the content area may be made; `null` or nothing: no maximum. */
  setMaxSize(size?: LogicalSize | PhysicalSize | null): Promise<void> {
    return this.#call('set_max_size', { value: sizeValue(size) });
  }

  /** Bound the content area, each side on its own, in logical pixels; `null`: unbounded. */
  setSizeConstraints(constraints?: WindowSizeConstraints | null): Promise<void> {
    const logical = (n?: number) => (n ? { Logical: n } : null);
    return this.#call('set_size_constraints', {
      value: {
        minWidth: logical(constraints?.minWidth),
        minHeight: logical(constraints?.minHeight),
        maxWidth: logical(constraints?.maxWidth),
        maxHeight: logical(constraints?.maxHeight),
      },
    });
  }

  /** Listen to an event sent to this window. */
  listen<T>(event: string, handler: EventCallback<T>): Promise<UnlistenFn> {
    return listen(event, handler, { target: { kind: 'Window', label: this.label } });
  }

  /** Listen to the next event sent to this window. */
  once<T>(event: string, handler: EventCallback<T>): Promise<UnlistenFn> {
    return once(event, handler, { target: { kind: 'Window', label: this.label } });
  }

  /** Called with the new content size (physical) when the window is resized. */
  onResized(handler: EventCallback<PhysicalSize>): Promise<UnlistenFn> {
    return this.listen<{ width: number; height: number }>('tauri://resize', (e) =>
      handler({ ...e, payload: new PhysicalSize(e.payload.width, e.payload.height) }),
    );
  }

  /** Called with the new position (physical) when the window moves. */
  onMoved(handler: EventCallback<PhysicalPosition>): Promise<UnlistenFn> {
    return this.listen<{ x: number; y: number }>('tauri://move', (e) =>
      handler({ ...e, payload: new PhysicalPosition(e.payload.x, e.payload.y) }),
    );
  }

  /** Called with `true` when the window gains the focus and `false` when it loses it. */
  async onFocusChanged(handler: EventCallback<boolean>): Promise<UnlistenFn> {
    const stops = await Promise.all([
      this.listen<null>('tauri://focus', (e) => handler({ ...e, payload: true })),
      this.listen<null>('tauri://blur', (e) => handler({ ...e, payload: false })),
    ]);
    return () => {
      for (const stop of stops) stop();
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
  onCloseRequested(handler: (event: CloseRequestedEvent) => void | Promise<void>): Promise<UnlistenFn> {
    return this.listen('tauri://close-requested', async (e) => {
      const event = new CloseRequestedEvent(e);
      await handler(event);
      if (!event.isPreventDefault()) await this.destroy();
    });
  }

  #call<T>(command: string, args: Record<string, unknown> = {}): Promise<T> {
    return invokeRaw<T>(`plugin:window|${command}`, { ...args, label: this.label });
  }
}

/** The window of the page that calls it. */
function getCurrentWindow(): Window {
  const label = page().__TAURI_INTERNALS__?.metadata.currentWindow.label;
  if (label === undefined) throw new Error('the pytauri_like bridge is not installed in this page');
  return new Window(label);
}

/** Every window of the app, in the config's order. */
/** Bounds for {@link Window.setSizeConstraints}, in logical pixels; each is optional. */
interface WindowSizeConstraints {
  minWidth?: number;
  minHeight?: number;
  maxWidth?: number;
  maxHeight?: number;
}

/** A size as Tauri's `Size` serialises: `{"Logical": {width, height}}` (or `Physical`). */
function sizeValue(size?: LogicalSize | PhysicalSize | null) {
  return size ? { [size.type]: { width: size.width, height: size.height } } : null;
}

/** Tauri's cursor icons ({@link Window.setCursorIcon}). */
type CursorIcon =
  | 'default' | 'crosshair' | 'hand' | 'arrow' | 'move' | 'text' | 'wait' | 'help' | 'progress'
  | 'notAllowed' | 'contextMenu' | 'cell' | 'verticalText' | 'alias' | 'copy' | 'noDrop' | 'grab'
  | 'grabbing' | 'allScroll' | 'zoomIn' | 'zoomOut' | 'eResize' | 'nResize' | 'neResize' | 'nwResize'
  | 'sResize' | 'seResize' | 'swResize' | 'wResize' | 'ewResize' | 'nsResize' | 'neswResize'
  | 'nwseResize' | 'colResize' | 'rowResize';

/** Where the cursor is on the desktop, in device pixels (a native window's toolkit reads it;
 * a browser tab rejects). */
async function cursorPosition(): Promise<PhysicalPosition> {
  const at = await invokeRaw<{ x: number; y: number }>('plugin:window|cursor_position');
  return new PhysicalPosition(at.x, at.y);
}

async function getAllWindows(): Promise<Window[]> {
  const labels = await invokeRaw<string[]>('plugin:window|get_all_windows');
  return labels.map((label) => new Window(label));
}

/** One screen, in device pixels: where it is on the desktop, how large, the part panels and
 * docks leave to windows, and its device pixels per CSS pixel. */
interface Monitor {
  /** The toolkit's name for it (the connector or model), `null` if it has none. */
  name: string | null;
  size: PhysicalSize;
  position: PhysicalPosition;
  workArea: { position: PhysicalPosition; size: PhysicalSize };
  scaleFactor: number;
}

interface Rect {
  position: { x: number; y: number };
  size: { width: number; height: number };
}

type MonitorJson = Rect & { name: string | null; workArea: Rect; scaleFactor: number };

function monitor(m: MonitorJson | null): Monitor | null {
  if (m === null) return null;
  const position = (r: Rect) => new PhysicalPosition(r.position.x, r.position.y);
  const size = (r: Rect) => new PhysicalSize(r.size.width, r.size.height);
  return {
    name: m.name,
    size: size(m),
    position: position(m),
    workArea: { position: position(m.workArea), size: size(m.workArea) },
    scaleFactor: m.scaleFactor,
  };
}

/** The screen holding most of the calling page's window; `null` if it is on none. Needs a
 * native window (the webview runtime), as every monitor query does. */
async function currentMonitor(): Promise<Monitor | null> {
  return monitor(await invokeRaw<MonitorJson | null>('plugin:window|current_monitor'));
}

/** The screen the system calls primary; `null` if it names none. */
async function primaryMonitor(): Promise<Monitor | null> {
  return monitor(await invokeRaw<MonitorJson | null>('plugin:window|primary_monitor'));
}

/** The screen holding the desktop point `(x, y)`, in device pixels; `null` if none does. */
async function monitorFromPoint(x: number, y: number): Promise<Monitor | null> {
  return monitor(await invokeRaw<MonitorJson | null>('plugin:window|monitor_from_point', { x, y }));
}

/** Every screen. */
async function availableMonitors(): Promise<Monitor[]> {
  const all = await invokeRaw<MonitorJson[]>('plugin:window|available_monitors');
  return all.map((m) => monitor(m) as Monitor);
}

export {
  availableMonitors,
  CloseRequestedEvent,
  currentMonitor,
  type CursorIcon,
  cursorPosition,
  getAllWindows,
  getCurrentWindow,
  LogicalPosition,
  LogicalSize,
  type Monitor,
  monitorFromPoint,
  PhysicalPosition,
  PhysicalSize,
  primaryMonitor,
  Window,
  type WindowSizeConstraints,
};
