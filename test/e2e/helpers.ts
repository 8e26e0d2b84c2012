import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temp directory for one test. */
export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));

/** A TCP port free on loopback right now, for a server a test or bench starts in another process. */
export const freePort = (): Promise<number> => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
});

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** A structured CloudEvent carrying one reading, as wire JSON. */
export function readingEvent(i: number, node = 'pi-node-1') {
  const id = `${node}:boot1:r${i}`;
  const json = JSON.stringify({
    specversion: '1.0', id, source: `/edge/${node}`, type: 'io.homelab.edge.reading', datacontenttype: 'application/json',
    data: { readings: [{ node, sensor: 'dht22-temperature', kind: 'temperature', value: 20 + (i % 50) / 10, unit: '°C', ts: Date.now() - 60_000 + i, location: 'warehouse-a', id: `${node}:boot1:${i}` }] },
  });
  return { id, json };
}
