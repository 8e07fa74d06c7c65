import { describe, expect, it } from 'vitest';
import { CarAlerts } from './alerts.ts';

describe('car alerts', () => {
  it('raises car-stopped once after the car stands still for the threshold, and car-moving when it goes', () => {
    const a = new CarAlerts('7');
    const kinds: string[] = [];
    const speeds = [...Array(20).fill(30), ...Array(50).fill(0.2), ...Array(10).fill(20)];
    speeds.forEach((v, i) => kinds.push(...a.onFrame('s', 1e12 + i * 100, 1e12 + i * 100, v).map((x) => `${x.kind}@${(x.tsMs - 1e12) / 100}`)));
    expect(kinds).toEqual(['car-stopped@20', 'car-moving@70']);
  });

  it('does not call a car stopped that never moved (in the pits at the start)', () => {
    const a = new CarAlerts('7');
    for (let i = 0; i < 100; i++) expect(a.onFrame('s', 1e12 + i * 100, 0, 0)).toEqual([]);
  });

  it('goes silent once without frames and resumes with the next one', () => {
    const a = new CarAlerts('7');
    a.onFrame('s', 1e12, 1000, 30);
    expect(a.sweep('s', 5000)).toBeUndefined();
    expect(a.sweep('s', 6500)).toMatchObject({ kind: 'car-silent', silentS: 5.5, tsMs: 1e12 });
    expect(a.sweep('s', 9000)).toBeUndefined();
    expect(a.onFrame('s', 1e12 + 8000, 9000, 30).map((x) => x.kind)).toEqual(['car-resumed']);
  });
});
