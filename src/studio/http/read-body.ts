import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { HttpError } from './http-error.js';

/** The Node request behind a Hono context served by @hono/node-server, when there is one. */
export function incomingOf(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
  return incoming && typeof (incoming as IncomingMessage).on === 'function' ? (incoming as IncomingMessage) : undefined;
}

/** The 413 answer for a body over the limit, the same from the middleware and from POST /events. */
export const tooLarge = (c: Context, maxBytes: number): Response =>
  c.json(new HttpError(413, `request body over ${maxBytes} bytes; split the batch`, '(body)', 'too_large').toJSON(), 413);

/** A body over the limit: the caller answers 413, as the bodyLimit middleware does elsewhere. */
export const TOO_LARGE = Symbol('too large');

/**
 * The request body as bytes, at most `maxBytes` of them (else {@link TOO_LARGE}). Under Node it
 * reads the socket's chunks into one buffer: going through the web `Request` (a ReadableStream over
 * the Node stream, then `arrayBuffer()`) cost about a millisecond per 100 KB POST, a tenth of
 * ingest. Elsewhere (`app.request` in tests) it reads the web body with the same bound.
 * @example
 * const body = await readBody(c, 1 << 20);
 * if (body === TOO_LARGE) return c.json(error, 413);
 */
export async function readBody(c: Context, maxBytes: number): Promise<Uint8Array | typeof TOO_LARGE> {
  const incoming = incomingOf(c);
  if (!incoming) {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    return bytes.length > maxBytes ? TOO_LARGE : bytes;
  }
  const declared = Number(incoming.headers['content-length']);
  if (incoming.headers['transfer-encoding'] === undefined && Number.isFinite(declared) && declared > maxBytes) return TOO_LARGE;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    incoming.on('data', (chunk: Buffer) => {
      if (over) return; // drained, not kept, so the answer can still be written on this connection
      size += chunk.length;
      if (size > maxBytes) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    incoming.once('end', () => resolve(over ? TOO_LARGE : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    incoming.once('error', reject);
  });
}
