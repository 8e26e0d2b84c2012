/**
 * What agents keep between requests, in the studio's storage so any replica sees it: the last turn
 * of each conversation (follow-ups across replicas), claims (a key done once: a webhook delivery,
 * an alert group the auditor already reported), and an audit log of actions (agent-jamie's plans,
 * approvals and executions). One contract (agent-state.test.ts) for SQLite and PostgreSQL.
 */
export interface AgentStateRepository {
  open(): Promise<void>;
  close(): Promise<void>;
  /** The conversation's last turn, or undefined when there is none newer than `since`. */
  turn(agent: string, conversationId: string, since: number): Promise<unknown>;
  /** Replaces the conversation's last turn; conversations idle longer than `pruneBefore` go. */
  saveTurn(agent: string, conversationId: string, turn: unknown, at: number, pruneBefore: number): Promise<void>;
  /**
   * Takes `key` once: true for the first caller (any replica), false for every later one. Claims
   * older than `pruneBefore` are forgotten, so the table stays bounded.
   */
  claim(key: string, at: number, pruneBefore: number): Promise<boolean>;
  /** Gives a claim back (the work it guarded failed, so a retry may take it). */
  release(key: string): Promise<void>;
  /** Inserts or replaces an action record (by id). */
  saveAction(record: ActionRecord): Promise<void>;
  action(agent: string, id: string): Promise<ActionRecord | undefined>;
  /** Newest first. */
  actions(agent: string, limit: number): Promise<ActionRecord[]>;
}

/** One action of an agent and what happened to it, as the audit log shows it. */
export interface ActionRecord {
  id: string;
  agent: string;
  state: 'planned' | 'refused' | 'executed' | 'failed';
  created_at: number;
  updated_at: number;
  /** The plan, who asked, who approved, the outcome, and every refusal: the record itself. */
  detail: Record<string, unknown>;
}

/** How long a conversation's turn is remembered and how long claims are kept. */
export const CONVERSATION_TTL_MS = 30 * 60_000;
export const CLAIM_TTL_MS = 7 * 86_400_000;
