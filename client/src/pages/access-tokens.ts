// Account → Access tokens: tokens for scripts (Authorization: Bearer tc_pat_…), made with scopes and an expiry, the
// secret shown once with a copy button; listed with their last use; each revocable at once.
import { InputProblem, messageOf } from '../api';
import { copyFrom } from '../clipboard';
import { formDialog, modal, textField, valueOf } from '../dialogs';
import { actionButton, h, replace } from '../dom';
import { formatDate } from '../format';
import { notify } from '../notify';
import { accessTokens } from '../services';
import { type AccessToken, type TokenScope, tokenScopes } from '../types';

const scopeWords: Record<TokenScope, string> = {
  'files:read': 'Read files: list, download, search',
  'files:write': 'Change files: upload, rename, move, delete',
  'shares:write': 'Manage share links',
};

const expiries: [number, string][] = [[7, '7 days'], [30, '30 days'], [90, '90 days'], [365, '1 year']];

export function accessTokensSection(): HTMLElement[] {
  const list = h('ul', { class: 'session-list token-list', 'aria-live': 'polite' }, h('li', { class: 'muted' }, 'Loading…'));
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const render = async () => {
    try {
      const tokens = await accessTokens.list();
      error.hidden = true;
      replace(list, ...(tokens.length ? tokens.map((token) => row(token, render)) : [h('li', { class: 'muted' }, 'No tokens yet.')]));
    } catch (problem) {
      error.textContent = messageOf(problem);
      error.hidden = false;
    }
  };
  void render();
  return [
    h('p', { class: 'muted' },
      'A token lets a script use your files without your password: send it as “Authorization: Bearer …”. ' +
      'It never reaches your account settings. Changing your password ends every token; logging out everywhere does not.'),
    list, error,
    actionButton('New token…', async () => {
      if (await create()) await render();
    }),
  ];
}

async function create(): Promise<boolean> {
  let secret = '';
  const done = await formDialog({
    title: 'New access token',
    submitLabel: 'Create token',
    body: [
      textField('Name', 'name', '', { maxlength: '100', placeholder: 'backup script' }),
      h('fieldset', { class: 'scopes' },
        h('legend', {}, 'What it may do'),
        ...tokenScopes.map((scope) => h('div', { class: 'field check' },
          h('input', { type: 'checkbox', id: `scope-${scope}`, name: 'scope', value: scope, checked: scope === 'files:read' }),
          h('label', { for: `scope-${scope}` }, `${scopeWords[scope]} (${scope})`)))),
      h('div', { class: 'field' },
        h('label', { for: 'token-expiry' }, 'Expires in'),
        h('select', { id: 'token-expiry', name: 'expires_in_days' },
          ...expiries.map(([days, words]) => h('option', { value: days, selected: days === 30 }, words)))),
      textField('Your password', 'password', '', { type: 'password', autocomplete: 'current-password' }),
    ],
    submit: async (form) => {
      const name = valueOf(form, 'name').trim();
      if (!name) throw new InputProblem('Give the token a name, so you know it again in the list.');
      const scopes = [...form.querySelectorAll<HTMLInputElement>('input[name=scope]:checked')].map((box) => box.value as TokenScope);
      if (scopes.length === 0) throw new InputProblem('Choose at least one thing the token may do.');
      secret = (await accessTokens.create(name, scopes, Number(valueOf(form, 'expires_in_days')), valueOf(form, 'password'))).token;
    },
  });
  if (done) await showSecret(secret);
  return done;
}

async function showSecret(secret: string): Promise<void> {
  await modal<void>('Your new token', (done) => {
    const box = h('input', { id: 'token-secret', class: 'link-box', readonly: true, value: secret, spellcheck: 'false' });
    box.addEventListener('focus', () => box.select());
    return [
      h('p', {}, 'Copy it now: it is shown only this once.'),
      h('div', { class: 'field' }, h('label', { for: 'token-secret' }, 'Token'), box),
      h('div', { class: 'dialog-buttons' },
        h('button', { type: 'button', onclick: () => void copyFrom(box, 'Token') }, 'Copy'),
        h('button', { type: 'button', class: 'primary', autofocus: true, onclick: () => done(null) }, 'Done')),
    ];
  });
}

function row(token: AccessToken, refresh: () => Promise<void>): HTMLElement {
  const revoke = async () => {
    const done = await formDialog({
      title: `Revoke “${token.name}”?`,
      submitLabel: 'Revoke',
      danger: true,
      body: [h('p', {}, 'Scripts using it are refused from now on.')],
      submit: () => accessTokens.revoke(token.id).then(() => undefined),
    });
    if (!done) return;
    notify('The token was revoked.');
    await refresh();
  };
  return h('li', { class: 'session', 'data-token': token.id },
    h('div', { class: 'session-text' },
      h('span', { class: 'session-device' }, token.name),
      h('span', { class: 'muted' }, token.scopes.join(', ')),
      h('span', { class: 'muted' },
        `${token.last_used_at ? `Last used ${formatDate(token.last_used_at)}` : 'Never used'} · expires ${formatDate(token.expires_at)}`)),
    actionButton('Revoke', revoke, { class: 'danger', 'aria-label': `Revoke token ${token.name}` }));
}
