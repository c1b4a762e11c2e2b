// What can be done to one file or folder, each behind a menu item; a failure is shown and the drive keeps working.
import { InputProblem } from '../api';
import { formDialog, textField, valueOf } from '../dialogs';
import { actionButton, h } from '../dom';
import { notify, showError } from '../notify';
import { joinPath, nameProblem, normalizeFolder, parentOf } from '../paths';
import { drive, sharing, trash } from '../services';
import { currentUser } from '../session';
import { type Entity, type Field, type FsEntity, fields } from '../types';
import { downloadFolder } from './downloads';
import { shareEntity, showLink } from './share-dialog';
import { showDetails, showVersions } from './versions-dialog';

export interface Place {
  field: Field;
  path: string;
}

/** The ⋯ menu of one entry; changed() runs after anything that alters the listing or the quota. */
export function entryMenu(entity: Entity, place: Place, changed: () => void): HTMLElement {
  const { field } = place;
  const userName = currentUser()?.user_name ?? '';
  const items = [
    entity.base_type === 'file'
      ? h('a', { class: 'button', href: drive.downloadUrl(field, entity.abs_path), download: entity.name }, 'Download')
      : actionButton('Download as zip', () => downloadFolder(field, entity)),
    entity.base_type === 'file'
      ? [actionButton('Details…', () => showDetails(field, entity)),
         actionButton('Versions…', () => showVersions(field, entity, changed))]
      : null,
    entity.shared
      ? [actionButton('Copy link…', () => remindLink(field, entity, userName)),
         actionButton('Stop sharing', () => unshare(field, entity, changed))]
      : actionButton('Share…', async () => (await shareEntity(field, entity, userName)) && changed()),
    actionButton('Rename…', () => rename(field, entity, changed)),
    actionButton('Move…', () => move(field, entity, changed)),
    actionButton('Copy to…', () => copy(field, entity, changed)),
    actionButton('Move to trash', () => moveToTrash(field, entity, changed)),
    actionButton('Delete forever…', () => remove(field, entity, changed), { class: 'danger-text' }),
  ];
  return h('details', { class: 'menu entry-menu' },
    h('summary', { 'aria-label': `Actions for ${entity.name}`, title: 'Actions' }, h('span', { 'aria-hidden': 'true' }, '⋯')),
    h('div', { class: 'menu-items' }, ...items));
}

export async function createFolder(place: Place, changed: () => void): Promise<void> {
  let name = '';
  const created = await formDialog({
    title: 'New folder',
    submitLabel: 'Create folder',
    body: [textField('Folder name', 'name', '', { autofocus: '' })],
    submit: async (form) => {
      name = checkedName(valueOf(form, 'name'));
      await drive.createFolder(place.field, joinPath(place.path, name), name);
    },
  });
  if (created) {
    notify(`Folder “${name}” created.`);
    changed();
  }
}

async function rename(field: Field, entity: FsEntity, changed: () => void): Promise<void> {
  const pending = formDialog({
    title: `Rename “${entity.name}”`,
    submitLabel: 'Rename',
    body: [textField('New name', 'name', entity.name, { autofocus: '' })],
    submit: async (form) => {
      const name = checkedName(valueOf(form, 'name'));
      if (name === entity.name) throw new InputProblem('Type a different name.');
      await drive.rename(field, entity, name);
    },
  });
  // Select the name without its extension, as file managers do.
  const input = document.querySelector<HTMLInputElement>('dialog[open] input[name="name"]');
  const dot = entity.base_type === 'file' ? entity.name.lastIndexOf('.') : -1;
  input?.setSelectionRange(0, dot > 0 ? dot : entity.name.length);
  if (await pending) changed();
}

