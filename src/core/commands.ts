/**
 * The studio → node command channel's wire shapes, shared by the studio (which queues commands and
 * keeps their outcome) and the collector (which takes them over its outbound connection and runs
 * one handler per type). See the README's "Command channel" section.
 */

/** What a node receives: one command, with the bounds it must keep. */
export interface WireCommand {
  /** Unique per command (`cmd_…`); a result names it. */
  id: string;
  node: string;
  /** e.g. `readings.query`, `ping`; the collector's handler list says which it knows. */
  type: string;
  params: unknown;
  /** Epoch ms it was queued at. */
  createdAt: number;
  /** Epoch ms after which the studio no longer takes a result (the command is `expired`). */
  deadline: number;
  /** Largest result the studio takes, bytes of its JSON; a larger one is refused (`result_too_large`). */
  maxResultBytes: number;
  /** How many times it has been handed out (more than 1: the node restarted or lost an answer). */
  attempt: number;
}

/** What a node sends back for a command. */
export type CommandOutcome =
  | { ok: true; result: unknown }
  | { ok: false; error: { reason: string; message: string } };

/** Where a command stands at the studio. */
export const COMMAND_STATES = ['queued', 'delivered', 'done', 'failed', 'expired'] as const;
export type CommandState = (typeof COMMAND_STATES)[number];

/** States with an outcome: nothing changes a command after it reaches one. */
export const FINISHED: ReadonlySet<CommandState> = new Set(['done', 'failed', 'expired']);

/** A command as the studio's API shows it. */
export interface CommandView {
  id: string;
  node: string;
  type: string;
  state: CommandState;
  createdAt: number;
  deadline: number;
  deliveredAt: number | null;
  attempts: number;
  completedAt: number | null;
  /** The node's result (state `done`). */
  result?: unknown;
  /** Why it failed or expired (states `failed`, `expired`). */
  error?: { reason: string; message: string };
}

/** The channel's default bounds (README reference); the studio's settings override them. */
export const COMMAND_LIMITS = {
  /** Commands waiting (queued or delivered without a result) per node; one more is refused (429 `queue_full`). */
  maxPerNode: 100,
  /** Largest command, bytes of its params' JSON (413 `command_too_large`). */
  maxCommandBytes: 64 * 1024,
  /** Largest result, bytes of its JSON (413 `result_too_large`; the command fails with that reason). */
  maxResultBytes: 4 * 1024 * 1024,
  /** Longest a command may wait for its node (ttl). */
  maxTtlMs: 7 * 86_400_000,
  /** The ttl of a command sent without one. */
  defaultTtlMs: 60_000,
  /** How long finished commands (and their results) stay fetchable. */
  keepFinishedMs: 86_400_000,
  /** Longest one long-poll of a node waits for a command. */
  maxPollWaitMs: 60_000,
  /** Most commands one poll hands out. */
  perPoll: 16,
} as const;
