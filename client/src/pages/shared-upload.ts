// The upload form of an upload-only link: pick files, each goes up with its own progress bar, through the link's
// upload route (or, above the streamed limit, straight to Blob Storage through the link's begin-upload).
import { ApiError, errorFrom, messageOf, richJson } from '../api';
import { directUpload } from '../direct-upload';
import { h } from '../dom';
import { formatBytes } from '../format';
import { sharing } from '../services';
import type { SharedInfo } from '../types';
import { maxUploadBytes } from '../upload';
import { send } from '../xhr';

type Route = { userName: string; link: string };

/** The notice that replaces the form once the link takes no more files. */
export function fullNotice(): HTMLElement {
  return h('p', { class: 'notice', role: 'status' }, 'This link has received all the files it accepts.');
}

export function sharedUpload(info: SharedInfo, route: Route): HTMLElement {
  const picker = h('input', { id: 'request-files', type: 'file', multiple: true });
  const list = h('ul', { class: 'uploads-list' });
  const submit = h('button', { type: 'submit', class: 'primary wide' }, 'Send files');
  const chooser = h('div', { class: 'field' }, h('label', { for: 'request-files' }, 'Files to send'), picker);
  const form = h('form', { class: 'stack request-form' }, chooser, submit, list);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const files = [...(picker.files ?? [])];
    if (files.length === 0) return;
    submit.disabled = true;
    picker.disabled = true;
    let sent = 0;
    for (const file of files) if (await track(file, info, route, list)) sent++;
    submit.disabled = false;
    picker.disabled = false;
    picker.value = '';
    if (sent > 0 && info.files_left !== undefined) {
      const left = form.closest('.public')?.querySelector('.files-left');
      if (left) left.textContent = String(Math.max(0, info.files_left - sent));
      info.files_left = Math.max(0, info.files_left - sent);
      if (info.files_left === 0) {
        chooser.remove();
        submit.remove();
        form.prepend(fullNotice());
      }
    }
  });
  return form;
}

/** Uploads one file with a progress bar; true when it arrived. */
async function track(file: File, info: SharedInfo, route: Route, list: HTMLElement): Promise<boolean> {
  const progress = h('progress', { max: 100, value: 0, 'aria-label': `Upload of ${file.name}` });
  const status = h('span', { class: 'upload-status' }, 'Sending…');
  list.append(h('li', { class: 'upload' }, h('span', { class: 'upload-name' }, file.name), progress, status));
  const onProgress = (done: number, total: number) => {
    progress.value = total > 0 ? Math.round((done / total) * 100) : 100;
  };
  try {
    if (info.max_file_bytes !== undefined && file.size > info.max_file_bytes)
      throw new ApiError(413, `This link accepts files of at most ${formatBytes(info.max_file_bytes)}.`);
    await upload(file, route, onProgress);
    progress.value = 100;
    status.textContent = 'Sent';
    status.closest('.upload')?.classList.add('upload-done');
    return true;
  } catch (error) {
    status.textContent = messageOf(error);
    status.closest('.upload')?.classList.add('upload-failed');
    return false;
  }
}

/** Sends a file through the link. The server never says what the file is called in the owner's folder. */
async function upload(file: File, route: Route, onProgress: (done: number, total: number) => void): Promise<void> {
  const name = file.name.normalize('NFC');
  if (file.size > maxUploadBytes()) {
    await directUpload(file, sharing.directUpload(route.userName, route.link, name), onProgress, new AbortController().signal);
    return;
  }
  const form = new FormData();
  form.append('file', file, name);
  await send({
    method: 'POST',
    url: sharing.uploadUrl(route.userName, route.link),
    body: form,
    headers: { Accept: richJson },
    onProgress,
    describe: (request) => errorFrom(request.status, () => Promise.resolve(request.responseText), request.getResponseHeader('Retry-After'), false),
  });
}
