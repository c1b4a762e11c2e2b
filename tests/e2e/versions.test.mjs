// Files that change, in the web client: an upload onto a taken name asks replace / keep both / cancel, the Versions
// dialog restores and deletes, Copy to… copies, Details shows the SHA-256, and Download goes straight to Blob Storage.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe } from 'node:test';
import { holdFirstAnswer, screenshot } from './support/browser.mjs';
import { eventually, journey } from './support/steps.mjs';
import { registerInForm, useStack } from './support/suite.mjs';

const userName = `vera${Date.now().toString(36)}`;
const first = 'the first draft\n'.repeat(50);
const second = 'the second draft, longer\n'.repeat(80);

describe('web client versions and copies', { timeout: 180_000 }, () => {
  const stack = useStack();
  const step = journey();
  const page = () => stack.page;
  const entry = (name) => page().locator('.entry', { has: page().locator('.entry-name', { hasText: name }) });
  async function openMenu(name) {
    await page().locator(`summary[aria-label="Actions for ${name}"]`).click();
    return entry(name).locator('.menu-items');
  }
  async function upload(name, text) {
    const [chooser] = await Promise.all([page().waitForEvent('filechooser'), page().getByRole('button', { name: 'Upload files' }).click()]);
    await chooser.setFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
  }
  const sha256 = (text) => createHash('sha256').update(text).digest('hex');

  step('registers and uploads a draft', async () => {
    await registerInForm(stack, userName);
    await upload('draft.txt', first);
    await entry('draft.txt').waitFor();
  });

  step('uploading onto the name asks, and Replace keeps the old content as a version', async () => {
    await upload('draft.txt', second);
    const dialog = page().getByRole('dialog', { name: '“draft.txt” already exists' });
    await dialog.waitFor();
    await screenshot(page(), 'upload-conflict-dialog');
    await dialog.getByRole('button', { name: 'Replace' }).click();
    await page().locator('.upload-done').filter({ hasText: 'Uploaded' }).first().waitFor();
    // The listing shows the new content's size (2,000 bytes) once it was read again: only then open the menu, which that
    // re-render would replace under the click.
    await entry('draft.txt').filter({ hasText: '2 KB' }).waitFor();
    await (await openMenu('draft.txt')).getByRole('button', { name: 'Details…' }).click();
    const details = page().getByRole('dialog', { name: 'Details of “draft.txt”' });
    await eventually(async () => (await details.locator('.hash').innerText()) === sha256(second), { what: 'the new SHA-256 in the details' });
    await details.getByRole('button', { name: 'Close' }).click();
  });

  step('Keep both gives the new upload a numbered name', async () => {
    await upload('draft.txt', 'a third one');
    await page().getByRole('dialog', { name: '“draft.txt” already exists' }).getByRole('button', { name: 'Keep both' }).click();
    await entry('draft (2).txt').waitFor();
  });

  step('the Versions dialog restores the first draft', async () => {
    await (await openMenu('draft.txt')).getByRole('button', { name: 'Versions…' }).click();
    const dialog = page().getByRole('dialog', { name: 'Versions of “draft.txt”' });
    await dialog.locator('.version').first().waitFor();
    await screenshot(page(), 'versions-dialog');
    await dialog.getByRole('button', { name: 'Restore' }).click();
    await page().getByRole('status').filter({ hasText: '“draft.txt” is back to the version of' }).waitFor();
    const [file] = await Promise.all([page().waitForEvent('download'),
      (await openMenu('draft.txt')).getByRole('link', { name: 'Download' }).click()]);
    assert.equal(await readFile(await file.path(), 'utf8'), first, 'Download (a redirect to Blob Storage) gives the restored bytes');
  });

  step('a version\'s Download goes to Blob Storage too and gives that version\'s bytes', async () => {
    await (await openMenu('draft.txt')).getByRole('button', { name: 'Versions…' }).click();
    const dialog = page().getByRole('dialog', { name: 'Versions of “draft.txt”' });
    const version = dialog.locator('.version').first();
    const shown = (await version.locator('.hash').innerText()).trim();
    const link = version.getByRole('link', { name: 'Download' });
    assert.match(await link.getAttribute('href'), /download-redirect\?.*version_id=[0-9a-f]{24}/);
    const [file] = await Promise.all([page().waitForEvent('download'), link.click()]);
    assert.equal(sha256(await readFile(await file.path(), 'utf8')).slice(0, shown.length), shown);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  step('Copy to… makes a copy in another field', async () => {
    await (await openMenu('draft.txt')).getByRole('button', { name: 'Copy to…' }).click();
    const dialog = page().getByRole('dialog', { name: 'Copy “draft.txt”' });
    await dialog.getByLabel('Field').selectOption('special');
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await page().getByRole('status').filter({ hasText: '“draft.txt” copied.' }).waitFor();
    await page().getByRole('link', { name: 'Special' }).first().click();
    await entry('draft.txt').waitFor();
  });

  step('after two uploads in a row the listing and the quota show both, whichever answers arrive last', async () => {
    // Each upload reads the listing and the user (its quota) again; the first upload's answers are held, with what
    // they said, until the second upload's have been shown.
    const holds = [await holdFirstAnswer(page(), '**/api/fs-watching-service/get-fs-layer'),
      await holdFirstAnswer(page(), '**/api/user-service/get-current-user')];
    const quotaText = () => page().locator('.quota-text').innerText();
    const before = await quotaText();
    await upload('older.txt', 'o'.repeat(5000));
    await page().locator('.upload-done', { hasText: 'older.txt' }).waitFor();
    await upload('newer.txt', 'n'.repeat(7000));
    await entry('newer.txt').waitFor();
    await entry('older.txt').waitFor();
    const shown = await eventually(async () => ((await quotaText()) !== before ? quotaText() : null), { what: 'the quota to move' });
    assert.equal(holds.filter((hold) => hold.held).length, 2, 'both first answers are held');

    holds.forEach((hold) => hold.release());
    await page().evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    assert.ok(await entry('newer.txt').isVisible(), 'the older listing, arriving last, did not hide the newer upload');
    assert.equal(await quotaText(), shown, 'the older quota, arriving last, did not replace the newer one');
    await Promise.all(holds.map((hold) => hold.stop()));
  });
});
