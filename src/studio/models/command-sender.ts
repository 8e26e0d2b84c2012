import { createHash } from 'node:crypto';
import type { CommandView } from '../../core/commands.js';
import type { ModelArtifact } from '../../core/model-artifact.js';
import type { ArtifactRef } from '../../core/model-ref.js';
import { CommandRefused, type CommandQueue } from '../commands/command-queue.js';
import type { DeploymentState } from './model-repository.js';
import { ModelRefused, type ModelSender } from './model-registry.js';

/** How long a deployment waits for its node (an offline node takes it when it comes back), and how long a send waits for the answer. */
export const MODEL_DEPLOY = { ttlMs: 24 * 3_600_000, answerWaitMs: 5000 } as const;

/** Where a deploy command stands, as a deployment state. */
export function deploymentOf(view: CommandView | undefined): { state: DeploymentState; reason?: string } {
  if (!view || view.state === 'queued' || view.state === 'delivered') return { state: 'sending' };
  if (view.state === 'done') {
    const r = view.result as { state?: DeploymentState; reason?: string | null } | undefined;
    return { state: r?.state ?? 'shadow', ...(r?.reason ? { reason: r.reason } : {}) };
  }
  return { state: 'failed', reason: `${view.error?.reason ?? view.state}: ${view.error?.message ?? 'no answer'}` };
}

/** Room the command's other fields take beside the artifact (`{"artifact":…}`), so an inline part never meets the bound by a few bytes. */
const ENVELOPE_BYTES = 64;

/**
 * The params of a `model.deploy` command for one node's part: the part itself when it fits the
 * command channel's size bound, else a reference the node fetches from the studio with its ingest
 * token (`GET /api/v1/edge/{node}/models/{id}/artifact`, a path on the studio it polls), checked
 * against the sha256 and length of the exact bytes served.
 */
export function deployParams(node: string, part: ModelArtifact, maxCommandBytes: number): { artifact: ModelArtifact } | { artifact_ref: ArtifactRef } {
  const text = JSON.stringify(part);
  const bytes = Buffer.byteLength(text);
  if (bytes + ENVELOPE_BYTES <= maxCommandBytes) return { artifact: part };
  return {
    artifact_ref: {
      url: `/api/v1/edge/${encodeURIComponent(node)}/models/${encodeURIComponent(part.id)}/artifact`,
      sha256: `sha256:${createHash('sha256').update(text).digest('hex')}`, bytes, model_id: part.id, version: part.version, checksum: part.checksum,
    },
  };
}

/**
 * Model deployments over the command channel: one `model.deploy` command per node carrying its
 * part of the artifact, or a reference to it when the part is larger than the channel's bound
 * (`COMMAND_MAX_BYTES`); the answer is awaited briefly (a node that is offline gets it when it
 * polls again, within the ttl). Refusals by the queue (full) are the caller's errors.
 */
export function commandSender(queue: CommandQueue, o: { ttlMs?: number; answerWaitMs?: number } = {}): ModelSender {
  return {
    async send(node: string, artifact: ModelArtifact) {
      let id: string;
      try {
        id = (await queue.send(node, 'model.deploy', deployParams(node, artifact, queue.limits.maxCommandBytes), { ttlMs: o.ttlMs ?? MODEL_DEPLOY.ttlMs })).id;
      } catch (err) {
        if (err instanceof CommandRefused) throw new ModelRefused(err.reason === 'command_too_large' ? 'too_large' : 'invalid', `${node}: ${err.message}`, { cause: err });
        throw err;
      }
      const d = deploymentOf(await queue.wait(id, o.answerWaitMs ?? MODEL_DEPLOY.answerWaitMs));
      return { command_id: id, ...d };
    },
    async status(commandId: string) {
      return deploymentOf(await queue.get(commandId));
    },
  };
}
