// Password-protected and upload-only links in the web client: the owner's share dialog and My links, and a visitor's
// public pages (the password form, the upload form with progress), in Debian's Chromium against the real worker.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe } from 'node:test';
import { newContext, screenshot, watchConsole } from './support/browser.mjs';
import { eventually, journey } from './support/steps.mjs';
import { desktop, phone, registerAndLogIn, useStack } from './support/suite.mjs';

const userName = `lin${Date.now().toString(36)}`;
const linkPassword = 'only for friends';
const newLinkPassword = 'friends of friends too';
const secretFile = { name: 'plans.txt', bytes: randomBytes(4096) };

describe('protected and upload-only links', { timeout: 180_000 }, () => {
  const stack = useStack();
  let visitor, visitorPage, visitorConsole;
  let protectedLink, requestLink;
  const step = journey();

  const page = () => stack.page;
  const api = (route, data) => page().request.post(`${stack.base}${route}`, { data, headers: { Accept: 'application/vnd.tinycloud.v2+json' } });
  async function openMenu(name) {
    await page().locator(`summary[aria-label="Actions for ${name}"]`).click();
    return page().locator('.entry', { has: page().locator('.entry-name', { hasText: name }) }).locator('.menu-items');
  }

  step('the owner has an account, a file and a folder', async () => {
    await registerAndLogIn(stack, userName);
    assert.ok((await api('/api/fs-service/create-folder', {
      fs_entity: { name: 'inbox', abs_path: '/inbox', base_type: 'folder' }, file_field: 'mere',
    })).ok());
    const uploaded = await page().request.post(`${stack.base}/api/fs-service/upload-file`, {
      multipart: {
        request: JSON.stringify({ fs_entity: { name: secretFile.name, abs_path: `/${secretFile.name}`, base_type: 'file' }, file_field: 'mere' }),
        file: { name: secretFile.name, mimeType: 'text/plain', buffer: secretFile.bytes },
      },
    });
    assert.ok(uploaded.ok(), await uploaded.text());
    await page().reload();
    await page().locator('.entry-name', { hasText: secretFile.name }).waitFor();
  });

  step('shares the file with a password', async () => {
    await (await openMenu(secretFile.name)).getByRole('button', { name: 'Share…' }).click();
    await page().getByLabel('Password (optional)').fill('short');
    await page().getByRole('button', { name: 'Create link' }).click();
    await page().getByRole('alert').filter({ hasText: '8–128 characters' }).waitFor();
    await page().getByLabel('Password (optional)').fill(linkPassword);
    await screenshot(page(), 'share-dialog-password-desktop-1280');
    await page().getByRole('button', { name: 'Create link' }).click();
    protectedLink = await page().getByLabel('Public link').inputValue();
    await page().getByRole('button', { name: 'Done' }).click();
    // Done reloads the listing: once the badge shows, the next menu opened is not replaced under the click.
    await page().locator('.entry', { has: page().locator('.entry-name', { hasText: secretFile.name }) })
      .locator('.badge', { hasText: 'Shared' }).waitFor();
  });

  step('shares the folder as upload-only, with limits', async () => {
    await (await openMenu('inbox')).getByRole('button', { name: 'Share…' }).click();
    assert.equal(await page().getByLabel('Most files').isVisible(), false);
    await page().getByLabel(/Upload only/).check();
    await page().getByLabel('Most files').fill('2');
    await page().getByLabel('Largest file (MB)').fill('1');
    await screenshot(page(), 'share-dialog-upload-only-desktop-1280');
    await page().setViewportSize(phone);
    await screenshot(page(), 'share-dialog-upload-only-phone-360');
    await page().setViewportSize(desktop);
    await page().getByRole('button', { name: 'Create link' }).click();
    requestLink = await page().getByLabel('Public link').inputValue();
    await page().getByRole('button', { name: 'Done' }).click();
    const listed = await (await page().request.get(`${stack.base}/api/shared-service/list-shared`)).json();
    const inbox = listed.shared.find((s) => s.fs_entity.name === 'inbox');
    assert.equal(inbox.upload_only, true);
    assert.equal(inbox.max_files, 2);
    assert.equal(inbox.max_file_bytes, 1024 * 1024);
    assert.equal(listed.shared.find((s) => s.fs_entity.name === secretFile.name).password_protected, true);
  });

  step('a visitor is asked for the password, and a wrong one is refused', async () => {
    visitor = await newContext(stack.browser, { viewport: desktop, acceptDownloads: true });
    visitorPage = await visitor.newPage();
    visitorConsole = watchConsole(visitorPage);
    const urls = [];
    visitorPage.on('request', (request) => urls.push(request.url()));
    await visitorPage.goto(protectedLink);
    await visitorPage.getByRole('heading', { name: 'This link is protected' }).waitFor();
    assert.equal(await visitorPage.getByText(secretFile.name).count(), 0);
    await screenshot(visitorPage, 'public-password-desktop-1280');
    await visitorPage.setViewportSize(phone);
    await screenshot(visitorPage, 'public-password-phone-360');
    await visitorPage.setViewportSize(desktop);
    await visitorPage.getByLabel('Password').fill('not the password');
    await visitorPage.getByRole('button', { name: 'Unlock' }).click();
    await visitorPage.getByRole('alert').filter({ hasText: 'Wrong password' }).waitFor();
    visitorConsole.expectOnlyStatus(403);
    assert.ok(urls.every((url) => !url.includes('not%20the%20password') && !url.includes('not the password')), 'the password never goes in a URL');
  });

  step('the right password opens the file, and it downloads byte for byte', async () => {
    await visitorPage.getByLabel('Password').fill(linkPassword);
    await visitorPage.getByRole('button', { name: 'Unlock' }).click();
    await visitorPage.getByRole('heading', { name: secretFile.name }).waitFor();
    const cookies = await visitor.cookies();
    const grant = cookies.find((c) => c.name === 'tc-link-grant');
    assert.ok(grant?.httpOnly, 'the grant is an HttpOnly cookie');
    assert.equal(grant.sameSite, 'Strict');
    assert.match(grant.path, new RegExp(`^/shared/${userName}/`));
    await screenshot(visitorPage, 'public-unlocked-desktop-1280');
    const [download] = await Promise.all([visitorPage.waitForEvent('download'), visitorPage.getByRole('link', { name: 'Download' }).click()]);
    assert.ok((await readFile(await download.path())).equals(secretFile.bytes));
  });

  step('an upload-only link shows an upload form, takes a clashing name without telling it and stops at its file limit', async () => {
    await visitorPage.goto(requestLink);
    await visitorPage.getByRole('heading', { name: 'inbox' }).waitFor();
    assert.match(await visitorPage.locator('.facts').innerText(), /Files left\s+2/);
    await screenshot(visitorPage, 'public-upload-desktop-1280');
    await visitorPage.setViewportSize(phone);
    await screenshot(visitorPage, 'public-upload-phone-360');
    await visitorPage.setViewportSize(desktop);

    const report = { name: 'report.pdf', mimeType: 'application/pdf', buffer: randomBytes(300_000) };
    await visitorPage.getByLabel('Files to send').setInputFiles([{ ...report, buffer: randomBytes(2 * 1024 * 1024) }]);
    await visitorPage.getByRole('button', { name: 'Send files' }).click();
    await visitorPage.locator('.upload-failed', { hasText: 'at most 1 MB' }).waitFor();

    await visitorPage.getByLabel('Files to send').setInputFiles([report]);
    await visitorPage.getByRole('button', { name: 'Send files' }).click();
    await visitorPage.locator('.upload-done', { hasText: 'Sent' }).waitFor();
    assert.equal(await visitorPage.locator('.upload-done progress').first().getAttribute('value'), '100');
    await visitorPage.getByLabel('Files to send').setInputFiles([report]);
    await visitorPage.getByRole('button', { name: 'Send files' }).click();
    await visitorPage.locator('.upload-done', { hasText: 'Sent' }).nth(1).waitFor();
    assert.equal(await visitorPage.getByText('report (2).pdf').count(), 0, 'the visitor is not told the name the file got');
    await screenshot(visitorPage, 'public-upload-sent-desktop-1280');
    await visitorPage.getByText('This link has received all the files it accepts.').waitFor();
    await visitorPage.setViewportSize(phone);
    await screenshot(visitorPage, 'public-upload-full-phone-360');
    assert.deepEqual(visitorConsole.take(), []);
  });

  step('My links shows the password, the upload-only link and their statistics', async () => {
    await page().getByRole('link', { name: 'My links' }).click();
    await page().getByRole('heading', { name: 'My links' }).waitFor();
    const fileRow = page().locator('.link-row', { hasText: secretFile.name });
    const folderRow = page().locator('.link-row', { hasText: 'inbox' });
    await eventually(async () => /1 download\s+last/.test(await fileRow.innerText()), { what: 'the download count' });
    await fileRow.locator('.badge', { hasText: 'Password' }).waitFor();
    assert.match(await folderRow.innerText(), /Upload only/);
    assert.match(await folderRow.innerText(), /2 of 2 files received/);
    await screenshot(page(), 'links-statistics-desktop-1280');
    await page().setViewportSize(phone);
    await screenshot(page(), 'links-statistics-phone-360');
    await page().setViewportSize(desktop);
    const layer = await (await api('/api/fs-watching-service/get-fs-layer', { abs_path_to_layer: '/inbox', file_field: 'mere' })).json();
    assert.deepEqual(layer.fs_layer.map((e) => e.name).sort(), ['report (2).pdf', 'report.pdf']);
    assert.deepEqual(stack.console.take(), []);
  });

  step('My links changes the password: the old one is refused, the new one opens the link', async () => {
    const fileRow = page().locator('.link-row', { hasText: secretFile.name });
    await fileRow.getByRole('button', { name: 'Password…' }).click();
    const dialog = page().getByRole('dialog');
    await dialog.getByRole('heading', { name: `Password for “${secretFile.name}”` }).waitFor();
    await dialog.getByLabel('New password').fill('short');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('alert').filter({ hasText: '8–128 characters' }).waitFor();
    await dialog.getByLabel('New password').fill(newLinkPassword);
    await screenshot(page(), 'link-password-dialog-desktop-1280');
    await page().setViewportSize(phone);
    await screenshot(page(), 'link-password-dialog-phone-360');
    const overflow = await page().evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `nothing is wider than the 360 px screen (overflow ${overflow} px)`);
    await page().setViewportSize(desktop);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page().getByRole('status').filter({ hasText: `“${secretFile.name}” now asks for the new password.` }).waitFor();
    await dialog.waitFor({ state: 'detached' });
    await fileRow.locator('.badge', { hasText: 'Password' }).waitFor();

    // The visitor who unlocked it with the old password is asked again, and the old password no longer opens it.
    await visitorPage.setViewportSize(desktop);
    await visitorPage.goto(protectedLink);
    await visitorPage.getByRole('heading', { name: 'This link is protected' }).waitFor();
    await visitorPage.getByLabel('Password').fill(linkPassword);
    await visitorPage.getByRole('button', { name: 'Unlock' }).click();
    await visitorPage.getByRole('alert').filter({ hasText: 'Wrong password' }).waitFor();
    visitorConsole.expectOnlyStatus(403);
    await visitorPage.getByLabel('Password').fill(newLinkPassword);
    await visitorPage.getByRole('button', { name: 'Unlock' }).click();
    await visitorPage.getByRole('heading', { name: secretFile.name }).waitFor();
    await visitorPage.getByRole('link', { name: 'Download' }).waitFor();
  });

  step('My links removes the password, and the link opens without one', async () => {
    const fileRow = page().locator('.link-row', { hasText: secretFile.name });
    await fileRow.getByRole('button', { name: 'Password…' }).click();
    const dialog = page().getByRole('dialog');
    await dialog.getByLabel(/^Remove the password/).check();
    assert.equal(await dialog.getByLabel('New password').isVisible(), false, 'no password to type when removing it');
    await page().setViewportSize(phone);
    await screenshot(page(), 'link-password-remove-phone-360');
    await page().setViewportSize(desktop);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page().getByRole('status').filter({ hasText: `“${secretFile.name}” opens without a password now.` }).waitFor();
    await fileRow.locator('.badge', { hasText: 'Password' }).waitFor({ state: 'hidden' });
    const listed = await (await page().request.get(`${stack.base}/api/shared-service/list-shared`)).json();
    assert.equal(listed.shared.find((s) => s.fs_entity.name === secretFile.name).password_protected, false);

    const stranger = await newContext(stack.browser, { viewport: desktop, acceptDownloads: true });
    const strangerPage = await stranger.newPage();
    const strangerConsole = watchConsole(strangerPage);
    await strangerPage.goto(protectedLink);
    await strangerPage.getByRole('heading', { name: secretFile.name }).waitFor();
    assert.equal(await strangerPage.getByLabel('Password').count(), 0, 'no password form');
    const [download] = await Promise.all([strangerPage.waitForEvent('download'), strangerPage.getByRole('link', { name: 'Download' }).click()]);
    assert.ok((await readFile(await download.path())).equals(secretFile.bytes));
    assert.deepEqual(strangerConsole.take(), []);
    assert.deepEqual(visitorConsole.take(), []);
    assert.deepEqual(stack.console.take(), []);
    await stranger.close();
  });
});
