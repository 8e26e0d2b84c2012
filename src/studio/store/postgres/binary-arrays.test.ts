import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { byteaArray, float8Array, int2Array, int4Array, int8Array, textArray } from './binary-arrays.js';

const URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const client = new pg.Client({ connectionString: URL, connectionTimeoutMillis: 3000 });
const unreachable = await client.connect().then(() => undefined, (err: Error) => err.message);
if (unreachable && process.env.CI === 'true') throw new Error(`PostgreSQL at ${URL} is required under CI: ${unreachable}`);

/** What the server read: each element back as text (bigint as text keeps all 64 bits). */
async function back(buf: Buffer, type: string): Promise<(string | null)[]> {
  const { rows } = await client.query<{ v: string | null }>(`SELECT x::text AS v FROM unnest($1::${type}[]) WITH ORDINALITY AS t(x, i) ORDER BY i`, [buf]);
  return rows.map((r) => r.v);
}

describe('binary arrays as PostgreSQL reads them', { skip: unreachable && `PostgreSQL not reachable at ${URL}: ${unreachable}` }, () => {
  after(() => client.end());

  test('bigint: negatives, the 32-bit carry, ±2^53−1, and rounding of what is not an integer', async () => {
    const xs = [0, -1, 1, 2 ** 32 - 1, 2 ** 32, -(2 ** 32), -(2 ** 32) - 1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 1_764_000_000_123, 2.5, -2.5];
    assert.deepEqual(await back(int8Array(xs), 'bigint'), xs.map((x) => String(BigInt(Math.round(x)))));
  });

  test('bigint refuses what it cannot carry exactly, and NaN, naming the value', () => {
    assert.throws(() => int8Array([2 ** 53 + 2]), /bigint value 9007199254740994 out of range/);
    assert.throws(() => int8Array([NaN]), /bigint value NaN out of range/);
    assert.throws(() => int4Array([2 ** 31]), /integer value 2147483648 out of range/);
    assert.throws(() => int2Array([-32769]), /smallint value -32769 out of range/);
  });

  test('integer and smallint at their bounds', async () => {
    assert.deepEqual(await back(int4Array([-(2 ** 31), 2 ** 31 - 1, 0, 7]), 'integer'), ['-2147483648', '2147483647', '0', '7']);
    assert.deepEqual(await back(int2Array([-32768, 32767, 2]), 'smallint'), ['-32768', '32767', '2']);
  });

  test('double precision bit for bit: negative zero, subnormals, NaN and infinities', async () => {
    const xs = [20.841470984807895, -0, 5e-324, 1.7976931348623157e308, NaN, Infinity, -Infinity, 0.1 + 0.2];
    const { rows } = await client.query<{ v: number }>('SELECT x AS v FROM unnest($1::float8[]) WITH ORDINALITY AS t(x, i) ORDER BY i', [float8Array(xs)]);
    assert.equal(rows.length, xs.length);
    rows.forEach((r, i) => assert.ok(Object.is(r.v, xs[i]), `element ${i}: ${r.v} !== ${xs[i]}`));
  });

  test('text: UTF-8 beyond the BMP, empty strings and nulls, in order', async () => {
    const xs = ['warehouse-a', '', null, 'café °C 🌡', null, 'x'.repeat(5000)];
    assert.deepEqual(await back(textArray(xs), 'text'), xs);
  });

  test('bytea: binary with NUL and high bytes, empty and null elements', async () => {
    const xs = [Buffer.from([0, 255, 1, 128]), Buffer.alloc(0), null, Buffer.alloc(70_000, 7)];
    const { rows } = await client.query<{ v: Buffer | null }>('SELECT x AS v FROM unnest($1::bytea[]) WITH ORDINALITY AS t(x, i) ORDER BY i', [byteaArray(xs)]);
    assert.deepEqual(rows.map((r) => r.v), xs);
  });

  test('empty arrays of every type unnest to nothing', async () => {
    for (const [buf, type] of [[int8Array([]), 'bigint'], [int4Array([]), 'integer'], [int2Array([]), 'smallint'], [float8Array([]), 'float8'], [textArray([]), 'text'], [byteaArray([]), 'bytea']] as const) {
      assert.deepEqual(await back(buf, type), [], type);
    }
  });

  test('a parameter cast to another element type is refused by the server, not misread', async () => {
    await assert.rejects(client.query('SELECT unnest($1::bigint[])', [float8Array([1])]), /array element type 701 \(double precision\) instead of expected 20 \(bigint\)/);
  });
});
