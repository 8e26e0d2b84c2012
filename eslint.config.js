// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * Architecture boundaries, enforced by lint so a wrong import fails `npm test`:
 * edge never imports studio or agents; the SDK imports only the shared core contract.
 */
const forbid = (/** @type {string[]} */ folders, /** @type {string} */ why) => ({
  'no-restricted-imports': ['error', {
    patterns: folders.map((f) => ({ group: [`**/${f}/*`, `**/${f}`], message: why })),
  }],
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
  { files: ['src/edge/**'], rules: forbid(['studio', 'agents', 'sdk', 'cli'], 'edge code runs on the Pi and must not depend on studio, agents, SDK or CLI code') },
  { files: ['src/sdk/**'], rules: forbid(['studio', 'agents', 'edge', 'cli'], 'the SDK is a standalone client: it may import only src/core') },
  { files: ['src/core/**'], rules: forbid(['studio', 'agents', 'edge', 'sdk', 'cli'], 'core is the shared contract and depends on nothing else in the project') },
  { files: ['src/studio/**'], rules: forbid(['edge', 'cli', 'sdk'], 'the studio must not depend on edge, SDK or CLI code') },
);
