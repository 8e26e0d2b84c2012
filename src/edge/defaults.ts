import type { EdgeConfig } from './config.js';
import type { EdgeStackParts } from './stack.js';

/** TEMPORARY until the detector and local store land: physical-range scorer, no local store. */
export async function createEdgeParts(_config: EdgeConfig): Promise<Pick<EdgeStackParts, 'scorer' | 'store'>> {
  const ranges: Record<string, [number, number]> = { temperature: [-40, 80], humidity: [0, 100], pressure: [300, 1100] };
  return {
    scorer: { score: (_k, _ts, v, kind) => { const r = kind ? ranges[kind] : undefined; return r && (v < r[0] || v > r[1]) ? { score: 1, reason: 'impossible' } : { score: 0, reason: 'none' }; } },
    store: { append: () => {}, close: () => {} },
  };
}
