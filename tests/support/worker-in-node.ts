// Test support: load a comlink worker module in Node as if it were a worker's global scope (a
// MessageChannel port stands in for `self`), and return the comlink proxy to its API.

import * as Comlink from 'comlink';

export async function wrapWorkerModule<T>(load: () => Promise<unknown>): Promise<Comlink.Remote<T>> {
  const { port1, port2 } = new MessageChannel();
  const scope = globalThis as unknown as Record<string, unknown>;
  scope.addEventListener = port1.addEventListener.bind(port1);
  scope.removeEventListener = port1.removeEventListener.bind(port1);
  scope.postMessage = port1.postMessage.bind(port1);
  port1.start();
  await load();
  return Comlink.wrap<T>(port2);
}
