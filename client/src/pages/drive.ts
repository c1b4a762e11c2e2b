// The drive: the three fields as tabs, a breadcrumb, the quota bar, uploads and the folder's entries.
import { ApiError, messageOf } from '../api';
import { actionButton, h, newestLoad, replace } from '../dom';
import { dropZone } from '../dropzone';
import { formatBytes, formatDate, plural } from '../format';
import { icon } from '../icons';
import { segments } from '../paths';
import { quotaBar } from '../quota';
import { driveHref } from '../router';
import { drive } from '../services';
import { currentUser, refreshUser } from '../session';
import { type Entity, type Field, fields } from '../types';
import { startUploads, uploadsPanel } from '../uploads-panel';
import { createFolder, entryMenu, type Place } from './drive-actions';
import { searchBox } from './drive-search';

/** A folder as shown: with select, the entry of that name is highlighted (where a search result leads). */
type Shown = Place & { select?: string };

const fieldNames: Record<Field, string> = { mere: 'Mere', special: 'Special', temporary: 'Temporary' };
const fieldNotes: Record<Field, string> = {
  mere: 'Your files.',
  special: 'A separate space, sharing the same quota.',
  temporary: 'Files here are deleted automatically after a day.',
};

export async function showDrive(main: HTMLElement, place: Shown, isCurrent: () => boolean): Promise<void> {
  const user = currentUser()!;
  const quota = h('div', { class: 'quota-slot' }, quotaBar(user));
  const listing = h('div', { class: 'listing', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading…'));
  const newest = newestLoad(isCurrent);
  const reload = () => loadListing(listing, place, changed, newest());
  const changed = () => {
    if (listing.isConnected) void reload();
    void refreshUser().then((fresh) => fresh && quota.isConnected && replace(quota, quotaBar(fresh)), () => undefined);
  };
  const upload = (files: File[]) => startUploads(files, place.field, place.path, changed);
  const picker = h('input', { type: 'file', multiple: true, hidden: true, tabindex: -1, 'aria-hidden': 'true' });
  picker.addEventListener('change', () => {
    upload(Array.from(picker.files ?? []));
    picker.value = '';
  });

  const title = place.path === '/' ? fieldNames[place.field] : segments(place.path).at(-1)!;
  const search = searchBox();
  const section = h('section', { class: 'drive' },
    h('div', { class: 'drive-top' }, h('h1', { tabindex: -1 }, title), quota),
    search.form,
    search.results,
    tabs(place.field),
    // At a field's root the heading and the current tab already name it; a one-crumb trail would say it a third time.
    place.path === '/' ? null : breadcrumb(place),
    h('div', { class: 'toolbar' },
      actionButton('New folder', () => createFolder(place, changed)),
      actionButton('Upload files', () => picker.click(), { class: 'primary' }),
      picker,
      h('p', { class: 'drop-hint' }, 'or drop files here')),
    uploadsPanel(),
    listing);
  dropZone(section, upload);
  replace(main, section);

  if (!user.verified) {
    replace(listing, h('p', { class: 'notice' }, 'Your account is waiting for an administrator to verify it; then your files appear here.'));
    return;
  }
  await reload();
}

function tabs(current: Field): HTMLElement {
  return h('nav', { class: 'tabs', 'aria-label': 'Fields' },
    ...fields.map((field) => h('a', {
      href: driveHref(field), 'data-nav': true, class: 'tab', 'aria-current': field === current ? 'page' : null,
      title: fieldNotes[field],
    }, fieldNames[field])));
}

function breadcrumb(place: Place): HTMLElement {
  const parts = segments(place.path);
  const crumbs = [h('li', {}, crumb(fieldNames[place.field], driveHref(place.field), parts.length === 0))];
  parts.forEach((name, index) => {
    const path = `/${parts.slice(0, index + 1).join('/')}`;
    crumbs.push(h('li', {}, crumb(name, driveHref(place.field, path), index === parts.length - 1)));
  });
  return h('nav', { class: 'breadcrumb', 'aria-label': 'Folder path' }, h('ol', {}, ...crumbs));
}

function crumb(label: string, href: string, current: boolean): HTMLElement {
  return h('a', { href, 'data-nav': true, 'aria-current': current ? 'location' : null }, label);
}

async function loadListing(listing: HTMLElement, place: Shown, changed: () => void, isCurrent: () => boolean): Promise<void> {
  listing.setAttribute('aria-busy', 'true');
  try {
    const entries = await drive.layer(place.field, place.path);
    if (!isCurrent()) return;
    replace(listing, entries.length === 0
      ? h('p', { class: 'empty' }, 'This folder is empty. Upload files or drop them here.')
      : [h('p', { class: 'visually-hidden' }, plural(entries.length, 'item')),
         h('ul', { class: 'entries' }, ...sorted(entries).map((entity) => entryRow(entity, place, changed)))]);
    const chosen = listing.querySelector<HTMLElement>('.entry.selected .entry-name');
    chosen?.scrollIntoView({ block: 'center' });
    // After the page has focused its heading (main.ts, once this resolves): the entry a search result led to.
    if (chosen) setTimeout(() => chosen.isConnected && chosen.focus({ preventScroll: true }), 0);
  } catch (error) {
    if (!isCurrent()) return;
    const gone = error instanceof ApiError && error.status === 404;
    replace(listing, h('div', { class: 'notice', role: 'alert' },
      h('p', {}, gone ? 'This folder does not exist (any more).' : `The folder could not be listed: ${messageOf(error)}`),
      gone
        ? h('a', { href: driveHref(place.field), 'data-nav': true }, `Go to the top of ${fieldNames[place.field]}`)
        : actionButton('Try again', () => loadListing(listing, place, changed, isCurrent))));
  } finally {
    listing.removeAttribute('aria-busy');
  }
}

function sorted(entries: Entity[]): Entity[] {
  return [...entries].sort((a, b) =>
    a.base_type !== b.base_type ? (a.base_type === 'folder' ? -1 : 1) : a.name.localeCompare(b.name, undefined, { numeric: true }));
}

function entryRow(entity: Entity, place: Shown, changed: () => void): HTMLElement {
  const folder = entity.base_type === 'folder';
  const selected = entity.name === place.select;
  const name = folder
    ? h('a', { class: 'entry-name', href: driveHref(place.field, entity.abs_path), 'data-nav': true }, icon('folder'), h('span', {}, entity.name))
    : h('a', { class: 'entry-name', href: drive.fileUrl(place.field, entity.abs_path), download: entity.name,
        title: `Download ${entity.name}` }, icon('file'), h('span', {}, entity.name));
  return h('li', { class: selected ? 'entry selected' : 'entry', 'data-kind': entity.base_type, 'aria-current': selected ? 'true' : null },
    name,
    entity.shared ? h('span', { class: 'badge' }, 'Shared') : null,
    h('span', { class: 'entry-size' }, folder ? 'Folder' : formatBytes(entity.size_bytes)),
    h('span', { class: 'entry-date' }, h('time', { datetime: entity.modified_at }, formatDate(entity.modified_at))),
    entryMenu(entity, place, changed));
}
