import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { maryKayOver } from './agent-fixtures.js';
import { dealFile, expectedPipeline, expectedRejects, expectedStalled, renderFile } from '../../studio/crm/crm-csv-fixtures.js';

type Pipe = { currency: string; count: number; amount: number; weighted: number; stages: { stage: string; count: number; amount: number; weighted: number }[] };
const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 0.011, `${what}: ${a} vs ${b}`);

describe('done when: a 1,000-deal CRM export imports with its rejects reported; pipeline and stalled answers match a computation by hand', () => {
  test('generated HubSpot and Pipedrive exports (BOM, CRLF/LF, odd quoting, shuffled and missing columns, bad amounts/dates/stages)', async () => {
    // at noon, and at midnight, where a deal last touched 14 days ago is exactly 14 × 24 h idle
    for (const now of [Date.UTC(2026, 11, 10, 12, 0, 0), Date.UTC(2026, 10, 30)]) await fc.assert(fc.asyncProperty(dealFile(now, 1000), async (file) => {
      const { crm, agent, close } = await maryKayOver(now);
      try {
        const { text, lines } = renderFile(file);
        const report = await crm.importCsv(text);
        const rejects = expectedRejects(file, lines);
        assert.deepEqual(report.rejected.map((r) => r.row), rejects, 'exactly the broken rows, by line');
        assert.ok(report.rejected.every((r) => r.reason.length > 5));
        assert.equal(report.imported, 1000 - rejects.length);
        assert.equal(report.source, file.source);
        if (file.extra) assert.ok(report.unmapped.includes('Colour') && report.unmapped.includes('Deal Type'));
        assert.equal(report.rows, 1000);
        assert.ok(rejects.length > 20 && rejects.length < 200, `about 1 row in 12 broken: ${rejects.length}`);

        const pipe = await agent.ask({ query: "What's in my pipeline this month?" });
        assert.equal(pipe.intent, 'pipeline');
        assert.equal(pipe.data.ungrounded, undefined, `ungrounded figures in: ${pipe.response}`);
        const got = (pipe.data.result as { by_currency: Pipe[] }).by_currency;
        const want = expectedPipeline(file, now);
        assert.deepEqual(got.map((c) => c.currency).sort(), [...want.keys()].sort());
        for (const c of got) {
          const stages = want.get(c.currency)!;
          assert.deepEqual(c.stages.map((s) => s.stage).sort(), [...stages.keys()].sort());
          for (const s of c.stages) {
            const w = stages.get(s.stage)!;
            assert.equal(s.count, w.count);
            near(s.amount, w.amount, `${c.currency} ${s.stage} amount`);
            near(s.weighted, w.weighted, `${c.currency} ${s.stage} weighted`);
          }
          near(c.weighted, [...stages.values()].reduce((n, r) => n + r.weighted, 0), `${c.currency} weighted`);
          assert.ok(pipe.response.includes(`weighted ${c.weighted} ${c.currency}`), pipe.response);
        }

        const stalled = await agent.ask({ query: 'Which deals have had no activity for 14 days?' });
        assert.equal(stalled.data.ungrounded, undefined, stalled.response);
        const r = stalled.data.result as { count: number; deals: { id: string; idle_days: number }[] };
        const expected = expectedStalled(file, now);
        assert.equal(r.count, expected.size);
        const listed = new Set<number>();
        for (const d of r.deals) {
          const recordId = Number(d.id.split('-').pop());
          assert.equal(d.idle_days, expected.get(recordId), `idle days of ${recordId}`);
          listed.add(recordId);
        }
        const unlisted = [...expected].filter(([id]) => !listed.has(id)).map(([, idle]) => idle);
        if (unlisted.length) assert.ok(Math.min(...r.deals.map((d) => d.idle_days)) >= Math.max(...unlisted), 'the longest idle are listed');
        assert.match(stalled.response, new RegExp(`^${expected.size} open deal`));

        // The same file again: every record once (ids from the CRM's record ids).
        const again = await crm.importCsv(text);
        assert.equal(again.updated, report.imported);
        assert.equal(again.created, 0);
        assert.equal((await crm.list('deals')).length, report.imported);
      } finally {
        await close();
      }
    }), { numRuns: 2, endOnFailure: true });
  });
});
