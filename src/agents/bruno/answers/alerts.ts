import { ruleFromIntent } from '../../../studio/alerts/rule.js';
import type { AlertEngine } from '../../../studio/alerts/engine.js';
import type { Answer, AnswerContext } from '../answer.js';

const BELOW = /\b(below|under|less than|lower than|drops?|falls?|goes down|dips?)\b/;
const ABOVE = /\b(above|over|more than|higher than|exceeds?|rises?|goes up|tops?)\b/;

/**
 * "Alert me if humidity drops below 30%" → a threshold rule, created and confirmed with its id.
 * Asks back, creating nothing, when the kind or the number is missing.
 */
export async function answerCreateAlert(ctx: AnswerContext, alerts: AlertEngine | undefined): Promise<Answer> {
  if (!alerts) return { response: 'Alerts are not enabled on this server; nothing was created.', data: { created: false } };
  const q = ctx.question.toLowerCase();
  const number = /(-?\d+(?:\.\d+)?)\s*(%|°c|c\b|hpa)?/.exec(q);
  const kind = ctx.entities.kinds[0];
  const op = BELOW.test(q) ? '<' : ABOVE.test(q) ? '>' : undefined;
  if (!kind || !number || !op) {
    const missing = [!kind && 'what to watch (temperature, humidity, pressure)', !op && 'the direction (above or below)', !number && 'the limit (a number)'].filter(Boolean);
    return { response: `I need ${missing.join(', ')} to create the alert, e.g. "Alert me if humidity drops below 30%". Nothing was created.`, data: { created: false, missing } };
  }
  const location = ctx.entities.locations.length === 1 ? ctx.entities.locations[0] : undefined;
  const node = ctx.entities.nodes.length === 1 ? ctx.entities.nodes[0] : undefined;
  const rule = await alerts.create(ruleFromIntent({ kind, op, value: Number(number[1]), ...(location ? { location } : {}), ...(node ? { node } : {}) }));
  return {
    response: `Alert ${rule.id} created: I will raise it when ${kind} ${op === '<' ? 'drops below' : 'rises above'} ${number[1]}${number[2] ?? ''}${location || node ? ` in ${location ?? node}` : ' anywhere'}. It shows in GET /api/v1/alerts; add a Slack, PagerDuty or webhook channel there to be notified.`,
    data: { created: true, rule },
  };
}

/** "What alerts are firing?", "list my alerts". */
export async function answerListAlerts(_ctx: AnswerContext, alerts: AlertEngine | undefined): Promise<Answer> {
  if (!alerts) return { response: 'Alerts are not enabled on this server.', data: { rules: [], alerts: [] } };
  const rules = await alerts.repo.rules();
  const firing = await alerts.repo.alerts({ state: 'firing' });
  if (!rules.length) return { response: 'There are no alert rules yet. Try "Alert me if humidity drops below 30%".', data: { rules, alerts: firing } };
  const lines = [`${rules.length} alert rule${rules.length === 1 ? '' : 's'}, ${firing.length} firing:`];
  for (const r of rules) {
    const f = firing.filter((a) => a.rule_id === r.id);
    lines.push(`- ${r.id} ${r.name} (${r.severity})${f.length ? `: FIRING — ${f.map((a) => a.summary).join('; ')}` : ': ok'}`);
  }
  return { response: lines.join('\n'), data: { rules, alerts: firing } };
}

/** "Delete alert 3f9a1c2b". */
export async function answerDeleteAlert(ctx: AnswerContext, alerts: AlertEngine | undefined): Promise<Answer> {
  const id = /\b([0-9a-f]{8})\b/.exec(ctx.question.toLowerCase())?.[1];
  if (!alerts || !id) return { response: 'Which alert? Give its id, e.g. "delete alert 3f9a1c2b" (see "list alerts").', data: { deleted: false } };
  // Through the engine, not the repository: its firing alerts are notified as resolved (rule deleted).
  const deleted = await alerts.deleteRule(id);
  return { response: deleted ? `Alert ${id} deleted.` : `There is no alert ${id}; nothing was deleted.`, data: { deleted, id } };
}