async function move(field: Field, entity: FsEntity, changed: () => void): Promise<void> {
  const moved = await formDialog({
    title: `Move “${entity.name}”`,
    submitLabel: 'Move',
    body: [
      h('div', { class: 'field' },
        h('label', { for: 'move-field' }, 'Field'),
        h('select', { id: 'move-field', name: 'field' },
          ...fields.map((name) => h('option', { value: name, selected: name === field }, name)))),
      textField('Into folder', 'folder', parentOf(entity.abs_path), { autofocus: '', 'aria-describedby': 'move-hint' }),
      h('p', { class: 'hint', id: 'move-hint' }, 'The full path of an existing folder, such as / or /photos/2024.'),
    ],
    submit: async (form) => {
      const newField = valueOf(form, 'field') as Field;
      const target = joinPath(normalizeFolder(valueOf(form, 'folder')), entity.name);
      if (newField === field && target === entity.abs_path) throw new InputProblem('Choose another folder or field.');
      await drive.move(field, entity, target, newField);
    },
  });
  if (moved) {
    notify(`“${entity.name}” moved.`);
    changed();
  }
}

async function copy(field: Field, entity: FsEntity, changed: () => void): Promise<void> {
  const copied = await formDialog({
    title: `Copy “${entity.name}”`,
    submitLabel: 'Copy',
    body: [
      h('div', { class: 'field' },
        h('label', { for: 'copy-field' }, 'Field'),
        h('select', { id: 'copy-field', name: 'field' },
          ...fields.map((name) => h('option', { value: name, selected: name === field }, name)))),
      textField('Into folder', 'folder', parentOf(entity.abs_path), { autofocus: '', 'aria-describedby': 'copy-hint' }),
      textField('Name', 'name', entity.name),
      h('p', { class: 'hint', id: 'copy-hint' }, 'No bytes are copied: the copy shares them, and counts against your quota.'),
    ],
    submit: async (form) => {
      const newField = valueOf(form, 'field') as Field;
      const name = checkedName(valueOf(form, 'name'));
      const target = joinPath(normalizeFolder(valueOf(form, 'folder')), name);
      if (newField === field && target === entity.abs_path) throw new InputProblem('Choose another folder, field or name.');
      await drive.copy(field, entity, target, newField);
    },
  });
  if (copied) {
    notify(`“${entity.name}” copied.`);
    changed();
  }
}

async function moveToTrash(field: Field, entity: Entity, changed: () => void): Promise<void> {
  try {
    await trash.moveToTrash(field, entity);
    notify(`“${entity.name}” moved to the trash.${entity.shared ? ' Its public link no longer works.' : ''}`);
    changed();
  } catch (error) {
    showError(error, 'Moving to the trash');
  }
}

async function remove(field: Field, entity: Entity, changed: () => void): Promise<void> {
  const folder = entity.base_type === 'folder';
  const deleted = await formDialog({
    title: `Delete “${entity.name}” forever?`,
    submitLabel: 'Delete forever',
    danger: true,
    body: [
      h('p', {}, folder ? 'The folder and everything in it will be deleted.' : 'The file will be deleted.', ' This cannot be undone; Move to trash keeps it restorable.'),
      entity.shared ? h('p', {}, 'Its public link will stop working.') : null,
    ],
    submit: () => drive.remove(field, entity).then(() => undefined),
  });
  if (deleted) {
    notify(`“${entity.name}” deleted.`);
    changed();
  }
}

async function remindLink(field: Field, entity: FsEntity, userName: string): Promise<void> {
  try {
    await showLink(entity.name, sharing.pageUrl(userName, await sharing.remind(field, entity)));
  } catch (error) {
    showError(error, 'Getting the link');
  }
}

async function unshare(field: Field, entity: FsEntity, changed: () => void): Promise<void> {
  try {
    await sharing.unshare(field, entity);
    notify(`“${entity.name}” is no longer shared; its link stops working.`);
    changed();
  } catch (error) {
    showError(error, 'Stopping sharing');
  }
}

function checkedName(typed: string): string {
  const name = typed.trim().normalize('NFC');
  const problem = nameProblem(name);
  if (problem) throw new InputProblem(problem);
  return name;
}
