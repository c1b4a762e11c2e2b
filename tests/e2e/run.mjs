// Runs the browser tests on one stack for the whole run: builds the worker (unless TINYCLOUD_E2E_SKIP_BUILD=1),
// starts the backends (scripts/backends.mjs, with the CORS rule for the workers' origins, as ./run.sh sets one) and one
// worker per entry of workerSettings, then `node --test` over the test files, TINYCLOUD_E2E_CONCURRENCY at a time
// (default 2); each file drives its own Chromium. Stops everything at the end, whatever happened, and exits with
// node --test's status.
//   node tests/e2e/run.mjs [test files...]    (default: every tests/e2e/*.test.mjs)
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { freePort, start } from '../../scripts/processes.mjs';
import { buildWorker, repoRoot, startWorker, workerSettings } from './support/stack.mjs';

const here = import.meta.dirname;
const files = process.argv.length > 2 ? process.argv.slice(2)
  : readdirSync(here).filter((name) => name.endsWith('.test.mjs')).sort().map((name) => path.join(here, name));
// 2 on the 2-core machine this was measured on: 3 or more files at once missed 10 s waits on the still-cold workers
// (the first register and log-in) in 5 of 7 runs, and were not reliably faster.
const concurrency = process.env.TINYCLOUD_E2E_CONCURRENCY || '2';
const log = (message) => console.log(`# e2e: ${message}`);

// A Ctrl-C reaches node --test, the workers and the backends too; this waits for them and then cleans up.
process.on('SIGINT', () => log('interrupted; stopping'));

const names = Object.keys(workerSettings);
let backends;
const workers = [];
let status = 1;
try {
  const clock = Date.now();
  const ports = await Promise.all(names.map(() => freePort()));
  const [built, backendsStarted] = await Promise.allSettled([buildWorker(), startBackends(ports.map((port) => `http://127.0.0.1:${port}`))]);
  backends = backendsStarted.value;
  for (const outcome of [built, backendsStarted]) if (outcome.status === 'rejected') throw outcome.reason;
  const build = built.value;
  const started = await Promise.allSettled(names.map((name, i) => startWorker(build, backends, workerSettings[name], { port: ports[i] })));
  workers.push(...started.filter((outcome) => outcome.status === 'fulfilled').map((outcome) => outcome.value));
  const failed = started.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  log(`stack up in ${((Date.now() - clock) / 1000).toFixed(1)} s (MongoDB: ${backends.mongoKind}; workers: ${names.join(', ')})`);

  const { stop, ...shared } = backends;
  const stack = { backends: shared, workers: Object.fromEntries(names.map((name, i) => [name, workers[i].baseUrl])) };
  const child = spawn(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...files],
    {
      cwd: repoRoot, stdio: 'inherit',
      env: {
        ...process.env, TINYCLOUD_E2E_STACK: JSON.stringify(stack),
        // The test files and their Chromium carry the run's marker too (scripts/leftover-processes.sh).
        ...(process.env.TINYCLOUD_TEST_RUN_ID ? { TINYCLOUD_TEST_CHILD_OF: process.env.TINYCLOUD_TEST_RUN_ID } : {}),
      },
    });
  status = await new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
} catch (error) {
  console.error(`# e2e: the stack did not start: ${error.stack ?? error}`);
} finally {
  await Promise.all(workers.map((worker) => worker.stop()));
  await backends?.stop();
}
process.exit(status);

/** scripts/backends.mjs as a child whose stdin stays open while this process lives: if this one dies, it stops too. */
async function startBackends(corsOrigins) {
  const args = [path.join(repoRoot, 'scripts/backends.mjs'), ...corsOrigins.flatMap((origin) => ['--cors-origin', origin])];
  if (process.env.TINYCLOUD_TEST_MONGO) args.push('--mongo', process.env.TINYCLOUD_TEST_MONGO);
  const handle = await start('backends', process.execPath, args, { ready: /^backends ready (.*)$/m, stdin: 'pipe' });
  return { ...JSON.parse(handle.ready[1]), stop: handle.stop };
}
