// Sharing: create a link (optionally expiring, password-protected, or upload-only for a folder), show it with a copy
// button, stop sharing.
import { InputProblem } from '../api';
import { formDialog, modal, valueOf } from '../dialogs';
import { h } from '../dom';
import { copyFrom } from '../clipboard';
import { sharing } from '../services';
import type { Field, FsEntity, ShareOptions } from '../types';

const expiries: [string, string][] = [
  ['', 'Never'],
  ['1', 'In 1 hour'],
  ['24', 'In 1 day'],
  ['168', 'In 7 days'],
  ['720', 'In 30 days'],
];

/** Asks for the link's options, creates the link and shows it; true when a link was made. */
export async function shareEntity(field: Field, entity: FsEntity, userName: string): Promise<boolean> {
  let link = '';
  const folder = entity.base_type === 'folder';
  const limits = h('div', { class: 'share-limits', hidden: true },
    numberField('Most files', 'max-files', 'share-max-files'),
    numberField('Largest file (MB)', 'max-mb', 'share-max-mb'));
  const uploadOnly = h('input', { type: 'checkbox', id: 'share-upload-only', name: 'upload-only' });
  uploadOnly.addEventListener('change', () => (limits.hidden = !uploadOnly.checked));
  const made = await formDialog({
    title: `Share “${entity.name}”`,
    submitLabel: 'Create link',
    body: [
      h('p', {}, 'Anyone with the link can see its name, type and size and download it, without an account.'),
      h('div', { class: 'field' },
        h('label', { for: 'share-expiry' }, 'Link expires'),
        h('select', { id: 'share-expiry', name: 'expires' }, ...expiries.map(([value, label]) => h('option', { value }, label)))),
      h('div', { class: 'field' },
        h('label', { for: 'share-password' }, 'Password (optional)'),
        h('input', { id: 'share-password', name: 'password', type: 'password', autocomplete: 'new-password', minlength: '8', maxlength: '128' }),
        h('small', { class: 'muted' }, 'Visitors must enter it before they see anything. 8–128 characters.')),
      folder
        ? h('div', { class: 'field check' }, uploadOnly,
          h('label', { for: 'share-upload-only' }, 'Upload only: visitors can add files, but cannot see or download what is inside'))
        : null,
      folder ? limits : null,
    ],
    submit: async (form) => {
      link = await sharing.share(field, entity, optionsOf(form, uploadOnly.checked));
    },
  });
  if (made) await showLink(entity.name, sharing.pageUrl(userName, link));
  return made;
}

function numberField(label: string, name: string, id: string): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: id }, label),
    h('input', { id, name, type: 'number', min: '1', step: '1', inputmode: 'numeric', placeholder: 'No limit' }));
}

/** The dialog's choices as make-shared options; a problem the person can fix is thrown before asking the server. */
function optionsOf(form: HTMLFormElement, uploadOnly: boolean): ShareOptions {
  const hours = Number(valueOf(form, 'expires'));
  const options: ShareOptions = { expires_in_hours: hours > 0 ? hours : undefined };
  const password = valueOf(form, 'password');
  if (password) {
    if (password.length < 8 || password.length > 128) throw new InputProblem('The password must be 8–128 characters long.');
    options.password = password;
  }
  if (uploadOnly) {
    options.upload_only = true;
    const files = positive(valueOf(form, 'max-files'), 'The most files');
    const megabytes = positive(valueOf(form, 'max-mb'), 'The largest file');
    if (files !== undefined) options.max_files = Math.floor(files);
    if (megabytes !== undefined) options.max_file_bytes = Math.round(megabytes * 1024 * 1024);
  }
  return options;
}

function positive(text: string, what: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new InputProblem(`${what} must be a positive number, or left empty for no limit.`);
  return value;
}

/** The link in a read-only box with a Copy button; the person closes it with Done or Escape. */
export async function showLink(name: string, url: string): Promise<void> {
  await modal<void>(`Link to “${name}”`, (done) => {
    const box = h('input', { id: 'share-link', class: 'link-box', readonly: true, value: url, spellcheck: 'false' });
    box.addEventListener('focus', () => box.select());
    return [
      h('div', { class: 'field' }, h('label', { for: 'share-link' }, 'Public link'), box),
      h('div', { class: 'dialog-buttons' },
        h('a', { class: 'button', href: url, target: '_blank', rel: 'noopener noreferrer' }, 'Open'),
        h('button', { type: 'button', onclick: () => void copyFrom(box, 'Link') }, 'Copy link'),
        h('button', { type: 'button', class: 'primary', autofocus: true, onclick: () => done(null) }, 'Done')),
    ];
  });
}
