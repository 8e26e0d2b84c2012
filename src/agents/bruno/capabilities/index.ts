import type { EdgeReadings } from '../../../studio/commands/edge-readings.js';
import type { ModelRegistry } from '../../../studio/models/model-registry.js';
import type { Capability } from '../../runtime/capability.js';
import type { OperationName } from '../language/plan.js';
import { OPERATIONS } from '../operations/index.js';
import { PLAN_PARAMETERS, type Operation, type OperationContext } from '../operations/operation.js';
import { forecastCapability } from '../operations/forecast.js';
import { NODE_READINGS, nodeReadings } from '../operations/node-readings.js';
import { planFromArgs } from './plan-args.js';
import { READING_CAPABILITIES } from './readings.js';

/** What agent-bruno's capabilities run in: the domain APIs, the catalog, the request's clock and question. */
export interface BrunoContext extends OperationContext {
  /** Drill-down into a node's raw local store (studio role only). */
  edge?: EdgeReadings;
  /** Trained models, for forecasts. */
  models?: ModelRegistry;
}
export type BrunoCapability = Capability<BrunoContext>;

const HOUR = 3_600_000;

/** An operation as a capability: its run takes the planner's typed plan or a model's flat arguments. */
const fromOperation = (name: OperationName, op: Operation): BrunoCapability => ({
  spec: op.spec,
  run: (args, ctx) => op.run(planFromArgs(name, args, ctx), ctx),
});

/** "All readings from pi-node-2 in the last hour": every raw sample, asked from the nodes' own stores. */
const nodeReadingsCapability: BrunoCapability = {
  spec: {
    name: 'node_readings', scope: 'read',
    description: `Every raw reading nodes took over a recent window of at most ${NODE_READINGS.maxWindowMs / HOUR} hours (default the last hour), asked from each node's own local store over its command channel (the studio keeps only 5-minute rollups of normal data); says so when a node does not answer.`,
    parameters: { type: 'object', properties: { kinds: PLAN_PARAMETERS.kinds, nodes: PLAN_PARAMETERS.nodes, locations: PLAN_PARAMETERS.locations, from: PLAN_PARAMETERS.from, to: PLAN_PARAMETERS.to } },
  },
  async run(args, ctx) {
    const edge = ctx.edge;
    if (!edge) return { error: 'the command channel to the nodes is not on in this process' };
    const plan = planFromArgs('list', args, ctx, { defaultHours: 1 });
    if (plan.time.type !== 'window' || plan.time.to - plan.time.from > NODE_READINGS.maxWindowMs) return { error: `a window of at most ${NODE_READINGS.maxWindowMs / HOUR} hours is required` };
    return nodeReadings(plan, { ...ctx, edge });
  },
};
/**
 * agent-bruno's one list of capabilities. The model-free planner runs the one its language layer
 * chose, with the typed plan as arguments, and answers with what it wrote; a model calls the same
 * entries by name with flat arguments and reads the same answers (plus raw-data capabilities).
 */
export const BRUNO_CAPABILITIES: readonly BrunoCapability[] = [
  ...(Object.entries(OPERATIONS) as [OperationName, Operation][]).map(([name, op]) => fromOperation(name, op)),
  nodeReadingsCapability,
  forecastCapability,
  ...READING_CAPABILITIES,
];

export const capabilityNamed = (name: string): BrunoCapability | undefined => BRUNO_CAPABILITIES.find((c) => c.spec.name === name);
