// Transport: every call goes to this origin with the HttpOnly a-token cookie; the token itself never reaches script.

/** Asks for the API's full bodies (sizes in bytes, dates); without it, routes answer the original API's shapes. */
export const richJson = 'application/vnd.tinycloud.v2+json';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The error envelope's other fields (login's second_factor_token, say). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A problem the person can fix (checked before asking the server), shown like a server error. */
export class InputProblem extends Error {}

type Listener = (error: ApiError) => void;
const unauthorizedListeners: Listener[] = [];

/** Called whenever the server says the session is missing or revoked (401). */
export function onUnauthorized(listener: Listener): void {
  unauthorizedListeners.push(listener);
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { Accept: richJson } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { ...init.headers, 'Content-Type': 'application/json' };
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'Tiny Cloud cannot be reached. Check your connection and try again.');
  }
  // A public link's 401 (a protected link's grant ran out) says nothing about the visitor's own session.
  const session = !path.startsWith('/shared/');
  if (!response.ok) throw await errorFrom(response.status, () => response.text(), response.headers.get('Retry-After'), session);
  return (await response.json()) as T;
}

export function post<T>(path: string, body?: unknown): Promise<T> {
  return request<T>('POST', path, body ?? {});
}

export function get<T>(path: string): Promise<T> {
  return request<T>('GET', path);
}

/** A POST whose answer is bytes (a download), as a Blob. */
export async function postForBlob(path: string, body: unknown): Promise<Blob> {
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  }).catch(() => {
    throw new ApiError(0, 'Tiny Cloud cannot be reached. Check your connection and try again.');
  });
  if (!response.ok) throw await errorFrom(response.status, () => response.text(), null);
  return response.blob();
}

/** Turns an error answer into words: the envelope's message when there is one, else a description of the status. */
export async function errorFrom(
  status: number,
  readText: () => Promise<string>,
  retryAfter: string | null,
  session = true,
): Promise<ApiError> {
  let message = '';
  let body: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(await readText()) as unknown;
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
    if (typeof body.error === 'string') message = body.error;
  } catch {
    // Not the JSON envelope (a proxy's page, say): describe the status instead.
  }
  if (status === 429 && retryAfter) message = `${message || 'Too many attempts.'} Try again in ${retryAfter} s.`;
  const error = new ApiError(status, message || describeStatus(status), body);
  if (status === 401 && session) unauthorizedListeners.forEach((listener) => listener(error));
  return error;
}

function describeStatus(status: number): string {
  if (status === 401) return 'Your session has ended. Please log in again.';
  if (status === 403) return 'You are not allowed to do that.';
  if (status === 404) return 'That was not found; it may have been moved or deleted.';
  if (status === 413) return 'That is too large.';
  if (status >= 500) return `The server had a problem (${status}). Please try again shortly.`;
  return `The request failed (${status}).`;
}

/** Words for any failure, for showing to a person. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError || error instanceof InputProblem) return error.message;
  if (error instanceof DOMException && error.name === 'AbortError') return 'Cancelled.';
  return 'Something went wrong. Please try again.';
}
