import { randomBytes } from 'node:crypto';

/**
 * Stable identity of a reading from the moment it is taken: node, boot id, sequence.
 * A node draws a new boot id each start and counts readings from 0, so identities never repeat
 * even when the clock is wrong.
 * @example
 * readingId('pi-node-1', 'k3f9a1', 42) // 'pi-node-1:k3f9a1:42'
 */
export function readingId(node: string, boot: string, seq: number): string {
  return `${node}:${boot}:${seq}`;
}

/** A short random boot id (48 bits, base36). */
export function newBootId(): string {
  return BigInt('0x' + randomBytes(6).toString('hex')).toString(36);
}
