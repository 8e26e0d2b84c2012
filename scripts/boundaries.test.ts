import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const root = new URL('..', import.meta.url).pathname;
const eslint = new ESLint({ cwd: root });

/** The boundary check as `npm run lint` runs it, on a line placed in a file of the given folder. */
async function restricted(file: string, line: string): Promise<string[]> {
  const [r] = await eslint.lintText(`${line}\nexport const x = y;\n`, { filePath: `${root}${file}` });
  return r!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

test('the studio may not import agent code or the composition root; it may import the core port', async () => {
  assert.match((await restricted('src/studio/http/x.ts', "import { y } from '../../agents/bruno/bruno.js';"))[0] ?? '', /agent port/);
  assert.match((await restricted('src/studio/x.ts', "import { y } from '../agents/runtime/runtime.js';"))[0] ?? '', /agent port/);
  assert.equal((await restricted('src/studio/x.ts', "import { y } from '../app/studio-app.js';")).length, 1);
  assert.deepEqual(await restricted('src/studio/x.ts', "import { y } from '../core/agent.js';"), []);
  assert.equal((await restricted('src/studio/x.test.ts', "import { y } from '../agents/bruno/bruno.js';")).length, 1, 'tests too');
  // The other ways to reach agent code: a dynamic import, a re-export.
  assert.match((await restricted('src/studio/http/x.ts', "const y = await import('../../agents/catalog.js');"))[0] ?? '', /agent port.*dynamic import/);
  assert.equal((await restricted('src/studio/x.ts', "export * from '../agents/catalog.js'; const y = 1;")).length, 1, 'a re-export');
  assert.deepEqual(await restricted('src/studio/x.ts', "const y = await import('../core/agent.js');"), [], 'the port, dynamically');
  assert.deepEqual(await restricted('src/studio/x.ts', "const y = await import('./agent-host.js');"), [], 'its own code');
});

test('agents may use studio domain APIs, core and the SDK, not edge, CLI or the composition root', async () => {
  assert.deepEqual(await restricted('src/agents/auditor/x.ts', "import { y } from '../../studio/graph/knowledge-graph.js';"), []);
  assert.deepEqual(await restricted('src/agents/jamie/x.ts', "import { y } from '../../sdk/edge-deploy.js';"), []);
  for (const f of ['../../edge/collector.js', '../../cli/main.js', '../../app/studio-app.js']) {
    assert.equal((await restricted('src/agents/auditor/x.ts', `import { y } from '${f}';`)).length, 1, f);
  }
  assert.equal((await restricted('src/core/x.ts', "import { y } from '../agents/catalog.js';")).length, 1, 'core imports nothing of the project');
});

test('only the HTTP layer may import its HttpError: edge, core, agents, training and studio domain code throw domain errors', async () => {
  const why = /only src\/studio\/http maps errors to HTTP statuses/;
  for (const [file, from] of [
    ['src/studio/graph/x.ts', '../http/http-error.js'],
    ['src/studio/x.ts', './http/http-error.js'],
    ['src/studio/ingest/x.ts', '../http/http-error.js'],
    ['src/agents/bruno/x.ts', '../../studio/http/http-error.js'],
    ['src/forge/x.ts', '../studio/http/http-error.js'],
  ]) {
    assert.ok((await restricted(file!, `import { HttpError } from '${from}';`)).some((m) => why.test(m)), `${file} importing ${from}`);
  }
  assert.ok((await restricted('src/studio/alerts/x.ts', "const y = await import('../http/http-error.js');")).some((m) => why.test(m)), 'dynamically');
  // Edge and core may not import the studio at all; the HttpError is refused there too.
  assert.ok((await restricted('src/edge/x.ts', "import { HttpError } from '../studio/http/http-error.js';")).length >= 1);
  assert.ok((await restricted('src/core/x.ts', "import { HttpError } from '../studio/http/http-error.js';")).length >= 1);
  assert.deepEqual(await restricted('src/studio/http/x.ts', "import { HttpError } from './http-error.js';"), [], 'the HTTP layer itself');
  assert.deepEqual(await restricted('src/studio/graph/x.ts', "import { NotFound } from '../../core/errors.js';"), [], 'domain errors from core');
  assert.deepEqual(await restricted('src/studio/dashboard/x.test.ts', "import { toHttpError } from '../http/http-error.js';"), [], 'a test answering like the app');
});
