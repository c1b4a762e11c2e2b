// Account → Webhooks and mail notifications in the web client: an endpoint added (on loopback, which the test worker's
// Webhooks__AllowLocalTargets admits), its secret shown once, a test event sent and received signed, the delivery in
// its log, the event in the activity log, and a mail choice that persists.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { describe, after } from 'node:test';
import { screenshot } from './support/browser.mjs';
import { eventually, journey } from './support/steps.mjs';
import { openAccountPage, registerAndLogIn, useStack } from './support/suite.mjs';

const userName = `hook${Date.now().toString(36)}`;

/** A webhook receiver on loopback: it answers 200 and keeps what it got. */
function startReceiver() {
  const received = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(200).end('ok');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/hook`, received, stop: () => new Promise((done) => server.close(done)),
  })));
}

describe('web client webhooks and mail notifications', { timeout: 120_000 }, () => {
  const stack = useStack();
  const step = journey();
  const page = () => stack.page;
  let receiver;
  let secret;
  after(() => receiver?.stop());


  step('adds a webhook and is shown its signing secret once', async () => {
    receiver = await startReceiver();
    await registerAndLogIn(stack, userName);
    await openAccountPage(page());
    await page().getByRole('button', { name: 'Add webhook…' }).click();
    const form = page().getByRole('dialog', { name: 'Add a webhook' });
    await form.getByLabel('Endpoint URL (https://…)').fill(receiver.url);
    await form.getByRole('button', { name: 'Add' }).click();
    const shown = page().getByRole('dialog', { name: 'Signing secret' });
    secret = (await shown.locator('code').textContent()).trim();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    await screenshot(page(), 'webhook-secret');
    await shown.getByRole('button', { name: 'Done' }).click();
    const row = page().locator('li[data-webhook]', { hasText: receiver.url });
    await row.getByText('Every event').waitFor();
    const listed = await stack.context.request.get(`${stack.base}/api/activity-service/list-webhooks`);
    assert.equal(listed.status(), 200);
    assert.ok(!(await listed.text()).includes(secret), 'the list never shows the secret again');
  });

  step('Send test reaches the receiver, signed with that secret', async () => {
    const row = page().locator('li[data-webhook]', { hasText: receiver.url });
    await row.getByRole('button', { name: 'Send test' }).click();
    await page().getByRole('status').filter({ hasText: 'A test event is on its way.' }).waitFor();
    const delivery = await eventually(() => receiver.received.find((r) => JSON.parse(r.body).type === 'webhook.test'),
      { timeoutMs: 30_000, what: 'the test event at the receiver' });
    const { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature } = delivery.headers;
    assert.match(id, /^evt_[0-9a-f]{24}$/);
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = 'v1,' + createHmac('sha256', key).update(`${id}.${timestamp}.${delivery.body}`).digest('base64');
    assert.ok(signature.split(' ').includes(expected), `${signature} is not ${expected}`);
    assert.equal(JSON.parse(delivery.body).data.event_id, id);
  });

  step('the delivery is in the endpoint\'s log, and the event in the activity log', async () => {
    const row = page().locator('li[data-webhook]', { hasText: receiver.url });
    await eventually(async () => {
      await row.getByRole('button', { name: 'Deliveries…' }).click();
      const dialog = page().getByRole('dialog', { name: 'Deliveries' });
      const item = dialog.locator('li.activity', { hasText: 'Webhook test · attempt 1' });
      const shown = await item.waitFor({ timeout: 2_000 }).then(() => true, () => false);
      if (!shown) await dialog.getByRole('button', { name: 'Close' }).click();
      return shown;
    }, { timeoutMs: 30_000, what: 'the delivery in the log' });
    const dialog = page().getByRole('dialog', { name: 'Deliveries' });
    assert.equal((await dialog.locator('li.activity .badge').first().textContent()).trim(), '200');
    await screenshot(page(), 'webhook-deliveries');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page().locator('#activity').getByLabel('Show').selectOption('webhook.test');
    await page().locator('#activity li.activity[data-kind="webhook.test"]').first().waitFor();
  });

  step('a mail choice persists across a reload', async () => {
    const section = page().locator('#notifications');
    const box = section.getByRole('checkbox', { name: 'Link downloaded' });
    const before = await box.isChecked();
    const saved = page().waitForResponse((r) => r.url().endsWith('/set-notification-settings') && r.status() === 200);
    await box.click();
    await saved;
    await page().reload();
    await page().getByRole('heading', { name: 'Mail notifications' }).waitFor();
    await eventually(async () => (await page().locator('#notifications').getByRole('checkbox', { name: 'Link downloaded' }).isChecked()) === !before,
      { what: 'the mail choice after a reload' });
  });
});
