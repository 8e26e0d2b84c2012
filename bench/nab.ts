import { pathToFileURL } from 'node:url';
import { createDetector } from '../src/edge/detect/detector.js';
import { loadNab, type NabFile } from './nab/data.js';
import { corpusScore, PROFILES, type ScoredFile } from './nab/scoring.js';

/** Runs the node's detector, one fresh model per file, over every NAB file. */
function scoreFiles(files: NabFile[]): ScoredFile[] {
  return files.map((f) => {
    const d = createDetector(process.env.NAB_DETECTOR ? JSON.parse(process.env.NAB_DETECTOR) as object : {});
    const ms = f.timestamps.map((t) => Date.parse(`${t.replace(' ', 'T')}Z`));
    return { scores: f.values.map((v, i) => d.score(f.name, ms[i]!, v).score), windows: f.windows };
  });
}

/** NAB scores (standard, low FP, low FN) on the whole subset and on each half of it. */
export async function run(): Promise<Record<string, number | string>> {
  const files = loadNab();
  const scored = scoreFiles(files);
  const out: Record<string, number | string> = { 'nab.files': files.length, 'nab.windows': files.reduce((a, f) => a + f.windows.length, 0) };
  for (const p of PROFILES) out[`nab.${p.name}`] = Number(corpusScore(scored, p).normalised.toFixed(1));
  const half = (parity: number) => scored.filter((_, i) => i % 2 === parity);
  out['nab.standard.even_files'] = Number(corpusScore(half(0), PROFILES[0]!).normalised.toFixed(1));
  out['nab.standard.odd_files'] = Number(corpusScore(half(1), PROFILES[0]!).normalised.toFixed(1));
  if (process.argv.includes('--verbose')) {
    const theta = corpusScore(scored, PROFILES[0]!).threshold;
    files.forEach((f, i) => {
      const s = scored[i]!.scores;
      console.log(`${f.name.padEnd(60)} windows ${f.windows.length} alarms ${s.filter((x) => x >= theta).length} (θ=${theta.toFixed(4)})`);
    });
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
