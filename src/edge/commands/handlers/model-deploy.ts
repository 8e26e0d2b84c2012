import { createHash } from 'node:crypto';
import type { ModelArtifact } from '../../../core/model-artifact.js';
import { ARTIFACT_FETCH_MAX_BYTES, type ArtifactRef } from '../../../core/model-ref.js';
import { CommandError, type CommandContext, type CommandHandler } from '../handler.js';
import { fetchFromStudio } from '../studio-fetch.js';

/** Longest a part's fetch from the studio may take (the command's own deadline may cut it shorter). */
export const ARTIFACT_FETCH_TIMEOUT_MS = 60_000;

/**
 * A part sent by reference: fetched from the studio with the node's token, bounded by the length
 * the command names, and kept only when its sha256 is the command's. Failures are
 * `artifact_fetch_failed` (the studio unreachable or refusing) or `artifact_digest_mismatch`.
 */
async function fetchPart(ref: ArtifactRef, ctx: CommandContext): Promise<ModelArtifact> {
  const studio = ctx.services.studio;
  if (!studio) throw new CommandError('artifact_fetch_failed', `${ctx.services.node} has no studio URL to fetch ${ref.model_id} from`);
  if (!(Number.isInteger(ref.bytes) && ref.bytes > 0 && ref.bytes <= ARTIFACT_FETCH_MAX_BYTES)) throw new CommandError('bad_params', `artifact_ref.bytes must be an integer in [1, ${ARTIFACT_FETCH_MAX_BYTES}], got ${String(ref.bytes)}`);
  let body: Buffer;
  try {
    body = await fetchFromStudio(studio, ref.url, { maxBytes: ref.bytes, timeoutMs: ARTIFACT_FETCH_TIMEOUT_MS, signal: ctx.signal });
  } catch (err) {
    throw new CommandError('artifact_fetch_failed', `fetching ${ref.model_id} from ${studio.url}: ${(err as Error).message}`, { cause: err });
  }
  const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
  if (body.length !== ref.bytes || digest !== ref.sha256) throw new CommandError('artifact_digest_mismatch', `the part of ${ref.model_id} fetched from the studio is ${body.length} bytes with ${digest}; the command says ${ref.bytes} bytes with ${ref.sha256}`);
  try {
    return JSON.parse(body.toString('utf8')) as ModelArtifact;
  } catch (err) {
    throw new CommandError('artifact_digest_mismatch', `the part of ${ref.model_id} is not JSON`, { cause: err });
  }
}

/**
 * `model.deploy`: takes this node's part of a trained model (`{artifact}`, or `{artifact_ref}` when
 * the part was larger than the command channel's bound: fetched from the studio first), verifies
 * its checksums and series, and starts it in shadow beside the detector (see `ModelScorer`).
 * Answers with the state; later states (active, rolled_back) go to the studio as
 * `io.homelab.edge.model` events. Safe to run twice: the same model again changes nothing and
 * answers its current state.
 */
export const modelDeploy: CommandHandler = {
  type: 'model.deploy',
  async run(params, ctx) {
    const models = ctx.services.models;
    if (!models) throw new CommandError('unsupported', `${ctx.services.node} runs no model scorer`);
    const p = params as { artifact?: ModelArtifact; artifact_ref?: ArtifactRef } | null;
    const ref = p?.artifact_ref;
    if (ref !== undefined && (!ref || typeof ref !== 'object' || typeof ref.url !== 'string' || typeof ref.sha256 !== 'string' || typeof ref.model_id !== 'string')) throw new CommandError('bad_params', 'params.artifact_ref needs url, sha256, bytes and model_id');
    const artifact = ref ? await fetchPart(ref, ctx) : p?.artifact;
    if (!artifact || typeof artifact !== 'object' || typeof artifact.id !== 'string') throw new CommandError('bad_params', 'params.artifact (a model artifact) or params.artifact_ref is required');
    try {
      const s = models.deploy(artifact);
      return { model_id: s.model_id, version: s.version, state: s.state, reason: s.reason, ...(ref ? { fetched_bytes: ref.bytes } : {}) };
    } catch (err) {
      const message = (err as Error).message;
      throw new CommandError(/checksum/.test(message) ? 'checksum_mismatch' : 'model_refused', message, { cause: err });
    }
  },
};
