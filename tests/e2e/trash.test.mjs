// The trash in the web client, in Debian's Chromium against the real worker, Azurite and MongoDB: move to trash (the
// quota stays), the Trash view, restore (with a new name when the place is taken), delete forever and empty trash.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { screenshot } from './support/browser.mjs';
import { eventually, journey } from './support/steps.mjs';
import { desktop, phone, registerInForm, useStack } from './support/suite.mjs';

const userName = `tess${Date.now().toString(36)}`;

describe('web client trash', { timeout: 180_000 }, () => {
  const stack = useStack();
  const step = journey();
  const page = () => stack.page;

  const entry = (name) => page().locator('.entry', { has: page().locator('.entry-name', { hasText: name }) });
  const trashRow = (name) => page().locator('.trash-row', { has: page().locator('.entry-name', { hasText: name }) });
  const quotaText = () => page().locator('.quota-text').innerText();
  async function openMenu(name) {
    await page().locator(`summary[aria-label="Actions for ${name}"]`).click();
    return entry(name).locator('.menu-items');
  }
  async function upload(name, text) {
    const [chooser] = await Promise.all([page().waitForEvent('filechooser'), page().getByRole('button', { name: 'Upload files' }).click()]);
    await chooser.setFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
    await entry(name).waitFor();
  }
  /** Takes the confirmations away, so the screenshots show the page. */
  async function dismissMessages() {
    await page().evaluate(() => document.querySelectorAll('.toast').forEach((toast) => toast.remove()));
  }
  async function goToTrash() {
    await page().getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trash' }).click();
    await page().getByRole('heading', { name: 'Trash' }).waitFor();
  }
  async function goToDrive() {
    await page().getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Drive' }).click();
    await page().getByRole('heading', { name: 'Mere' }).waitFor();
  }

  step('registers and fills the drive', async () => {
    await registerInForm(stack, userName);
    await page().getByRole('button', { name: 'New folder' }).click();
    await page().getByLabel('Folder name').fill('Reports');
    await page().getByRole('button', { name: 'Create folder' }).click();
    await entry('Reports').waitFor();
    await upload('notes.txt', 'n'.repeat(1000));
    await upload('old.txt', 'o'.repeat(2000));
    await eventually(async () => /^2\.9 KB of /.test(await quotaText()), { what: 'the quota to show 2.9 KB' });
  });

  step('moves a file and a folder to the trash; they leave the listing and still count', async () => {
    await (await openMenu('notes.txt')).getByRole('button', { name: 'Move to trash' }).click();
    await page().getByRole('status').filter({ hasText: '“notes.txt” moved to the trash.' }).waitFor();
    await entry('notes.txt').waitFor({ state: 'detached' });
    await (await openMenu('Reports')).getByRole('button', { name: 'Move to trash' }).click();
    await entry('Reports').waitFor({ state: 'detached' });
    assert.match(await quotaText(), /^2\.9 KB of /, 'trashed bytes still count');
  });

  step('the Trash view lists them with where they were, at 1280 and 360 px', async () => {
    await goToTrash();
    await trashRow('notes.txt').waitFor();
    await trashRow('Reports').waitFor();
    assert.match(await trashRow('notes.txt').locator('.entry-where').innerText(), /^mere\/notes\.txt$/);
    assert.equal(await trashRow('notes.txt').locator('.entry-size').innerText(), '1000 B');
    assert.match(await page().locator('.trash .listing > .muted').innerText(), /^2 items, 1000 B$/);
    await dismissMessages();
    await screenshot(page(), 'trash-desktop-1280');
    await page().setViewportSize(phone);
    await screenshot(page(), 'trash-phone-360');
    await page().setViewportSize(desktop);
  });

  step('restores under a new name when its place was taken meanwhile', async () => {
    await goToDrive();
    await upload('notes.txt', 'new notes');
    await goToTrash();
    await trashRow('notes.txt').getByRole('button', { name: 'Restore notes.txt' }).click();
    const dialog = page().getByRole('dialog');
    await dialog.getByText(/'\/notes\.txt' already exists/).waitFor();
    stack.console.expectOnlyStatus(409);
    await dialog.getByLabel('New name').fill('notes (old).txt');
    await dialog.getByRole('button', { name: 'Restore' }).click();
    await page().getByRole('status').filter({ hasText: 'Restored to mere/notes (old).txt.' }).waitFor();
    await trashRow('notes.txt').waitFor({ state: 'detached' });
    await goToDrive();
    await entry('notes (old).txt').waitFor();
    await entry('notes.txt').waitFor();
  });

  step('deletes a folder forever after confirming, and the quota goes down', async () => {
    await goToTrash();
    await trashRow('Reports').getByRole('button', { name: 'Delete Reports forever' }).click();
    await page().setViewportSize(phone);
    await screenshot(page(), 'trash-delete-dialog-phone-360');
    await page().setViewportSize(desktop);
    await page().getByRole('dialog').getByRole('button', { name: 'Delete forever' }).click();
    await page().getByRole('status').filter({ hasText: '“Reports” deleted forever.' }).waitFor();
    await page().getByText('The trash is empty.').waitFor();
  });

  step('empties the trash, which frees what it held', async () => {
    await goToDrive();
    await (await openMenu('old.txt')).getByRole('button', { name: 'Move to trash' }).click();
    await entry('old.txt').waitFor({ state: 'detached' });
    await goToTrash();
    await trashRow('old.txt').waitFor();
    await page().getByRole('button', { name: 'Empty trash…' }).click();
    await page().getByRole('dialog').getByRole('button', { name: 'Empty trash' }).click();
    await page().getByRole('status').filter({ hasText: 'The trash is empty; 2 KB freed.' }).waitFor();
    await page().getByText('The trash is empty.').waitFor();
    await goToDrive();
    await eventually(async () => /^1009 B of /.test(await quotaText()), { what: 'the quota to drop to 1009 B (the two notes)' });
  });

  step('pages through a trash longer than one page with "More items", and keeps its place after a restore', async () => {
    // 55 folders trashed through the API, oldest first; the view asks for 50 at a time.
    const boxes = Array.from({ length: 55 }, (_, i) => `box-${String(i + 1).padStart(2, '0')}`);
    for (const name of boxes) {
      const fs_entity = { name, abs_path: `/${name}`, base_type: 'folder' };
      for (const route of ['fs-service/create-folder', 'trash-service/trash-entity']) {
        const answer = await page().request.post(`${stack.base}/api/${route}`, { data: { fs_entity, file_field: 'mere' } });
        assert.equal(answer.status(), 200, `${route} ${name}: ${await answer.text()}`);
      }
    }
    const summary = page().locator('.trash .listing > .muted');
    const names = () => page().locator('.trash-row .entry-name').allInnerTexts();
    await goToTrash();
    await summary.filter({ hasText: /^50 items so far, 0 B$/ }).waitFor();
    assert.deepEqual(await names(), boxes.slice(5).reverse());
    await page().getByRole('button', { name: 'More items' }).click();
    await summary.filter({ hasText: /^55 items, 0 B$/ }).waitFor();
    assert.deepEqual(await names(), boxes.slice().reverse());
    assert.equal(await page().getByRole('button', { name: 'More items' }).isVisible(), false, 'the last page has no cursor');
    assert.ok(await page().getByRole('button', { name: 'Restore box-05' }).evaluate((button) => button === document.activeElement),
      'focus goes to the first row that came in');
    await trashRow('box-01').getByRole('button', { name: 'Restore box-01' }).click();
    await page().getByRole('status').filter({ hasText: 'Restored to mere/box-01.' }).waitFor();
    await summary.filter({ hasText: /^54 items, 0 B$/ }).waitFor();
    assert.deepEqual(await names(), boxes.slice(1).reverse(), 'the second page stays shown');
    assert.deepEqual(stack.console.take(), []);
  });
});
