// The SqlDriver contract, run against the native and the WASM adapter alike.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVER_FIXTURES, type DriverFixture } from '../../cli/node/driver-fixtures.ts';
import { StoreError } from './errors.ts';
import type { SqlDriver } from './sql-driver.ts';

function sameFloat64(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const y = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

describe.each(DRIVER_FIXTURES)('SqlDriver on $name', ({ make }) => {
  let fixture: DriverFixture;
  let db: SqlDriver;

  beforeAll(async () => {
    fixture = make();
    db = await fixture.open();
    await db.run('CREATE TABLE t (k INTEGER, x DOUBLE, big BIGINT, f FLOAT, label VARCHAR)');
    await db.run('CREATE TABLE nums (a INTEGER, b DOUBLE, c BIGINT)');
  });
  afterAll(async () => {
    await db.close();
    fixture.dispose();
  });

  it('binds parameters and returns plain rows', async () => {
    const evil = "o'x'); DROP TABLE t; --";
    await db.run('INSERT INTO t VALUES (?::INTEGER, ?, ?::BIGINT, ?::FLOAT, ?)', [7, 0.1, 1712345678901, 1.5, evil]);
    await db.run('INSERT INTO t VALUES (?::INTEGER, ?, ?::BIGINT, NULL, ?)', [8, -2.25, 9, null]);
    const rows = await db.query('SELECT k, x, big, f, label, k > ? AS flag FROM t ORDER BY k', [7]);
    expect(rows).toEqual([
      { k: 7, x: 0.1, big: 1712345678901, f: 1.5, label: evil, flag: false },
      { k: 8, x: -2.25, big: 9, f: null, label: null, flag: true },
    ]);
    const [{ n }] = await db.query('SELECT count(*) AS n FROM t');
    expect(n).toBe(2);
  });

  it('binds doubles exactly', async () => {
    const values = [0.1, 1 / 3, 19.577645576705294, -0, 5e-324, 1.7976931348623157e308, -2.5e-300, 2 ** 53, -(2 ** 53) + 1];
    for (let i = 0; i < 200; i++) values.push((Math.sin(i * 12.9898) * 43758.5453) % 1000);
    for (const x of values) {
      const [row] = await db.query<{ v: number; same: boolean }>('SELECT ?::DOUBLE AS v, ?::DOUBLE = ? AS same', [x, x, x]);
      expect(Object.is(row.v, x), `${x} came back as ${row.v}`).toBe(true);
      expect(row.same).toBe(true);
    }
    await db.run('CREATE TEMP TABLE exact (x DOUBLE)');
    for (const x of values) await db.run('INSERT INTO exact VALUES (?)', [x]);
    const back = await db.readColumns('SELECT x FROM exact');
    expect(sameFloat64(back.x, Float64Array.from(values))).toBe(true);
    const [{ n }] = await db.query('SELECT count(*) AS n FROM exact WHERE x = ?', [values[2]]);
    expect(n).toBe(1);
  });

  it('refuses parameters it cannot bind faithfully', async () => {
    for (const bad of [NaN, Infinity, 10n as unknown as number, { a: 1 } as unknown as number]) {
      await expect(db.query('SELECT ? AS v', [bad])).rejects.toMatchObject({ name: 'StoreError', code: 'bad-argument' });
    }
  });

  it('reports engine errors as StoreError with the statement', async () => {
    const err = await db.query('SELECT * FROM no_such_table').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('sql-failed');
    expect((err as StoreError).message).toContain('no_such_table');
    expect((err as StoreError).where.sql).toBe('SELECT * FROM no_such_table');
  });

  it('appends typed arrays in any key order and reads them back bit-exact', async () => {
    const b = new Float64Array([NaN, -0, 5e-324, Infinity, -Infinity, 1.7976931348623157e308, 0.1, 1 / 3]);
    const a = Int32Array.from(b, (_, i) => i - 3);
    const c = Uint32Array.from(b, (_, i) => 4_000_000_000 + i);
    await db.run('DELETE FROM nums');
    expect(await db.appendColumns('nums', { c, b, a })).toBe(b.length);
    const cols = await db.readColumns('SELECT a, b, c FROM nums ORDER BY a');
    expect(sameFloat64(cols.b, b)).toBe(true);
    expect(Array.from(cols.a)).toEqual(Array.from(a));
    expect(Array.from(cols.c)).toEqual(Array.from(c));
    expect(cols.b.buffer).not.toBe(cols.a.buffer);
  });

  it('reads NULL as NaN and refuses non-numeric columns', async () => {
    const cols = await db.readColumns('SELECT f, k FROM t ORDER BY k');
    expect(Array.from(cols.f)).toEqual([1.5, NaN]);
    await expect(db.readColumns('SELECT label FROM t')).rejects.toMatchObject({ code: 'bad-argument' });
  });

  it('refuses appends that do not match the table', async () => {
    const one = new Float64Array(1);
    const i1 = new Int32Array(1);
    await expect(db.appendColumns('nums', { a: i1, b: one })).rejects.toThrow(/column 'c' is missing/);
    await expect(db.appendColumns('nums', { a: i1, b: one, c: i1, d: one })).rejects.toThrow(/no column 'd'/);
    await expect(db.appendColumns('nums', { a: new Int32Array(2), b: one, c: i1 })).rejects.toThrow(/has 1 values, the others 2/);
    await expect(db.appendColumns('nums', { a: one, b: one, c: i1 })).rejects.toThrow(/INTEGER and cannot take a Float64Array/);
    await expect(db.appendColumns('t', { k: i1 })).rejects.toThrow(/missing/);
    await expect(db.appendColumns('nope; DROP TABLE t', { a: i1 })).rejects.toThrow(/not a plain table name/);
    await expect(db.appendColumns('missing_table', { a: i1 })).rejects.toThrow(/no such table/);
  });

  it('commits a transaction and rolls back a failed one, appends included', async () => {
    await db.run('DELETE FROM nums');
    await db.transaction(async (tx) => {
      await tx.appendColumns('nums', { a: new Int32Array([1, 2]), b: new Float64Array([1, 2]), c: new Int32Array([1, 2]) });
    });
    const failure = new Error('boom');
    await expect(
      db.transaction(async (tx) => {
        await tx.appendColumns('nums', { a: new Int32Array([3]), b: new Float64Array([3]), c: new Int32Array([3]) });
        await tx.run('INSERT INTO nums VALUES (4, 4, 4)');
        throw failure;
      }),
    ).rejects.toBe(failure);
    const rows = await db.query('SELECT a FROM nums ORDER BY a');
    expect(rows.map((r) => r.a)).toEqual([1, 2]);
  });

  it('runs one thing at a time: calls made during a transaction wait for it', async () => {
    await db.run('DELETE FROM nums');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const tx = db.transaction(async (t) => {
      await t.run('INSERT INTO nums VALUES (1, 1, 1)');
      await gate;
      await t.run('INSERT INTO nums VALUES (2, 2, 2)');
    });
    const outside = db.query('SELECT count(*) AS n FROM nums');
    release();
    await tx;
    expect((await outside)[0].n).toBe(2);
  });

  it('refuses a transaction handle used after the transaction', async () => {
    let leaked: Parameters<Parameters<SqlDriver['transaction']>[0]>[0] | undefined;
    await db.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.query('SELECT 1')).rejects.toMatchObject({ code: 'closed' });
  });

  it('fails clearly once closed', async () => {
    const otherFixture = make();
    const other = await otherFixture.open();
    await other.close();
    await other.close();
    await expect(other.query('SELECT 1')).rejects.toMatchObject({ code: 'closed' });
    await expect(other.transaction(async () => 1)).rejects.toMatchObject({ code: 'closed' });
    otherFixture.dispose();
  });
});
