// One file into one folder: through the API when small enough, else straight to Blob Storage (direct-upload.ts).
import { InputProblem, richJson } from './api';
import { directUpload } from './direct-upload';
import { drive } from './services';
import { joinPath, nameProblem } from './paths';
import type { Field, FsEntity, OnConflict } from './types';
import { type Progress, send } from './xhr';

const defaultMaxUpload = 100 * 1024 * 1024;

/** The server's upload-file limit, which the page carries in a meta tag (Drive:MaxUploadMb). */
export function maxUploadBytes(): number {
  const value = Number(document.querySelector<HTMLMetaElement>('meta[name="tc-max-upload-bytes"]')?.content);
  return Number.isFinite(value) && value > 0 ? value : defaultMaxUpload;
}

export async function uploadFile(
  file: File, field: Field, folder: string, onProgress: Progress, signal: AbortSignal, onConflict?: OnConflict,
): Promise<void> {
  const name = file.name.normalize('NFC');
  const problem = nameProblem(name);
  if (problem) throw new InputProblem(problem);
  const entity: FsEntity = { name, abs_path: joinPath(folder, name), base_type: 'file' };
  if (file.size > maxUploadBytes()) return directUpload(file, drive.directUpload(field, entity, onConflict), onProgress, signal);

  const form = new FormData();
  form.append('request', JSON.stringify({ fs_entity: entity, file_field: field, on_conflict: onConflict }));
  form.append('file', file, name);
  await send({ method: 'POST', url: '/api/fs-service/upload-file', body: form, headers: { Accept: richJson }, onProgress, signal });
  onProgress(file.size, file.size);
}
