import { describe, expect, it } from 'vitest';
import { parseHash, routeHref } from './router.ts';

describe('hash router', () => {
  it('reads the view and its parameters from the hash', () => {
    const r = parseHash('#/lap-compare?a=s1&b=s2', 'sessions');
    expect(r.viewId).toBe('lap-compare');
    expect(r.params.get('a')).toBe('s1');
    expect(r.params.get('b')).toBe('s2');
  });
  it('falls back to the default view on an empty hash', () => {
    expect(parseHash('', 'sessions').viewId).toBe('sessions');
    expect(parseHash('#/', 'sessions').viewId).toBe('sessions');
  });
  it('builds hrefs that parse back to the same route', () => {
    const href = routeHref('track-map', { session: 'abc def' });
    expect(href).toBe('#/track-map?session=abc+def');
    expect(parseHash(href, 'sessions').params.get('session')).toBe('abc def');
  });
});
