// A 150 MB file uploaded from the web client: above Drive:MaxUploadMb (100 MB by default), so the page sends it straight
// to Blob Storage in 8 MB blocks through a SAS URL, which works only with the CORS rule for the page's origin that
// ./run.sh sets through scripts/backends.mjs --cors-origin (tests/e2e/run.mjs sets it the same way).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { after, before, describe } from 'node:test';
import { screenshot } from './support/browser.mjs';
import { eventually, journey } from './support/steps.mjs';
import { registerAndLogIn, useStack } from './support/suite.mjs';

const userName = `max${Date.now().toString(36)}`;
const size = 150 * 1024 * 1024 + 12_345; // not a whole number of blocks: the last one is short
const blocks = Math.ceil(size / (8 * 1024 * 1024));

describe('a 150 MB upload from the web client', { timeout: 300_000 }, () => {
  const stack = useStack();
  const step = journey();
  const requests = [];
  let folder, file;
  const page = () => stack.page;
  const sent = (pattern) => requests.filter((request) => pattern.test(request)).length;

  before(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'tinycloud-e2e-large-'));
    file = path.join(folder, 'backup.bin');
    const out = createWriteStream(file);
    const chunk = randomBytes(1024 * 1024);
    for (let written = 0; written < size; written += chunk.length)
      if (!out.write(chunk.subarray(0, Math.min(chunk.length, size - written)))) await new Promise((resolve) => out.once('drain', resolve));
    out.end();
    await finished(out);
  });
  after(() => folder && rm(folder, { recursive: true, force: true }));

  step('a person logs in', async () => {
    await registerAndLogIn(stack, userName);
    page().on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
  });

  step('uploads the file with the picker: its blocks go straight to Blob Storage', async () => {
    const [chooser] = await Promise.all([page().waitForEvent('filechooser'), page().getByRole('button', { name: 'Upload files' }).click()]);
    await chooser.setFiles(file);
    const entry = page().locator('.entry', { has: page().locator('.entry-name', { hasText: 'backup.bin' }) });
    await entry.waitFor({ timeout: 180_000 });
    assert.equal(await entry.locator('.entry-size').innerText(), '150 MB');
    assert.equal(sent(/^POST .*\/api\/fs-service\/upload-file$/), 0);
    assert.equal(sent(/^POST .*\/api\/fs-service\/begin-upload$/), 1);
    assert.equal(sent(new RegExp(`^PUT ${stack.backends.blobEndpoint}/.*comp=block&blockid=`)), blocks);
    assert.equal(sent(new RegExp(`^PUT ${stack.backends.blobEndpoint}/.*comp=blocklist`)), 1);
    assert.equal(sent(/^POST .*\/api\/fs-service\/complete-upload$/), 1);
  });

  step('the drive lists it with its exact size, and it counts against the quota', async () => {
    const answer = await stack.context.request.post(`${stack.base}/api/fs-watching-service/get-fs-layer`,
      { data: { abs_path_to_layer: '/', file_field: 'mere' }, headers: { Accept: 'application/vnd.tinycloud.v2+json' } });
    assert.equal(answer.status(), 200, await answer.text());
    const listed = (await answer.json()).fs_layer.find((entry) => entry.name === 'backup.bin');
    assert.equal(listed?.size_bytes, size);
    await eventually(async () => /^150 MB of /.test(await page().locator('.quota-text').innerText()), { what: 'the quota bar to show 150 MB' });
    await screenshot(page(), 'drive-150mb-upload-desktop-1280');
    assert.deepEqual(stack.console.take(), []);
  });
});
