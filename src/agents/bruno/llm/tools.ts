import type { ToolSpec } from '../../../core/llm-client.js';
import type { StudioStore } from '../../../studio/store/store.js';
import { assessNode, type HealthLimits } from '../../../studio/health/node-health.js';
import type { KnowledgeGraph } from '../../../studio/graph/knowledge-graph.js';
import type { AlertEngine } from '../../../studio/alerts/engine.js';

/** Most characters of one tool result handed to the model (bounded context). */
export const MAX_TOOL_OUTPUT = 6000;

const HOUR = 3_600_000;
const str = { type: 'string' } as const;
const filterProps = { node: str, location: str, kind: { type: 'string', description: 'temperature, humidity, pressure, …' }, hours: { type: 'number', description: 'look back this many hours (default 24)' } };

/** The tools the model may call: the same data the model-free answers use. */
export const TOOL_SPECS: ToolSpec[] = [
  { type: 'function', function: { name: 'list_entities', description: 'Known nodes, locations and sensor kinds.', parameters: { type: 'object', properties: {} } } },
  { type: 'function', function: { name: 'latest_readings', description: 'Latest value of every sensor, optionally filtered.', parameters: { type: 'object', properties: filterProps } } },
  { type: 'function', function: { name: 'reading_stats', description: 'Count, mean, min and max (with times) per sensor over the last N hours.', parameters: { type: 'object', properties: filterProps } } },
  { type: 'function', function: { name: 'anomalies', description: 'Anomalies detected at the edge over the last N hours, newest first.', parameters: { type: 'object', properties: filterProps } } },
  { type: 'function', function: { name: 'incidents', description: 'Incidents from the knowledge graph (anomalies grouped by place and time) with root causes and similar past incidents.', parameters: { type: 'object', properties: { location: str, hours: filterProps.hours } } } },
  { type: 'function', function: { name: 'alerts', description: 'Alert rules and the alerts firing now.', parameters: { type: 'object', properties: {} } } },
  { type: 'function', function: { name: 'node_health', description: 'Every node with its latest health (CPU, memory, SoC temperature, disk, top processes) and status.', parameters: { type: 'object', properties: { node: str } } } },
];

type Args = { node?: string; location?: string; kind?: string; hours?: number };

/**
 * Runs one tool call against the store; the result is JSON cut to `MAX_TOOL_OUTPUT` characters.
 * Unknown tools and bad arguments come back as an error the model can read, not an exception.
 * @example
 * await runTool(store, limits, 'latest_readings', '{"kind":"temperature"}', Date.now())
 */
/** What the tools may read besides the store. */
export interface ToolDeps {
  graph?: KnowledgeGraph;
  alerts?: AlertEngine;
}

export async function runTool(store: StudioStore, limits: HealthLimits, name: string, argText: string, now: number, deps: ToolDeps = {}): Promise<string> {
  let args: Args;
  try {
    args = argText ? (JSON.parse(argText) as Args) : {};
  } catch {
    return JSON.stringify({ error: 'arguments are not valid JSON' });
  }
  const hours = typeof args.hours === 'number' && args.hours > 0 ? Math.min(args.hours, 24 * 365) : 24;
  const range = { from: now - hours * HOUR, to: now };
  const filter = { ...(args.node ? { node: args.node } : {}), ...(args.location ? { location: args.location } : {}), ...(args.kind ? { kind: args.kind } : {}) };
  let result: unknown;
  switch (name) {
    case 'list_entities': {
      const c = await store.catalog();
      result = { nodes: c.nodes, locations: c.locations, kinds: c.kinds };
      break;
    }
    case 'latest_readings':
      result = (await store.latest(filter)).map((s) => ({ node: s.node, sensor: s.sensor, kind: s.kind, location: s.location, value: s.lastValue, unit: s.unit, ts: new Date(s.lastTs).toISOString() }));
      break;
    case 'reading_stats':
      result = (await store.stats({ ...filter, ...range })).map((s) => ({ node: s.node, sensor: s.sensor, kind: s.kind, location: s.location, unit: s.unit, count: s.count, mean: Math.round(s.mean * 100) / 100, min: s.min, min_at: new Date(s.minTs).toISOString(), max: s.max, max_at: new Date(s.maxTs).toISOString() }));
      break;
    case 'anomalies':
      result = (await store.anomalies({ ...filter, ...range, limit: 50 })).map((a) => ({ node: a.node, sensor: a.sensor, kind: a.kind, location: a.location, value: a.value, unit: a.unit, severity: a.severity, reason: a.reason, score: a.score, ts: new Date(a.ts).toISOString() }));
      break;
    case 'node_health':
      result = (await store.nodes()).filter((n) => !args.node || n.node === args.node).map((n) => {
        const a = assessNode(n, now, limits);
        return { node: a.node, location: a.location, status: a.status, problems: a.problems.map((p) => p.text), health: a.health };
      });
      break;
    case 'incidents': {
      const graph = deps.graph;
      if (!graph) { result = { error: 'the knowledge graph is not enabled' }; break; }
      const incidents = (await graph.repo.entities({ type: 'incident', from: range.from, limit: 20 })).filter((i) => !args.location || i.props.place === args.location);
      result = await Promise.all(incidents.map(async (i) => {
        const cause = (await graph.repo.relations(i.id, 'caused_by'))[0];
        return { id: i.id, ...i.props, root_cause: cause ? (await graph.repo.entity(cause.to))?.name ?? null : null, similar: (await graph.similarIncidents(i.id)).slice(0, 2).map((x) => ({ root_cause: x.root_cause, score: x.score })) };
      }));
      break;
    }
    case 'alerts':
      result = deps.alerts ? { rules: (await deps.alerts.repo.rules()).map((r) => ({ id: r.id, name: r.name })), firing: await deps.alerts.repo.alerts({ state: 'firing' }) } : { error: 'alerts are not enabled' };
      break;
    default:
      result = { error: `unknown tool "${name}"; tools: ${TOOL_SPECS.map((t) => t.function.name).join(', ')}` };
  }
  const text = JSON.stringify(result);
  return text.length <= MAX_TOOL_OUTPUT ? text : `${text.slice(0, MAX_TOOL_OUTPUT)}… (truncated: ${text.length} characters; narrow the filter)`;
}
