import { describe, expect, it } from 'vitest';
import { IngestError } from '../../ingest/errors.ts';
import { buildTrackModel } from '../build.ts';
import { readCentrelineCsv } from './centreline-csv.ts';
import { ringLonLat } from './fixtures.ts';

const N = 100;
const ring = (R: number) =>
  Array.from({ length: N }, (_v, i) => [R * Math.cos((2 * Math.PI * i) / N), R * Math.sin((2 * Math.PI * i) / N)]);

describe('centre-line CSV reader', () => {
  it('TUMFTM format: "# x_m,y_m,w_tr_right_m,w_tr_left_m"', () => {
    const text = '# x_m,y_m,w_tr_right_m,w_tr_left_m\n' + ring(120).map(([x, y]) => `${x},${y},5.5,4.25`).join('\n') + '\n';
    const src = readCentrelineCsv(text, 'Ring.csv');
    expect(src.name).toBe('Ring');
    expect(src.points.frame).toBe('local');
    expect(src.widthRightM![0]).toBe(5.5);
    expect(src.widthLeftM![0]).toBe(4.25);
    const m = buildTrackModel(src);
    expect(Math.abs(m.grid.lengthM - 2 * Math.PI * 120)).toBeLessThan(0.01);
    expect(m.grid.widthLeftM![50]).toBeCloseTo(4.25, 9);
  });

  it('a comment line before the real header is skipped', () => {
    const src = readCentrelineCsv('# exported by a tool\nx_m,y_m\n' + ring(50).map(([x, y]) => `${x},${y}`).join('\n'), 'c.csv');
    expect(src.points.frame === 'local' && src.points.yM.length).toBe(N);
    const prose = readCentrelineCsv('# made by hand, in metres\n' + ring(50).map(([x, y]) => `${x},${y}`).join('\n'), 'p.csv');
    expect(prose.points.frame === 'local' && prose.points.xM[0]).toBe(50);
  });

  it('headerless x,y with semicolons; lat,lon with a header and an elevation column', () => {
    const s1 = readCentrelineCsv(ring(80).map(([x, y]) => `${x};${y}`).join('\r\n'), 'a.csv');
    expect(s1.points.frame === 'local' && s1.points.xM[0]).toBe(80);
    const geo = ringLonLat(N, 300);
    const s2 = readCentrelineCsv('latitude\tlongitude\televation\n' + geo.map((p) => `${p[1]}\t${p[0]}\t${p[2]}`).join('\n'), 'b.tsv');
    expect(s2.points.frame).toBe('wgs84');
    expect(s2.elevationM![0]).toBeCloseTo(geo[0][2], 9);
    expect(Math.abs(buildTrackModel(s2).grid.lengthM - 2 * Math.PI * 300)).toBeLessThan(0.02);
  });

  it('bad cells and ragged rows are IngestErrors with line and column', () => {
    try {
      readCentrelineCsv('x_m,y_m\n1,2\n3,four\n', 'bad.csv');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IngestError);
      expect((e as IngestError).where).toMatchObject({ file: 'bad.csv', line: 3, column: 2 });
    }
    expect(() => readCentrelineCsv('x_m,y_m\n1,2\n3\n', 'r.csv')).toThrow(/expected 2 values/);
    expect(() => readCentrelineCsv('speed,rpm\n1,2\n', 'h.csv')).toThrow(/need x,y or lat,lon/);
    expect(() => readCentrelineCsv('# only a comment\n', 'c.csv')).toThrow(/no numeric rows/);
  });
});
