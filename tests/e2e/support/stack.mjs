// The system under test, as real processes on free 127.0.0.1 ports: Azurite, a MongoDB (TINYCLOUD_TEST_MONGO, else
// mongod on PATH, else the in-repo stand-in) and the worker built from this checkout, under the Functions host.
// TINYCLOUD_STANDIN_PROFILE (mongodb, cosmos-ru, documentdb) and TINYCLOUD_STANDIN_ARGS start the stand-in that way
// (a profile other than mongodb picks it even when mongod is on PATH) and give the worker the matching Mongo:Flavor.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, run, start } from './processes.mjs';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const azuriteKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const configuration = process.env.TINYCLOUD_E2E_CONFIGURATION || 'Debug';
const standInProfile = process.env.TINYCLOUD_STANDIN_PROFILE || 'mongodb';
const flavorOfProfile = { mongodb: undefined, 'cosmos-ru': 'cosmos-ru', documentdb: 'cosmos-vcore' };

export async function startBackends() {
  const processes = [];
  const stopAll = () => Promise.all(processes.map((p) => p.stop()));
  try {
    const [azurite, { mongo, mongoFlavor }] = await Promise.all([startAzurite(processes), startMongo(processes)]);
    return { ...azurite, mongo, mongoFlavor, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function startAzurite(processes) {
  const main = path.join(repoRoot, 'node_modules/azurite/dist/src/blob/main.js');
  if (!existsSync(main)) throw new Error('Azurite is not installed: run `npm ci` in the repository root.');
  const port = await freePort();
  processes.push(await start('azurite', process.execPath,
    [main, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--inMemoryPersistence', '--skipApiVersionCheck', '--loose', '--silent'],
    { ready: /successfully listen/ }));
  const blobEndpoint = `http://127.0.0.1:${port}/devstoreaccount1`;
  return {
    blobEndpoint,
    blob: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${azuriteKey};BlobEndpoint=${blobEndpoint};`,
  };
}

async function startMongo(processes) {
  if (process.env.TINYCLOUD_TEST_MONGO)
    return { mongo: process.env.TINYCLOUD_TEST_MONGO, mongoFlavor: process.env.TINYCLOUD_TEST_MONGO_FLAVOR || undefined };
  const mongod = standInProfile === 'mongodb'
    && (process.env.PATH ?? '').split(':').map((dir) => path.join(dir, 'mongod')).find(existsSync);
  if (mongod) {
    const port = await freePort();
    const dbPath = mkdtempSync(path.join(tmpdir(), 'tinycloud-e2e-mongod-'));
    const handle = await start('mongod', mongod, ['--bind_ip', '127.0.0.1', '--port', String(port), '--dbpath', dbPath],
      { ready: /[Ww]aiting for connections/ });
    processes.push({ stop: async () => (await handle.stop(), rmSync(dbPath, { recursive: true, force: true })) });
    return { mongo: `mongodb://127.0.0.1:${port}/?directConnection=true` };
  }
  if (!(standInProfile in flavorOfProfile))
    throw new Error(`TINYCLOUD_STANDIN_PROFILE=${standInProfile}: expected one of ${Object.keys(flavorOfProfile).join(', ')}.`);
  const extra = (process.env.TINYCLOUD_STANDIN_ARGS ?? '').split(' ').filter(Boolean);
  const standIn = await start('mongo stand-in', '/usr/bin/python3',
    [path.join(repoRoot, 'tests/mongo-standin/server.py'), '--port', '0', '--profile', standInProfile, ...extra],
    { ready: /listening on 127\.0\.0\.1:(\d+)/ });
  processes.push(standIn);
  return { mongo: `mongodb://127.0.0.1:${standIn.ready[1]}/?directConnection=true`, mongoFlavor: flavorOfProfile[standInProfile] };
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

/** Starts the worker under the Functions host, as in Azure; resolves once /api/health answers. */
export async function startWorker(build, backends, settings = {}) {
  const id = Math.random().toString(36).slice(2, 10);
  const handle = await start('functions host', 'dotnet', [build.host, '--script-root', build.app, '--port', '0'], {
    ready: /ready on http:\/\/127\.0\.0\.1:(\d+)/,
    timeoutMs: 90_000,
    env: {
      Mongo__ConnectionString: backends.mongo,
      ...(backends.mongoFlavor ? { Mongo__Flavor: backends.mongoFlavor } : {}),
      Mongo__Database: `tinycloud_e2e_${id}`,
      Blob__ConnectionString: backends.blob,
      Blob__Container: `e2e${id}`,
      Auth__JwtSecret: 'e2e-only-secret-that-is-at-least-32-bytes-long',
      Auth__CookieSecure: 'false',
      Cleanup__Schedule: '0 0 0 1 1 *',
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
