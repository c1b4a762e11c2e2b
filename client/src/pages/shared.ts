// The public page of a shared link, no account needed: what it is and a download button; a password form first for a
// protected link; an upload form with progress for an upload-only link ("file request").
import { ApiError, messageOf } from '../api';
import { actionButton, h, replace } from '../dom';
import { formatBytes, formatDate, plural } from '../format';
import { icon } from '../icons';
import { sharing } from '../services';
import type { SharedInfo } from '../types';
import { fullNotice, sharedUpload } from './shared-upload';

type Route = { userName: string; link: string };

export async function showShared(main: HTMLElement, route: Route, isCurrent: () => boolean): Promise<void> {
  const card = h('section', { class: 'card narrow public' }, h('h1', { tabindex: -1 }, 'Shared with you'), h('p', { class: 'muted' }, 'Loading…'));
  replace(main, card);
  const reload = () => showShared(main, route, isCurrent);
  try {
    const info = await sharing.info(route.userName, route.link);
    if (!isCurrent()) return;
    if (info.password_required) replace(card, ...passwordForm(route, reload));
    else if (info.upload_only) replace(card, ...uploadForm(info, route));
    else replace(card, ...details(info, route));
  } catch (error) {
    if (!isCurrent()) return;
    const gone = error instanceof ApiError && error.status === 404;
    replace(card,
      h('h1', { tabindex: -1 }, gone ? 'This link is not available' : 'The link could not be opened'),
      h('p', { role: 'alert' }, gone
        ? 'It may have been unshared, it may have expired, or the address may be mistyped.'
        : messageOf(error)),
      gone ? null : actionButton('Try again', reload, { class: 'primary' }));
  }
}

/** The password goes in a POST body, never the URL; the grant comes back as a cookie only this link's paths get. */
function passwordForm(route: Route, unlocked: () => Promise<void>): (HTMLElement | null)[] {
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const input = h('input', { id: 'link-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'primary wide' }, 'Unlock');
  const form = h('form', { class: 'stack', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'link-password' }, 'Password'), input), error, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    try {
      await sharing.unlock(route.userName, route.link, input.value);
      await unlocked();
    } catch (problem) {
      error.textContent = messageOf(problem);
      error.hidden = false;
      input.select();
    } finally {
      submit.disabled = false;
    }
  });
  return [
    h('p', { class: 'public-owner' }, `${route.userName} shared something with you`),
    h('h1', { tabindex: -1, class: 'public-name' }, icon('file'), h('span', {}, 'This link is protected')),
    h('p', {}, 'Enter the password you were given to see what it leads to.'),
    form,
  ];
}

function uploadForm(info: SharedInfo, route: Route): (HTMLElement | null)[] {
  const full = info.files_left === 0;
  const facts = h('dl', { class: 'facts' },
    h('dt', {}, 'Largest file'), h('dd', {}, info.max_file_bytes ? formatBytes(info.max_file_bytes) : 'No limit'),
    h('dt', {}, 'Files left'), h('dd', { class: 'files-left' }, info.files_left !== undefined ? String(info.files_left) : 'No limit'),
    h('dt', {}, 'Link expires'), h('dd', {}, info.expires_at ? formatDate(info.expires_at) : 'Never'));
  return [
    h('p', { class: 'public-owner' }, `${route.userName} asks you for files`),
    h('h1', { tabindex: -1, class: 'public-name' }, icon('folder'), h('span', {}, info.name ?? '')),
    h('p', {}, `Files you send go into this folder. You cannot see what is already in it${info.max_files ? `; it takes ${plural(info.max_files, 'file')} in all` : ''}.`),
    facts,
    full ? fullNotice() : sharedUpload(info, route),
  ];
}

function details(info: SharedInfo, route: Route): (HTMLElement | null)[] {
  const folder = info.base_type === 'folder';
  const name = info.name ?? '';
  const size = info.size_bytes ?? Math.round((info.size_in_mb ?? 0) * 1024 * 1024);
  const kind = folder ? 'Folder (downloads as a zip)' : info.mime_type ? `File · ${info.mime_type}` : 'File';
  return [
    h('p', { class: 'public-owner' }, `${route.userName} shared a ${folder ? 'folder' : 'file'} with you`),
    h('h1', { tabindex: -1, class: 'public-name' }, icon(folder ? 'folder' : 'file'), h('span', {}, name)),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Type'), h('dd', {}, kind),
      h('dt', {}, 'Size'), h('dd', {}, formatBytes(size)),
      h('dt', {}, 'Link expires'), h('dd', {}, info.expires_at ? formatDate(info.expires_at) : 'Never')),
    h('a', { class: 'button primary wide', href: sharing.fileUrl(route.userName, route.link), download: folder ? `${name}.zip` : name },
      folder ? 'Download as zip' : 'Download'),
  ];
}
