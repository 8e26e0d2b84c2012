import type { WireCommand } from '../../core/commands.js';
import type { StoreQuery, StoredAggregate, StoredReading } from '../store/types.js';
import type { ModelScorer } from '../models/model-scorer.js';

/** What the node's local store offers commands: bounded reads (see `LocalStore`). */
export interface QueryableStore {
  query(q: StoreQuery): StoredReading[];
  aggregates?(q: StoreQuery): StoredAggregate[];
}

/**
 * What a command handler may use on the node. Add a field here (and set it in
 * `edge/stack.ts`) when a new handler needs another part of the collector.
 */
export interface EdgeServices {
  node: string;
  location?: string;
  /** The node's raw local store. */
  store: QueryableStore;
  dataDir: string;
  log: (msg: string) => void;
  /** The studio the node polls (`STUDIO_AGENT_URL`, `HOMELAB_TOKEN`): where a model part sent by reference is fetched from. */
  studio?: { url: string; token?: string };
  /** The deployed model beside the detector (`model.deploy` verifies it and starts its shadow); absent when the detector runs no scorer. */
  models?: ModelScorer;
}

/** One command being run: the command, the node's parts, and a signal that aborts at its deadline. */
export interface CommandContext {
  command: WireCommand;
  services: EdgeServices;
  signal: AbortSignal;
}

/**
 * One command type's handler. `run` returns the result (any JSON value) or throws: a
 * {@link CommandError} names its reason (e.g. `bad_params`), anything else is `handler_failed`.
 * Commands may arrive twice (the node restarted before its result reached the studio): a
 * handler must be safe to run again for the same command id.
 */
export interface CommandHandler {
  type: string;
  run(params: unknown, ctx: CommandContext): unknown;
}

/** A handler's failure with a machine-readable reason the studio shows (and maps to a status). */
export class CommandError extends Error {
  constructor(readonly reason: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CommandError';
  }
}
