// Folder downloads: the zip comes from a POST, so it is fetched and handed to the browser as a file.
import { messageOf } from '../api';
import { h } from '../dom';
import { notify } from '../notify';
import { drive } from '../services';
import type { Field, FsEntity } from '../types';

export async function downloadFolder(field: Field, entity: FsEntity): Promise<void> {
  const dismiss = notify(`Preparing “${entity.name}.zip”…`);
  try {
    saveBlob(await drive.folderZip(field, entity), `${entity.name}.zip`);
  } catch (error) {
    notify(`Downloading “${entity.name}” failed: ${messageOf(error)}`, 'error');
  } finally {
    dismiss();
  }
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
