// What every browser test file sets up and tears down: the backends and the workers (the run's shared ones, or its
// own when the file runs alone), Chromium and one page with its console watched, started in before() and stopped in
// after() whatever happened in between.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { allowOrigins } from '../../../scripts/backends.mjs';
import { launchChromium, newContext, watchConsole } from './browser.mjs';
import { azuriteKey, buildWorker, sharedStack, startBackends, startWorker, workerSettings } from './stack.mjs';

export const desktop = { width: 1280, height: 800 };
export const phone = { width: 360, height: 780 };

/**
 * Registers the before() and after() hooks of the calling describe() and returns the object they fill in: backends,
 * workers (one per name in `workers`, a key of workerSettings), worker and base (the first one and its URL), browser,
 * and unless `page` is false, context, page and console (a watchConsole of the page) at that viewport. The tests of
 * a file share the workers with other files running at the same time: each works as a user of its own.
 */
export function useStack({ workers = ['standard'], page = desktop } = {}) {
  const stack = {};
  const own = { workers: [], backends: undefined };
  before(async () => {
    const shared = sharedStack();
    if (shared) {
      stack.backends = shared.backends;
      stack.workers = workers.map((name) => ({ baseUrl: shared.workers[name] ?? assert.fail(`tests/e2e/run.mjs started no worker "${name}"`) }));
    } else {
      await startOwnStack(stack, workers, own);
    }
    stack.worker = stack.workers[0];
    stack.base = stack.worker.baseUrl;
    stack.browser = await launchChromium();
    if (!page) return;
    stack.context = await newContext(stack.browser, { viewport: page });
    stack.page = await stack.context.newPage();
    stack.console = watchConsole(stack.page);
  });
  after(async () => {
    await stack.browser?.close();
    await Promise.all(own.workers.map((worker) => worker?.stop()));
    await own.backends?.stop();
  });
  return stack;
}

/** This file's own backends and workers, with the CORS rule for the workers' origins that direct uploads need. */
async function startOwnStack(stack, workers, own) {
  const [backendsStarted, built] = await Promise.allSettled([startBackends(), buildWorker()]);
  const backends = stack.backends = own.backends = backendsStarted.value;
  for (const outcome of [backendsStarted, built]) if (outcome.status === 'rejected') throw outcome.reason;
  const build = built.value;
  const started = await Promise.allSettled(workers.map((name) => startWorker(build, backends, workerSettings[name])));
  stack.workers = own.workers = started.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : undefined));
  const failed = started.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  await allowOrigins(backends.blobEndpoint, azuriteKey, stack.workers.map((worker) => worker.baseUrl));
}

/** A new account made through the API, then logged in through the client's own form (which remembers who signed in). */
export async function registerAndLogIn(stack, userName, password = 'correct horse battery') {
  const email = `${userName}@example.com`;
  const registered = await stack.context.request.post(`${stack.base}/api/user-service/register`,
    { data: { user_name: userName, user_email: email, password } });
  assert.equal(registered.status(), 200, await registered.text());
  const { page } = stack;
  await page.goto(`${stack.base}/client/`);
  await page.getByRole('heading', { name: 'Log in to Tiny Cloud' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Mere' }).waitFor();
  return { userName, email, password };
}

/** A new account made through the client's registration form, which lands in the drive. */
export async function registerInForm(stack, userName, password = 'correct horse battery') {
  const email = `${userName}@example.com`;
  const { page } = stack;
  await page.goto(`${stack.base}/client/register`);
  await page.getByLabel('User name').fill(userName);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Mere' }).waitFor();
  return { userName, email, password };
}

/** The account menu → Account settings; resolves once the Account page shows. */
export async function openAccountPage(page) {
  await page.locator('.account-menu > summary').click();
  await page.getByRole('link', { name: 'Account settings' }).click();
  await page.getByRole('heading', { name: 'Account', exact: true }).waitFor();
}
