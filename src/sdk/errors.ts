/**
 * What a studio (or the Pi cluster's Kubernetes API) answered when it refused a request: `status`
 * is the HTTP status of that answer, `reason` and `field` come from its error body. Two statuses
 * are the SDK's own, said in the README: 503 `unreachable` when nothing answered, and 202
 * `queued` when a node is offline and the command waits for it. Bad arguments, found before any
 * request is sent, are an `InvalidInput` (src/core/errors.ts), not this.
 * @example
 * try { await bruno.query('') } catch (e) { if (e instanceof HomelabError && e.status === 400) console.log(e.field) }
 */
export class HomelabError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    readonly reason = 'http_error',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HomelabError';
  }
}
