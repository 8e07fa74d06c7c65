import { describe, expect, it } from 'vitest';
import { defaultDbPath, userDataDir } from './default-db-path.ts';

describe('defaultDbPath', () => {
  it('uses $XDG_DATA_HOME on Linux, ~/.local/share when unset or relative', () => {
    expect(defaultDbPath({ platform: 'linux', env: { XDG_DATA_HOME: '/data/me' }, home: '/home/me' })).toBe('/data/me/engitorquemap/etm.duckdb');
    expect(defaultDbPath({ platform: 'linux', env: {}, home: '/home/me' })).toBe('/home/me/.local/share/engitorquemap/etm.duckdb');
    expect(defaultDbPath({ platform: 'linux', env: { XDG_DATA_HOME: 'rel/dir' }, home: '/home/me' })).toBe('/home/me/.local/share/engitorquemap/etm.duckdb');
    expect(userDataDir({ platform: 'freebsd', env: {}, home: '/usr/home/me' })).toBe('/usr/home/me/.local/share');
  });

  it('uses Application Support on macOS', () => {
    expect(defaultDbPath({ platform: 'darwin', env: { XDG_DATA_HOME: '/ignored' }, home: '/Users/me' })).toBe(
      '/Users/me/Library/Application Support/engitorquemap/etm.duckdb',
    );
  });

  it('uses %APPDATA% on Windows, with a fallback under the profile', () => {
    expect(defaultDbPath({ platform: 'win32', env: { APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, home: 'C:\\Users\\me' })).toBe(
      'C:\\Users\\me\\AppData\\Roaming\\engitorquemap\\etm.duckdb',
    );
    expect(defaultDbPath({ platform: 'win32', env: {}, home: 'C:\\Users\\me' })).toBe('C:\\Users\\me\\AppData\\Roaming\\engitorquemap\\etm.duckdb');
  });

  it('defaults to the running platform', () => {
    expect(defaultDbPath()).toMatch(/engitorquemap[\\/]etm\.duckdb$/);
  });
});
