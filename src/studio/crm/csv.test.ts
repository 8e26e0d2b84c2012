import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCsv, toCsv } from './csv.js';

const cell = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', ' ', '"', '""', ',', '\r\n', '\n', 'a,b', 'say "hi"', '\uFEFF', 'é'));

describe('parseCsv', () => {
  test('round trip: any table written as CSV (CRLF or LF, with or without BOM and last line end) reads back as itself', () => {
    fc.assert(fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 20 }), fc.boolean(), fc.boolean(), fc.boolean(), (table, bom, lf, trailing) => {
      // a row of one empty field is a blank line, which CSV cannot tell from nothing
      const rows = table.map((r) => (r.length === 1 && r[0] === '' ? ['', ''] : r));
      let text = toCsv(rows);
      if (lf) text = text.replace(/\r\n$/, '\n');
      if (!trailing) text = text.replace(/\r?\n$/, '');
      if (bom) text = `\uFEFF${text}`;
      const parsed = parseCsv(text);
      assert.deepEqual(parsed.map((r) => r.fields), rows);
      assert.ok(parsed.every((r) => !r.error));
    }), { numRuns: 300 });
  });

  test('line numbers count physical lines (a quoted line break is one); a broken row is reported and the next ones still read', () => {
    const text = 'a,b\r\n"x\ny",1\r\nbad"quote,2\r\n"open,3\r\n';
    const r = parseCsv(text);
    assert.deepEqual(r[1], { line: 2, fields: ['x\ny', '1'] });
    assert.equal(r[2]!.line, 4);
    assert.match(r[2]!.error!, /quote inside unquoted field 1/);
    assert.match(r[3]!.error!, /unterminated quote/);
    const after = parseCsv('a,b\n"x"y,1\nok,2\n');
    assert.match(after[1]!.error!, /after a closing quote/);
    assert.deepEqual(after[2], { line: 3, fields: ['ok', '2'] });
  });

  test('blank lines are skipped; a lone CR ends a line', () => {
    assert.deepEqual(parseCsv('a,b\r\r\n\n1,2\r3,4').map((r) => [r.line, r.fields]), [[1, ['a', 'b']], [4, ['1', '2']], [5, ['3', '4']]]);
  });
});
