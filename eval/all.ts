/**
 * `npm run eval [-- --verbose]`: both evaluation sets of agent-bruno without a model, reported
 * separately — the regression set (eval/questions.ts over eval/dataset.ts, written beside the
 * rules it tests) and the development set (eval/dev: its own world and phrasings, facts from its
 * generator). The held-out set lives outside the repository and is never tuned on.
 */
import { printReport, runDevEval } from './dev/run.js';
import { printRegression, runEval } from './run.js';

const verbose = process.argv.includes('--verbose');
console.log('== regression set (eval/questions.ts): intent and facts');
printRegression(await runEval(), verbose);
printReport('development set (eval/dev): own world, facts from the generator', await runDevEval(), verbose);
