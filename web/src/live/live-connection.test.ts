import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveConnection, type ConnectionState, type KeyCheck, type SocketLike } from './live-connection.ts';
import type { LiveServerMessage } from './live-messages.ts';

class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  sent: string[] = [];
  closed = false;
  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.closed = true;
  }
  open(role = 'viewer'): void {
    this.readyState = 1;
    this.onopen?.({} as Event);
    this.message({ type: 'hello', protocol: 1, serverTimeMs: 0, role, cars: [], sources: [], channels: [] });
  }
  message(m: unknown): void {
    this.onmessage?.({ data: JSON.stringify(m) } as MessageEvent);
  }
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' } as CloseEvent);
  }
}

function setup(keys: Array<string | null>, check: (key: string) => KeyCheck = () => 'ok') {
  const sockets: FakeSocket[] = [];
  const states: ConnectionState[] = [];
  const messages: LiveServerMessage[] = [];
  const dropped: string[] = [];
  let k = 0;
  const conn = new LiveConnection({
    url: (key) => `ws://edge/api/live?access_token=${key}`,
    getKey: async () => keys[Math.min(k++, keys.length - 1)],
    checkKey: async (key) => check(key),
    dropKey: (key) => dropped.push(key),
    onMessage: (m) => messages.push(m),
    onState: (s) => states.push(s),
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    backoff: { random: () => 0.5 },
    pingEveryMs: 1000,
  });
  return { conn, sockets, states, messages, dropped };
}

describe('LiveConnection', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('connects with the key in the URL, is open after hello, and passes frames on', async () => {
    const t = setup(['k1234567890123456']);
    t.conn.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.sockets[0].url).toBe('ws://edge/api/live?access_token=k1234567890123456');
    t.sockets[0].open('engineer');
    expect(t.conn.state).toMatchObject({ kind: 'open', role: 'engineer' });
    t.sockets[0].message({ type: 'frames', frames: [{ car: '7', session: 's', ts: 1, values: { speed: 3 } }, { bad: true }] });
    expect(t.messages.at(-1)).toEqual({ type: 'frames', frames: [{ car: '7', session: 's', ts: 1, values: { speed: 3 } }] });
  });

  it('reconnects with backoff after a drop: 250 ms, 500 ms, 1 s; a hello resets the schedule', async () => {
    const t = setup(['key-aaaaaaaaaaaaaaaa']);
    t.conn.start();
    await vi.advanceTimersByTimeAsync(0);
    t.sockets[0].open();
    t.sockets[0].drop();
    expect(t.conn.state.kind).toBe('waiting');
    await vi.advanceTimersByTimeAsync(249);
    expect(t.sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.sockets).toHaveLength(2);
    t.sockets[1].drop(); // never opened: the key is checked (ok), then the next delay
    await vi.advanceTimersByTimeAsync(499);
    expect(t.sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.sockets).toHaveLength(3);
    t.sockets[2].drop();
    await vi.advanceTimersByTimeAsync(999);
    expect(t.sockets).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.sockets).toHaveLength(4);
    t.sockets[3].open();
    t.sockets[3].drop();
    await vi.advanceTimersByTimeAsync(250);
    expect(t.sockets).toHaveLength(5);
  });

  it('a refused key is dropped and a fresh (bootstrap) key is tried; with none left it asks the user', async () => {
    const t = setup(['old-key-0000000000000', 'new-key-0000000000000'], (k) => (k.startsWith('old') ? 'refused' : 'ok'));
    t.conn.start();
    await vi.advanceTimersByTimeAsync(0);
    t.sockets[0].drop();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.dropped).toEqual(['old-key-0000000000000']);
    expect(t.sockets.at(-1)!.url).toContain('new-key');
    const u = setup(['bad-key-0000000000000'], () => 'refused');
    u.conn.start();
    await vi.advanceTimersByTimeAsync(0);
    u.sockets[0].drop();
    await vi.advanceTimersByTimeAsync(0);
    expect(u.conn.state.kind).toBe('needs-key');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(u.sockets).toHaveLength(1);
  });

  it('without any key it waits for the user', async () => {
    const t = setup([null]);
    t.conn.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.conn.state.kind).toBe('needs-key');
    expect(t.sockets).toHaveLength(0);
  });

  it('pings, and treats a missing pong as a dead link', async () => {
    const t = setup(['key-bbbbbbbbbbbbbbbb']);
    t.conn.start();
    await vi.advanceTimersByTimeAsync(0);
    t.sockets[0].open();
    await vi.advanceTimersByTimeAsync(1000);
    expect(JSON.parse(t.sockets[0].sent[0])).toMatchObject({ type: 'ping' });
    t.sockets[0].message({ type: 'pong', serverTimeMs: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.sockets[0].closed).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.sockets[0].closed).toBe(true);
    expect(t.conn.state.kind).toBe('waiting');
  });

  it('stop() closes and does not reconnect', async () => {
    const t = setup(['key-cccccccccccccccc']);
    t.conn.start();
    await vi.advanceTimersByTimeAsync(0);
    t.sockets[0].open();
    t.conn.stop();
    t.sockets[0].drop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.sockets).toHaveLength(1);
    expect(t.conn.state.kind).toBe('stopped');
  });
});
