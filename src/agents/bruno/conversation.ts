import type { Plan } from './language/plan.js';

/** What a conversation remembers of its last question, to read a follow-up against. */
export interface Turn {
  plan: Plan;
  at: number;
}

/** A question that leans on the previous turn: "and humidity?", "what about the office", "in warehouse b?". */
export const FOLLOW_UP = /^\s*(and|what about|how about|same for|also|now)\b|^\s*(in|for|at|on)\s+\S+\s*\??\s*$/i;

/** The end of a range a follow-up asks for by itself: "and the minimum?", "what about the lowest", "and the average?". */
function otherEnd(question: string): 'min' | 'max' | 'mean' | undefined {
  const q = question.toLowerCase();
  const min = /\b(min|mins|minimum|minima|lowest|low|coldest|coolest|driest|least|bottom|smallest)\b/.test(q);
  const max = /\b(max|maxes|maximum|maxima|highest|high|hottest|warmest|wettest|most|top|peak|biggest|largest)\b/.test(q);
  if (min !== max) return min ? 'min' : 'max';
  return !min && /\b(average|avg|mean|typical)\b/.test(q) ? 'mean' : undefined;
}

/**
 * Reads a follow-up ("and humidity?", "what about yesterday?", "and in warehouse b?") against the
 * previous turn: what the new question names replaces, the rest carries over.
 * @example
 * mergeFollowUp('and humidity?', plan, previousTurn)
 */
export function mergeFollowUp(question: string, plan: Plan, prev: Turn | undefined): Plan {
  if (!prev) return plan;
  const followUp = FOLLOW_UP.test(question) || (plan.operation === 'help' && (plan.measures.length > 0 || plan.scope.locations.length + plan.scope.nodes.length > 0));
  if (!followUp) return plan;
  const s = plan.scope;
  const namesPlace = s.locations.length > 0 || s.nodes.length > 0 || s.unknown.length > 0;
  const keepOp = plan.operation === 'help' || plan.operation === 'current';
  const explicitTime = plan.time.type === 'point' || (plan.time.type === 'window' && plan.time.explicit) || (plan.time.type === 'now' && plan.time.explicit);
  let operation = keepOp ? prev.plan.operation : plan.operation;
  // "and the minimum?" after a maximum: the same question at the other end (or its average).
  const end = otherEnd(question);
  const ends = ['extreme', 'rank', 'statistics'] as const;
  const prevEnds = (ends as readonly string[]).includes(prev.plan.operation);
  if (end && (prevEnds || prev.plan.operation === 'current') && (keepOp || (ends as readonly string[]).includes(plan.operation)) && plan.measures.every((m) => prev.plan.measures.some((p) => JSON.stringify(p) === JSON.stringify(m)))) {
    operation = prevEnds && !(end === 'mean' && prev.plan.operation !== 'statistics') ? prev.plan.operation : 'statistics';
  }
  const extremes: Pick<Plan, 'extreme' | 'stat' | 'statOnly'> = end ? (operation === 'statistics' ? { stat: end, statOnly: true } : end !== 'mean' ? { extreme: end } : {}) : { statOnly: false };
  // "what about yesterday?" after a current-value question asks for that day's readings.
  if (operation === 'current' && plan.time.type === 'window' && plan.time.explicit) operation = 'statistics';
  return {
    ...prev.plan,
    operation,
    measures: plan.measures.length ? plan.measures : prev.plan.measures,
    scope: namesPlace ? s : prev.plan.scope,
    time: explicitTime ? plan.time : prev.plan.time,
    units: plan.units.temperature !== '°C' || plan.units.pressure !== 'hPa' ? plan.units : prev.plan.units,
    ...extremes,
    score: plan.score,
    alternatives: plan.alternatives,
  };
}

/**
 * Remembers the last turn of each conversation, bounded in count and age (oldest forgotten first).
 * @example
 * const memory = new ConversationMemory(1000, 30 * 60_000);
 */
export class ConversationMemory {
  private readonly turns = new Map<string, Turn>();

  constructor(private readonly maxConversations = 1000, private readonly ttlMs = 30 * 60_000) {}

  get(id: string, now: number): Turn | undefined {
    const t = this.turns.get(id);
    if (!t || now - t.at > this.ttlMs) return undefined;
    return t;
  }

  set(id: string, turn: Turn): void {
    this.turns.delete(id);
    this.turns.set(id, turn);
    while (this.turns.size > this.maxConversations) this.turns.delete(this.turns.keys().next().value as string);
  }
}

/** Where follow-ups find the last turn: in memory by default, the studio's store when served (any replica). */
export interface TurnMemory {
  get(id: string, now: number): Turn | undefined | Promise<Turn | undefined>;
  set(id: string, turn: Turn): void | Promise<void>;
}
