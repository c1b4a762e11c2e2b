// Large files: begin-upload hands out a write-only SAS URL; the blocks go straight to Blob Storage (Put Block, then
// Put Block List) and complete-upload makes the file visible. Any failure aborts, which frees the reservation.
import { ApiError } from './api';
import type { DirectUploadCalls } from './types';
import { type Progress, send } from './xhr';

const blockSize = 8 * 1024 * 1024;
const parallelBlocks = 4;
const storageVersion = '2025-11-05';

export async function directUpload(file: File, calls: DirectUploadCalls, onProgress: Progress, signal: AbortSignal): Promise<void> {
  const begun = await calls.begin(file.size, file.type);
  const stop = new AbortController();
  const cancel = () => stop.abort();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    const ids = Array.from({ length: Math.max(1, Math.ceil(file.size / blockSize)) }, (_, index) => blockId(index));
    const sent = ids.map(() => 0);
    const report = () => onProgress(sent.reduce((sum, bytes) => sum + bytes, 0), file.size);
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const index = next++;
        const block = file.slice(index * blockSize, Math.min(file.size, (index + 1) * blockSize));
        await send({
          method: 'PUT',
          url: withQuery(begun.upload_url, { comp: 'block', blockid: ids[index] }),
          body: block,
          headers: { 'x-ms-version': storageVersion },
          onProgress: (bytes) => {
            sent[index] = bytes;
            report();
          },
          signal: stop.signal,
          describe: storageError,
        });
        sent[index] = block.size;
        report();
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallelBlocks, ids.length) }, worker)).catch((error) => {
      stop.abort();
      throw error;
    });
    await send({
      method: 'PUT',
      url: withQuery(begun.upload_url, { comp: 'blocklist' }),
      body: blockList(ids),
      headers: { 'x-ms-version': storageVersion, 'Content-Type': 'application/xml' },
      signal: stop.signal,
      describe: storageError,
    });
    await calls.complete(begun.upload_id);
  } catch (error) {
    await calls.abort(begun.upload_id).catch(() => undefined);
    throw error;
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

/** Block ids must all have the same length: base64 of a zero-padded index. */
function blockId(index: number): string {
  return btoa(`block-${String(index).padStart(6, '0')}`);
}

function withQuery(url: string, params: Record<string, string>): string {
  return `${url}${url.includes('?') ? '&' : '?'}${new URLSearchParams(params)}`;
}

function blockList(ids: string[]): string {
  return `<?xml version="1.0" encoding="utf-8"?><BlockList>${ids.map((id) => `<Latest>${id}</Latest>`).join('')}</BlockList>`;
}

async function storageError(xhr: XMLHttpRequest): Promise<ApiError> {
  const detail = /<Message>([^<]*)<\/Message>/.exec(xhr.responseText)?.[1]?.split('\n')[0];
  return new ApiError(xhr.status, `Blob storage refused the upload (${xhr.status}${detail ? `: ${detail}` : ''}).`);
}
