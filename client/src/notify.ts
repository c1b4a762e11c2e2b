// Short messages in a corner: errors in words (never raw JSON), confirmations, and how to go on.
import { messageOf } from './api';
import { h } from './dom';

/** Shows a message; the returned function takes it away early. */
export function notify(message: string, kind: 'info' | 'error' = 'info'): () => void {
  const region = document.getElementById('toasts');
  if (!region) return () => undefined;
  const toast = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, h('p', {}, message));
  toast.append(h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss message', onclick: () => toast.remove() }, '×'));
  region.append(toast);
  setTimeout(() => toast.remove(), kind === 'error' ? 12000 : 5000);
  return () => toast.remove();
}

export function showError(error: unknown, doing?: string): void {
  notify(doing ? `${doing} failed: ${messageOf(error)}` : messageOf(error), 'error');
}
