// The public page of a shared link: what it is and a download button. No account needed.
import { ApiError, messageOf } from '../api';
import { actionButton, h, replace } from '../dom';
import { formatBytes, formatDate } from '../format';
import { icon } from '../icons';
import { sharing } from '../services';
import type { SharedInfo } from '../types';

export async function showShared(main: HTMLElement, route: { userName: string; link: string }, isCurrent: () => boolean): Promise<void> {
  const card = h('section', { class: 'card narrow public' }, h('h1', { tabindex: -1 }, 'Shared with you'), h('p', { class: 'muted' }, 'Loading…'));
  replace(main, card);
  try {
    const info = await sharing.info(route.userName, route.link);
    if (isCurrent()) replace(card, ...details(info, route));
  } catch (error) {
    if (!isCurrent()) return;
    const gone = error instanceof ApiError && error.status === 404;
    replace(card,
      h('h1', { tabindex: -1 }, gone ? 'This link is not available' : 'The link could not be opened'),
      h('p', { role: 'alert' }, gone
        ? 'It may have been unshared, it may have expired, or the address may be mistyped.'
        : messageOf(error)),
      gone ? null : actionButton('Try again', () => showShared(main, route, isCurrent), { class: 'primary' }));
  }
}

function details(info: SharedInfo, route: { userName: string; link: string }): (HTMLElement | null)[] {
  const folder = info.base_type === 'folder';
  const size = info.size_bytes ?? Math.round((info.size_in_mb ?? 0) * 1024 * 1024);
  const kind = folder ? 'Folder (downloads as a zip)' : info.mime_type ? `File · ${info.mime_type}` : 'File';
  return [
    h('p', { class: 'public-owner' }, `${route.userName} shared a ${folder ? 'folder' : 'file'} with you`),
    h('h1', { tabindex: -1, class: 'public-name' }, icon(folder ? 'folder' : 'file'), h('span', {}, info.name)),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Type'), h('dd', {}, kind),
      h('dt', {}, 'Size'), h('dd', {}, formatBytes(size)),
      h('dt', {}, 'Link expires'), h('dd', {}, info.expires_at ? formatDate(info.expires_at) : 'Never')),
    h('a', { class: 'button primary wide', href: sharing.fileUrl(route.userName, route.link), download: folder ? `${info.name}.zip` : info.name },
      folder ? 'Download as zip' : 'Download'),
  ];
}
