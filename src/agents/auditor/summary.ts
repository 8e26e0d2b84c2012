import type { Trigger } from './triggers.js';

/** What the auditor's tools returned for one trigger: the only source of the report's figures. */
export interface Evidence {
  started: string;
  /** Half-width of the window readings and anomalies were looked up in. */
  window_minutes: number;
  health?: HealthResult;
  anomalies: { node: string; kind: string; value: number; unit: string; severity: string; at: string }[];
  incidents: { open: { id: string; place: unknown; start: string }[]; similar: { root_cause: string }[]; past_with_root_cause: { root_cause: unknown; start: string }[] };
  deployments: { kind?: unknown; repository?: unknown; branch?: unknown; environment?: unknown; sha?: unknown; workflow?: unknown; at: string }[];
}

export interface HealthResult {
  error?: string;
  node?: string;
  location?: string | null;
  status?: string;
  problems?: { metric: string; text: string }[];
  health?: { at: string; cpu_pct: number; mem_pct: number; temp_c: number | null; disk_pct: number; top: { name: string; cpu_pct: number; mem_pct: number }[] } | null;
}

export interface Summary {
  title: string;
  text: string;
  /** The likely cause in a few words (recorded on the incident). */
  cause: string;
}

const hhmm = (iso: string): string => `${iso.slice(11, 16)} UTC`;
const pct = (v: number) => `${v}%`;

/**
 * The auditor's report, written without a model from the evidence alone: what, where, since when,
 * the likely cause with its evidence, what to do. Every figure is copied from `evidence` (or the
 * sender's own words in quotes), so the grounding check passes by construction and is still run.
 */
export function writeSummary(t: Trigger, e: Evidence): Summary {
  const node = t.node;
  const h = e.health?.health ?? undefined;
  const location = e.health?.location ?? t.location;
  const where = node ? `${node}${location ? ` at ${location}` : ''}` : location ?? 'an unnamed place';
  const title = `${t.title} (${t.severity}) on ${where}`;
  const lines = [`${title}, since ${hhmm(e.started)}${t.said ? `: "${t.said}"` : ''}.`];
  const top = h ? [...h.top].sort((a, b) => b.cpu_pct - a.cpu_pct) : [];
  if (node && h) {
    const problems = (e.health?.problems ?? []).map((p) => p.text);
    lines.push(`What: ${node}'s latest health report (${hhmm(h.at)}) shows CPU ${pct(h.cpu_pct)}, memory ${pct(h.mem_pct)}${h.temp_c !== null ? `, SoC ${h.temp_c} °C` : ''}, disk ${pct(h.disk_pct)}; status ${e.health?.status}${problems.length ? ` (${problems.join(', ')})` : ''}.`);
    if (top[0]) lines.push(`Top process: ${top[0].name} at ${pct(top[0].cpu_pct)} CPU${top[1] ? ` (next: ${top[1].name} at ${pct(top[1].cpu_pct)})` : ''}.`);
  } else if (node) {
    lines.push(`No stored health data for ${node}: its CPU, memory and processes cannot be checked.`);
  }
  const recentDeploy = e.deployments.find((d) => Date.parse(d.at) <= Date.parse(e.started) + 60_000);
  let cause: string;
  if (top[0] && h && (top[0].cpu_pct >= 50 || top[0].cpu_pct >= h.cpu_pct / 2)) cause = `${top[0].name} using ${pct(top[0].cpu_pct)} CPU on ${node}`;
  else if (recentDeploy) cause = `the ${String(recentDeploy.kind)} of ${String(recentDeploy.repository)} at ${hhmm(recentDeploy.at)}, before it started`;
  else if (e.incidents.similar[0]) cause = `what caused a similar past incident: ${e.incidents.similar[0].root_cause}`;
  else cause = 'no single cause stands out in the stored data';
  lines.push(`Likely cause: ${cause}.`);
  lines.push(e.anomalies.length
    ? `Around then: ${e.anomalies.length} anomal${e.anomalies.length === 1 ? 'y' : 'ies'} (${e.anomalies.slice(0, 3).map((a) => `${a.kind} ${a.value} ${a.unit} on ${a.node} at ${hhmm(a.at)}, ${a.severity}`).join('; ')}).`
    : `Around then: no anomalies stored in the ${e.window_minutes} minutes either side.`);
  const open = e.incidents.open[0];
  const past = e.incidents.past_with_root_cause[0];
  lines.push(`Incidents: ${open ? `open at ${String(open.place)} since ${hhmm(open.start)}` : `none open${location ? ` at ${location}` : ''}`}${past ? `; at ${location} before, "${String(past.root_cause)}" was recorded as the root cause` : ''}.`);
  lines.push(e.deployments.length
    ? `Deployments: ${e.deployments.slice(0, 3).map((d) => `${String(d.kind)} ${String(d.repository)}${d.branch ? ` ${String(d.branch)}` : ''}${d.sha ? ` ${String(d.sha)}` : ''} at ${hhmm(d.at)}`).join('; ')}.`
    : 'Deployments: none received in the last 6 hours.');
  const todo = top[0] && cause.startsWith(top[0].name)
    ? `check ${top[0].name} on ${node} (restart it or limit its CPU; agent-jamie can plan a restart of the collector for approval)`
    : recentDeploy ? `compare with the state before the ${String(recentDeploy.kind)}, and roll back if it matches` : node && !h ? `check that ${node} is reporting health (homelab edge on it)` : 'look at the node and the readings above';
  lines.push(`What to do: ${todo}.`);
  return { title, text: lines.join('\n'), cause };
}
