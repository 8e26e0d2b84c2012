import type { CommandView } from '../../core/commands.js';
import type { ModelArtifact } from '../../core/model-artifact.js';
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

/**
 * Model deployments over the command channel: one `model.deploy` command per node carrying its
 * part of the artifact; the answer is awaited briefly (a node that is offline gets it when it
 * polls again, within the ttl). Refusals by the queue (full, too large) are the caller's errors.
 */
export function commandSender(queue: CommandQueue, o: { ttlMs?: number; answerWaitMs?: number } = {}): ModelSender {
  return {
    async send(node: string, artifact: ModelArtifact) {
      let id: string;
      try {
        id = queue.send(node, 'model.deploy', { artifact }, { ttlMs: o.ttlMs ?? MODEL_DEPLOY.ttlMs }).id;
      } catch (err) {
        if (err instanceof CommandRefused) throw new ModelRefused(err.reason === 'command_too_large' ? 'too_large' : 'invalid', `${node}: ${err.message}`, { cause: err });
        throw err;
      }
      const d = deploymentOf(await queue.wait(id, o.answerWaitMs ?? MODEL_DEPLOY.answerWaitMs));
      return { command_id: id, ...d };
    },
    status(commandId: string) {
      return deploymentOf(queue.get(commandId));
    },
  };
}
