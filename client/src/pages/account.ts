// The account menu: avatar, account settings, change avatar, sessions, log out, log out everywhere.
import { formDialog } from '../dialogs';
import { actionButton, h } from '../dom';
import { notify, showError } from '../notify';
import { base, navigate } from '../router';
import { accounts } from '../services';
import { forget, onNextSignIn } from '../session';
import { showSessions } from './sessions';
import type { User } from '../types';

let avatarVersion = Date.now();

export function accountMenu(user: User): HTMLElement {
  const avatar = () => h('img', { class: 'avatar', src: accounts.avatarUrl(avatarVersion), alt: '', width: 28, height: 28 });
  const picker = h('input', { type: 'file', accept: 'image/png,image/jpeg,image/gif,image/webp', hidden: true, 'aria-hidden': 'true', tabindex: -1 });
  const menu = h('details', { class: 'menu account-menu' },
    h('summary', { 'aria-label': `Account: ${user.user_name}` }, avatar(), h('span', { class: 'account-name' }, user.user_name)),
    h('div', { class: 'menu-items' },
      h('p', { class: 'menu-note' }, user.user_email),
      h('a', { class: 'menu-link', href: `${base}account`, 'data-nav': true }, 'Account settings'),
      actionButton('Change avatar…', () => picker.click()),
      actionButton('Sessions…', showSessions),
      actionButton('Log out', logOut),
      actionButton('Log out everywhere…', logOutEverywhere),
      picker));
  picker.addEventListener('change', async () => {
    const file = picker.files?.[0];
    picker.value = '';
    if (!file) return;
    try {
      await accounts.setAvatar(file);
      avatarVersion = Date.now();
      menu.querySelectorAll('img.avatar').forEach((img) => img.replaceWith(avatar()));
      notify('Your avatar was changed.');
    } catch (error) {
      showError(error, 'Changing the avatar');
    }
  });
  return menu;
}

async function logOut(): Promise<void> {
  try {
    await accounts.logout();
  } catch (error) {
    showError(error, 'Logging out');
    return;
  }
  forget();
  onNextSignIn(notify('You are logged out.'));
  navigate('/client/login');
}

async function logOutEverywhere(): Promise<void> {
  const done = await formDialog({
    title: 'Log out everywhere?',
    submitLabel: 'Log out everywhere',
    danger: true,
    body: [h('p', {}, 'Every session of your account ends, on every device and browser, including this one.')],
    submit: async () => {
      await accounts.revokeSessions();
    },
  });
  if (!done) return;
  forget();
  onNextSignIn(notify('You are logged out everywhere.'));
  navigate('/client/login');
}
