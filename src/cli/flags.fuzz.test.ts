import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Command, CommanderError } from 'commander';
import { registerUp } from './commands/up.js';
import { registerStudio } from './commands/studio.js';
import { registerEdge } from './commands/edge.js';
import { registerQuery } from './commands/query.js';
import { registerDetect } from './commands/detect.js';
import { registerDeploy } from './commands/deploy.js';
import { registerBackup } from './commands/backup.js';
import { registerAgent } from './commands/agent.js';
import { cliFailure, oneLine } from './errors.js';

/** The CLI's real command definitions (flags, parsers, required options), with actions that do nothing. */
function program(errors: string[]): Command {
  const p = new Command('homelab').exitOverride().configureOutput({ writeErr: (s) => errors.push(s), writeOut: () => {}, outputError: (s) => errors.push(oneLine(s)) });
  for (const register of [registerUp, registerStudio, registerEdge, registerQuery, registerAgent, registerBackup]) register(p, {});
  registerDetect(p);
  registerDeploy(p);
  for (const c of p.commands) c.exitOverride().configureOutput({ writeErr: (s) => errors.push(s), writeOut: () => {}, outputError: (s) => errors.push(oneLine(s)) }).action(() => {});
  return p;
}

const COMMANDS = ['up', 'studio', 'edge', 'query', 'agent', 'backup', 'restore', 'detect', 'deploy', 'bogus'];
const FLAGS = ['--port', '-p', '--host', '--data-dir', '-d', '--database-url', '--history', '--interval', '--studio-url', '--node', '--location', '--simulate', '--url', '--token', '--json', '-i', '--input', '-o', '--output', '--out', '--replicas', '-e', '--env', '--image', '--namespace', '--context', '--dry-run', '--every-node', '--force', '--help', '--bogus', '-x', '--'];
const hostile = fc.oneof(
  fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '-1', '0', '65536', '99999', 'NaN', 'Infinity', '1e309', '9e15', '0x1f', '1_000', '08', 'abc', '-5', '3600.0001', 'postgres://', 'http://', 'ftp://x', '\n', '--port', '%00', '../../etc', 'a'.repeat(5000)),
  fc.double().map(String), fc.integer().map(String),
);
const argv = fc.tuple(fc.constantFrom(...COMMANDS), fc.array(fc.oneof(fc.constantFrom(...FLAGS), hostile), { maxLength: 8 }));

// Every command's flag parsing over hostile argv: it either parses (the action would run) or fails
// as commander's one-line usage error, exit code 2 through the CLI's own error path. Never another
// exception, never a multi-line message, never a stack.
test('fuzz: CLI flag parsing of every command gives a value or one line with exit code 2', { timeout: 120_000 }, async () => {
  await fc.assert(fc.asyncProperty(argv, async ([cmd, args]) => {
    const errors: string[] = [];
    try {
      await program(errors).parseAsync(['node', 'homelab', cmd, ...args]);
    } catch (err) {
      assert.ok(err instanceof CommanderError, `only commander's usage errors, got ${String(err)}`);
      const { code } = cliFailure(err, {});
      if (!['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(err.code)) {
        assert.equal(code, 2, `${cmd} ${args.join(' ')}: exit 2`);
        const shown = errors.filter((e) => e.trim()).map(oneLine);
        assert.equal(shown.length, 1, `${cmd} ${JSON.stringify(args)}: one message, got ${JSON.stringify(errors)}`);
        assert.doesNotMatch(shown[0]!, /\n|\s+at \S+:\d+/, 'one line, no stack');
      }
    }
  }), { numRuns: 600, seed: Number(process.env.FUZZ_SEED ?? 12), endOnFailure: true });
});
