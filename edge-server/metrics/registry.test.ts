import { describe, expect, it, vi } from 'vitest';
import { edgeMetrics } from './edge-metrics.ts';
import { MetricsRegistry } from './registry.ts';

describe('metrics registry', () => {
  it('renders counters, gauges and histograms in the Prometheus text format', () => {
    const r = new MetricsRegistry();
    const c = r.counter('etm_test_total', 'A counter.\nSecond line', ['source']);
    c.inc(2, { source: 'mqtt' });
    c.inc(1, { source: 'ka"fka\\x\n' });
    r.gauge('etm_test_clients', 'Clients.').collect(() => 3);
    const h = r.histogram('etm_test_seconds', 'Latency.', { buckets: [0.1, 1] });
    h.observe(0.05);
    h.observe(0.5);
    h.observe(5);
    expect(r.render()).toBe(
      [
        '# HELP etm_test_clients Clients.',
        '# TYPE etm_test_clients gauge',
        'etm_test_clients 3',
        '# HELP etm_test_seconds Latency.',
        '# TYPE etm_test_seconds histogram',
        'etm_test_seconds_bucket{le="0.1"} 1',
        'etm_test_seconds_bucket{le="1"} 2',
        'etm_test_seconds_bucket{le="+Inf"} 3',
        'etm_test_seconds_sum 5.55',
        'etm_test_seconds_count 3',
        '# HELP etm_test_total A counter.\\nSecond line',
        '# TYPE etm_test_total counter',
        'etm_test_total{source="mqtt"} 2',
        'etm_test_total{source="ka\\"fka\\\\x\\n"} 1',
        '',
      ].join('\n'),
    );
  });

  it('refuses bad names, labels and decreasing counters; re-registering returns the same metric', () => {
    const r = new MetricsRegistry();
    expect(() => r.counter('bad-name', 'x')).toThrow(/invalid metric name/);
    expect(() => r.counter('ok_total', 'x', ['le'])).toThrow(/invalid label/);
    const c = r.counter('ok_total', 'x', ['a']);
    expect(() => c.inc(-1, { a: '1' })).toThrow(/only increase/);
    expect(() => c.inc(1)).toThrow(/needs label 'a'/);
    expect(() => c.inc(1, { a: '1', b: '2' })).toThrow(/no label 'b'/);
    expect(r.counter('ok_total', 'x', ['a'])).toBe(c);
    expect(() => r.gauge('ok_total', 'x')).toThrow(/already registered/);
    expect(() => r.histogram('h', 'x', { buckets: [1, 1] })).toThrow(/increasing/);
  });

  it('gives every module the same edge metrics per registry', () => {
    const r = new MetricsRegistry();
    expect(edgeMetrics(r)).toBe(edgeMetrics(r));
    edgeMetrics(r).storeWriteS.observe(0.002, { backend: 'pglite' });
    expect(r.render()).toMatch(/^etm_store_write_seconds_bucket\{backend="pglite",le="0\.0025"\} 1$/m);
    expect(edgeMetrics(new MetricsRegistry())).not.toBe(edgeMetrics(r));
  });

  it('reports the ingest rate between scrapes at least a second apart', () => {
    let nowMs = 1000;
    const spy = vi.spyOn(performance, 'now').mockImplementation(() => nowMs);
    try {
      const r = new MetricsRegistry();
      const m = edgeMetrics(r);
      const rate = () => Number(/^etm_ingest_rate_frames_per_second (\S+)$/m.exec(r.render())?.[1]);
      m.ingestFrames.inc(300, { source: 'mqtt' });
      m.ingestFrames.inc(200, { source: 'kafka' });
      nowMs += 2000;
      expect(rate()).toBe(250);
      nowMs += 500; // too soon: the last rate stands
      m.ingestFrames.inc(1000, { source: 'mqtt' });
      expect(rate()).toBe(250);
      nowMs += 500;
      expect(rate()).toBe(1000); // 1000 frames in the second since the scrape that counted

    } finally {
      spy.mockRestore();
    }
  });
});
