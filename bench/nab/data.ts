import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the NAB subset lives: `NAB_DIR`, else the first `shared/nab` beside the repository or one
 * of its parents (`<repo>/../shared/nab` on CI; a worktree under `wt/` finds `wt/../shared/nab`).
 */
export const NAB_DIR = process.env.NAB_DIR ?? findShared();

function findShared(): string {
  const repo = fileURLToPath(new URL('../../', import.meta.url));
  for (let dir = dirname(repo); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'nab');
    if (existsSync(join(candidate, 'windows.json'))) return candidate;
    if (dirname(dir) === dir) return join(dirname(repo), 'shared', 'nab');
  }
}

/** One NAB file: its rows (timestamps verbatim and as epoch ms, UTC) and labelled windows as row ranges. */
export interface NabFile { name: string; timestamps: string[]; ms: number[]; values: number[]; windows: [number, number][] }

/** Loads every NAB file with its labelled windows as row ranges. */
export function loadNab(dir = NAB_DIR): NabFile[] {
  const labels = JSON.parse(readFileSync(join(dir, 'windows.json'), 'utf8')) as Record<string, [string, string][]>;
  const files: NabFile[] = [];
  for (const folder of readdirSync(join(dir, 'data')).sort()) {
    for (const file of readdirSync(join(dir, 'data', folder)).filter((f) => f.endsWith('.csv')).sort()) {
      const name = `${folder}/${file}`;
      const lines = readFileSync(join(dir, 'data', folder, file), 'utf8').trim().split('\n').slice(1);
      const timestamps = lines.map((l) => l.split(',')[0]!);
      const values = lines.map((l) => Number(l.split(',')[1]));
      const ms = timestamps.map((t) => Date.parse(`${t.replace(' ', 'T')}Z`));
      const windows = (labels[name] ?? []).map(([a, b]) => {
        const from = Date.parse(`${a.replace(' ', 'T')}Z`);
        const to = Date.parse(`${b.replace(' ', 'T')}Z`);
        const l = ms.findIndex((t) => t >= from);
        let r = -1;
        for (let i = ms.length - 1; i >= 0; i--) if (ms[i]! <= to) { r = i; break; }
        return [l, r] as [number, number];
      }).filter(([l, r]) => l >= 0 && r >= l);
      files.push({ name, timestamps, ms, values, windows });
    }
  }
  return files;
}
