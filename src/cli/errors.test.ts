import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommanderError } from 'commander';
import { Conflict, Forbidden, InvalidInput, NotFound, Unavailable } from '../core/errors.js';
import { HomelabError } from '../sdk/errors.js';
import { cliFailure, EXIT_USAGE } from './errors.js';

test('bad input exits 2 in one line; a clash with the machine, a refusal or a failure exits 1', () => {
  const usage = cliFailure(new InvalidInput('--port 70000: must be 0-65535\n(try 8080)', { field: '--port' }), {});
  assert.deepEqual(usage, { line: 'error: --port 70000: must be 0-65535 (try 8080)', code: EXIT_USAGE });
  for (const err of [new Conflict('port 8080 is already in use', { reason: 'port_in_use' }), new Forbidden('ports below 1024 need privileges'), new NotFound('no such thing'), new Unavailable('cannot reach the studio')]) {
    assert.deepEqual(cliFailure(err, {}), { line: `error: ${err.message}`, code: 1 }, err.name);
  }
  // The studio's own answer, through the SDK: its 400 is bad input too, anything else is not.
  assert.equal(cliFailure(new HomelabError(400, 'the question is empty', 'query'), {}).code, EXIT_USAGE);
  assert.equal(cliFailure(new HomelabError(503, 'cannot reach agent-bruno', undefined, 'unreachable'), {}).code, 1);
  assert.equal(cliFailure(new HomelabError(404, 'no agent "x"', 'name', 'not_found'), {}).code, 1);
  // A bug: exit 1, with the hint to see details; the stack only under HOMELAB_DEBUG.
  const bug = cliFailure(Object.assign(new Error('boom'), { code: 'EIO' }), {});
  assert.deepEqual(bug, { line: 'error: boom (EIO) — set HOMELAB_DEBUG=1 for details', code: 1 });
  assert.ok(cliFailure(new InvalidInput('x'), { HOMELAB_DEBUG: '1' }).stack?.includes('InvalidInput'));
  assert.equal(cliFailure(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--nope'"), {}).code, EXIT_USAGE);
});
