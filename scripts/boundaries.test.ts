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
