import { createHmac, timingSafeEqual } from 'node:crypto';

const equal = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * GitHub's `X-Hub-Signature-256`: `sha256=` + HMAC-SHA256 of the raw body with the webhook secret.
 * Answers why it does not verify, or undefined when it does.
 * @example
 * githubProblem(secret, req.headers['x-hub-signature-256'], rawBody) // undefined when genuine
 */
export function githubProblem(secret: string | undefined, header: string | undefined, body: Uint8Array): string | undefined {
  if (!secret) return 'GITHUB_WEBHOOK_SECRET is not set here, so no GitHub delivery can be verified';
  if (!header) return 'no X-Hub-Signature-256 header';
  const expected = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  return equal(header.trim(), expected) ? undefined : 'X-Hub-Signature-256 does not match the body and GITHUB_WEBHOOK_SECRET';
}

/** How far a Slack request's timestamp may be from now (Slack's own advice: 5 minutes). */
export const SLACK_MAX_SKEW_S = 300;

/**
 * Slack's request signing: `X-Slack-Signature` = `v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}`
 * with the signing secret, and `X-Slack-Request-Timestamp` within five minutes (replays refused).
 * @example
 * slackProblem(secret, sig, ts, rawBody, Date.now()) // undefined when genuine
 */
export function slackProblem(secret: string | undefined, signature: string | undefined, timestamp: string | undefined, body: Uint8Array, now: number): string | undefined {
  if (!secret) return 'SLACK_SIGNING_SECRET is not set here, so no Slack request can be verified';
  if (!signature || !timestamp) return 'no X-Slack-Signature or X-Slack-Request-Timestamp header';
  const ts = Number(timestamp);
  if (!Number.isInteger(ts) || Math.abs(now / 1000 - ts) > SLACK_MAX_SKEW_S) return `X-Slack-Request-Timestamp is more than ${SLACK_MAX_SKEW_S} s from now (a replay, or a clock off)`;
  const base = Buffer.concat([Buffer.from(`v0:${timestamp}:`), body]);
  const expected = `v0=${createHmac('sha256', secret).update(base).digest('hex')}`;
  return equal(signature.trim(), expected) ? undefined : 'X-Slack-Signature does not match the body and SLACK_SIGNING_SECRET';
}
