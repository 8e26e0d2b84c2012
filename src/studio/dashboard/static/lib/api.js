/** The studio's HTTP API from the page: same origin, the session cookie, errors as ApiError. */

export class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

let signIn = null;

/** What to do on a 401: show the login and resolve once signed in (set by app.js). */
export function onUnauthorized(fn) {
  signIn = fn;
}

export async function api(path, { method = 'GET', body, signal, retried = false } = {}) {
  const res = await fetch(path, {
    method, signal, credentials: 'same-origin',
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status === 401 && signIn && !retried) {
    await signIn();
    return api(path, { method, body, signal, retried: true });
  }
  if (res.status === 204) return undefined;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, data?.error?.message ?? `HTTP ${res.status}`, data?.error?.field);
  return data;
}

/** `a=1&b=2` from an object, leaving out empty values. */
export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  return p.toString();
}

/**
 * Reads a `text/event-stream` response body frame by frame: `onFrame(event, data)` for each.
 * (EventSource cannot POST, so the ask box streams `/query` through fetch.)
 */
export async function readEventStream(res, onFrame) {
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += value;
    let cut;
    while ((cut = buf.search(/\r?\n\r?\n/)) >= 0) {
      const block = buf.slice(0, cut);
      buf = buf.slice(cut).replace(/^\r?\n\r?\n/, '');
      let event = 'message';
      const data = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) onFrame(event, data.join('\n'));
    }
  }
}
