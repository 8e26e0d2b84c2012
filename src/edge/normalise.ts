import { readingId } from '../core/identity.js';
import { ReadingSchema, type Reading, type ClockState } from '../core/schemas.js';
import type { Sample } from './sources/source.js';

/**
 * Gives each sample its identity (node, boot, sequence) and clock state, and validates it.
 * Sequences count per node from 0 in each boot, so `node:boot:seq` never repeats.
 * @example
 * const n = new Normaliser('k3f9a1', () => 'synced');
 * n.normalise(sample).id // 'pi-node-1:k3f9a1:0'
 */
export class Normaliser {
  private readonly seq = new Map<string, number>();

  constructor(private readonly boot: string, private readonly clock: () => ClockState) {}

  /** Throws a HomelabError naming the bad field when the sample is not a valid reading. */
  normalise(sample: Sample): Reading {
    const seq = this.seq.get(sample.node) ?? 0;
    const reading = ReadingSchema.parse({ ...sample, boot: this.boot, seq, clock: this.clock() });
    this.seq.set(sample.node, seq + 1);
    reading.id = readingId(reading.node, this.boot, seq);
    return reading;
  }
}
