import type { Entities } from './entities.js';
import type { Intent } from './intents.js';
import type { TimeWindow } from './time-window.js';

/** What a conversation remembers of its last question, to read a follow-up against. */
export interface Turn {
  intent: Intent;
  entities: Entities;
  window: TimeWindow;
  at: number;
}

const FOLLOW_UP = /^\s*(and|what about|how about|same for|also|now)\b|^\s*(in|for|at|on)\s+\S+\s*\??\s*$/i;

/**
 * Reads a follow-up ("and humidity?", "what about yesterday?", "and in warehouse b?") against
 * the previous turn: what the new question names replaces, the rest carries over.
 * @example
 * mergeFollowUp('and humidity?', 'current', { kinds: ['humidity'], … }, window, previousTurn)
 */
export function mergeFollowUp(question: string, intent: Intent, entities: Entities, window: TimeWindow, prev: Turn | undefined): Omit<Turn, 'at'> {
  if (!prev) return { intent, entities, window };
  const followUp = FOLLOW_UP.test(question) || intent === 'help';
  if (!followUp) return { intent, entities, window };
  const namesPlace = entities.nodes.length > 0 || entities.locations.length > 0;
  const merged: Entities = {
    nodes: namesPlace ? entities.nodes : prev.entities.nodes,
    locations: namesPlace ? entities.locations : prev.entities.locations,
    kinds: entities.kinds.length ? entities.kinds : prev.entities.kinds,
    ...(namesPlace ? (entities.placeLabel ? { placeLabel: entities.placeLabel } : {}) : (prev.entities.placeLabel ? { placeLabel: prev.entities.placeLabel } : {})),
  };
  // A bare follow-up keeps the question's kind of answer; "current" is what a lone noun classifies as.
  const keepIntent = intent === 'help' || intent === 'current';
  let nextIntent = keepIntent ? prev.intent : intent;
  // "what about yesterday?" after a current-value question asks for that day's readings.
  if (nextIntent === 'current' && window.explicit) nextIntent = 'range';
  return { intent: nextIntent, entities: merged, window: window.explicit ? window : prev.window };
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
