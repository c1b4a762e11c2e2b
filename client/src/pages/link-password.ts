// A link's password after it was made: set one, change it, or remove it (set-link-password).
import { InputProblem } from '../api';
import { formDialog, valueOf } from '../dialogs';
import { h } from '../dom';
import { notify } from '../notify';
import { sharing } from '../services';
import type { Share } from '../types';

/** Asks for the new password (or, for a protected link, whether to remove it) and saves it; null when cancelled. */
export async function changeLinkPassword(link: Share): Promise<'set' | 'removed' | null> {
  const { name } = link.fs_entity;
  const hadPassword = link.password_protected;
  const passwordField = h('div', { class: 'field' },
    h('label', { for: 'link-password' }, hadPassword ? 'New password' : 'Password'),
    h('input', { id: 'link-password', name: 'password', type: 'password', autocomplete: 'new-password', minlength: '8', maxlength: '128',
      autofocus: true, 'aria-describedby': 'link-password-hint' }),
    h('small', { id: 'link-password-hint', class: 'muted' }, '8–128 characters.'));
  const remove = h('input', { type: 'radio', id: 'link-password-remove', name: 'choice', value: 'remove' });
  const change = h('input', { type: 'radio', id: 'link-password-set', name: 'choice', value: 'set', checked: true });
  for (const radio of [change, remove]) radio.addEventListener('change', () => (passwordField.hidden = remove.checked));
  let removed = false;
  const changed = await formDialog({
    title: `Password for “${name}”`,
    submitLabel: hadPassword ? 'Save' : 'Set password',
    body: [
      h('p', {}, hadPassword
        ? 'Visitors must enter the password before they see anything. Changing or removing it shuts out everyone who opened the link with the old one.'
        : 'This link opens without a password. With one, visitors must enter it before they see anything.'),
      hadPassword
        ? h('fieldset', { class: 'choices' }, h('legend', { class: 'visually-hidden' }, 'Password'),
          h('div', { class: 'field check' }, change, h('label', { for: 'link-password-set' }, 'Change the password')),
          h('div', { class: 'field check' }, remove,
            h('label', { for: 'link-password-remove' }, 'Remove the password: anyone with the link can open it')))
        : null,
      passwordField,
    ],
    submit: async (form) => {
      removed = remove.checked;
      const password = removed ? null : valueOf(form, 'password');
      if (password !== null && (password.length < 8 || password.length > 128))
        throw new InputProblem('The password must be 8–128 characters long.');
      await sharing.setPassword(link.file_field, link.fs_entity, password);
    },
  });
  if (!changed) return null;
  notify(removed ? `“${name}” opens without a password now.` : `“${name}” now asks for ${hadPassword ? 'the new' : 'a'} password.`);
  return removed ? 'removed' : 'set';
}
