// Account → two-factor sign-in and access tokens in the web client: turning it on from the QR code's secret (the codes
// computed here as an authenticator app would, RFC 6238), signing in with a code, and a token for scripts made, used
// and revoked.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { screenshot } from './support/browser.mjs';
import { journey } from './support/steps.mjs';
import { openAccountPage, registerAndLogIn, useStack } from './support/suite.mjs';
import { totp } from './support/totp.mjs';

const userName = `sec${Date.now().toString(36)}`;
const password = 'correct horse battery';

describe('two-factor sign-in and access tokens', { timeout: 120_000 }, () => {
  const stack = useStack();
  const step = journey();
  const page = () => stack.page;
  let email;
  let secret;


  step('turns on two-factor sign-in with the QR code, and is shown ten recovery codes once', async () => {
    ({ email } = await registerAndLogIn(stack, userName, password));
    await openAccountPage(page());
    await page().getByRole('button', { name: 'Turn on two-factor sign-in…' }).click();
    let dialog = page().getByRole('dialog');
    await dialog.getByLabel('Password').fill(password);
    await dialog.getByRole('button', { name: 'Continue' }).click();

    dialog = page().getByRole('dialog', { name: 'Scan the code with your authenticator app' });
    const qr = dialog.getByRole('img', { name: /QR code/ });
    assert.match(await qr.getAttribute('src'), /^data:image\/png;base64,/);
    assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR code is an image the browser draws');
    secret = await dialog.getByLabel('Or type this secret into the app').inputValue();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    await dialog.getByLabel('The 6-digit code the app shows').fill(totp(secret) === '000000' ? '111111' : '000000');
    await dialog.getByRole('button', { name: 'Turn on' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Wrong' }).waitFor();
    stack.console.expectOnlyStatus(400);
    await dialog.getByLabel('The 6-digit code the app shows').fill(totp(secret));
    await dialog.getByRole('button', { name: 'Turn on' }).click();

    dialog = page().getByRole('dialog', { name: 'Your recovery codes' });
    const codes = (await dialog.getByLabel('Recovery codes').inputValue()).split('\n');
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    assert.match(await dialog.getByRole('link', { name: 'Download' }).getAttribute('href'), /^blob:/);
    await screenshot(page(), 'two-factor-recovery-codes');
    await dialog.getByRole('button', { name: 'I have saved them' }).click();
    await page().getByRole('status').filter({ hasText: 'Two-factor sign-in is on.' }).waitFor();
    await page().getByRole('button', { name: 'Turn off…' }).waitFor();
  });

  step('a login then asks for the code: a wrong one is refused, the right one signs in', async () => {
    await page().locator('.account-menu > summary').click();
    await page().getByRole('button', { name: 'Log out', exact: true }).click();
    await page().getByRole('heading', { name: 'Log in to Tiny Cloud' }).waitFor();
    await page().getByLabel('Email').fill(email);
    await page().getByLabel('Password').fill(password);
    await page().getByRole('button', { name: 'Log in' }).click();
    await page().getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
    stack.console.expectOnlyStatus(403);

    // The next step's code: the one turning it on was used, and a used code is refused.
    const code = totp(secret, Date.now() + 30_000);
    await page().getByLabel('Code').fill(code === '000000' ? '111111' : '000000');
    await page().getByRole('button', { name: 'Verify' }).click();
    await page().getByRole('alert').filter({ hasText: 'Wrong' }).waitFor();
    stack.console.expectOnlyStatus(400);
    await page().getByLabel('Code').fill(code);
    await page().getByRole('button', { name: 'Verify' }).click();
    await page().getByRole('heading', { name: 'Mere' }).waitFor();
  });

  step('makes an access token, which a script uses, then revokes it, after which it is refused', async () => {
    await openAccountPage(page());
    await page().getByRole('button', { name: 'New token…' }).click();
    const dialog = page().getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('backup script');
    await dialog.getByLabel(/Manage share links/).check();
    await dialog.getByLabel('Expires in').selectOption('7');
    await dialog.getByLabel('Your password').fill(password);
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const shown = page().getByRole('dialog', { name: 'Your new token' });
    const token = await shown.getByLabel('Token').inputValue();
    assert.match(token, /^tc_pat_/);
    await shown.getByRole('button', { name: 'Done' }).click();
    const row = page().locator('li[data-token]').filter({ hasText: 'backup script' });
    await row.filter({ hasText: 'files:read, shares:write' }).filter({ hasText: 'Never used' }).waitFor();

    const listing = () => fetch(`${stack.base}/api/fs-watching-service/get-fs-layer`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ abs_path_to_layer: '/', file_field: 'mere' }),
    });
    const used = await listing();
    assert.equal(used.status, 200, await used.clone().text());
    assert.deepEqual((await used.json()).fs_layer, []);
    await page().reload();
    await row.filter({ hasText: 'Last used' }).waitFor();

    await row.getByRole('button', { name: 'Revoke token backup script' }).click();
    await page().getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await page().getByRole('status').filter({ hasText: 'The token was revoked.' }).waitFor();
    await page().locator('li[data-token]').first().waitFor({ state: 'detached' });
    const refused = await listing();
    assert.equal(refused.status, 401);
    assert.match((await refused.json()).error, /token/i);
  });
});
