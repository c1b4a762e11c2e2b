// XMLHttpRequest, because fetch cannot report upload progress.
import { ApiError, errorFrom } from './api';

/** Bytes sent so far of the total, as an upload goes. */
export type Progress = (sent: number, total: number) => void;

export interface XhrOptions {
  method: string;
  url: string;
  body: XMLHttpRequestBodyInit;
  headers?: Record<string, string>;
  onProgress?: Progress;
  signal?: AbortSignal;
  /** Words for a failed answer; by default the API's error envelope. */
  describe?: (xhr: XMLHttpRequest) => Promise<ApiError>;
}

export function send(options: XhrOptions): Promise<XMLHttpRequest> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(options.method, options.url);
    for (const [name, value] of Object.entries(options.headers ?? {})) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded, event.total);
    });
    xhr.addEventListener('load', async () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr);
      else reject(await (options.describe ?? fromEnvelope)(xhr));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, 'The connection was lost during the upload. Please try again.')));
    xhr.addEventListener('abort', () => reject(new DOMException('Upload cancelled', 'AbortError')));
    if (options.signal?.aborted) return reject(new DOMException('Upload cancelled', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(options.body);
  });
}

function fromEnvelope(xhr: XMLHttpRequest): Promise<ApiError> {
  return errorFrom(xhr.status, () => Promise.resolve(xhr.responseText), xhr.getResponseHeader('Retry-After'));
}
