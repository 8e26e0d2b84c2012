// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * Architecture boundaries, enforced by lint so a wrong import fails `npm test`:
 * edge never imports studio or agents; the SDK imports only the shared core contract; the studio
 * knows agents only through the core port (src/core/agent.ts), and src/app (the composition root)
 * is the one place that wires agent code into a studio. Statuses belong to the HTTP layer: outside
 * src/studio/http, code throws the domain errors of src/core/errors.ts and never the HttpError of
 * src/studio/http/http-error.ts (tests may use its mapping to answer like the app).
 */
const HTTP_ERROR = ['**/http/http-error', '**/http/http-error.js'];
const STUDIO_WHY = 'the studio depends on the agent port in src/core, never on agent code (src/app wires agents in)';
const HTTP_ERROR_WHY = 'throw a domain error (src/core/errors.ts): only src/studio/http maps errors to HTTP statuses';
const forbid = (/** @type {string[]} */ folders, /** @type {string} */ why, httpError = false) => ({
  'no-restricted-imports': ['error', {
    patterns: [
      ...folders.map((f) => ({ group: [`**/${f}/*`, `**/${f}`], message: why })),
      ...(httpError ? [{ group: HTTP_ERROR, message: HTTP_ERROR_WHY }] : []),
    ],
  }],
  // no-restricted-imports does not see `await import('…')`: the same folders, for dynamic imports
  // (esquery regexes cannot hold a slash, hence \x2F).
  'no-restricted-syntax': ['error', ...folders.map((f) => ({
    selector: `ImportExpression[source.value=/^\\.{1,2}\\x2F(.*\\x2F)?${f}(\\x2F|$)/]`,
    message: `${why} (dynamic import)`,
  })), ...(httpError ? [{ selector: 'ImportExpression[source.value=/http-error(\\.js)?$/]', message: `${HTTP_ERROR_WHY} (dynamic import)` }] : [])],
});

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'coverage', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  // The dashboard's page: plain ES modules run by the browser as they are (no build step).
  { files: ['src/studio/dashboard/static/**/*.js'], languageOptions: { globals: { ...globals.browser, uPlot: 'readonly' }, sourceType: 'module' } },
  { files: ['src/edge/**'], rules: forbid(['studio', 'agents', 'sdk', 'cli', 'app'], 'edge code runs on the Pi and must not depend on studio, agents, SDK or CLI code', true) },
  { files: ['src/sdk/**'], rules: forbid(['studio', 'agents', 'edge', 'cli', 'app'], 'the SDK is a standalone client: it may import only src/core') },
  // Training (homelab train, the studio's POST /api/v1/models through src/app) runs the edge detector, so it may use edge code; never studio, agents or CLI.
  { files: ['src/forge/**'], rules: forbid(['studio', 'agents', 'cli', 'app'], 'training reads the studio through its TrainingData port (in-process, or the SDK over HTTP) and uses only core, the SDK and the edge detector', true) },
  { files: ['src/core/**'], rules: forbid(['studio', 'agents', 'edge', 'sdk', 'cli', 'app'], 'core is the shared contract and depends on nothing else in the project', true) },
  { files: ['src/studio/**'], rules: forbid(['edge', 'cli', 'sdk', 'agents', 'app'], STUDIO_WHY) },
  { files: ['src/studio/**'], ignores: ['src/studio/http/**'], rules: forbid(['edge', 'cli', 'sdk', 'agents', 'app'], STUDIO_WHY, true) },
  // Studio tests may start a studio with its agents through the composition root, never agent code itself.
  { files: ['src/studio/**/*.test.ts'], rules: forbid(['edge', 'cli', 'sdk', 'agents'], 'studio tests reach agents only through src/app, the composition root') },
  // The SDK depends on core alone, so agent-jamie may drive the Pi cluster through its EdgeDeploy client.
  { files: ['src/agents/**'], rules: forbid(['edge', 'cli', 'app'], 'agents use the studio\'s domain APIs, core and the SDK, never edge, CLI or the composition root', true) },
  // Agent tests may use edge test sources (the simulator) and start a studio through the composition root.
  { files: ['src/agents/**/*.test.ts'], rules: forbid(['cli'], 'agent tests must not depend on CLI code') },
);
