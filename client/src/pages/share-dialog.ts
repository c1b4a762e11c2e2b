// Sharing: create a link (optionally expiring), show it with a copy button, stop sharing.
import { formDialog, modal, valueOf } from '../dialogs';
import { h } from '../dom';
import { notify } from '../notify';
import { sharing } from '../services';
import type { Field, FsEntity } from '../types';

const expiries: [string, string][] = [
  ['', 'Never'],
  ['1', 'In 1 hour'],
  ['24', 'In 1 day'],
  ['168', 'In 7 days'],
  ['720', 'In 30 days'],
];

/** Asks for an expiry, creates the link and shows it; true when a link was made. */
export async function shareEntity(field: Field, entity: FsEntity, userName: string): Promise<boolean> {
  let link = '';
  const made = await formDialog({
    title: `Share “${entity.name}”`,
    submitLabel: 'Create link',
    body: [
      h('p', {}, 'Anyone with the link can see its name, type and size and download it, without an account.'),
      h('div', { class: 'field' },
        h('label', { for: 'share-expiry' }, 'Link expires'),
        h('select', { id: 'share-expiry', name: 'expires' }, ...expiries.map(([value, label]) => h('option', { value }, label)))),
    ],
    submit: async (form) => {
      const hours = Number(valueOf(form, 'expires'));
      link = await sharing.share(field, entity, hours > 0 ? hours : undefined);
    },
  });
  if (made) await showLink(entity.name, sharing.pageUrl(userName, link));
  return made;
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
        h('button', { type: 'button', onclick: () => void copy(url, box) }, 'Copy link'),
        h('button', { type: 'button', class: 'primary', autofocus: true, onclick: () => done(null) }, 'Done')),
    ];
  });
}

async function copy(text: string, box: HTMLInputElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    notify('Link copied to the clipboard.');
  } catch {
    box.focus();
    box.select();
    // Older or locked-down browsers: the selection is copied the classic way, else the person copies it.
    const copied = document.execCommand?.('copy') ?? false;
    notify(copied ? 'Link copied to the clipboard.' : 'Press Ctrl+C (⌘C) to copy the selected link.');
  }
}
