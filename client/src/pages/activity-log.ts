// Account → Activity: the log with a kind filter and "More"; and one link's activity, as a dialog from My links.
import { messageOf } from '../api';
import { activity, kindLabels, type ActivityEvent, type ActivityFilter } from '../activity';
import { modal } from '../dialogs';
import { actionButton, h, replace } from '../dom';
import { formatDate } from '../format';

/** A list of events that loads page after page; `filter` narrows it (kinds, link). */
function eventList(filter: () => ActivityFilter): { element: HTMLElement; reload: () => Promise<void> } {
  const list = h('ul', { class: 'activity-list', 'aria-live': 'polite' });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const more = h('div', {});
  const element = h('div', { class: 'stack' }, list, error, more);
  const load = async (cursor: string | null) => {
    try {
      const page = await activity.list({ ...filter(), cursor, limit: 50 });
      if (cursor === null) replace(list, ...(page.events.length ? page.events.map(row) : [h('li', { class: 'muted' }, 'Nothing yet.')]));
      else list.append(...page.events.map(row));
      error.hidden = true;
      replace(more, page.next_cursor ? actionButton('More', () => load(page.next_cursor), { class: 'small' }) : null);
    } catch (problem) {
      error.textContent = messageOf(problem);
      error.hidden = false;
    }
  };
  return { element, reload: () => load(null) };
}

function row(event: ActivityEvent): HTMLElement {
  const where = [event.path, event.detail].filter(Boolean).join(' · ');
  const who = [event.address, event.user_agent].filter(Boolean).join(' · ');
  return h('li', { class: 'activity', 'data-kind': event.kind },
    h('span', { class: 'activity-kind' }, kindLabels[event.kind] ?? event.kind),
    h('span', { class: 'activity-where' }, where),
    h('span', { class: 'muted activity-who' }, who),
    h('time', { class: 'muted', datetime: event.at }, formatDate(event.at)));
}

export function activitySection(): HTMLElement {
  const select = h('select', { name: 'kind', 'aria-label': 'Show' },
    h('option', { value: '' }, 'Everything'),
    ...Object.entries(kindLabels).map(([kind, label]) => h('option', { value: kind }, label)));
  const events = eventList(() => (select.value ? { kinds: [select.value] } : {}));
  select.addEventListener('change', () => void events.reload());
  void events.reload();
  return h('section', { class: 'stack', id: 'activity' },
    h('h2', {}, 'Activity'),
    h('p', { class: 'muted' }, 'What happened to your account, files and links, newest first (kept 90 days).'),
    h('div', { class: 'field' }, select),
    events.element);
}

/** My links → Activity: one link's opens, downloads and received files. */
export async function showLinkActivity(name: string, hashedLink: string): Promise<void> {
  await modal<boolean>(`Activity of “${name}”`, (done) => {
    const events = eventList(() => ({ link: hashedLink }));
    void events.reload();
    return [events.element, h('div', { class: 'dialog-buttons' }, h('button', { type: 'button', onclick: () => done(true) }, 'Close'))];
  });
}
