// The list of uploads with a progress bar each. It outlives page changes, so browsing on while files upload is fine.
import { ApiError, messageOf } from './api';
import { modal } from './dialogs';
import { h } from './dom';
import { formatBytes } from './format';
import type { Field, OnConflict } from './types';
import { uploadFile } from './upload';

const parallelUploads = 3;
const list = h('ul', { class: 'uploads-list' });
const panel = h('section', { class: 'uploads', 'aria-label': 'Uploads', hidden: true }, list);
const queue: (() => Promise<void>)[] = [];
let running = 0;

export function uploadsPanel(): HTMLElement {
  return panel;
}

/** Queues files for upload into one folder; onUploaded runs after each file that made it. */
export function startUploads(files: File[], field: Field, folder: string, onUploaded: () => void): void {
  for (const file of files) queue.push(track(file, field, folder, onUploaded));
  pump();
}

function pump(): void {
  while (running < parallelUploads && queue.length > 0) {
    const job = queue.shift()!;
    running++;
    void job().finally(() => {
      running--;
      pump();
    });
  }
}

function track(file: File, field: Field, folder: string, onUploaded: () => void): () => Promise<void> {
  const stop = new AbortController();
  const progress = h('progress', { max: 100, value: 0, 'aria-label': `Upload of ${file.name}` });
  const status = h('span', { class: 'upload-status' }, 'Waiting…');
  const button = h('button', { type: 'button', class: 'small', onclick: () => stop.abort() }, 'Cancel');
  const item = h('li', { class: 'upload' },
    h('span', { class: 'upload-name' }, file.name),
    h('span', { class: 'upload-where' }, `to ${field}${folder}`),
    progress, status, button);
  list.append(item);
  panel.hidden = false;

  const finish = (text: string, state: 'done' | 'failed') => {
    item.classList.add(`upload-${state}`);
    status.textContent = text;
    button.textContent = 'Dismiss';
    button.onclick = () => remove(item);
    if (state === 'done') setTimeout(() => remove(item), 4000);
  };

  return async () => {
    if (stop.signal.aborted) return finish('Cancelled.', 'failed');
    status.textContent = 'Starting…';
    const send = (onConflict?: OnConflict) => uploadFile(file, field, folder, (sent, total) => {
      const percent = total > 0 ? Math.floor((sent / total) * 100) : 100;
      progress.value = percent;
      status.textContent = `${percent}% · ${formatBytes(sent)} of ${formatBytes(total)}`;
    }, stop.signal, onConflict);
    try {
      try {
        await send();
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 409 && error.message.includes('already exists'))) throw error;
        status.textContent = 'The name is taken.';
        const choice = await askOnConflict(file);
        if (!choice) return finish('Cancelled: a file of that name is already there.', 'failed');
        await send(choice);
      }
      progress.value = 100;
      finish(`Uploaded · ${formatBytes(file.size)}`, 'done');
      onUploaded();
    } catch (error) {
      finish(messageOf(error), 'failed');
    }
  };
}

/** Replace / keep both / cancel, when an upload meets a name that is taken. */
function askOnConflict(file: File): Promise<OnConflict | null> {
  return modal<OnConflict>(`“${file.name}” already exists`, (done) => [
    h('p', {}, 'Replace it (its current content is kept as a version), keep both (the new one gets a numbered name), or cancel?'),
    h('div', { class: 'dialog-buttons' },
      h('button', { type: 'button', onclick: () => done(null) }, 'Cancel'),
      h('button', { type: 'button', onclick: () => done('rename') }, 'Keep both'),
      h('button', { type: 'button', class: 'primary', onclick: () => done('replace') }, 'Replace')),
  ]);
}

function remove(item: HTMLElement): void {
  item.remove();
  panel.hidden = list.children.length === 0;
}
