// Child processes for the backends and the browser tests: started on loopback ports, awaited until ready, always stopped.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a process and resolves once a line of its output matches `ready` (with the match), or rejects with the
 * output so far when it exits or the timeout passes first. `detached` puts it in a process group of its own, so a
 * Ctrl-C in the terminal reaches only its parent, which then stops it with one signal. `stdin: 'pipe'` keeps its
 * standard input open for as long as this process lives.
 */
export function start(name, command, args, { ready, env, cwd, detached = false, stdin = 'ignore', timeoutMs = 60_000 } = {}) {
  // Under test.sh every process started carries the run's marker, which its children inherit, so the run can find
  // any left alive at its end (scripts/leftover-processes.sh).
  const marker = process.env.TINYCLOUD_TEST_RUN_ID ? { TINYCLOUD_TEST_CHILD_OF: process.env.TINYCLOUD_TEST_RUN_ID } : {};
  const child = spawn(command, args, { cwd, detached, env: { ...process.env, ...marker, ...env }, stdio: [stdin, 'pipe', 'pipe'] });
  const handle = { name, child, output: '', stop: () => stop(child) };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`${name} was not ready within ${timeoutMs / 1000} s`), timeoutMs);
    const fail = (reason) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${reason}. Its output:\n${handle.output.slice(-4000)}`));
    };
    const onData = (chunk) => {
      handle.output = (handle.output + chunk).slice(-20_000);
      const match = ready && handle.output.match(ready);
      if (match && !handle.ready) {
        handle.ready = match;
        clearTimeout(timer);
        resolve(handle);
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.once('error', (error) => fail(`${name} could not start: ${error.message}`));
    child.once('exit', (code, signal) => handle.ready || fail(`${name} exited (${signal ?? code})`));
    if (!ready) {
      clearTimeout(timer);
      handle.ready = true;
      resolve(handle);
    }
  });
}

/** SIGTERM, then SIGKILL if it has not exited within five seconds. */
export function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Runs a command to completion, rejecting with its output when it fails. */
export function run(command, args, { cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} failed:\n${output}`))));
  });
}
