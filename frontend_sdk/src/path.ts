/**
 * Folders and path operations, as `@tauri-apps/api/path` has them: the same names, arguments
 * and results, answered by the app (`plugin:path|*`). It is `window.__TAURI__.path` for pages
 * with no bundler; with a bundler, `@tauri-apps/api/path` itself works as well.
 *
 * Rejections are plain strings, as in Tauri.
 *
 * ```ts
 * const file = await join(await appDataDir(), 'thumbnails', 'cat.png');
 * ```
 *
 * @module
 */

import { invokeRaw, page } from './core.js';

/** Tauri's `BaseDirectory`: which folder, by the number the app knows it by. */
const BaseDirectory = {
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
  Template: 23,
} as const;
type BaseDirectory = (typeof BaseDirectory)[keyof typeof BaseDirectory];

/** The folder `directory` names, optionally with `path` joined to it. */
function resolveDirectory(directory: BaseDirectory, path?: string): Promise<string> {
  return invokeRaw<string>('plugin:path|resolve_directory', path === undefined ? { directory } : { directory, path });
}

const folder = (directory: BaseDirectory) => (): Promise<string> => resolveDirectory(directory);

/** The app's own folders, named after its `identifier`. */
const appConfigDir = folder(BaseDirectory.AppConfig);
const appDataDir = folder(BaseDirectory.AppData);
const appLocalDataDir = folder(BaseDirectory.AppLocalData);
const appCacheDir = folder(BaseDirectory.AppCache);
const appLogDir = folder(BaseDirectory.AppLog);
/** The system's and the user's folders (a folder the system lacks rejects). */
const audioDir = folder(BaseDirectory.Audio);
const cacheDir = folder(BaseDirectory.Cache);
const configDir = folder(BaseDirectory.Config);
const dataDir = folder(BaseDirectory.Data);
const desktopDir = folder(BaseDirectory.Desktop);
const documentDir = folder(BaseDirectory.Document);
const downloadDir = folder(BaseDirectory.Download);
const executableDir = folder(BaseDirectory.Executable);
const fontDir = folder(BaseDirectory.Font);
const homeDir = folder(BaseDirectory.Home);
const localDataDir = folder(BaseDirectory.LocalData);
const pictureDir = folder(BaseDirectory.Picture);
const publicDir = folder(BaseDirectory.Public);
const resourceDir = folder(BaseDirectory.Resource);
const runtimeDir = folder(BaseDirectory.Runtime);
const templateDir = folder(BaseDirectory.Template);
const videoDir = folder(BaseDirectory.Video);
const tempDir = folder(BaseDirectory.Temp);

/** `path` inside the app's `Resource` folder (the folder that holds its frontend folder). */
function resolveResource(path: string): Promise<string> {
  return resolveDirectory(BaseDirectory.Resource, path);
}

function separators(): { sep: string; delimiter: string } {
  const found = page().__TAURI_INTERNALS__?.plugins?.path;
  if (found === undefined) throw new Error('the pytauri_like bridge is not installed in this page');
  return found;
}

/** The path separator of the machine the app runs on (`/` or `\`). */
function sep(): string {
  return separators().sep;
}

/** The separator of path lists (`:` or `;`). */
function delimiter(): string {
  return separators().delimiter;
}

/** The paths joined and normalised; `.` for none. */
function join(...paths: string[]): Promise<string> {
  return invokeRaw<string>('plugin:path|join', { paths });
}

/** The paths joined onto the app's working directory, normalised. */
function resolve(...paths: string[]): Promise<string> {
  return invokeRaw<string>('plugin:path|resolve', { paths });
}

/** `.` and `..` resolved by name (nothing is looked up on disk). */
function normalize(path: string): Promise<string> {
  return invokeRaw<string>('plugin:path|normalize', { path });
}

/** The folder part of `path`; rejects for a path with none. */
function dirname(path: string): Promise<string> {
  return invokeRaw<string>('plugin:path|dirname', { path });
}

/** The extension of `path`, without its dot; rejects for a name with none. */
function extname(path: string): Promise<string> {
  return invokeRaw<string>('plugin:path|extname', { path });
}

/** The last part of `path`, with `ext` taken off its end if given and there. */
function basename(path: string, ext?: string): Promise<string> {
  return invokeRaw<string>('plugin:path|basename', { path, ext });
}

/** Whether `path` is absolute. */
function isAbsolute(path: string): Promise<boolean> {
  return invokeRaw<boolean>('plugin:path|is_absolute', { path });
}

export {
  appCacheDir,
  appConfigDir,
  appDataDir,
  appLocalDataDir,
  appLogDir,
  audioDir,
  BaseDirectory,
  basename,
  cacheDir,
  configDir,
  dataDir,
  delimiter,
  desktopDir,
  dirname,
  documentDir,
  downloadDir,
  executableDir,
  extname,
  fontDir,
  homeDir,
  isAbsolute,
  join,
  localDataDir,
  normalize,
  pictureDir,
  publicDir,
  resolve,
  resolveResource,
  resourceDir,
  runtimeDir,
  sep,
  templateDir,
  tempDir,
  videoDir,
};
