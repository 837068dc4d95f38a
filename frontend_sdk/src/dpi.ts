/**
 * Sizes and positions in logical or physical pixels, as `@tauri-apps/api/dpi` has them:
 * what {@link Window.setSize} and {@link Window.setPosition} take, and what the window's
 * size and position queries answer (physical). It is `window.__TAURI__.dpi` for pages with
 * no bundler.
 *
 * ```ts
 * await getCurrentWindow().setSize(new LogicalSize(640, 480));
 * ```
 *
 * @module
 */

/** A size in logical pixels (physical pixels divided by the scale factor). */
class LogicalSize {
  readonly type = 'Logical' as const;
  width: number;
  height: number;

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
  }

  /** The same size in physical pixels on a screen of `scaleFactor`. */
  toPhysical(scaleFactor: number): PhysicalSize {
    return new PhysicalSize(Math.round(this.width * scaleFactor), Math.round(this.height * scaleFactor));
  }
}

/** A size in physical (device) pixels. */
class PhysicalSize {
  readonly type = 'Physical' as const;
  width: number;
  height: number;

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
  }

  /** The same size in logical pixels on a screen of `scaleFactor`. */
  toLogical(scaleFactor: number): LogicalSize {
    return new LogicalSize(this.width / scaleFactor, this.height / scaleFactor);
  }
}

/** A position in logical pixels from the screen's top left. */
class LogicalPosition {
  readonly type = 'Logical' as const;
  x: number;
  y: number;

  constructor(x: number, y: number) {
    this.x = x;
    this.y = y;
  }

  /** The same position in physical pixels on a screen of `scaleFactor`. */
  toPhysical(scaleFactor: number): PhysicalPosition {
    return new PhysicalPosition(Math.round(this.x * scaleFactor), Math.round(this.y * scaleFactor));
  }
}

/** A position in physical (device) pixels from the screen's top left. */
class PhysicalPosition {
  readonly type = 'Physical' as const;
  x: number;
  y: number;

  constructor(x: number, y: number) {
    this.x = x;
    this.y = y;
  }

  /** The same position in logical pixels on a screen of `scaleFactor`. */
  toLogical(scaleFactor: number): LogicalPosition {
    return new LogicalPosition(this.x / scaleFactor, this.y / scaleFactor);
  }
}

export { LogicalPosition, LogicalSize, PhysicalPosition, PhysicalSize };
