// A file's details (SHA-256, version id) and its versions: list, download, restore, delete.
import { modal } from '../dialogs';
import { actionButton, h } from '../dom';
import { formatBytes, formatDate } from '../format';
import { notify, showError } from '../notify';
import { drive } from '../services';
import type { Entity, Field, FileVersion } from '../types';

export async function showDetails(field: Field, entity: Entity): Promise<void> {
  await modal<boolean>(`Details of “${entity.name}”`, (done) => [
    h('dl', { class: 'details' },
      h('dt', {}, 'Path'), h('dd', {}, `${field}${entity.abs_path}`),
      h('dt', {}, 'Size'), h('dd', {}, formatBytes(entity.size_bytes)),
      h('dt', {}, 'Type'), h('dd', {}, entity.mime_type ?? '—'),
      h('dt', {}, 'Modified'), h('dd', {}, formatDate(entity.modified_at)),
      h('dt', {}, 'SHA-256'), h('dd', {}, h('code', { class: 'hash' }, entity.sha256 ?? 'not computed (stored before hashes were kept)')),
      h('dt', {}, 'Version id'), h('dd', {}, h('code', {}, entity.version_id ?? '—'))),
    h('div', { class: 'dialog-buttons' }, h('button', { type: 'button', class: 'primary', onclick: () => done(true) }, 'Close')),
  ]);
}

export async function showVersions(field: Field, entity: Entity, changed: () => void): Promise<void> {
  let versions: FileVersion[];
  try {
    versions = (await drive.versions(field, entity)).versions;
  } catch (error) {
    return showError(error, 'Listing the versions');
  }
  let altered = false;
  await modal<boolean>(`Versions of “${entity.name}”`, (done) => {
    const list = h('ul', { class: 'versions-list' });
    const render = () => {
      list.replaceChildren(...(versions.length === 0
        ? [h('li', {}, 'No earlier versions: replacing the file keeps its previous content here.')]
        : versions.map((version) => h('li', { class: 'version' },
          h('span', {}, `${formatDate(version.versioned_at)} · ${formatBytes(version.size_bytes)}`),
          h('code', { class: 'hash', title: 'SHA-256' }, (version.sha256 ?? '').slice(0, 12)),
          h('a', { class: 'button small', href: drive.downloadUrl(field, entity.abs_path, version.version_id), download: entity.name }, 'Download'),
          actionButton('Restore', async () => {
            try {
              await drive.restoreVersion(field, entity, version.version_id);
              notify(`“${entity.name}” is back to the version of ${formatDate(version.modified_at)}.`);
              altered = true;
              done(true);
            } catch (error) {
              showError(error, 'Restoring the version');
            }
          }, { class: 'small' }),
          actionButton('Delete', async () => {
            try {
              await drive.deleteVersion(field, entity, version.version_id);
              versions = versions.filter((v) => v.version_id !== version.version_id);
              altered = true;
              render();
            } catch (error) {
              showError(error, 'Deleting the version');
            }
          }, { class: 'small danger-text' })))));
    };
    render();
    return [list, h('div', { class: 'dialog-buttons' }, h('button', { type: 'button', class: 'primary', onclick: () => done(true) }, 'Close'))];
  });
  if (altered) changed();
}
