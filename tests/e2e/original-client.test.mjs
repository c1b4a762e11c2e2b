// The original Tiny Cloud web client's two cookie behaviours, in Chromium against the real worker: it decides it is
// logged in by finding a cookie named a-token* in document.cookie, and logs out with document.cookie = "a-token=;
// max-age=0". The page below does exactly those two things (and calls the API as that client does); it is served
// at the worker's origin root, where the original client lived next to its API.
import assert from 'node:assert/strict';
import { before, describe } from 'node:test';
import { newContext } from './support/browser.mjs';
import { journey } from './support/steps.mjs';
import { useStack } from './support/suite.mjs';
import { totp } from './support/totp.mjs';

const originalPage = `<!doctype html><meta charset="utf-8"><title>original client</title><script>
  const json = (route, body) => fetch(route, {
    method: body === undefined ? 'GET' : 'POST', credentials: 'include',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async (res) => ({ status: res.status, body: await res.json() }));
  window.original = {
    register: (user_email, password, user_name) => json('/api/user-service/register', { user_email, password, user_name }),
    login: (user_email, password) => json('/api/user-service/login', { user_email, password }),
    layer: () => json('/api/fs-watching-service/get-fs-layer', { abs_path_to_layer: '/', file_field: 'mere' }),
    currentUser: () => json('/api/user-service/get-current-user'),
    // The file manager's check, before it lists anything.
    loggedInCookie: () => document.cookie.split('; ').find((c) => c.startsWith('a-token')) ?? null,
    // The user menu's "Log out".
    logOut: () => { document.cookie = 'a-token=; max-age=0'; },
  };
</script>`;

describe('the original web client', { timeout: 150_000 }, () => {
  // Two workers on the same backends: the default one, and one under Auth:LegacyScriptCookie=true.
  const stack = useStack({ workers: ['standard', 'legacyCookie'], page: false });

  for (const legacy of [false, true]) describe(legacy ? 'under Auth:LegacyScriptCookie=true' : 'by default', () => {
    let context, page;
    const step = journey();
    const user = `orig${legacy ? 'l' : 'd'}${Date.now().toString(36)}`;
    const email = `${user}@example.com`;
    const password = 'correct horse battery';
    const call = (name, ...args) => page.evaluate(([n, a]) => window.original[n](...a), [name, args]);

    before(async () => {
      const base = stack.workers[legacy ? 1 : 0].baseUrl;
      context = await newContext(stack.browser);
      page = await context.newPage();
      await page.route(`${base}/index.html`, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: originalPage }));
      await page.goto(`${base}/index.html`);
    });

    step('registers and logs in, getting only the keys the original knew', async () => {
      assert.deepEqual(await call('register', email, password, user), { status: 200, body: { result: 'success' } });
      assert.deepEqual(await call('login', email, password), { status: 200, body: { result: 'success' } });
    });

    step('sees itself logged in through document.cookie, while the token stays HttpOnly', async () => {
      assert.equal(await call('loggedInCookie'), legacy ? 'a-token=1' : 'a-token-present=1');
      const token = (await context.cookies()).find((c) => c.name === (legacy ? 'a-token-httponly' : 'a-token'));
      assert.ok(token?.httpOnly, 'the token cookie is HttpOnly');
      assert.ok(!(await page.evaluate(() => document.cookie)).includes(token.value), 'script cannot read the token');
      const layer = await call('layer');
      assert.equal(layer.status, 200);
      assert.deepEqual(Object.keys(layer.body).sort(), ['fs_layer', 'result']);
    });

    if (legacy)
      step("logs out with document.cookie = \"a-token=; max-age=0\", and the server agrees", async () => {
        await call('logOut');
        assert.equal(await call('loggedInCookie'), null, 'the file manager now says "User is not logged in"');
        const answer = await call('currentUser');
        assert.equal(answer.status, 401);
        assert.deepEqual(Object.keys(answer.body).sort(), ["error", "result"]);
        assert.equal((await context.cookies()).some((c) => c.name.startsWith('a-token')), false, 'the worker expired the token cookie');
        assert.equal((await call('login', email, password)).status, 200, 'and logging in again works');
        assert.equal(await call('loggedInCookie'), 'a-token=1');
      });
    else
      step('keeps its session when the page tries to clear a-token: the HttpOnly cookie is out of its reach', async () => {
        await call('logOut');
        assert.equal(await call('loggedInCookie'), 'a-token-present=1');
        assert.equal((await call('currentUser')).status, 200);
      });

    if (!legacy)
      step('with two-factor sign-in on, its login is refused with the reason in the error it shows', async () => {
        const base = stack.workers[0].baseUrl;
        const enrolled = await context.request.post(`${base}/api/user-service/enroll-two-factor`, { data: { password } });
        assert.equal(enrolled.status(), 200, await enrolled.text());
        const { secret } = await enrolled.json();
        const confirmed = await context.request.post(`${base}/api/user-service/confirm-two-factor`, { data: { code: totp(secret) } });
        assert.equal(confirmed.status(), 200, await confirmed.text());
        await context.clearCookies();

        const login = await call('login', email, password);
        assert.equal(login.status, 403);
        assert.equal(login.body.result, 'error');
        assert.match(login.body.error, /two-factor sign-in/, 'the login box shows body.error');
        assert.equal(await call('loggedInCookie'), null, 'no session cookie');
        assert.equal((await call('currentUser')).status, 401);
      });
  });
});
