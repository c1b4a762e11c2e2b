// The Account page: the email and its verification, change password, two-factor sign-in, access tokens, delete the
// account.
import { formDialog, textField, valueOf } from '../dialogs';
import { actionButton, h, replace } from '../dom';
import { InputProblem } from '../api';
import { notify, showError } from '../notify';
import { navigate } from '../router';
import { accounts } from '../services';
import { currentUser, forget, onNextSignIn, signedIn } from '../session';
import { accessTokensSection } from './access-tokens';
import { twoFactorSection } from './two-factor';
import type { User } from '../types';
import { activitySection } from './activity-log';
import { notificationsSection, webhooksSection } from './webhooks';

export function showAccount(main: HTMLElement, user: User): void {
  const verification = user.email_verified
    ? h('p', { class: 'badge' }, 'Verified')
    : h('p', {}, h('span', { class: 'muted' }, 'Not verified yet: open the link we mailed you. '),
        actionButton('Send the link again', async () => {
          try {
            await accounts.resendVerification();
            notify(`We sent a new link to ${user.user_email}.`);
          } catch (error) {
            showError(error, 'Sending the link');
          }
        }));
  replace(main,
    h('section', { class: 'card narrow stack' },
      h('h1', { tabindex: -1 }, 'Account'),
      h('h2', {}, 'Email'),
      h('p', {}, user.user_email),
      verification,
      h('h2', {}, 'Password'),
      passwordForm(),
      h('h2', {}, 'Two-factor sign-in'),
      ...twoFactorSection(user, () => showAccount(main, currentUser() ?? user)),
      h('h2', {}, 'Access tokens'),
      ...accessTokensSection(),
      h('h2', {}, 'Delete account'),
      h('p', { class: 'muted' }, 'Your files, links and sessions are erased for good. Your user name stays reserved.'),
      actionButton('Delete account…', () => deleteAccount(user), { class: 'danger' })),
    h('section', { class: 'card narrow stack' }, activitySection(), notificationsSection(), webhooksSection()));
}

function passwordForm(): HTMLFormElement {
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Change password');
  const form = h('form', { class: 'stack', novalidate: true },
    textField('Current password', 'current_password', '', { type: 'password', autocomplete: 'current-password' }),
    textField('New password', 'new_password', '', { type: 'password', autocomplete: 'new-password', minlength: '8' }),
    h('p', { class: 'hint' }, 'At least 8 characters. Every other session is logged out.'),
    error, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    try {
      const next = valueOf(form, 'new_password');
      if (next.length < 8) throw new InputProblem('Choose a new password of at least 8 characters.');
      signedIn(await accounts.changePassword(valueOf(form, 'current_password'), next));
      form.reset();
      notify('Your password was changed. Your other sessions were logged out.');
    } catch (problem) {
      error.textContent = problem instanceof Error ? problem.message : String(problem);
      error.hidden = false;
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

async function deleteAccount(user: User): Promise<void> {
  const done = await formDialog({
    title: 'Delete your account?',
    submitLabel: 'Delete my account',
    danger: true,
    body: [
      h('p', {}, 'Every file, folder, link and session of your account is erased. This cannot be undone.'),
      textField(`Type your user name (${user.user_name}) to confirm`, 'confirm_name', '', { autocomplete: 'off' }),
      textField('Password', 'password', '', { type: 'password', autocomplete: 'current-password' }),
    ],
    submit: async (form) => {
      if (valueOf(form, 'confirm_name') !== user.user_name) throw new InputProblem('Type your user name exactly to confirm.');
      await accounts.deleteAccount(valueOf(form, 'password'));
    },
  });
  if (!done) return;
  forget();
  onNextSignIn(notify('Your account was deleted.'));
  navigate('/client/login');
}
