// Loaded into every test process (run-tests.mjs passes it with --import). Property tests run on
// one fixed seed so a red run can be replayed exactly: FUZZ_SEED=<n> npm test. A test that passes
// its own `seed` keeps it; every other fast-check property takes this one.
import fc from 'fast-check';

const raw = process.env.FUZZ_SEED;
const seed = raw !== undefined && /^-?\d+$/.test(raw) ? Number(raw) : 20261201;
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
