import { pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';
import { createDetector } from '../src/edge/detect/detector.js';
import { loadNab, type NabFile } from './nab/data.js';
import { corpusScore, PROFILES, type ScoredFile } from './nab/scoring.js';

const round = (x: number) => Number(x.toFixed(1));

/** Where each file's training part ends: its first 15 % of rows. */
const cut = (f: NabFile) => Math.floor(0.15 * f.values.length);

/**
 * Warm start: a baseline trained on the first 15 % of the file — the detector's own state after
 * learning those rows (what `homelab train` ships; with `passes` 2 it learns them twice, the second
 * time judging them with what it learned) — restored fresh, as a node restores a deployed model,
 * then detecting the rest. The training rows score 0 (they are not detected).
 */
export function warmScores(files: NabFile[], passes: 1 | 2): ScoredFile[] {
  return files.map((f) => {
    const k = cut(f);
    const trainer = createDetector();
    for (let p = 0; p < passes; p++) for (let i = 0; i < k; i++) trainer.score(f.name, f.ms[i]!, f.values[i]!);
    const node = createDetector();
    node.restore(f.name, trainer.snapshot(f.name)!);
    const scores = f.values.map((v, i) => (i < k ? 0 : node.score(f.name, f.ms[i]!, v).score));
    return { scores, windows: f.windows };
  });
}

function coldScores(files: NabFile[], zeroTraining: boolean): ScoredFile[] {
  return files.map((f) => {
    const d = createDetector();
    const k = cut(f);
    return { scores: f.values.map((v, i) => { const s = d.score(f.name, f.ms[i]!, v).score; return zeroTraining && i < k ? 0 : s; }), windows: f.windows };
  });
}

/**
 * NAB with a warm start beside the cold start, on the same files and scoring: cold (the usual
 * run), cold with the first 15 % zeroed (like for like: those rows are the warm start's training),
 * and warm starts from a baseline trained on that 15 % in one pass and in two.
 */
export async function run(): Promise<Record<string, number | string>> {
  const files = loadNab();
  const variants: Record<string, ScoredFile[]> = {
    cold: coldScores(files, false), cold_first15_zeroed: coldScores(files, true), warm: warmScores(files, 1), warm_two_pass: warmScores(files, 2),
  };
  const out: Record<string, number | string> = { 'nab_warm.files': files.length };
  for (const [name, scored] of Object.entries(variants)) {
    for (const p of PROFILES) out[`nab_warm.${name}.${p.name}`] = round(corpusScore(scored, p).normalised);
    out[`nab_warm.${name}.standard_at_0.5`] = round(corpusScore(scored, PROFILES[0]!, 0.5).normalised);
  }
  out['nab_warm.load_average_1m'] = Number(loadavg()[0]!.toFixed(2));
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
