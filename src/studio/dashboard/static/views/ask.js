import { readEventStream } from '../lib/api.js';
import { fill, h } from '../lib/dom.js';

const EXAMPLES = ['Are there any unhealthy Pi nodes?', "What's the temperature in the warehouse?", 'Show me anomalies in the last 24 hours', 'Why was there an incident today?'];
const MAX_DATA_CHARS = 20_000;

export async function mount(root) {
  fill(root, h('h2', null, 'Ask agent-bruno'), askBox({ compact: false }));
}

/**
 * The ask box: a question to `POST /query` (as server-sent events, so a model's tool calls show
 * while it works), then the answer, the plan it followed and the data it was written from.
 */
export function askBox({ compact }) {
  const input = h('input', { id: 'ask-input', name: 'query', type: 'search', required: true, maxlength: 2000, placeholder: 'Ask in plain language, e.g. “Are there any unhealthy Pi nodes?”', autocomplete: 'off' });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Ask');
  const out = h('div', { class: 'answer', id: 'ask-answer', 'aria-live': 'polite' });
  let conversation;
  const form = h('form', { class: 'ask', onsubmit: async (e) => {
    e.preventDefault();
    const query = input.value.trim();
    if (!query) return;
    button.disabled = true;
    const steps = h('ol', { class: 'steps small' });
    fill(out, h('p', { class: 'muted' }, 'Thinking…'), steps);
    try {
      const res = await fetch('/query', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify({ query, ...(conversation ? { conversation_id: conversation } : {}) }) });
      if (!res.ok) {
        const err = await res.json().catch(() => ({}));
        throw new Error(err?.error?.message ?? `HTTP ${res.status}`);
      }
      let answer;
      if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
        await readEventStream(res, (event, data) => {
          if (event === 'step') steps.append(h('li', null, describeStep(JSON.parse(data))));
          if (event === 'answer') answer = JSON.parse(data);
        });
      } else answer = await res.json();
      if (!answer) throw new Error('the stream ended without an answer');
      render(answer, [...steps.children]);
    } catch (err) {
      fill(out, h('p', { class: 'notice error', role: 'alert' }, `No answer: ${err.message}`));
    } finally {
      button.disabled = false;
    }
  } }, h('div', { class: 'row' }, input, button));

  function render(a, streamed) {
    const plan = a.data?.plan;
    const data = JSON.stringify(a.data ?? {}, null, 2);
    fill(out,
      h('p', { class: 'response' }, a.response),
      h('p', { class: 'muted small' }, `intent ${a.intent} · ${a.latency_ms} ms`),
      plan ? h('details', { open: !compact, class: 'plan' }, h('summary', null, 'Plan'), renderPlan(plan)) : null,
      streamed.length ? h('details', { class: 'plan' }, h('summary', null, `Model steps (${streamed.length})`), h('ol', { class: 'steps small' }, streamed)) : null,
      h('details', { class: 'data' }, h('summary', null, 'Data the answer was written from'), h('pre', null, data.length > MAX_DATA_CHARS ? `${data.slice(0, MAX_DATA_CHARS)}\n… (${data.length} characters; see GET /query for all)` : data)));
  }

  return h('section', { class: `card ask-card${compact ? ' compact' : ''}` }, form,
    compact ? null : h('div', { class: 'examples' }, EXAMPLES.map((q) => h('button', { type: 'button', class: 'chip', onclick: () => { input.value = q; form.requestSubmit(); } }, q))),
    out);
}

function describeStep(step) {
  if (step.tool) return `${step.tool}(${JSON.stringify(step.args ?? {})})`;
  return typeof step === 'string' ? step : JSON.stringify(step);
}

function renderPlan(plan) {
  if (plan && typeof plan === 'object' && !Array.isArray(plan) && Array.isArray(plan.steps)) return renderPlan(plan.steps);
  if (!Array.isArray(plan)) return h('pre', null, typeof plan === 'string' ? plan : JSON.stringify(plan, null, 2));
  const text = (s) => (typeof s === 'string' ? s
    : [s.capability ?? s.step ?? s.intent ?? s.tool, s.description ?? s.why, s.args ? JSON.stringify(s.args) : ''].filter(Boolean).join(' — ') || JSON.stringify(s));
  return h('ol', { class: 'steps' }, plan.map((s) => h('li', null, text(s))));
}
