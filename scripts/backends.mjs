// The one way to start Tiny Cloud's backends on 127.0.0.1: Azurite's Blob and Queue services, a MongoDB (a given
// one, else mongod on PATH, else the in-repo stand-in) and smtp4dev (an SMTP server whose web page and REST API show
// what it received; the local dotnet tool of .config/dotnet-tools.json, restored here when missing). run.sh,
// bench/*.sh, the browser tests and the C# fixtures use it.
//
// As a command:
//   node scripts/backends.mjs [--mongo <connection string>] [--blob-port N] [--queue-port N] [--mongo-port N]
//                             [--smtp-port N] [--smtp-web-port N] [--cors-origin <origin>]... [--data-dir <dir>]
// prints one line on stdout once everything answers, `backends ready {"blob":...,"mongo":...}`, and runs until
// SIGTERM, SIGINT or EOF on its stdin (a parent that dies takes it down); then it stops what it started and exits 0.
// A failure to start: the reason on stderr, exit 1. Ports default to 0, a free one. --data-dir keeps Azurite's and
// mongod's data there (run.sh's .data) instead of in memory and a temporary folder.
// TINYCLOUD_STANDIN_PROFILE (mongodb, cosmos-ru, documentdb) and TINYCLOUD_STANDIN_ARGS start the stand-in that way
// (a profile other than mongodb picks it even when mongod is on PATH); mongoFlavor is the worker's matching Mongo:Flavor.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { allowOrigins } from './blob-cors.mjs';
import { freePort, run, start } from './processes.mjs';

export { allowOrigins };
export const repoRoot = path.resolve(import.meta.dirname, '..');
export const azuriteAccount = 'devstoreaccount1';
export const azuriteKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const flavorOfProfile = { mongodb: null, 'cosmos-ru': 'cosmos-ru', documentdb: 'cosmos-vcore' };
// Without --disableTelemetry, Azurite stays alive for seconds after it has closed (its telemetry client), and phones home.
const azuriteOptions = ['--skipApiVersionCheck', '--loose', '--silent', '--disableTelemetry'];

/**
 * Starts the backends; resolves with { blob, blobEndpoint, blobPort, queue, queueEndpoint, queuePort, mongo,
 * mongoFlavor, mongoKind, smtpHost, smtpPort, smtpWeb, smtpStartMs, stop() } once all answer (smtpWeb: smtp4dev's inbox
 * page and REST API, e.g. `${smtpWeb}/api/messages`). `blob` also names the Queue endpoint, so it serves both.
 * `detached` starts each in its own process group (see start()); `onExit(message)` hears of one that stops by itself.
 */
export async function startBackends({ mongo, blobPort = 0, queuePort = 0, mongoPort = 0, smtpPort = 0, smtpWebPort = 0,
  corsOrigins = [], dataDir, detached = false, onExit } = {}) {
  const processes = [];
  let stopping = false;
  const stop = () => ((stopping = true), Promise.all(processes.map((p) => p.stop())));
  const options = { processes, dataDir, detached };
  try {
    // Settled, not Promise.all: on a failure every other start has finished, so stop() below reaches all of them.
    const started = await Promise.allSettled([
      startAzurite('blob', blobPort, options), startAzurite('queue', queuePort, options), startMongo(mongo, mongoPort, options),
      startSmtp(smtpPort, smtpWebPort, options)]);
    const failure = started.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    const [blob, queue, db, smtp] = started.map((outcome) => outcome.value);
    const account = `DefaultEndpointsProtocol=http;AccountName=${azuriteAccount};AccountKey=${azuriteKey};`;
    if (corsOrigins.length > 0) await allowOrigins(blob.endpoint, azuriteKey, corsOrigins);
    for (const { name, child } of processes)
      child.once('exit', (code, signal) => stopping || onExit?.(`${name} exited (${signal ?? code})`));
    return {
      blob: `${account}BlobEndpoint=${blob.endpoint};QueueEndpoint=${queue.endpoint};`,
      blobEndpoint: blob.endpoint,
      blobPort: blob.port,
      queue: `${account}QueueEndpoint=${queue.endpoint};`,
      queueEndpoint: queue.endpoint,
      queuePort: queue.port,
      ...db,
      ...smtp,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startAzurite(service, port, { processes, dataDir, detached }) {
  const main = path.join(repoRoot, `node_modules/azurite/dist/src/${service}/main.js`);
  if (!existsSync(main)) throw new Error('Azurite is not installed: run `npm ci` in the repository root.');
  const location = dataDir && path.join(dataDir, 'azurite');
  if (location) mkdirSync(location, { recursive: true });
  const storage = location ? ['--location', location] : ['--inMemoryPersistence'];
  const handle = await start(`azurite ${service}`, process.execPath,
    [main, `--${service}Host`, '127.0.0.1', `--${service}Port`, String(port), ...storage, ...azuriteOptions],
    { ready: /successfully listens on http:\/\/127\.0\.0\.1:(\d+)/, detached });
  processes.push(handle);
  const actual = Number(handle.ready[1]);
  return { port: actual, endpoint: `http://127.0.0.1:${actual}/${azuriteAccount}` };
}

/** The smtp4dev apphost the local tool manifest names, restored (`dotnet tool restore`) when it is not there yet. */
async function smtp4devPath() {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, '.config/dotnet-tools.json'), 'utf8'));
  const { version } = manifest.tools['rnwood.smtp4dev'];
  const rid = `linux-${process.arch === 'arm64' ? 'arm64' : 'x64'}`;
  const packages = process.env.NUGET_PACKAGES || path.join(homedir(), '.nuget/packages');
  const apphost = path.join(packages, `rnwood.smtp4dev.${rid}`, version, 'tools/net10.0', rid, 'Rnwood.Smtp4dev');
  if (!existsSync(apphost)) await run('dotnet', ['tool', 'restore'], { cwd: repoRoot });
  if (!existsSync(apphost)) throw new Error(`smtp4dev ${version} is not at ${apphost} after \`dotnet tool restore\`.`);
  return apphost;
}

