import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { InvalidInput } from '../../core/errors.js';
import { parseCsvTime } from '../sources/csv-replay.js';
import { createDetector } from './detector.js';
import type { DetectorConfig } from './config.js';

/**
 * `homelab detect`: runs the node's detector over a `timestamp,value` CSV (rows in time order)
 * and writes `timestamp,value,anomaly_score`, one row per input row, timestamps copied verbatim.
 * Streams both files; a bad row stops with a 400 error naming its line.
 * @example
 * await detectCsv('series.csv', 'scored.csv');
 */
export async function detectCsv(input: string, output?: string, config: Partial<DetectorConfig> = {}): Promise<{ rows: number }> {
  const detector = createDetector(config);
  const out: NodeJS.WritableStream | WriteStream = output ? createWriteStream(output) : process.stdout;
  const write = async (text: string) => { if (!out.write(text)) await once(out, 'drain'); };
  const lines = createInterface({ input: createReadStream(input, 'utf8'), crlfDelay: Infinity });
  let lineNo = 0;
  let rows = 0;
  try {
    for await (const line of lines) {
      lineNo++;
      if (lineNo === 1) {
        if (!/^\s*timestamp\s*,\s*value\s*$/i.test(line)) throw new InvalidInput(`${input}:1: header must be "timestamp,value", got "${line.slice(0, 60)}"`, { field: 'input' });
        await write('timestamp,value,anomaly_score\n');
        continue;
      }
      if (line.trim() === '') continue;
      const comma = line.indexOf(',');
      const tsText = comma < 0 ? line : line.slice(0, comma);
      const valueText = comma < 0 ? '' : line.slice(comma + 1).trim();
      const ts = parseCsvTime(tsText);
      const value = Number(valueText);
      if (!Number.isFinite(ts)) throw new InvalidInput(`${input}:${lineNo}: cannot read timestamp "${tsText}"`, { field: 'input' });
      if (valueText === '' || !Number.isFinite(value)) throw new InvalidInput(`${input}:${lineNo}: value "${valueText}" is not a number`, { field: 'input' });
      const { score } = detector.score('series', ts, value);
      await write(`${tsText},${valueText},${Number(score.toFixed(6))}\n`);
      rows++;
    }
  } finally {
    if (output) await new Promise<void>((resolve) => (out as WriteStream).end(() => resolve()));
  }
  return { rows };
}
