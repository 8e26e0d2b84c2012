import { InvalidInput, UnsupportedMedia } from '../../core/errors.js';
import { parseBodyFast } from './fast-json.js';

/** A CloudEvent as it arrived, before validation: attributes plus `data`. */
export type RawEvent = Record<string, unknown>;

const CE_PREFIX = 'ce-';
const utf8 = new TextDecoder();

/**
 * Turns an HTTP request into the CloudEvents it carries, for the three HTTP modes of the spec:
 * structured (`application/cloudevents+json`), batch (`application/cloudevents-batch+json`) and
 * binary (attributes in `ce-*` headers, the body is `data`).
 * @example
 * decodeHttp({ 'content-type': 'application/cloudevents-batch+json' }, '[{...},{...}]') // two RawEvents
 */
export function decodeHttp(headers: Record<string, string>, body: string): RawEvent[] {
  const contentType = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType === 'application/cloudevents-batch+json') {
    const parsed = parseJson(body);
    if (!Array.isArray(parsed)) throw new InvalidInput('a CloudEvents batch must be a JSON array of events', { field: '(body)' });
    return parsed.map((e) => (isObject(e) ? e : { __invalid: 'batch entry is not a JSON object' }));
  }
  if (contentType === 'application/cloudevents+json') {
    const parsed = parseJson(body);
    if (!isObject(parsed)) throw new InvalidInput('a structured CloudEvent must be a JSON object', { field: '(body)' });
    return [parsed];
  }
  if (headers['ce-specversion'] !== undefined || headers['ce-id'] !== undefined) return [binary(headers, body, contentType)];
  throw new UnsupportedMedia(`cannot read a CloudEvent from content-type "${contentType || '(none)'}": send application/cloudevents+json, application/cloudevents-batch+json, or binary mode with ce-* headers`, { field: 'content-type' });
}

/**
 * {@link decodeHttp} for a body as bytes: JSON bodies (batch, structured, binary mode with a JSON
 * content type) go through the fast parser first, which hands `readings` arrays over as validated
 * columns; whatever it does not take (see parseBodyFast) is decoded as text and parsed as before,
 * so answers and errors are the same either way.
 * @example
 * const events = decodeHttpBytes(headers, Buffer.from(await c.req.arrayBuffer()));
 */
export function decodeHttpBytes(headers: Record<string, string>, body: Uint8Array): RawEvent[] {
  const contentType = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType === 'application/cloudevents-batch+json') {
    const parsed = parseBodyFast(body, 'batch');
    if (Array.isArray(parsed)) return parsed.map((e) => (isObject(e) ? e : { __invalid: 'batch entry is not a JSON object' }));
  } else if (contentType === 'application/cloudevents+json') {
    const parsed = parseBodyFast(body, 'event');
    if (isObject(parsed)) return [parsed];
  } else if ((headers['ce-specversion'] !== undefined || headers['ce-id'] !== undefined) && body.length > 0 && (contentType === '' || contentType.endsWith('json'))) {
    const data = parseBodyFast(body, 'data');
    if (data !== undefined) return [binary(headers, '', contentType, data)];
  }
  return decodeHttp(headers, utf8.decode(body)); // as Request.text() decodes: a leading BOM dropped, bad bytes replaced
}

function binary(headers: Record<string, string>, body: string, contentType: string, parsed?: unknown): RawEvent {
  const event: RawEvent = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(CE_PREFIX)) event[name.slice(CE_PREFIX.length)] = value;
  }
  if (contentType) event.datacontenttype = contentType;
  if (parsed !== undefined) event.data = parsed;
  else if (body.length > 0) event.data = contentType === '' || contentType.endsWith('json') ? parseJson(body) : body;
  return event;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (err) {
    throw new InvalidInput(`body is not valid JSON: ${(err as Error).message}`, { field: '(body)', reason: 'malformed_json', cause: err });
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
