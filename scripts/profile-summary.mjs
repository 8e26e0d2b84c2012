#!/usr/bin/env node
// Summarises a V8 .cpuprofile (node --cpu-prof): the share of samples by function (self), by file
// (self) and by function including callees, so "where does the time go" has a one-line answer.
//   node scripts/profile-summary.mjs CPU.….cpuprofile [rows] [--from-ms N] [--to-ms M] [--busy]
// --from-ms skips the first N ms of the profile (start-up) and --to-ms what follows M ms (shutdown),
// to look at a steady phase only; --busy leaves out (idle) samples, so shares are of the CPU time spent.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
if (!file) {
  console.error('usage: node scripts/profile-summary.mjs FILE.cpuprofile [rows] [--from-ms N]');
  process.exit(2);
}
const rows = Number(args.find((a) => /^\d+$/.test(a)) ?? 30);
const fromIdx = args.indexOf('--from-ms');
const fromMs = fromIdx >= 0 ? Number(args[fromIdx + 1]) : 0;
const toIdx = args.indexOf('--to-ms');
const toMs = toIdx >= 0 ? Number(args[toIdx + 1]) : Infinity;
const busy = args.includes('--busy');
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const selfTime = new Map();
let t = 0;
prof.samples.forEach((id, i) => {
  const dt = prof.timeDeltas[i] ?? 0;
  t += dt;
  if (t / 1000 >= fromMs && t / 1000 < toMs && !(busy && byId.get(id).callFrame.functionName === '(idle)')) selfTime.set(id, (selfTime.get(id) ?? 0) + dt);
});
const total = [...selfTime.values()].reduce((a, b) => a + b, 0);
const where = (n) => n.callFrame.url.replace(/^.*\/node_modules\//, 'node_modules/').replace(/^file:\/\/.*?\/(src|bench|bin|test)\//, '$1/');
const name = (n) => `${n.callFrame.functionName || '(anonymous)'}  ${where(n)}:${n.callFrame.lineNumber + 1}`;
const self = new Map();
const byFile = new Map();
const inclusive = new Map();
for (const [id, dt] of selfTime) {
  const n = byId.get(id);
  self.set(name(n), (self.get(name(n)) ?? 0) + dt);
  const f = where(n) || n.callFrame.functionName;
  byFile.set(f, (byFile.get(f) ?? 0) + dt);
  const seen = new Set();
  for (let x = id; x !== undefined; x = parent.get(x)) {
    const k = name(byId.get(x));
    if (!seen.has(k)) {
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  }
}
const show = (m, title) => {
  console.log(`\n== ${title} (${(total / 1000).toFixed(0)} ms sampled)`);
  [...m].sort((a, b) => b[1] - a[1]).slice(0, rows).forEach(([k, v]) => console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`));
};
show(self, 'self time by function');
show(byFile, 'self time by file');
show(inclusive, 'time including callees');
