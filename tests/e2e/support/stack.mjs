// The system under test, as real processes on 127.0.0.1: the backends (scripts/backends.mjs: Azurite and a MongoDB,
// TINYCLOUD_TEST_MONGO if set) and the worker built from this checkout, under the Functions host. tests/e2e/run.mjs
// starts one such stack for a whole run and hands it to the test files in TINYCLOUD_E2E_STACK; a test file run on its
// own (node --test tests/e2e/x.test.mjs) starts its own.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { azuriteKey, repoRoot, startBackends as start } from '../../../scripts/backends.mjs';
import { freePort, run, start as startProcess } from '../../../scripts/processes.mjs';

export { azuriteKey, repoRoot };
const configuration = process.env.TINYCLOUD_E2E_CONFIGURATION || 'Debug';

/** Every worker configuration the browser tests use, by name: a run starts each once and the files share them. */
export const workerSettings = {
  // webhooks.test.mjs: endpoints on loopback (plain http to the test's receiver), tests only.
  standard: { Webhooks__AllowLocalTargets: 'true' },
  // drive.test.mjs: a 17 MB file is over the limit, so it takes the direct-upload path.
  smallUploads: { Drive__MaxUploadMb: '1' },
  // original-client.test.mjs: the original client's script-visible cookie.
  legacyCookie: { Auth__LegacyScriptCookie: 'true' },
};

/** The stack tests/e2e/run.mjs started: { backends, workers: { name: baseUrl } }, or null. */
export function sharedStack() {
  return process.env.TINYCLOUD_E2E_STACK ? JSON.parse(process.env.TINYCLOUD_E2E_STACK) : null;
}

export function startBackends(options = {}) {
  return start({ mongo: process.env.TINYCLOUD_TEST_MONGO || undefined, ...options });
}

/** Builds the worker and the Functions host emulator (incremental: quick when dotnet test just built them). */
export async function buildWorker() {
  const app = path.join(repoRoot, `TinyCloud.Functions/bin/${configuration}/net10.0`);
  const host = path.join(repoRoot, `tests/FunctionsHost/bin/${configuration}/net10.0/FunctionsHost.dll`);
  if (process.env.TINYCLOUD_E2E_SKIP_BUILD !== '1')
    for (const project of ['TinyCloud.Functions', 'tests/FunctionsHost'])
      await run('dotnet', ['build', path.join(repoRoot, project), '-c', configuration, '--nologo', '-v', 'q', '-clp:ErrorsOnly']);
  for (const file of [path.join(app, 'functions.metadata'), host])
    if (!existsSync(file)) throw new Error(`The worker is not built: ${file} is missing.`);
  return { app, host };
}

/**
 * Starts the worker under the Functions host (on `port`, else a free one), as in Azure; resolves once /api/health
 * answers. A free port is picked before the start (the mail's links name it), so another process may take it first:
 * then the start is tried again on another one.
 */
export async function startWorker(build, backends, settings = {}, { port = 0 } = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startWorkerOnce(build, backends, settings, port);
    } catch (error) {
      if (port || attempt === 3 || !/address already in use/i.test(String(error?.message))) throw error;
    }
  }
}

async function startWorkerOnce(build, backends, settings, port) {
  const id = Math.random().toString(36).slice(2, 10);
  // Known before the start, so that links in the mail it sends point at it.
  const listen = port || await freePort();
  const handle = await startProcess('functions host', 'dotnet', [build.host, '--script-root', build.app, '--port', String(listen)], {
    ready: /ready on http:\/\/127\.0\.0\.1:(\d+)/,
    timeoutMs: 90_000,
    env: {
      Mongo__ConnectionString: backends.mongo,
      ...(backends.mongoFlavor ? { Mongo__Flavor: backends.mongoFlavor } : {}),
      Mongo__Database: `tinycloud_e2e_${id}`,
      Blob__ConnectionString: backends.blob,
      Blob__Container: `e2e${id}`,
      Activity__QueueConnection: backends.blob, Activity__QueueName: `e2e-events-${id}`.toLowerCase(),
      Auth__JwtSecret: 'e2e-only-secret-that-is-at-least-32-bytes-long',
      Auth__CookieSecure: 'false',
      TwoFactor__EncryptionKey: 'e2e-only two-factor key that is 32 bytes long',
      Cleanup__Schedule: '0 0 0 1 1 *',
      Uploads__WatchSchedule: '0 * * * * *',
      // Mail to the run's smtp4dev (mailbox.mjs reads it); its links lead back to this worker.
      Mail__Host: '127.0.0.1', Mail__Port: String(backends.smtpPort), Mail__Tls: 'None',
      Mail__From: 'Tiny Cloud <no-reply@tinycloud.test>', Mail__PublicBaseUrl: `http://127.0.0.1:${listen}`,
      Logging__LogLevel__Default: 'Warning',
      DOTNET_NOLOGO: '1',
      ...settings,
    },
  });
  const baseUrl = `http://127.0.0.1:${handle.ready[1]}`;
  const stopWorker = () => handle.stop();
  try {
    await waitForHealth(baseUrl, handle);
  } catch (error) {
    await stopWorker();
    throw error;
  }
  return { baseUrl, stop: stopWorker, output: () => handle.output };
}

async function waitForHealth(baseUrl, handle) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (handle.child.exitCode !== null) throw new Error(`The host exited:\n${handle.output}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The worker did not become healthy within 60 s:\n${handle.output}`);
}
