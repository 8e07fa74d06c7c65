// Backpressure: one tablet stops reading while another keeps up under a heavy stream. The slow one is
// decimated, then closed with code 4008 and a reason it can read; the fast one gets every frame; the
// ingest is not held up; the memory the server holds for clients stays bounded and is reported.

import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { LiveFrame } from '../../edge-server/live/frames/live-frame.ts';
import { nowMs } from '../../edge-server/live/sources/telemetry-source.ts';
import { startLiveServer, T0, TestTablet, VIEWER_KEY, waitFor } from './harness.ts';

const SOFT = 256 * 1024;
const HARD = 32 * 1024 * 1024;

function bigFrame(car: number, i: number): LiveFrame {
  const values: Record<string, number> = { speed: 40 + (i % 10), rpm: 7000 };
  for (let c = 0; c < 150; c++) values[`sensor_${c}`] = i * 1000 + c + 0.123456789;
  return { carId: `car-${car}`, sessionId: 'bp', tsMs: T0 + i * 10, values };
}

describe('a slow tablet', () => {
  it('is decimated, then dropped with a reason, without slowing the fast tablet or the ingest', async () => {
    const live = await startLiveServer({ sources: [], limits: { softBytes: SOFT, hardBytes: HARD, maxSlowMs: 1500, decimatedHz: 2, closeGraceMs: 10_000 } });
    const metric = (re: RegExp) => Number(re.exec(live.registry.render())?.[1] ?? NaN);
    try {
      const fast = await TestTablet.connect(live.wsUrl);
      const slowWs = new WebSocket(live.wsUrl, { headers: { Authorization: `Bearer ${VIEWER_KEY}` } });
      await new Promise<void>((resolve, reject) => {
        slowWs.once('open', () => resolve());
        slowWs.once('error', reject);
      });
      let slowClose: { code: number; reason: string } | undefined;
      let slowMessages = 0;
      let slowSawSlowNotice = false;
      slowWs.on('message', (d) => {
        slowMessages++;
        if (d.toString().startsWith('{"type":"slow"')) slowSawSlowNotice = true;
      });
      slowWs.on('close', (code, reason) => (slowClose = { code, reason: reason.toString() }));
      // stop reading: the kernel buffers fill, then the server's send buffer for this client grows
      (slowWs as unknown as { _socket: { pause(): void } })._socket.pause();

      const cars = 20;
      let sent = 0;
      let maxIngestMs = 0;
      let maxBuffered = 0;
      const dropped = () => metric(/^etm_live_ws_clients_dropped_total\{reason="slow"\} (\S+)$/m);
      const start = Date.now();
      for (let i = 0; Date.now() - start < 8000; i++) {
        const frames = Array.from({ length: cars }, (_, c) => bigFrame(c, i));
        const t = performance.now();
        live.bridge.ingest(frames, { source: 'test', origin: 'test', receivedAtMs: nowMs() });
        maxIngestMs = Math.max(maxIngestMs, performance.now() - t);
        sent += cars;
        maxBuffered = Math.max(maxBuffered, metric(/^etm_live_ws_buffered_bytes (\S+)$/m));
        await new Promise((r) => setTimeout(r, 5));
        if (dropped() === 1 && i % 50 === 0 && Date.now() - start > 3000) break;
      }
      expect(dropped()).toBe(1);
      expect(metric(/^etm_live_ws_frames_skipped_total\{reason="decimated"\} (\S+)$/m)).toBeGreaterThan(0);

      // the slow tablet reads again: what was buffered, the 'slow' notice, then the close with its reason
      (slowWs as unknown as { _socket: { resume(): void } })._socket.resume();
      await waitFor(() => slowClose !== undefined, 15_000, 'the slow tablet to be closed');
      expect(slowClose!.code).toBe(4008);
      expect(slowClose!.reason).toMatch(/^too slow/);
      expect(slowSawSlowNotice).toBe(true);
      expect(slowMessages).toBeGreaterThan(1);

      // the fast tablet got every frame, once
      await fast.until(() => fast.frames.size >= sent, 20_000, `${sent} frames on the fast tablet`);
      expect(fast.frames.size).toBe(sent);
      expect(fast.duplicates).toBe(0);
      expect(fast.closeCode).toBeUndefined();

      // bounded: never more than the hard limit (plus one message) queued for clients; ingest never waited on a socket
      expect(maxBuffered).toBeLessThan(HARD + 1024 * 1024);
      expect(maxIngestMs).toBeLessThan(500);
      expect(live.bridge.status().clients).toBe(1);
      fast.close();
    } finally {
      await live.close();
    }
  }, 60_000);
});
