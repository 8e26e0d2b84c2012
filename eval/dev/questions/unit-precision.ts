/**
 * A value asked in another unit keeps the precision it was stored with: a pressure stored to 0.1 hPa
 * asked in kPa is written to 0.01 kPa ("101.36 kPa", never "101.4"), in inHg to 0.01.
 */
import { num } from '../check.js';
import type { EvalItem } from '../item.js';
import { latest } from '../truth.js';
import type { DevWorld } from '../world.js';
import { toInHg, toKPa } from './helpers.js';

export function unitPrecisionItems(w: DevWorld): EvalItem[] {
  const hpa = (location: string) => latest(w.series, { location, kind: 'pressure' })[0]!.value;
  return [
    { category: 'unit-precision', question: 'pressure in the office in kPa', facts: [num(toKPa(hpa('office')), 'kPa', 0.006)] },
    { category: 'unit-precision', question: "what's the pressure at the cold room in kilopascals", facts: [num(toKPa(hpa('cold-room')), 'kPa', 0.006)] },
    { category: 'unit-precision', question: 'warehouse b pressure, kpa', facts: [num(toKPa(hpa('warehouse-b')), 'kPa', 0.006)] },
    { category: 'unit-precision', question: 'pressure in the server rack in inHg', facts: [num(toInHg(hpa('server-rack')), 'inHg', 0.006)] },
  ];
}
