import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createLogger, loggingFromEnv, prettyLine } from './logger.js';

const collect = () => {
  const lines: string[] = [];
  return { lines, destination: { write: (l: string) => { lines.push(l); } } };
};

test('pretty: one line per entry with time, level, namespace, message and fields; levels below the setting are dropped', () => {
  const { lines, destination } = collect();
  const log = createLogger({ level: 'info', destination }).child({ ns: 'graph' });
  log.debug('not shown');
  log.info({ node: 'pi-node-3', count: 2 }, 'caught up');
  log.warn({ err: new Error('disk full') }, 'idle flush failed');
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /^\d\d:\d\d:\d\d\.\d{3} INFO {2}graph: caught up {2}node=pi-node-3 count=2\n$/);
  assert.match(lines[1]!, /^\d\d:\d\d:\d\d\.\d{3} WARN {2}graph: idle flush failed {2}err="disk full"\n {4}at /);
});

test('json: pino\'s own lines, parseable, with the namespace as a field', () => {
  const { lines, destination } = collect();
  createLogger({ format: 'json', level: 'debug', destination }).child({ ns: 'store' }).debug({ rows: 3 }, 'sealed');
  const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
  assert.deepEqual({ level: entry.level, ns: entry.ns, msg: entry.msg, rows: entry.rows }, { level: 20, ns: 'store', msg: 'sealed', rows: 3 });
});

test('pretty never loses the message or a field, whatever they hold', () => {
  // Keys pino or the namespace own (a field called `ns` replaces the child's namespace, as pino
  // merges a call's fields over its bindings) are not generated: they are not fields a caller logs.
  const reserved = ['level', 'time', 'ns', 'msg', 'pid', 'hostname'];
  const key = fc.stringMatching(/^[a-z]{1,8}$/).filter((k) => !reserved.includes(k));
  fc.assert(fc.property(fc.string(), fc.dictionary(key, fc.oneof(fc.string(), fc.integer(), fc.boolean())), (msg, fields) => {
    const { lines, destination } = collect();
    createLogger({ destination }).child({ ns: 'x' }).info(fields, msg);
    const line = lines[0]!;
    assert.ok(line.includes(`x: ${msg}`), line);
    for (const [k, v] of Object.entries(fields)) {
      assert.ok(line.includes(`${k}=${typeof v === 'string' && !/\s|"/.test(v) ? v : JSON.stringify(v)}`), `${k} in ${line}`);
    }
  }), { seed: Number(process.env.FUZZ_SEED ?? 20261201), numRuns: 1000 });
  assert.equal(prettyLine('not json\n'), 'not json\n');
});

test('LOG_LEVEL and LOG_FORMAT: a bad value warns naming it and falls back', () => {
  const report = { warnings: [] as string[] };
  assert.deepEqual(loggingFromEnv({ LOG_LEVEL: 'loud', LOG_FORMAT: 'json' }, report), { level: 'info', format: 'json' });
  assert.match(report.warnings[0]!, /LOG_LEVEL="loud"/);
  assert.deepEqual(loggingFromEnv({}, { warnings: [] }), { level: 'info', format: 'pretty' });
});
