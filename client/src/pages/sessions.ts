// The "Sessions" dialog: every login of the account, with its device and last use, each one revocable on its own.
import { messageOf } from '../api';
import { modal } from '../dialogs';
import { actionButton, h, replace } from '../dom';
import { formatDate } from '../format';
import { notify } from '../notify';
import { accounts } from '../services';
import type { Session } from '../types';

export async function showSessions(): Promise<void> {
  await modal<boolean>('Sessions', (done) => {
    const list = h('ul', { class: 'session-list', 'aria-live': 'polite' }, h('li', { class: 'muted' }, 'Loading…'));
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const render = async () => {
      try {
        const sessions = await accounts.sessions();
        replace(list, ...sessions.map((session) => row(session, render)));
      } catch (problem) {
        error.textContent = messageOf(problem);
        error.hidden = false;
      }
    };
    void render();
    return [
      h('p', { class: 'muted' }, 'Each login is a session. Revoking one logs that device out at once.'),
      list, error,
      h('div', { class: 'dialog-buttons' }, h('button', { type: 'button', onclick: () => done(true) }, 'Close')),
    ];
  });
}

function row(session: Session, refresh: () => Promise<void>): HTMLElement {
  const revoke = async () => {
    await accounts.revokeSession(session.session_id);
    notify('The session was revoked.');
    await refresh();
  };
  return h('li', { class: 'session', 'data-session': session.session_id },
    h('div', { class: 'session-text' },
      h('span', { class: 'session-device' }, session.device),
      h('span', { class: 'muted' }, `Last used ${formatDate(session.last_used_at)} · since ${formatDate(session.created_at)}`)),
    session.current
      ? h('span', { class: 'badge' }, 'This device')
      : actionButton('Revoke', revoke, { class: 'danger', 'aria-label': `Revoke session on ${session.device}` }));
}
