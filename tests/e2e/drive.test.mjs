// One person's journey through the web client, in Debian's Chromium against the real worker, Azurite and MongoDB.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { before, describe } from 'node:test';
import { holdFirstAnswer, newContext, screenshot, watchConsole } from './support/browser.mjs';
import { eventually, journey } from './support/steps.mjs';
import { desktop, phone, useStack } from './support/suite.mjs';

const userName = `ada${Date.now().toString(36)}`;
const email = `${userName}@example.com`;
const password = 'correct horse battery';
// Above the smallUploads worker's 1 MB upload limit, so it goes to Blob Storage directly, in three 8 MB blocks (the
// stack sets the CORS rule for the worker's origin that this needs).
const photo = { name: 'holiday.bin', renamed: 'holiday-2024.bin', bytes: randomBytes(17 * 1024 * 1024 + 12_345) };
const notes = { name: 'notes.txt', text: 'Tiny Cloud notes\n'.repeat(400) };
const tinyPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

describe('web client', { timeout: 180_000 }, () => {
  const stack = useStack({ workers: ['smallUploads'] });
  let visitor, visitorPage, visitorConsole;
  let link, quotaAfterUploads;
  const requests = [];
  const answers = [];
  const step = journey();

  before(async () => {
    await stack.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.base });
    stack.page.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
    stack.page.on('response', (response) => answers.push(`${response.status()} ${response.request().method()} ${response.url().split('?')[0]}`));
  });

  /** Awaits `promise`; if it fails, says what the uploads panel showed and how the API and storage last answered. */
  async function explained(promise) {
    try {
      return await promise;
    } catch (error) {
      const panel = await page().locator('.uploads').innerText({ timeout: 1000 }).catch(() => '(none)');
      error.message += `\nuploads panel: ${panel.replace(/\s+/g, ' ')}\nlast answers:\n  ${answers.slice(-12).join('\n  ')}`;
      throw error;
    }
  }

  const page = () => stack.page;
  const entry = (name) => page().locator('.entry', { has: page().locator('.entry-name', { hasText: name }) });
  const quotaText = () => page().locator('.quota-text').innerText();
  async function openMenu(name) {
    await page().locator(`summary[aria-label="Actions for ${name}"]`).click();
    return entry(name).locator('.menu-items');
  }

  step('a new visitor is sent to log in, and registers', async () => {
    await page().goto(`${stack.base}/client/`);
    await page().getByRole('heading', { name: 'Log in to Tiny Cloud' }).waitFor();
    await page().setViewportSize(phone);
    await screenshot(page(), 'login-phone-360');
    await page().setViewportSize(desktop);
    await page().getByRole('link', { name: 'Create an account' }).click();
    await page().getByLabel('User name').fill(userName);
    await page().getByLabel('Email').fill(email);
    await page().getByLabel('Password').fill(password);
    await page().getByRole('button', { name: 'Create account' }).click();
    await page().getByRole('heading', { name: 'Mere' }).waitFor();
    assert.match(await quotaText(), /^0 B of .* used/);
  });

  step('logs out and logs in again', async () => {
    await page().locator('.account-menu > summary').click();
    await page().getByRole('button', { name: 'Log out', exact: true }).click();
    await page().getByRole('heading', { name: 'Log in to Tiny Cloud' }).waitFor();
    await page().getByLabel('Email').fill(email);
    await page().getByLabel('Password').fill('not the password');
    await page().getByRole('button', { name: 'Log in' }).click();
    await page().getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
    stack.console.expectOnlyStatus(400);
    await page().getByLabel('Password').fill(password);
    await page().getByRole('button', { name: 'Log in' }).click();
    await page().getByRole('heading', { name: 'Mere' }).waitFor();
    // The "logged out" message goes as soon as the person is back, not seconds later.
    assert.equal(await page().getByRole('status').filter({ hasText: 'You are logged out.' }).count(), 0);
    // The field's name: its heading and its tab, not a third time as a one-crumb trail.
    assert.equal(await page().locator('main').getByText('Mere', { exact: true }).count(), 2);
    assert.equal(await page().locator('.breadcrumb').count(), 0);
    const cookies = await stack.context.cookies();
    assert.ok(cookies.some((c) => c.name === 'a-token' && c.httpOnly), 'the session is an HttpOnly a-token cookie');
    const visible = await page().evaluate(() => document.cookie.split('; '));
    assert.deepEqual(visible, ['a-token-present=1'], 'script sees only the marker, never the token');
  });

  step('changes the avatar', async () => {
    const avatar = page().locator('.account-menu summary img.avatar');
    const before = await avatar.getAttribute('src');
    await page().locator('.account-menu > summary').click();
    const [chooser] = await Promise.all([page().waitForEvent('filechooser'), page().getByRole('button', { name: 'Change avatar…' }).click()]);
    await chooser.setFiles({ name: 'me.png', mimeType: 'image/png', buffer: tinyPng });
    await page().getByRole('status').filter({ hasText: 'Your avatar was changed.' }).waitFor();
    assert.notEqual(await avatar.getAttribute('src'), before);
    await eventually(() => avatar.evaluate((img) => img.complete && img.naturalWidth === 1), { what: 'the new avatar to load' });
  });

  step('creates a folder and opens it', async () => {
    await page().getByRole('button', { name: 'New folder' }).click();
    await page().getByLabel('Folder name').fill('Trips');
    await page().getByRole('button', { name: 'Create folder' }).click();
    await entry('Trips').waitFor();
    await entry('Trips').locator('.entry-name').click();
    await page().getByRole('heading', { name: 'Trips' }).waitFor();
    assert.deepEqual(await page().locator('.breadcrumb a').allInnerTexts(), ['Mere', 'Trips']);
  });

  step('uploads one file with the picker and one by drag and drop, with progress', async () => {
    const before = await quotaText();
    const [chooser] = await Promise.all([page().waitForEvent('filechooser'), page().getByRole('button', { name: 'Upload files' }).click()]);
    // 17 MB go to the browser over the DevTools protocol as base64: on a busy machine that outlasts the 10 s default.
    await chooser.setFiles({ name: photo.name, mimeType: 'application/octet-stream', buffer: photo.bytes }, { timeout: 60_000 });
    await page().locator('.upload', { hasText: photo.name }).locator('progress').waitFor();

    await page().locator('.drive').evaluate((zone, { name, text }) => {
      const data = new DataTransfer();
      data.items.add(new File([text], name, { type: 'text/plain' }));
      for (const type of ['dragenter', 'dragover', 'drop'])
        zone.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    }, notes);

    // The 17 MB go to storage in blocks and are hashed at complete-upload: 60 s leaves room for a busy machine.
    await explained(entry(photo.name).waitFor({ timeout: 60_000 }));
    await explained(entry(notes.name).waitFor());
    assert.equal(await entry(photo.name).locator('.entry-size').innerText(), '17 MB');
    assert.equal(await entry(notes.name).locator('.entry-size').innerText(), '6.6 KB');
    assert.notEqual(await entry(notes.name).locator('.entry-date').innerText(), '');
    quotaAfterUploads = await eventually(async () => ((await quotaText()) !== before ? quotaText() : null), { what: 'the quota bar to move' });
    assert.match(quotaAfterUploads, /^17 MB of /);
    assert.ok(Number(await page().locator('.quota-track').getAttribute('aria-valuenow')) > 0);

    // The small file went through upload-file; the large one through begin-upload, blocks to storage, complete-upload.
    const sent = (pattern) => requests.filter((request) => pattern.test(request)).length;
    assert.equal(sent(/^POST .*\/api\/fs-service\/upload-file$/), 1);
    assert.equal(sent(/^POST .*\/api\/fs-service\/begin-upload$/), 1);
    assert.equal(sent(new RegExp(`^PUT ${stack.backends.blobEndpoint}/.*comp=block&blockid=`)), 3);
    assert.equal(sent(new RegExp(`^PUT ${stack.backends.blobEndpoint}/.*comp=blocklist`)), 1);
    assert.equal(sent(/^POST .*\/api\/fs-service\/complete-upload$/), 1);
  });

  step('shows the drive at desktop and phone widths', async () => {
    await page().locator('.upload-done').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
    await screenshot(page(), 'drive-desktop-1280');
    await page().setViewportSize(phone);
    await screenshot(page(), 'drive-phone-360');
    const overflow = await page().evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `nothing is wider than the 360 px screen (overflow ${overflow} px)`);
    await page().setViewportSize(desktop);
  });

  step('is usable from the keyboard', async () => {
    const newFolder = page().getByRole('button', { name: 'New folder' });
    await page().locator('.brand').focus();
    for (let presses = 0; presses < 25 && !(await newFolder.evaluate((button) => button === document.activeElement)); presses++)
      await page().keyboard.press('Tab');
    assert.ok(await newFolder.evaluate((button) => button === document.activeElement), 'Tab reaches "New folder"');
    assert.equal(await newFolder.evaluate((button) => getComputedStyle(button).outlineStyle), 'solid', 'focus is visible');
    await page().keyboard.press('Enter');
    await page().getByLabel('Folder name').evaluate((input) => input === document.activeElement || Promise.reject(new Error('focus not in the dialog')));
    await page().keyboard.press('Escape');
    await page().getByRole('dialog').waitFor({ state: 'detached' });
    // The dialog hands focus back as it closes, which may land a moment after it leaves the page.
    let focused = false;
    for (let tries = 0; tries < 40 && !focused; tries++) {
      focused = await newFolder.evaluate((button) => button === document.activeElement);
      if (!focused) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(focused, 'focus returns to "New folder"');
  });

  step('renames a file', async () => {
    await (await openMenu(photo.name)).getByRole('button', { name: 'Rename…' }).click();
    const input = page().getByLabel('New name');
    assert.equal(await input.inputValue(), photo.name);
    await input.fill(photo.renamed);
    await page().getByRole('button', { name: 'Rename', exact: true }).click();
    await entry(photo.renamed).waitFor();
    assert.equal(await entry(photo.name).count(), 0);
  });

  step('shares it with an expiry and copies the link', async () => {
    await (await openMenu(photo.renamed)).getByRole('button', { name: 'Share…' }).click();
    await page().getByLabel('Link expires').selectOption({ label: 'In 7 days' });
    await page().getByRole('button', { name: 'Create link' }).click();
    link = await page().getByLabel('Public link').inputValue();
    await screenshot(page(), 'share-dialog-desktop-1280');
    assert.match(link, new RegExp(`^${stack.base}/client/s/${userName}/[A-Za-z0-9_-]{20,}$`));
    await page().getByRole('button', { name: 'Copy link' }).click();
    await page().getByRole('status').filter({ hasText: 'Link copied' }).waitFor();
    assert.equal(await page().evaluate(() => navigator.clipboard.readText()), link);
    await page().getByRole('button', { name: 'Done' }).click();
    await entry(photo.renamed).locator('.badge', { hasText: 'Shared' }).waitFor();
  });

  step('anyone with the link sees it and downloads the same bytes, without an account', async () => {
    visitor = await newContext(stack.browser, { viewport: desktop, acceptDownloads: true });
    assert.deepEqual(await visitor.cookies(), []);
    visitorPage = await visitor.newPage();
    visitorConsole = watchConsole(visitorPage);
    await visitorPage.goto(link);
    await visitorPage.getByRole('heading', { name: photo.renamed }).waitFor();
    const facts = await visitorPage.locator('.facts').innerText();
    assert.match(facts, /File/);
    assert.match(facts, /17 MB/);
    await screenshot(visitorPage, 'public-desktop-1280');
    await visitorPage.setViewportSize(phone);
    await screenshot(visitorPage, 'public-phone-360');
    await visitorPage.setViewportSize(desktop);

    const [download] = await Promise.all([visitorPage.waitForEvent('download'), visitorPage.getByRole('link', { name: 'Download' }).click()]);
    assert.equal(download.suggestedFilename(), photo.renamed);
    const bytes = await readFile(await download.path());
    assert.ok(bytes.equals(photo.bytes), 'the downloaded file is byte-identical to the uploaded one');
  });

  step('the link is listed under My links, where sharing stops', async () => {
    await page().getByRole('link', { name: 'My links' }).click();
    await page().getByRole('heading', { name: 'My links' }).waitFor();
    const row = page().locator('.link-row', { hasText: photo.renamed });
    await row.waitFor();
    assert.match(await row.innerText(), /Expires/);
    await screenshot(page(), 'links-desktop-1280');
    await row.getByRole('button', { name: 'Stop sharing' }).click();
    await page().getByText('You have no shared links.').waitFor();
  });

  step('the public page then says the link is gone', async () => {
    await visitorPage.reload();
    await visitorPage.getByRole('heading', { name: 'This link is not available' }).waitFor();
    await visitorPage.setViewportSize(phone);
    await screenshot(visitorPage, 'public-gone-phone-360');
    visitorConsole.expectOnlyStatus(404);
  });

  step('downloads a file, and a folder as a zip', async () => {
    await page().getByRole('link', { name: 'Drive' }).click();
    await entry('Trips').locator('.entry-name').click();
    const [file] = await Promise.all([page().waitForEvent('download'), entry(notes.name).locator('.entry-name').click()]);
    assert.equal(file.suggestedFilename(), notes.name);
    assert.equal(await readFile(await file.path(), 'utf8'), notes.text);

    await page().getByRole('link', { name: 'Mere' }).first().click();
    await entry('Trips').waitFor();
    const [download] = await Promise.all([page().waitForEvent('download'),
      (await openMenu('Trips')).getByRole('button', { name: 'Download as zip' }).click()]);
    assert.equal(download.suggestedFilename(), 'Trips.zip');
    const zip = await readFile(await download.path());
    assert.equal(zip.subarray(0, 2).toString(), 'PK');
    assert.ok(zip.includes(Buffer.from(notes.name)) && zip.includes(Buffer.from(photo.renamed)));
  });

  step('deletes a file forever after confirming, and the quota goes down', async () => {
    await entry('Trips').locator('.entry-name').click();
    await entry(photo.renamed).waitFor();
    await page().setViewportSize(phone);
    await (await openMenu(photo.renamed)).getByRole('button', { name: 'Delete forever…' }).click();
    await screenshot(page(), 'delete-dialog-phone-360');
    await page().getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page().setViewportSize(desktop);
    await entry(photo.renamed).waitFor();
    await (await openMenu(photo.renamed)).getByRole('button', { name: 'Delete forever…' }).click();
    await page().getByRole('dialog').getByRole('button', { name: 'Delete forever' }).click();
    await entry(photo.renamed).waitFor({ state: 'detached' });
    await entry(notes.name).waitFor();
    await eventually(async () => /^6\.6 KB of /.test(await quotaText()), { what: 'the quota to drop to 6.6 KB' });
  });

  step('an error from the API is shown in words and the drive keeps working', async () => {
    await page().getByRole('button', { name: 'New folder' }).click();
    await page().getByLabel('Folder name').fill(notes.name);
    await page().getByRole('button', { name: 'Create folder' }).click();
    const alert = page().getByRole('dialog').getByRole('alert');
    await alert.waitFor();
    const message = await alert.innerText();
    assert.match(message, /already exists/);
    assert.doesNotMatch(message, /[{}]|"result"/);
    stack.console.expectOnlyStatus(409);
    await page().getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page().getByRole('button', { name: 'New folder' }).click();
    await page().getByLabel('Folder name').fill('Later');
    await page().getByRole('button', { name: 'Create folder' }).click();
    await entry('Later').waitFor();
  });

  step('moves a file into another field', async () => {
    await (await openMenu(notes.name)).getByRole('button', { name: 'Move…' }).click();
    await page().getByLabel('Field', { exact: true }).selectOption('special');
    assert.equal(await page().getByLabel('Into folder').inputValue(), '/Trips');
    await page().getByLabel('Into folder').fill('/');
    await page().getByRole('dialog').getByRole('button', { name: 'Move' }).click();
    await entry(notes.name).waitFor({ state: 'detached' });
    await page().getByRole('link', { name: 'Special' }).click();
    await page().getByRole('heading', { name: 'Special' }).waitFor();
    assert.equal(await entry(notes.name).locator('.entry-size').innerText(), '6.6 KB');
  });

  step('a listing read twice shows the newer answer even when the older one arrives last', async () => {
    // Each new folder reads the listing again; the first read's answer (one folder) is held until the second read's
    // (both folders) is shown.
    const listing = await holdFirstAnswer(page(), '**/api/fs-watching-service/get-fs-layer');
    for (const name of ['Older', 'Newer']) {
      await page().getByRole('button', { name: 'New folder' }).click();
      await page().getByLabel('Folder name').fill(name);
      await page().getByRole('button', { name: 'Create folder' }).click();
      await page().getByRole('dialog').waitFor({ state: 'detached' });
    }
    await entry('Newer').waitFor();
    const stale = page().waitForEvent('requestfinished', (request) => request.url().endsWith('/get-fs-layer'));
    listing.release();
    await stale;
    await page().evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    assert.equal(listing.reads, 2);
    assert.ok(await entry('Newer').isVisible(), 'the older answer, arriving last, did not replace the newer one');
    assert.ok(await entry('Older').isVisible());
    await listing.stop();
  });

  step('the account menu lists the sessions and revokes another one', async () => {
    const tablet = await newContext(stack.browser, { viewport: desktop, userAgent: 'TabletBrowser/7.1' });
    const tabletPage = await tablet.newPage();
    const tabletConsole = watchConsole(tabletPage);
    await tabletPage.goto(`${stack.base}/client/login`);
    await tabletPage.getByLabel('Email').fill(email);
    await tabletPage.getByLabel('Password').fill(password);
    await tabletPage.getByRole('button', { name: 'Log in' }).click();
    await tabletPage.getByRole('heading', { name: 'Mere' }).waitFor();

    await page().locator('.account-menu > summary').click();
    await page().getByRole('button', { name: 'Sessions…' }).click();
    const dialog = page().getByRole('dialog');
    const tabletRow = dialog.locator('.session', { hasText: 'TabletBrowser/7.1' });
    await tabletRow.waitFor();
    await dialog.locator('.session', { hasText: 'This device' }).waitFor();
    await tabletRow.getByRole('button', { name: /^Revoke session/ }).click();
    await tabletRow.waitFor({ state: 'detached' });
    await dialog.locator('.session', { hasText: 'This device' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();

    assert.equal((await tablet.request.get(`${stack.base}/api/user-service/get-current-user`)).status(), 401, 'the revoked session is over');
    assert.equal((await stack.context.request.get(`${stack.base}/api/user-service/get-current-user`)).status(), 200, 'this one is not');
    tabletConsole.expectOnlyStatus(401);
    await tablet.close();
  });

  step('logging out everywhere ends every session, including older ones', async () => {
    const other = await newContext(stack.browser, { viewport: desktop });
    const otherPage = await other.newPage();
    const otherConsole = watchConsole(otherPage);
    await otherPage.goto(`${stack.base}/client/login`);
    await otherPage.getByLabel('Email').fill(email);
    await otherPage.getByLabel('Password').fill(password);
    await otherPage.getByRole('button', { name: 'Log in' }).click();
    await otherPage.getByRole('heading', { name: 'Mere' }).waitFor();
    const ownerCookies = await stack.context.cookies();

    await page().locator('.account-menu > summary').click();
    await page().getByRole('button', { name: 'Log out everywhere…' }).click();
    await page().getByRole('dialog').getByRole('button', { name: 'Log out everywhere' }).click();
    await page().getByRole('heading', { name: 'Log in to Tiny Cloud' }).waitFor();

    await otherPage.getByRole('link', { name: 'My links' }).click();
    await otherPage.getByRole('heading', { name: 'Log in to Tiny Cloud' }).waitFor();
    await otherPage.getByRole('alert').filter({ hasText: 'Your session has ended' }).waitFor();
    assert.equal((await other.request.get(`${stack.base}/api/user-service/get-current-user`)).status(), 401);
    const replay = await newContext(stack.browser);
    await replay.addCookies(ownerCookies);
    assert.equal((await replay.request.get(`${stack.base}/api/user-service/get-current-user`)).status(), 401, 'the old cookie is rejected');
    otherConsole.expectOnlyStatus(401);
    await Promise.all([other.close(), replay.close()]);
  });

  step('no console errors or uncaught exceptions along the way', async () => {
    assert.deepEqual(stack.console.take(), []);
    assert.deepEqual(visitorConsole?.take() ?? [], []);
  });
});
