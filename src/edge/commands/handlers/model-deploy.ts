import type { ModelArtifact } from '../../../core/model-artifact.js';
import { CommandError, type CommandHandler } from '../handler.js';

/**
 * `model.deploy`: takes this node's part of a trained model (`{artifact}`), verifies its checksums
 * and series, and starts it in shadow beside the detector (see `ModelScorer`). Answers at once with
 * the state; later states (active, rolled_back) go to the studio as `io.homelab.edge.model` events.
 * Safe to run twice: the same model again changes nothing and answers its current state.
 */
export const modelDeploy: CommandHandler = {
  type: 'model.deploy',
  run(params, ctx) {
    const models = ctx.services.models;
    if (!models) throw new CommandError('unsupported', `${ctx.services.node} runs no model scorer`);
    const artifact = (params as { artifact?: ModelArtifact } | null)?.artifact;
    if (!artifact || typeof artifact !== 'object' || typeof artifact.id !== 'string') throw new CommandError('bad_params', 'params.artifact (a model artifact) is required');
    try {
      const s = models.deploy(artifact);
      return { model_id: s.model_id, version: s.version, state: s.state, reason: s.reason };
    } catch (err) {
      const message = (err as Error).message;
      throw new CommandError(/checksum/.test(message) ? 'checksum_mismatch' : 'model_refused', message, { cause: err });
    }
  },
};
