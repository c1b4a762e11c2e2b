// The trash: what was deleted, where it was, restore (under another name when its place is taken) and delete forever.
import { ApiError, InputProblem } from '../api';
import { formDialog, textField, valueOf } from '../dialogs';
import { actionButton, h, newestLoad, replace } from '../dom';
import { formatBytes, formatDate, plural } from '../format';
import { icon } from '../icons';
import { notify, showError } from '../notify';
import { nameProblem, parentOf } from '../paths';
import { driveHref } from '../router';
import { trash } from '../services';
import { refreshUser } from '../session';
import type { TrashItem } from '../types';

export async function showTrash(main: HTMLElement, isCurrent: () => boolean): Promise<void> {
  const list = h('div', { class: 'listing', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading…'));
  const emptyButton = actionButton('Empty trash…', () => emptyAll(load), { class: 'danger-text', hidden: true });
  const summary = h('p', { class: 'muted' });
  const rows = h('ul', { class: 'entries' });
  const moreButton = actionButton('More items', () => more(), { class: 'small' });
  const moreSlot = h('div', { class: 'list-more' }, moreButton);
  let items: TrashItem[] = [];
  let next: string | null = null;
  let pages = 0;
  const newest = newestLoad(isCurrent);
  replace(main, h('section', { class: 'trash' },
    h('div', { class: 'drive-top' }, h('h1', { tabindex: -1 }, 'Trash'), emptyButton),
    h('p', { class: 'muted' }, 'Deleted files and folders stay here, still counting against your quota, until you delete them forever or they are removed automatically. Restoring does not bring back their public links.'),
    list));

  function showCounts(): void {
    emptyButton.hidden = items.length === 0;
    moreSlot.hidden = next === null;
    summary.textContent = `${plural(items.length, 'item')}${next ? ' so far' : ''}, ${formatBytes(items.reduce((sum, i) => sum + i.size_bytes, 0))}`;
  }

  /** Reads the trash again from the newest, after a change, as many pages as were shown (at least one). */
  async function load(): Promise<void> {
    const current = newest();
    try {
      const fresh: TrashItem[] = [];
      let before: string | null = null;
      let fetched = 0;
      do {
        const page = await trash.list(before);
        fresh.push(...page.items);
        before = page.next_before;
        fetched++;
      } while (before && fetched < pages);
      if (!current()) return;
      items = fresh;
      next = before;
      pages = fetched;
      showCounts();
      replace(rows, ...items.map((item) => row(item, load)));
      replace(list, items.length === 0 ? h('p', { class: 'empty' }, 'The trash is empty.') : [summary, rows, moreSlot]);
    } catch (error) {
      if (!current()) return;
      replace(list, h('div', { class: 'notice', role: 'alert' }, h('p', {}, 'Your trash could not be loaded.'), actionButton('Try again', load)));
      showError(error, 'Loading your trash');
    }
  }

  /** The next page, below what is shown; focus goes to its first row when the button goes away. */
  async function more(): Promise<void> {
    try {
      const page = await trash.list(next);
      if (!isCurrent()) return;
      const added = page.items.map((item) => row(item, load));
      items.push(...page.items);
      next = page.next_before;
      pages++;
      rows.append(...added);
      showCounts();
      if (next === null) added[0]?.querySelector('button')?.focus();
    } catch (error) {
      showError(error, 'Loading more of your trash');
    }
  }
  await load();
}

function row(item: TrashItem, reload: () => Promise<void>): HTMLElement {
  const folder = parentOf(item.original_path);
  return h('li', { class: 'entry trash-row' },
    h('span', { class: 'entry-name' }, icon(item.base_type === 'folder' ? 'folder' : 'file'), h('span', {}, item.name)),
    h('a', { class: 'entry-where', href: driveHref(item.file_field, folder), 'data-nav': true, title: 'Where it was' },
      `${item.file_field}${item.original_path}`),
    h('span', { class: 'entry-size' }, formatBytes(item.size_bytes)),
    h('span', { class: 'entry-date', title: `Removed for good on ${formatDate(item.purge_at)}` }, `Deleted ${formatDate(item.deleted_at)}`),
    h('span', { class: 'row-actions' },
      actionButton('Restore', () => restore(item, reload), { class: 'small', 'aria-label': `Restore ${item.name}` }),
      actionButton('Delete forever…', () => deleteForever(item, reload),
        { class: 'small danger-text', 'aria-label': `Delete ${item.name} forever` })));
}

async function restore(item: TrashItem, reload: () => Promise<void>): Promise<void> {
  try {
    const restored = await trash.restore(item.id);
    restoredNotice(restored.fs_entity.abs_path, restored.file_field);
  } catch (error) {
    // Its place is taken: offer another name. Any other refusal (its folder is gone or in the trash) is said as is.
    if (!(error instanceof ApiError && error.status === 409 && /already exists/.test(error.message))) return showError(error, 'Restoring');
    await restoreAs(item, error.message);
  }
  await reload();
  void refreshUser().catch(() => undefined);
}

async function restoreAs(item: TrashItem, why: string): Promise<void> {
  const restored: { path?: string; field?: string } = {};
  const done = await formDialog({
    title: `Restore “${item.name}” as…`,
    submitLabel: 'Restore',
    body: [h('p', {}, why), textField('New name', 'new_name', `${item.name} (restored)`, { 'data-autofocus': '' })],
    submit: async (form) => {
      const name = valueOf(form, 'new_name');
      const problem = nameProblem(name);
      if (problem) throw new InputProblem(problem);
      const answer = await trash.restore(item.id, name);
      restored.path = answer.fs_entity.abs_path;
      restored.field = answer.file_field;
    },
  });
  if (done) restoredNotice(restored.path ?? '', restored.field ?? '');
}

function restoredNotice(path: string, field: string): void {
  notify(`Restored to ${field}${path}.`);
}

async function deleteForever(item: TrashItem, reload: () => Promise<void>): Promise<void> {
  const deleted = await formDialog({
    title: `Delete “${item.name}” forever?`,
    submitLabel: 'Delete forever',
    danger: true,
    body: [h('p', {}, item.base_type === 'folder' ? 'The folder and everything in it will be deleted.' : 'The file will be deleted.',
      ` This frees ${formatBytes(item.size_bytes)} and cannot be undone.`)],
    submit: () => trash.deleteForever(item.id).then(() => undefined),
  });
  if (!deleted) return;
  notify(`“${item.name}” deleted forever.`);
  await reload();
  void refreshUser().catch(() => undefined);
}

async function emptyAll(reload: () => Promise<void>): Promise<void> {
  let freed = 0;
  const emptied = await formDialog({
    title: 'Empty the trash?',
    submitLabel: 'Empty trash',
    danger: true,
    body: [h('p', {}, 'Everything in the trash will be deleted forever. This cannot be undone.')],
    submit: async () => {
      freed = (await trash.empty()).freed_bytes;
    },
  });
  if (!emptied) return;
  notify(`The trash is empty; ${formatBytes(freed)} freed.`);
  await reload();
  void refreshUser().catch(() => undefined);
}
