import type { StudioStore } from '../../studio/store/store.js';
import type { HealthLimits } from '../../studio/health/node-health.js';
import type { Entities } from './entities.js';
import type { TimeWindow } from './time-window.js';

/** Everything an answer writer may use: the store and what the question was resolved to. */
export interface AnswerContext {
  question: string;
  store: StudioStore;
  now: number;
  entities: Entities;
  window: TimeWindow;
  healthLimits: HealthLimits;
  /** The question asked for Fahrenheit: temperatures are written in °F (data stays in °C). */
  fahrenheit: boolean;
}

/** A written answer and the structured data it was written from. */
export interface Answer {
  response: string;
  data: Record<string, unknown>;
}

export type AnswerWriter = (ctx: AnswerContext) => Promise<Answer>;

/** The place a question is about, as an answer names it. */
export function placeName(e: Entities): string {
  if (e.nodes.length === 1 && e.locations.length === 0) return e.nodes[0]!;
  if (e.placeLabel) return `the ${e.placeLabel}`;
  if (e.locations.length === 1) return e.locations[0]!;
  if (e.nodes.length) return e.nodes.join(', ');
  return 'all locations';
}