// smtp4dev on loopback only (SMTP and its web page), messages in memory, no IMAP/POP3, no user settings file; it
// prints the SMTP port and then the web address it took.
async function startSmtp(port, webPort, { processes, detached }) {
  const started = Date.now();
  const apphost = await smtp4devPath();
  const home = mkdtempSync(path.join(tmpdir(), 'tinycloud-smtp4dev-'));
  const handle = await start('smtp4dev', apphost,
    [`--smtpport=${port}`, '--bindaddress=127.0.0.1', '--disableipv6', `--urls=http://127.0.0.1:${webPort}`, '--db=',
      '--imapport=', '--pop3port=', '--nousersettings', '--hostname=localhost', '--messagestokeep=10000',
      '--sessionstokeep=100', `--installpath=${path.dirname(apphost)}`],
    { ready: /SMTP Server is listening on port (\d+)[\s\S]*Now listening on: http:\/\/127\.0\.0\.1:(\d+)/, detached,
      env: { XDG_CONFIG_HOME: home, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } })
    .catch((error) => (rmSync(home, { recursive: true, force: true }), Promise.reject(error)));
  processes.push({ ...handle, stop: async () => (await handle.stop(), rmSync(home, { recursive: true, force: true })) });
  return { smtpHost: '127.0.0.1', smtpPort: Number(handle.ready[1]), smtpWeb: `http://127.0.0.1:${handle.ready[2]}`,
    smtpStartMs: Date.now() - started };
}

async function startMongo(given, port, { processes, dataDir, detached }) {
  if (given) {
    const flavor = process.env.TINYCLOUD_TEST_MONGO_FLAVOR || process.env.TINYCLOUD_MONGO_FLAVOR || null;
    return { mongo: given, mongoFlavor: flavor, mongoKind: 'given' };
  }
  const profile = process.env.TINYCLOUD_STANDIN_PROFILE || 'mongodb';
  const mongod = profile === 'mongodb' && (process.env.PATH ?? '').split(':').map((dir) => path.join(dir, 'mongod')).find(existsSync);
  if (mongod) {
    const mongodPort = port || await freePort();
    const dbPath = dataDir ? path.join(dataDir, 'mongo') : mkdtempSync(path.join(tmpdir(), 'tinycloud-mongod-'));
    mkdirSync(dbPath, { recursive: true });
    const removeData = () => dataDir || rmSync(dbPath, { recursive: true, force: true });
    const handle = await start('mongod', mongod, ['--bind_ip', '127.0.0.1', '--port', String(mongodPort), '--dbpath', dbPath],
      { ready: /[Ww]aiting for connections/, detached }).catch((error) => (removeData(), Promise.reject(error)));
    processes.push({ ...handle, stop: async () => (await handle.stop(), removeData()) });
    return { mongo: `mongodb://127.0.0.1:${mongodPort}/?directConnection=true`, mongoFlavor: null, mongoKind: 'mongod' };
  }
  if (!(profile in flavorOfProfile))
    throw new Error(`TINYCLOUD_STANDIN_PROFILE=${profile}: expected one of ${Object.keys(flavorOfProfile).join(', ')}.`);
  const extra = (process.env.TINYCLOUD_STANDIN_ARGS ?? '').split(' ').filter(Boolean);
  const handle = await start('mongo stand-in', '/usr/bin/python3',
    [path.join(repoRoot, 'tests/mongo-standin/server.py'), '--port', String(port), '--profile', profile, ...extra],
    { ready: /listening on 127\.0\.0\.1:(\d+)/, detached });
  processes.push(handle);
  return { mongo: `mongodb://127.0.0.1:${handle.ready[1]}/?directConnection=true`, mongoFlavor: flavorOfProfile[profile], mongoKind: 'stand-in' };
}

async function main() {
  const { values } = parseArgs({
    options: {
      mongo: { type: 'string' }, 'blob-port': { type: 'string' }, 'queue-port': { type: 'string' },
      'mongo-port': { type: 'string' }, 'smtp-port': { type: 'string' }, 'smtp-web-port': { type: 'string' }, 'cors-origin': { type: 'string', multiple: true }, 'data-dir': { type: 'string' },
    },
  });
  const port = (name) => {
    const value = Number(values[name] ?? 0);
    if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`--${name} ${values[name]}: expected a port number`);
    return value;
  };
  let stopRequested = false;
  const requested = new Promise((resolve) => {
    const request = () => ((stopRequested = true), resolve(0));
    for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, request);
    process.stdin.on('end', request).on('error', request).resume();
  });
  let failed;
  const exited = new Promise((resolve) => (failed = (message) => (console.error(`backends: ${message}; stopping the others`), resolve(1))));
  const backends = await startBackends({
    mongo: values.mongo, blobPort: port('blob-port'), queuePort: port('queue-port'), mongoPort: port('mongo-port'),
    smtpPort: port('smtp-port'), smtpWebPort: port('smtp-web-port'),
    corsOrigins: values['cors-origin'] ?? [], dataDir: values['data-dir'] && path.resolve(values['data-dir']),
    detached: true, onExit: (message) => failed(message),
  });
  const { stop, ...ready } = backends;
  if (!stopRequested) process.stdout.write(`backends ready ${JSON.stringify(ready)}\n`);
  const code = await Promise.race([requested, exited]);
  await stop();
  process.exit(code);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main().catch((error) => {
    console.error(`backends: ${error.message}`);
    process.exit(1);
  });
