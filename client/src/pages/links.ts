// "My links": every public link, with copy, its password (set, change, remove) and stop-sharing.
import { actionButton, h, newestLoad, replace } from '../dom';
import { formatDate, plural } from '../format';
import { icon } from '../icons';
import { notify, showError } from '../notify';
import { driveHref } from '../router';
import { sharing } from '../services';
import { currentUser } from '../session';
import type { Share } from '../types';
import { changeLinkPassword } from './link-password';
import { showLink } from './share-dialog';
import { showLinkActivity } from './activity-log';

export async function showLinks(main: HTMLElement, isCurrent: () => boolean): Promise<void> {
  const list = h('div', { class: 'listing', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading…'));
  replace(main, h('section', { class: 'links' }, h('h1', { tabindex: -1 }, 'My links'), list));
  const newest = newestLoad(isCurrent);
  const load = async () => {
    const current = newest();
    try {
      const links = await sharing.list();
      if (!current()) return;
      replace(list, links.length === 0
        ? h('p', { class: 'empty' }, 'You have no shared links. Share a file or folder from its ⋯ menu in your drive.')
        : [h('p', { class: 'muted' }, plural(links.length, 'link')), h('ul', { class: 'entries' }, ...links.map((link) => row(link, load)))]);
    } catch (error) {
      if (!current()) return;
      replace(list, h('div', { class: 'notice', role: 'alert' }, h('p', {}, 'Your links could not be loaded.'), actionButton('Try again', load)));
      showError(error, 'Loading your links');
    }
  };
  await load();
}

function row(link: Share, reload: () => Promise<void>): HTMLElement {
  const entity = link.fs_entity;
  const url = sharing.pageUrl(currentUser()?.user_name ?? '', link.hashed_link);
  const folderPath = entity.abs_path.slice(0, entity.abs_path.lastIndexOf('/')) || '/';
  const passwordBadge = h('span', { class: 'badge', hidden: !link.password_protected }, 'Password');
  return h('li', { class: 'entry link-row' },
    h('span', { class: 'entry-name' }, icon(entity.base_type === 'folder' ? 'folder' : 'file'), h('span', {}, entity.name),
      link.upload_only ? h('span', { class: 'badge' }, 'Upload only') : null,
      passwordBadge),
    h('a', { class: 'entry-where', href: driveHref(link.file_field, folderPath), 'data-nav': true }, `${link.file_field}${entity.abs_path}`),
    h('span', { class: 'entry-date' }, link.expires_at ? `Expires ${formatDate(link.expires_at)}` : 'Never expires'),
    h('span', { class: 'entry-size link-stats' }, ...statistics(link)),
    h('span', { class: 'row-actions' },
      actionButton('Copy link…', () => showLink(entity.name, url), { class: 'small' }),
      actionButton('Activity…', () => showLinkActivity(entity.name, link.hashed_link), { class: 'small' }),
      actionButton('Password…', async () => {
        const changed = await changeLinkPassword(link);
        if (!changed) return;
        link.password_protected = changed === 'set';
        passwordBadge.hidden = !link.password_protected;
      }, { class: 'small' }),
      actionButton('Stop sharing', async () => {
        try {
          await sharing.unshare(link.file_field, entity);
          notify(`“${entity.name}” is no longer shared.`);
          await reload();
        } catch (error) {
          showError(error, 'Stopping sharing');
        }
      }, { class: 'small' })));
}

/** Downloads and the last one; for an upload-only link, the files received (of at most max_files). */
function statistics(link: Share): HTMLElement[] {
  const last = link.upload_only ? link.last_upload_at : link.last_download_at;
  const uploads = link.uploads ?? 0;
  const count = link.upload_only
    ? link.max_files ? `${uploads} of ${plural(link.max_files, 'file')} received` : `${plural(uploads, 'file')} received`
    : plural(link.downloads ?? 0, 'download');
  return [h('span', {}, count), last ? h('small', {}, `last ${formatDate(last)}`) : null].filter((e): e is HTMLElement => e !== null);
}
