// Debian's Chromium, headless, driven through playwright-core (no browser download).
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot } from './stack.mjs';

const executablePath = process.env.TINYCLOUD_E2E_CHROMIUM || '/usr/bin/chromium';
export const screenshotDir = path.join(repoRoot, 'artifacts/screenshots');

/** Playwright gives every launch a fresh temporary user-data-dir, removed when the browser closes. */
export async function launchChromium() {
  if (!existsSync(executablePath))
    throw new Error(`No Chromium at ${executablePath}: apt-get install -y chromium (or set TINYCLOUD_E2E_CHROMIUM).`);
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** Collects console errors and uncaught exceptions of a page, so a test can assert there were none. */
export function watchConsole(page) {
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return {
    problems,
    /** Takes the problems so far, leaving none. */
    take: () => problems.splice(0),
    /** Takes the problems so far and fails unless each is the browser logging an HTTP answer the test provoked. */
    expectOnlyStatus(status) {
      const seen = problems.splice(0);
      const unexpected = seen.filter((problem) => !problem.includes(`the server responded with a status of ${status}`));
      if (unexpected.length > 0) throw new Error(`Unexpected console problems:\n${unexpected.join('\n')}`);
    },
  };
}

export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A fresh context (its own cookies and storage) whose waits give up after 10 s, not Playwright's 30 s. */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(10_000);
  return context;
}

/**
 * Holds the page's first request to `url` (a route pattern) with the answer it got until `release()`, so a later
 * request's answer arrives first; later requests pass. `reads` counts the requests, `held` says the first came;
 * `stop()` lets every request through again.
 */
export async function holdFirstAnswer(page, url) {
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  const hold = { reads: 0, held: false, release: () => release(), stop: () => page.unroute(url) };
  await page.route(url, async (route) => {
    const answer = await route.fetch();
    if (++hold.reads === 1) {
      hold.held = true;
      await gate;
    }
    await route.fulfill({ response: answer });
  });
  return hold;
}
