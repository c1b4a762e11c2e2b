// Managing the account in the web client: the mailed verification link, change password, the activity log, forgot password from the
// sign-in page through the mailed link, delete the account. Mail is read from the run's smtp4dev.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { newContext, screenshot } from './support/browser.mjs';
import { linkIn, waitForMail } from './support/mailbox.mjs';
import { journey } from './support/steps.mjs';
import { desktop, openAccountPage, registerInForm, useStack } from './support/suite.mjs';

const userName = `acct${Date.now().toString(36)}`;
const first = 'correct horse battery';
const second = 'a second long passphrase';
const third = 'a third long passphrase';

describe('account management', { timeout: 180_000 }, () => {
  const stack = useStack();
  const step = journey();
  let email;
  const page = () => stack.page;


  async function logIn(password) {
    await page().getByRole('heading', { name: 'Log in to Tiny Cloud' }).waitFor();
    await page().getByLabel('Email').fill(email);
    await page().getByLabel('Password').fill(password);
    await page().getByRole('button', { name: 'Log in' }).click();
  }

  step('registers and verifies the email through the mailed link', async () => {
    ({ email } = await registerInForm(stack, userName, first));
    await openAccountPage(page());
    await page().getByText('Not verified yet').waitFor();
    const mail = await waitForMail(stack.backends, email, 'Confirm your email');
    await page().goto(linkIn(mail));
    await page().getByRole('heading', { name: 'Email confirmed' }).waitFor();
    assert.equal(new URL(page().url()).hash, '', 'the used token leaves the address bar');
    await page().getByRole('link', { name: 'Go to your drive' }).click();
    await page().getByRole('heading', { name: 'Mere' }).waitFor();
    await openAccountPage(page());
    await page().getByText('Verified', { exact: true }).waitFor();
  });

  step('changes the password: the other session ends, this one stays', async () => {
    const laptopContext = await newContext(stack.browser, { viewport: desktop });
    const laptop = await laptopContext.newPage();
    await laptop.goto(`${stack.base}/client/login`);
    await laptop.getByLabel('Email').fill(email);
    await laptop.getByLabel('Password').fill(first);
    await laptop.getByRole('button', { name: 'Log in' }).click();
    await laptop.getByRole('heading', { name: 'Mere' }).waitFor();

    await page().getByLabel('Current password').fill(first);
    await page().getByLabel('New password').fill(second);
    await page().getByRole('button', { name: 'Change password' }).click();
    await page().getByRole('status').filter({ hasText: 'Your password was changed.' }).waitFor();
    await screenshot(page(), 'account-page');
    await page().goto(`${stack.base}/client/`);
    await page().getByRole('heading', { name: 'Mere' }).waitFor(); // still logged in here

    await laptop.reload();
    await laptop.getByRole('heading', { name: 'Log in to Tiny Cloud' }).waitFor();
    await laptopContext.close();
    await waitForMail(stack.backends, email, 'Your password was changed');
  });

  step('shows the account activity: the sign-in and the password change', async () => {
    await openAccountPage(page());
    const log = page().locator('#activity');
    await log.locator('.activity[data-kind="account.password_changed"]').waitFor();
    await log.locator('.activity[data-kind="account.signed_in"]').first().waitFor();
    await log.getByLabel('Show').selectOption('account.password_changed');
    await page().waitForFunction(() => document.querySelectorAll('#activity .activity[data-kind="account.signed_in"]').length === 0);
    await screenshot(page(), 'account-activity');
  });

  step('forgot the password: a link from the sign-in page, mailed, sets a new one', async () => {
    await page().locator('.account-menu > summary').click();
    await page().getByRole('button', { name: 'Log out', exact: true }).click();
    await page().getByRole('link', { name: 'Forgot password?' }).click();
    await page().getByLabel('Email').fill(email);
    await page().getByRole('button', { name: 'Send reset link' }).click();
    await page().getByRole('heading', { name: 'Check your mail' }).waitFor();

    const mail = await waitForMail(stack.backends, email, 'Reset your password');
    await page().goto(linkIn(mail));
    await page().getByLabel('New password').fill(third);
    await page().getByRole('button', { name: 'Set new password' }).click();
    await page().getByRole('status').filter({ hasText: 'Your password was reset.' }).waitFor();
    await logIn(second);
    await page().getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
    stack.console.expectOnlyStatus(400);
    await logIn(third);
    await page().getByRole('heading', { name: 'Mere' }).waitFor();

    // The same link a second time: refused.
    await page().goto(linkIn(mail));
    await page().getByLabel('New password').fill('yet another passphrase');
    await page().getByRole('button', { name: 'Set new password' }).click();
    await page().getByRole('alert').filter({ hasText: 'invalid, used or expired' }).waitFor();
    stack.console.expectOnlyStatus(400);
  });

  step('deletes the account after typing its name', async () => {
    await page().goto(`${stack.base}/client/`);
    await page().getByRole('heading', { name: 'Log in to Tiny Cloud' }).or(page().getByRole('heading', { name: 'Mere' })).waitFor();
    if (await page().getByRole('heading', { name: 'Log in to Tiny Cloud' }).count()) await logIn(third);
    await openAccountPage(page());
    await page().getByRole('button', { name: 'Delete account…' }).click();
    const dialog = page().getByRole('dialog');
    await dialog.getByLabel(/Type your user name/).fill('not my name');
    await dialog.getByLabel('Password').fill(third);
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Type your user name exactly' }).waitFor();
    await dialog.getByLabel(/Type your user name/).fill(userName);
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await page().getByRole('status').filter({ hasText: 'Your account was deleted.' }).waitFor();
    await logIn(third);
    await page().getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
    stack.console.expectOnlyStatus(400);
    await waitForMail(stack.backends, email, 'Your account was deleted');
  });
});
