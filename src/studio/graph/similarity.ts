import type { IncidentProps } from './incident.js';

/** How much each resemblance counts; the weights sum to 1. */
export const SIMILARITY_WEIGHTS = { place: 0.3, kinds: 0.3, direction: 0.3, magnitude: 0.1 } as const;

/** Scores at or above this count as "looks alike". */
export const SIMILARITY_THRESHOLD = 0.6;

export interface SimilarityScore {
  /** 0–1, two decimals. */
  score: number;
  /** One phrase per resemblance (and per disqualifier), in the order they were weighed. */
  why: string[];
  /** False when the score is under the threshold or a disqualifier applies. */
  similar: boolean;
}

type Shape = Pick<IncidentProps, 'place' | 'kinds' | 'changes'>;

/**
 * How much incident `a` looks like incident `b`, explained. Same place counts 0.3; the kinds
 * (Jaccard overlap) 0.3; the direction of change of the shared kinds 0.3 (half when unknown);
 * similar magnitude of change 0.1 (ratio of the smaller to the larger delta). No shared kind,
 * or every shared kind moving the opposite way, means not alike whatever the total.
 * @example
 * scoreSimilarity(newIncident.props, pastIncident.props)
 * // { score: 0.96, why: ['same place (warehouse-b)', 'same kinds (humidity, temperature)', …], similar: true }
 */
export function scoreSimilarity(a: Shape, b: Shape): SimilarityScore {
  const W = SIMILARITY_WEIGHTS;
  const why: string[] = [];
  let score = 0;
  if (a.place === b.place) { score += W.place; why.push(`same place (${a.place})`); }
  const kindsA = new Set(a.kinds);
  const shared = b.kinds.filter((k) => kindsA.has(k)).sort();
  const all = new Set([...a.kinds, ...b.kinds]);
  if (shared.length === 0) return { score: round(score), why: [...why, 'no kind in common'], similar: false };
  const jaccard = shared.length / all.size;
  score += W.kinds * jaccard;
  why.push(shared.length === all.size ? `same kinds (${shared.join(', ')})` : `shared kinds ${shared.join(', ')} of ${[...all].sort().join(', ')}`);

  let agree = 0;
  let disagree = 0;
  let unknown = 0;
  const ratios: number[] = [];
  for (const k of shared) {
    const ca = a.changes?.[k];
    const cb = b.changes?.[k];
    if (!ca?.direction || !cb?.direction) { unknown++; continue; }
    if (ca.direction !== cb.direction) { disagree++; continue; }
    agree++;
    const da = Math.abs(ca.delta ?? 0);
    const db = Math.abs(cb.delta ?? 0);
    ratios.push(Math.max(da, db) === 0 ? 1 : Math.min(da, db) / Math.max(da, db));
  }
  if (disagree > 0 && agree === 0) {
    return { score: round(score), why: [...why, `opposite direction (${describe(a, shared)} vs ${describe(b, shared)})`], similar: false };
  }
  score += W.direction * ((agree + unknown * 0.5) / shared.length);
  if (agree) why.push(`same direction (${describe(a, shared)})`);
  if (disagree) why.push(`opposite direction for ${disagree} kind${disagree === 1 ? '' : 's'}`);
  if (unknown) why.push(`direction unknown for ${unknown} kind${unknown === 1 ? '' : 's'} (no baseline yet)`);
  if (ratios.length) {
    const m = ratios.reduce((s, r) => s + r, 0) / ratios.length;
    score += W.magnitude * m;
    why.push(`magnitude ${Math.round(m * 100)} % alike`);
  } else {
    score += W.magnitude * 0.5;
  }
  const total = round(score);
  return { score: total, why, similar: total >= SIMILARITY_THRESHOLD };
}

/** "temperature up 6.5, humidity down 11" for the kinds given. */
function describe(p: Shape, kinds: string[]): string {
  return kinds.map((k) => {
    const c = p.changes?.[k];
    if (!c?.direction) return `${k} ?`;
    return `${k} ${c.direction}${c.delta === null ? '' : ` ${round(Math.abs(c.delta))}`}`;
  }).join(', ');
}

const round = (x: number): number => Math.round(x * 100) / 100;
