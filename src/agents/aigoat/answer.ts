/**
 * aigoat's model-free answers, written only from what its capabilities returned for the request:
 * every figure is one of theirs (dates as YYYY-MM-DD, times as HH:MM UTC, from their ISO strings).
 */

type Summary = Record<string, unknown> & { id: string; title: string; status: string; attainment: number | null; unit: string; target: number };
type MomentOut = { from: string; to: string; minutes: number; peak: number | null; where?: string; anomalies?: { kind: string; value: number; unit: string; severity: string; at: string; node: string }[]; incidents?: { id: string; root_cause: unknown }[] };

const STATUS: Record<string, string> = { on_track: 'on track', at_risk: 'AT RISK', breached: 'BREACHED', met: 'met', no_data: 'no data yet' };
const OP: Record<string, string> = { '<': 'below', '<=': 'at most', '>': 'above', '>=': 'at least' };
const day = (iso: unknown) => String(iso).slice(0, 10);
const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
/** A figure as written: at most one decimal, as the data holds it. */
const fig = (v: number) => String(Math.round(v * 10) / 10);

/** One goal in a sentence: status, attainment against target, budget, trend, projection. */
export function goalLine(g: Summary): string {
  const m = g.measure as { type: string; op?: string; threshold?: number; kind?: string } | undefined;
  const head = `"${g.title}" (${g.id}): ${STATUS[g.status] ?? g.status}`;
  if (g.attainment === null) return `${head}: no stored data in its period yet (from ${day(g.start)} to ${day(g.deadline)}).`;
  const parts: string[] = [];
  const budget = g.budget as Record<string, number | null> | undefined;
  const trend = g.trend as { recent_attainment?: number | null; recent_average?: number | null; direction: string } | undefined;
  const projection = g.projection as { at_deadline: number | null } | undefined;
  if (m?.type === 'time_share') {
    parts.push(`${fig(g.attainment)}% of the time ${OP[m.op!]} ${fig(m.threshold!)} so far (target ${fig(g.target)}%)`);
    const left = budget?.left_minutes ?? 0;
    parts.push(left >= 0 ? `${left} min over the line still allowed (${budget?.used_minutes ?? 0} used)` : `over budget by ${budget?.over_minutes ?? 0} min (${budget?.used_minutes ?? 0} used)`);
  } else if (m?.type === 'reporting') {
    parts.push(`${fig(g.attainment)}% of node reports in (target ${fig(g.target)}%)`);
    const left = budget?.left_minutes ?? 0;
    parts.push(left >= 0 ? `${left} node-minutes of silence still allowed` : `${budget?.over_minutes ?? 0} node-minutes past what the target allows`);
  } else if (m?.type === 'average') {
    parts.push(`average ${fig(g.attainment)}${g.unit === '%' ? '%' : ` ${g.unit}`} so far (target ${OP[m.op!]} ${fig(g.target)})`);
    if (budget?.remaining_average_limit != null) parts.push(`the rest of the period must average ${OP[m.op!]} ${fig(budget.remaining_average_limit)}`);
  } else if (m?.type === 'anomaly_free') {
    parts.push(g.anomalies ? `${g.anomalies as number} anomalies in its period` : 'no anomalies so far');
  } else {
    parts.push(`${fig(g.attainment)}% done (${fig(g.expected_pct as number)}% expected by now), ${fig(g.days_left as number)} days left`);
    parts.push(g.last_check_in ? `last check-in ${day(g.last_check_in)}` : 'no check-in yet');
    if (g.check_in_due) parts.push('a check-in is due');
  }
  if (trend && trend.direction !== 'unknown' && trend.direction !== 'steady') {
    const recent = trend.recent_attainment ?? trend.recent_average;
    parts.push(`${trend.direction} (last 24 h: ${recent === null || recent === undefined ? 'no data' : fig(recent)})`);
  }
  if (projection?.at_deadline != null && g.status !== 'met' && g.status !== 'breached') parts.push(`projected ${fig(projection.at_deadline)} by ${day(g.deadline)}`);
  else parts.push(`deadline ${day(g.deadline)}`);
  return `${head}: ${parts.join('; ')}.`;
}

export function listAnswer(goals: Summary[]): { response: string; data: Record<string, unknown> } {
  const counts: Record<string, number> = { total: goals.length };
  for (const g of goals) counts[g.status] = (counts[g.status] ?? 0) + 1;
  if (!goals.length) return { response: 'There are no goals yet. Set one, e.g. "set a goal: keep warehouse-b below 25 °C 99 % of the time this week".', data: { goals, counts } };
  const tally = Object.entries(counts).filter(([k]) => k !== 'total').map(([k, n]) => `${n} ${STATUS[k] ?? k}`).join(', ');
  return { response: `${goals.length} goal${goals.length === 1 ? '' : 's'} (${tally}):\n${goals.map(goalLine).join('\n')}`, data: { goals, counts } };
}

export function riskAnswer(r: { goal: Summary; moments: MomentOut[] }): string {
  const g = r.goal;
  const head = `"${g.title}" is ${STATUS[g.status] ?? g.status}${g.attainment === null ? ' (no stored data yet)' : ` at ${fig(g.attainment)}${g.unit === '%' ? '%' : ` ${g.unit}`} (target ${fig(g.target)})`}.`;
  if (!r.moments.length) return `${head} Nothing has cost it so far: no slot in its period failed.`;
  const lines = r.moments.map((m, i) => {
    const seen = [
      m.anomalies?.length ? `anomalies: ${m.anomalies.slice(0, 3).map((a) => `${a.kind} ${fig(a.value)}${a.unit ? ` ${a.unit}` : ''} (${a.severity}) on ${a.node} at ${a.at.slice(11, 16)}`).join(', ')}` : '',
      m.incidents?.length ? `incident ${m.incidents.map((x) => `${x.id}${typeof x.root_cause === 'string' ? ` (root cause: ${x.root_cause})` : ''}`).join(', ')}` : '',
    ].filter(Boolean).join('; ');
    return `${i + 1}. ${when(m.from)}–${m.to.slice(11, 16)} UTC, ${m.minutes} min${m.peak === null ? ' without reports' : `, peak ${fig(m.peak)}`}${m.where ? ` at ${m.where}` : ''}${seen ? `; ${seen}` : ''}`;
  });
  return `${head} What cost it most:\n${lines.join('\n')}`;
}
