import { HomelabError } from '../../core/errors.js';

/** A CloudEvent as it arrived, before validation: attributes plus `data`. */
export type RawEvent = Record<string, unknown>;

const CE_PREFIX = 'ce-';

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
    if (!Array.isArray(parsed)) throw new HomelabError(400, 'a CloudEvents batch must be a JSON array of events', '(body)');
    return parsed.map((e) => (isObject(e) ? e : { __invalid: 'batch entry is not a JSON object' }));
  }
  if (contentType === 'application/cloudevents+json') {
    const parsed = parseJson(body);
    if (!isObject(parsed)) throw new HomelabError(400, 'a structured CloudEvent must be a JSON object', '(body)');
    return [parsed];
  }
  if (headers['ce-specversion'] !== undefined || headers['ce-id'] !== undefined) return [binary(headers, body, contentType)];
  throw new HomelabError(415, `cannot read a CloudEvent from content-type "${contentType || '(none)'}": send application/cloudevents+json, application/cloudevents-batch+json, or binary mode with ce-* headers`, 'content-type', 'unsupported_media_type');
}

function binary(headers: Record<string, string>, body: string, contentType: string): RawEvent {
  const event: RawEvent = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(CE_PREFIX)) event[name.slice(CE_PREFIX.length)] = value;
  }
  if (contentType) event.datacontenttype = contentType;
  if (body.length > 0) event.data = contentType === '' || contentType.endsWith('json') ? parseJson(body) : body;
  return event;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (err) {
    throw new HomelabError(400, `body is not valid JSON: ${(err as Error).message}`, '(body)', 'malformed_json');
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
