// Account → Two-factor sign-in: turn it on from a QR code (or the typed secret), show the recovery codes once with
// copy and download, make new ones, turn it off.
import { InputProblem } from '../api';
import { copyFrom } from '../clipboard';
import { formDialog, modal, textField, valueOf } from '../dialogs';
import { actionButton, h } from '../dom';
import { notify } from '../notify';
import { twoFactor } from '../services';
import { refreshUser } from '../session';
import type { TwoFactorEnrollment, User } from '../types';

/** The section of the Account page; changed() re-renders the page with the user as it now is. */
export function twoFactorSection(user: User, changed: () => void): HTMLElement[] {
  const after = async (message: string) => {
    await refreshUser();
    notify(message);
    changed();
  };
  if (!user.two_factor_enabled)
    return [
      h('p', { class: 'muted' },
        'A login then also asks for a 6-digit code from an authenticator app on your phone, so a stolen password alone is not enough.'),
      actionButton('Turn on two-factor sign-in…', async () => {
        if (await turnOn()) await after('Two-factor sign-in is on.');
      }),
    ];
  return [
    h('p', {}, h('span', { class: 'badge', 'data-two-factor': 'on' }, 'On'), ' A login asks for a code from your authenticator app.'),
    h('div', { class: 'button-row' },
      actionButton('New recovery codes…', regenerate),
      actionButton('Turn off…', async () => {
        if (await turnOff()) await after('Two-factor sign-in is off.');
      }, { class: 'danger' })),
  ];
}

async function turnOn(): Promise<boolean> {
  let enrollment: TwoFactorEnrollment | null = null;
  const passwordGiven = await formDialog({
    title: 'Turn on two-factor sign-in',
    submitLabel: 'Continue',
    body: [
      h('p', {}, 'Enter your password to begin.'),
      textField('Password', 'password', '', { type: 'password', autocomplete: 'current-password' }),
    ],
    submit: async (form) => {
      enrollment = await twoFactor.enroll(valueOf(form, 'password'));
    },
  });
  if (!passwordGiven || !enrollment) return false;
  const { secret, qr_code } = enrollment as TwoFactorEnrollment;
  let codes: string[] = [];
  const secretBox = h('input', { id: 'two-factor-secret', class: 'link-box', readonly: true, value: secret, spellcheck: 'false' });
  const confirmed = await formDialog({
    title: 'Scan the code with your authenticator app',
    submitLabel: 'Turn on',
    body: [
      h('img', { class: 'qr-code', src: qr_code, width: 200, height: 200, alt: 'QR code of the secret for an authenticator app' }),
      h('div', { class: 'field' }, h('label', { for: 'two-factor-secret' }, 'Or type this secret into the app'), secretBox),
      textField('The 6-digit code the app shows', 'code', '', { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '6' }),
    ],
    submit: async (form) => {
      codes = await twoFactor.confirm(checkedCode(valueOf(form, 'code')));
    },
  });
  if (!confirmed) return false;
  await showRecoveryCodes(codes);
  return true;
}

async function turnOff(): Promise<boolean> {
  return formDialog({
    title: 'Turn off two-factor sign-in?',
    submitLabel: 'Turn off',
    danger: true,
    body: [
      h('p', {}, 'A login then needs only your password.'),
      textField('Password', 'password', '', { type: 'password', autocomplete: 'current-password' }),
      textField('A code from your app, or a recovery code', 'second', '', { autocomplete: 'one-time-code' }),
    ],
    submit: async (form) => {
      await twoFactor.disable(valueOf(form, 'password'), secondFactor(valueOf(form, 'second')));
    },
  });
}

async function regenerate(): Promise<void> {
  let codes: string[] = [];
  const done = await formDialog({
    title: 'New recovery codes',
    submitLabel: 'Make new codes',
    body: [
      h('p', {}, 'Ten new codes replace your old ones, which stop working.'),
      textField('Password', 'password', '', { type: 'password', autocomplete: 'current-password' }),
      textField('The 6-digit code your app shows', 'code', '', { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '6' }),
    ],
    submit: async (form) => {
      codes = await twoFactor.regenerateRecoveryCodes(valueOf(form, 'password'), checkedCode(valueOf(form, 'code')));
    },
  });
  if (done) await showRecoveryCodes(codes);
}

/** The codes, this once: each signs in once without the app. Copy and download keep them somewhere safe. */
async function showRecoveryCodes(codes: string[]): Promise<void> {
  await modal<void>('Your recovery codes', (done) => {
    const text = codes.join('\n');
    const box = h('textarea', { class: 'recovery-codes', readonly: true, rows: codes.length, spellcheck: 'false', 'aria-label': 'Recovery codes' });
    box.value = text;
    const download = h('a', { class: 'button', download: 'tiny-cloud-recovery-codes.txt' }, 'Download');
    download.href = URL.createObjectURL(new Blob([`Tiny Cloud recovery codes (each works once)\n\n${text}\n`], { type: 'text/plain' }));
    return [
      h('p', {}, 'Each code signs you in once if you lose your phone. They are shown only now: keep them somewhere safe.'),
      box,
      h('div', { class: 'dialog-buttons' },
        h('button', { type: 'button', onclick: () => void copyFrom(box, 'Codes') }, 'Copy'),
        download,
        h('button', { type: 'button', class: 'primary', autofocus: true, onclick: () => {
          URL.revokeObjectURL(download.href);
          done(null);
        } }, 'I have saved them')),
    ];
  });
}

function checkedCode(code: string): string {
  const digits = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(digits)) throw new InputProblem('Enter the 6 digits your authenticator app shows.');
  return digits;
}

/** A 6-digit code from the app, or else a recovery code. */
export function secondFactor(value: string): { code: string } | { recovery_code: string } {
  const trimmed = value.trim();
  if (!trimmed) throw new InputProblem('Enter a code from your authenticator app, or a recovery code.');
  const digits = trimmed.replace(/\s/g, '');
  return /^\d{6}$/.test(digits) ? { code: digits } : { recovery_code: trimmed };
}
