// The drive's search box, in Debian's Chromium against the real worker, Azurite and MongoDB: results from every field
// with their paths, a field filter, and a result that opens its folder with the entry highlighted.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { screenshot } from './support/browser.mjs';
import { eventually, journey } from './support/steps.mjs';
import { desktop, phone, registerAndLogIn, useStack } from './support/suite.mjs';

const userName = `grace${Date.now().toString(36)}`;

describe('search in the web client', { timeout: 180_000 }, () => {
  const stack = useStack();
  const step = journey();
  const page = () => stack.page;

  // The drive is filled through the API with the browser's own cookie jar; the search itself goes through the page.
  async function call(route, data) {
    const response = await stack.context.request.post(`${stack.base}${route}`, { data });
    assert.equal(response.status(), 200, `${route}: ${await response.text()}`);
  }
  async function upload(field, path) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    const request = JSON.stringify({ fs_entity: { name, abs_path: path, base_type: 'file' }, file_field: field });
    const response = await stack.context.request.post(`${stack.base}/api/fs-service/upload-file`, {
      multipart: { request, file: { name, mimeType: 'text/plain', buffer: Buffer.from(`contents of ${name}\n`) } },
    });
    assert.equal(response.status(), 200, await response.text());
  }
  const folder = (field, path) =>
    call('/api/fs-service/create-folder', { fs_entity: { name: path.slice(path.lastIndexOf('/') + 1), abs_path: path, base_type: 'folder' }, file_field: field });
  const results = () => page().locator('.search-results .search-row');

  step('a person with files in every field opens the drive', async () => {
    await registerAndLogIn(stack, userName);
    await folder('mere', '/Projects');
    await folder('mere', '/Projects/Café Rouge');
    await upload('mere', '/Projects/Café Rouge/Menu draft.txt');
    await upload('mere', '/Projects/budget.txt');
    for (let i = 1; i <= 55; i++) await upload('mere', `/Projects/notes-${String(i).padStart(2, '0')}.txt`);
    await folder('special', '/Taxes');
    await upload('special', '/Taxes/cafe-receipts.txt');
    await upload('temporary', '/CAFÉ menu (old).txt');
    await page().reload();
    await page().getByRole('heading', { name: 'Mere' }).waitFor();
  });

  step('searches all fields, ignoring case and accents, and sees each match with its field and folder', async () => {
    await page().getByRole('searchbox', { name: 'Search files and folders' }).fill('cafe');
    await page().getByRole('button', { name: 'Search', exact: true }).click();
    await page().locator('.search-count', { hasText: '3 results for “cafe”' }).waitFor();
    assert.deepEqual(await results().locator('.entry-name').allInnerTexts(), ['CAFÉ menu (old).txt', 'Café Rouge', 'cafe-receipts.txt']);
    assert.deepEqual(await results().locator('.entry-where').allInnerTexts(), ['Temporary · /', 'Mere · /Projects', 'Special · /Taxes']);
    await screenshot(page(), 'search-results-desktop-1280');
    await page().setViewportSize(phone);
    await results().first().waitFor();
    await screenshot(page(), 'search-results-phone-360');
    await page().setViewportSize(desktop);
  });

  step('keeps to one field when asked', async () => {
    await page().getByRole('combobox', { name: 'Where to search' }).selectOption('special');
    await page().getByRole('button', { name: 'Search', exact: true }).click();
    await page().locator('.search-count', { hasText: '1 result for “cafe”' }).waitFor();
    assert.deepEqual(await results().locator('.entry-where').allInnerTexts(), ['Special · /Taxes']);
    await page().getByRole('combobox', { name: 'Where to search' }).selectOption('');
  });

  step('finds a word anywhere in a name, and says so when nothing matches', async () => {
    await page().getByRole('searchbox', { name: 'Search files and folders' }).fill('DRAFT');
    await page().getByRole('button', { name: 'Search', exact: true }).click();
    await page().locator('.search-count', { hasText: '1 result for “DRAFT”' }).waitFor();
    await page().getByRole('searchbox', { name: 'Search files and folders' }).fill('zzz');
    await page().getByRole('button', { name: 'Search', exact: true }).click();
    await page().locator('.search-count', { hasText: 'Nothing is named like “zzz”.' }).waitFor();
    assert.equal(await results().count(), 0);
  });

  step('opens a result in its folder with the entry highlighted and focused', async () => {
    await page().getByRole('searchbox', { name: 'Search files and folders' }).fill('menu dra');
    await page().getByRole('button', { name: 'Search', exact: true }).click();
    await page().locator('.search-count', { hasText: '1 result for “menu dra”' }).waitFor();
    await results().locator('.entry-name', { hasText: 'Menu draft.txt' }).click();
    await page().getByRole('heading', { name: 'Café Rouge' }).waitFor();
    assert.deepEqual(await page().locator('.breadcrumb a').allInnerTexts(), ['Mere', 'Projects', 'Café Rouge']);
    const selected = page().locator('.listing .entry.selected');
    assert.equal(await selected.locator('.entry-name').innerText(), 'Menu draft.txt');
    assert.equal(await selected.getAttribute('aria-current'), 'true');
    await eventually(async () => (await page().evaluate(() => document.activeElement?.textContent)) === 'Menu draft.txt',
      { what: 'the highlighted entry to have the focus' });
    assert.equal(await page().locator('.search-results').isHidden(), true, 'the results made way for the folder');
    await screenshot(page(), 'search-result-opened-desktop-1280');
  });

  step('pages through many matches with "More results"', async () => {
    await page().getByRole('searchbox', { name: 'Search files and folders' }).fill('notes');
    await page().getByRole('button', { name: 'Search', exact: true }).click();
    await page().locator('.search-count', { hasText: '50 results so far for “notes”' }).waitFor();
    await page().getByRole('button', { name: 'More results' }).click();
    await page().locator('.search-count', { hasText: '55 results for “notes”' }).waitFor();
    assert.equal(await page().getByRole('button', { name: 'More results' }).count(), 0, 'the last page has no cursor');
    const names = await results().locator('.entry-name').allInnerTexts();
    assert.deepEqual(names, Array.from({ length: 55 }, (_, i) => `notes-${String(i + 1).padStart(2, '0')}.txt`));
    assert.deepEqual(stack.console.take(), []);
  });
});
