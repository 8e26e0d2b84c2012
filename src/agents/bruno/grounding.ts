/**
 * The grounding invariant: every number an answer states must be traceable to the data it was
 * written from — a value in `data` (at the precision written, or converted to °F, K, kPa, inHg or
 * mmHg), a clock time, date or age of a timestamp in `data`, or a part of a name in `data`.
 */

const TEMPERATURE = (c: number) => [c * 9 / 5 + 32, c + 273.15, c * 9 / 5];
const PRESSURE = (h: number) => [h / 10, h * 0.0295299830714, h * 0.750061683];
const isTs = (v: number) => v > 946_684_800_000 && v < 4_102_444_800_000;

function collect(data: unknown, now: number, nums: number[], words: Set<string>): void {
  if (typeof data === 'number' && Number.isFinite(data)) {
    nums.push(data, ...TEMPERATURE(data), ...PRESSURE(data));
    if (isTs(data)) {
      const d = new Date(data);
      nums.push(d.getHours(), d.getMinutes(), d.getDate(), d.getFullYear(), d.getMonth() + 1);
      const age = Math.max(0, now - data) / 1000;
      nums.push(Math.round(age), Math.round(age / 60), Math.round(age / 3600), Math.round(age / 86400));
    } else if (Math.abs(data) < 1e7) {
      // Durations in seconds or milliseconds, as minutes and hours.
      nums.push(data / 60, data / 3600, data / 60_000, data / 3_600_000, data / 1000);
    }
    return;
  }
  if (typeof data === 'string') {
    for (const m of data.matchAll(/-?\d+(?:\.\d+)?/g)) nums.push(Number(m[0]));
    words.add(data.toLowerCase());
    return;
  }
  if (Array.isArray(data)) { data.forEach((x) => collect(x, now, nums, words)); nums.push(data.length); return; }
  if (data && typeof data === 'object') for (const v of Object.values(data)) collect(v, now, nums, words);
}

/**
 * Numbers in `response` that nothing in `data` accounts for. Small counts (0–10) pass: list
 * positions and counts of things listed are checked by the tests that read the lists.
 * @example
 * ungroundedInAnswer('It is 22.5°C', { value: 22.46 }, now) // []
 */
export function ungroundedInAnswer(response: string, data: unknown, now: number): string[] {
  const nums: number[] = [];
  const words = new Set<string>();
  collect(data, now, nums, words);
  // Names and links carry digits of their own ("pi-node-3", "dht22", ids, URLs): not statements.
  const text = response.replace(/https?:\/\/\S+|\/api\/\S+/g, ' ').replace(/\b[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+\b|\b[a-z]+\d+[a-z0-9]*\b|\b[0-9a-f]{8}\b/gi, ' ');
  const bad: string[] = [];
  for (const m of text.matchAll(/-?\d+(?:\.\d+)?/g)) {
    const written = m[0];
    const n = Number(written);
    if (Number.isInteger(n) && n >= 0 && n <= 10) continue;
    const decimals = written.includes('.') ? written.split('.')[1]!.length : 0;
    const tolerance = 0.5 * 10 ** -decimals + 1e-9;
    if (!nums.some((k) => Math.abs(k - n) <= tolerance || Math.abs(k - Math.abs(n)) <= tolerance)) bad.push(written);
  }
  return bad;
}
