// Where the CLI keeps its database when no --db is given: the platform's per-user data directory,
// $XDG_DATA_HOME or ~/.local/share on Linux, ~/Library/Application Support on macOS, %APPDATA% on Windows.

import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

export const APP_DIR_NAME = 'engitorquemap';
export const DB_FILE_NAME = 'etm.duckdb';

export interface PlatformInfo {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  home: string;
}

/** The per-user data directory of the platform (not yet the app's folder inside it). */
export function userDataDir(p: PlatformInfo = currentPlatform()): string {
  if (p.platform === 'win32') return p.env.APPDATA || win32.join(p.home, 'AppData', 'Roaming');
  if (p.platform === 'darwin') return posix.join(p.home, 'Library', 'Application Support');
  // XDG Base Directory: a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = p.env.XDG_DATA_HOME;
  return xdg && posix.isAbsolute(xdg) ? xdg : posix.join(p.home, '.local', 'share');
}

/** <user data dir>/engitorquemap/etm.duckdb */
export function defaultDbPath(p: PlatformInfo = currentPlatform()): string {
  const path = p.platform === 'win32' ? win32 : posix;
  return path.join(userDataDir(p), APP_DIR_NAME, DB_FILE_NAME);
}

function currentPlatform(): PlatformInfo {
  return { platform: process.platform, env: process.env, home: homedir() };
}
