// Hash router: '#/<view>' (with optional '?a=1&b=2' parameters) as a Solid signal, so that views
// work offline and from any start URL without server routes.

import { createSignal, onCleanup, type Accessor } from 'solid-js';

export interface Route {
  viewId: string;
  params: URLSearchParams;
}

export function parseHash(hash: string, defaultViewId: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const [path, query = ''] = body.split('?', 2);
  return { viewId: path || defaultViewId, params: new URLSearchParams(query) };
}

export function routeHref(viewId: string, params?: Record<string, string>): string {
  const q = params ? new URLSearchParams(params).toString() : '';
  return `#/${viewId}${q ? `?${q}` : ''}`;
}

export function createHashRoute(defaultViewId: string): Accessor<Route> {
  const [route, setRoute] = createSignal(parseHash(location.hash, defaultViewId));
  const update = () => setRoute(parseHash(location.hash, defaultViewId));
  window.addEventListener('hashchange', update);
  onCleanup(() => window.removeEventListener('hashchange', update));
  return route;
}
