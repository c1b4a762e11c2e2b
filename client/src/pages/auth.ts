// Log in and register.
import { ApiError, InputProblem, messageOf } from '../api';
import { h, replace } from '../dom';
import { secondFactor } from './two-factor';
import { base, navigate } from '../router';
import { accounts } from '../services';
import { signedIn } from '../session';

export function showAuth(main: HTMLElement, page: 'login' | 'register'): void {
  const registering = page === 'register';
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary wide' }, registering ? 'Create account' : 'Log in');
  const form = h('form', { class: 'stack', novalidate: true },
    registering
      ? field('User name', 'user_name', { autocomplete: 'username', required: 'true', minlength: '3', maxlength: '32',
          'aria-describedby': 'user-name-hint' }, '3–32 letters, digits, “_”, “.” or “-”. Shown in your share links.')
      : null,
    field('Email', 'user_email', { type: 'email', autocomplete: registering ? 'email' : 'username', required: 'true' }),
    field('Password', 'password', { type: 'password', autocomplete: registering ? 'new-password' : 'current-password',
      required: 'true', minlength: registering ? '8' : '1' }, registering ? 'At least 8 characters.' : undefined),
    error, submit);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '';
    submit.disabled = true;
    error.hidden = true;
    try {
      const email = value('user_email').trim();
      if (registering) {
        checkRegistration(value('user_name'), email, value('password'));
        await accounts.register(value('user_name'), email, value('password'));
      }
      signedIn(await accounts.login(email, value('password')));
      navigate(base);
    } catch (problem) {
      const token = problem instanceof ApiError && problem.status === 403 ? problem.body.second_factor_token : undefined;
      if (typeof token === 'string') return showSecondStep(main, token);
      error.textContent = messageOf(problem);
      error.hidden = false;
      submit.disabled = false;
    }
  });

  replace(main,
    h('section', { class: 'card narrow' },
      h('h1', { tabindex: -1 }, registering ? 'Create your Tiny Cloud account' : 'Log in to Tiny Cloud'),
      form,
      registering ? null : h('p', { class: 'muted' }, h('a', { href: `${base}forgot-password`, 'data-nav': true }, 'Forgot password?')),
      h('p', { class: 'muted' },
        registering ? 'Already have an account? ' : 'New here? ',
        h('a', { href: `${base}${registering ? 'login' : 'register'}`, 'data-nav': true },
          registering ? 'Log in' : 'Create an account'))));
  form.querySelector('input')?.setAttribute('data-autofocus', '');
}

/** Two-factor sign-in's second step: a code from the app (or a recovery code) for the token login answered. */
function showSecondStep(main: HTMLElement, token: string): void {
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary wide' }, 'Verify');
  const form = h('form', { class: 'stack', novalidate: true },
    field('Code', 'second', { autocomplete: 'one-time-code', required: 'true', 'data-autofocus': 'true' },
      'The 6 digits your authenticator app shows, or one of your recovery codes.'),
    error, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    try {
      const value = (form.elements.namedItem('second') as HTMLInputElement).value;
      signedIn(await accounts.loginSecondFactor(token, secondFactor(value)));
      navigate(base);
    } catch (problem) {
      error.textContent = messageOf(problem);
      error.hidden = false;
      submit.disabled = false;
      // The step is spent (expired, or too many wrong codes): start again from the password.
      if (problem instanceof ApiError && problem.status === 401) {
        error.textContent += ' Log in again.';
        submit.textContent = 'Log in again';
        submit.onclick = (click) => {
          click.preventDefault();
          showAuth(main, 'login');
        };
      }
    }
  });
  replace(main,
    h('section', { class: 'card narrow' },
      h('h1', { tabindex: -1 }, 'Two-factor sign-in'),
      h('p', { class: 'muted' }, 'Your password was right. Now enter a code from your authenticator app.'),
      form));
  form.querySelector<HTMLInputElement>('input')?.focus();
}

function field(label: string, name: string, attrs: Record<string, string>, hint?: string): HTMLElement {
  const id = `auth-${name}`;
  const hintId = attrs['aria-describedby'] ?? (hint ? `${id}-hint` : undefined);
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('input', { id, name, ...attrs, 'aria-describedby': hintId }),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null);
}

function checkRegistration(userName: string, email: string, password: string): void {
  if (!/^[A-Za-z0-9_.-]{3,32}$/.test(userName))
    throw new InputProblem('Choose a user name of 3–32 letters, digits, “_”, “.” or “-”.');
  if (!/^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/.test(email)) throw new InputProblem('Enter a valid email address.');
  if (password.length < 8) throw new InputProblem('Choose a password of at least 8 characters.');
}
