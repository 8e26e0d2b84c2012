/**
 * `npm run eval`: agent-bruno without a model over a generated data set with known truth. Each
 * item passes when the intent is right and the answer states every expected fact (numbers as
 * the answer writes them, one decimal) and none of the excluded ones. Prints accuracy per intent.
 */
import { pathToFileURL } from 'node:url';
import { Bruno } from '../src/agents/bruno/bruno.js';
import { AlertEngine } from '../src/studio/alerts/engine.js';
import { SqliteAlertRepository } from '../src/studio/alerts/repository.js';
import { Registry } from 'prom-client';
import { buildWorld } from './dataset.js';
import { buildQuestions } from './questions.js';
import { ungroundedInAnswer } from '../src/agents/bruno/grounding.js';

export interface EvalResult {
  perIntent: Map<string, { pass: number; total: number }>;
  failures: string[];
  total: number;
  passed: number;
  msPerQuestion: number;
  /** Answers stating a number their `data` does not hold (the grounding invariant). */
  ungrounded: string[];
}

/** Runs every question once and scores the answers. */
export async function runEval(): Promise<EvalResult> {
  const world = await buildWorld();
  const alerts = new AlertEngine(world.store, new SqliteAlertRepository(':memory:'), new Registry(), () => world.now, 3_600_000);
  await alerts.start();
  const bruno = new Bruno(world.store, undefined, () => world.now, undefined, alerts);
  const items = buildQuestions(world);
  const perIntent = new Map<string, { pass: number; total: number }>();
  const failures: string[] = [];
  const ungrounded: string[] = [];
  const started = performance.now();
  for (const item of items) {
    const a = await bruno.ask(item.question);
    const loose = ungroundedInAnswer(a.response, a.data, world.now);
    if (loose.length) ungrounded.push(`"${item.question}": ${loose.join(', ')} in: ${a.response}`);
    const missing = item.facts.filter((f) => !a.response.includes(f));
    const wrong = (item.absent ?? []).filter((f) => a.response.includes(f));
    const ok = item.intent.split('|').includes(a.intent) && missing.length === 0 && wrong.length === 0;
    const s = perIntent.get(item.intent) ?? { pass: 0, total: 0 };
    s.total++;
    if (ok) s.pass++;
    else failures.push(`✗ "${item.question}" → ${a.intent}${!item.intent.split('|').includes(a.intent) ? ` (want ${item.intent})` : ''}${missing.length ? `; missing ${missing.join(' | ')}` : ''}${wrong.length ? `; should not say ${wrong.join(', ')}` : ''}\n    ${a.response.split('\n')[0]}`);
    perIntent.set(item.intent, s);
  }
  const msPerQuestion = (performance.now() - started) / items.length;
  await alerts.stop();
  await world.store.close();
  const passed = [...perIntent.values()].reduce((a, s) => a + s.pass, 0);
  return { perIntent, failures, total: items.length, passed, msPerQuestion, ungrounded };
}

/** Prints the regression set's table per intent and the overall figure (`verbose`: every failure first). */
export function printRegression(r: EvalResult, verbose: boolean): void {
  if (verbose) r.failures.forEach((f) => console.log(f));
  console.table([...r.perIntent].map(([intent, s]) => ({ intent, questions: s.total, correct: s.pass, accuracy: `${((100 * s.pass) / s.total).toFixed(1)}%` })));
  if (r.ungrounded.length) console.log(`ungrounded numbers in ${r.ungrounded.length} answers:\n${r.ungrounded.slice(0, 10).join('\n')}`);
  console.log(`overall: ${r.passed}/${r.total} = ${((100 * r.passed) / r.total).toFixed(1)}% (${r.msPerQuestion.toFixed(2)} ms per question; ${r.failures.length} failures${r.failures.length && !verbose ? ', --verbose lists them' : ''})`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) printRegression(await runEval(), process.argv.includes('--verbose'));
