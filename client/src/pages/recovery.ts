// Pages reached without a session: ask for a reset link, set a new password with it, confirm the email address.
// A mailed link carries its token after '#', so it never reaches a server log; the page reads it and posts it.
import { messageOf } from '../api';
import { textField, valueOf } from '../dialogs';
import { h, replace } from '../dom';
import { notify } from '../notify';
import { base, navigate } from '../router';
import { accounts } from '../services';
import { onNextSignIn } from '../session';

function tokenFromLink(): string {
  return new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
}

function card(main: HTMLElement, title: string, ...children: (Node | string | null)[]): void {
  replace(main, h('section', { class: 'card narrow stack' }, h('h1', { tabindex: -1 }, title), ...children));
}

function formWith(label: string, fields: Node[], action: (form: HTMLFormElement) => Promise<void>): HTMLFormElement {
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary wide' }, label);
  const form = h('form', { class: 'stack', novalidate: true }, ...fields, error, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    try {
      await action(form);
    } catch (problem) {
      error.textContent = messageOf(problem);
      error.hidden = false;
      submit.disabled = false;
    }
  });
  return form;
}

export function showForgotPassword(main: HTMLElement): void {
  const form = formWith('Send reset link', [textField('Email', 'user_email', '', { type: 'email', autocomplete: 'email' }) as Node],
    async (sent) => {
      const email = valueOf(sent, 'user_email').trim();
      await accounts.requestPasswordReset(email);
      card(main, 'Check your mail',
        h('p', { role: 'status' }, `If an account has the address ${email}, we mailed it a link to reset the password. It works once, for 30 minutes.`),
        h('a', { href: `${base}login`, 'data-nav': true }, 'Back to log in'));
    });
  card(main, 'Forgot your password?', h('p', { class: 'muted' }, 'Enter your account’s email address and we will mail you a link.'), form,
    h('a', { href: `${base}login`, 'data-nav': true }, 'Back to log in'));
}

export function showResetPassword(main: HTMLElement): void {
  const token = tokenFromLink();
  if (!token) {
    card(main, 'Reset your password', h('p', {}, 'This page needs the link from the mail we sent you.'),
      h('a', { href: `${base}forgot-password`, 'data-nav': true }, 'Ask for a new link'));
    return;
  }
  const form = formWith('Set new password',
    [textField('New password', 'new_password', '', { type: 'password', autocomplete: 'new-password', minlength: '8' }) as Node],
    async (sent) => {
      const next = valueOf(sent, 'new_password');
      if (next.length < 8) throw new Error('Choose a password of at least 8 characters.');
      await accounts.resetPassword(token, next);
      history.replaceState(null, '', `${base}reset-password`); // the used token leaves the address bar
      onNextSignIn(notify('Your password was reset. Log in with the new one.'));
      navigate(`${base}login`);
    });
  card(main, 'Reset your password', h('p', { class: 'muted' }, 'Every session of your account will be logged out.'), form);
}

export async function showVerifyEmail(main: HTMLElement): Promise<void> {
  const token = tokenFromLink();
  card(main, 'Confirming your email…');
  try {
    if (!token) throw new Error('This page needs the link from the mail we sent you.');
    await accounts.verifyEmail(token);
    history.replaceState(null, '', `${base}verify-email`);
    card(main, 'Email confirmed', h('p', { role: 'status' }, 'Thank you: your email address is verified.'),
      h('a', { class: 'button primary', href: base, 'data-nav': true }, 'Go to your drive'));
  } catch (problem) {
    card(main, 'This link did not work', h('p', { role: 'alert' }, messageOf(problem)),
      h('p', { class: 'muted' }, 'Log in and ask for a new one on the Account page.'));
  }
}
