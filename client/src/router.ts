// Pages are real URLs below /client/ (the worker answers every one of them with the app), so links, reloads, the back
// button and opening in a new tab all work. A drive location travels in the query: ?field=special&path=/a/b.
import { type Field, isField } from './types';

export type Route =
  | { page: 'drive'; field: Field; path: string; select?: string }
  | { page: 'login' }
  | { page: 'register' }
  | { page: 'links' }
  | { page: 'trash' }
  | { page: 'account' }
  | { page: 'forgot-password' }
  | { page: 'reset-password' }
  | { page: 'verify-email' }
  | { page: 'shared'; userName: string; link: string }
  | { page: 'missing' };

export const base = '/client/';
let render: (route: Route) => void = () => undefined;

export function parse(url: URL): Route {
  if (url.pathname !== '/client' && !url.pathname.startsWith(base)) return { page: 'missing' };
  const parts = url.pathname.slice(base.length).split('/').filter(Boolean).map(decode);
  if (parts.length === 0) {
    const field = url.searchParams.get('field');
    const select = url.searchParams.get('select') || undefined;
    return { page: 'drive', field: isField(field) ? field : 'mere', path: url.searchParams.get('path') || '/', select };
  }
  if (parts.length === 1 && (parts[0] === 'login' || parts[0] === 'register' || parts[0] === 'links' || parts[0] === 'trash')) return { page: parts[0] };
  if (parts.length === 1 && (parts[0] === 'account' || parts[0] === 'forgot-password' || parts[0] === 'reset-password' || parts[0] === 'verify-email'))
    return { page: parts[0] };
  if (parts.length === 3 && parts[0] === 's') return { page: 'shared', userName: parts[1], link: parts[2] };
  return { page: 'missing' };
}

/** A folder of the drive; with <select>, the entry of that name in it is highlighted (a search result, say). */
export function driveHref(field: Field, path = '/', select?: string): string {
  if (field === 'mere' && path === '/' && !select) return base;
  const query = new URLSearchParams(path === '/' ? { field } : { field, path });
  if (select) query.set('select', select);
  return `${base}?${query}`;
}

export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  render(parse(new URL(location.href)));
}

export function refresh(): void {
  render(parse(new URL(location.href)));
}

/** Renders the current URL now and after every in-app navigation: links marked data-nav, back and forward. */
export function startRouter(renderRoute: (route: Route) => void): void {
  render = renderRoute;
  window.addEventListener('popstate', refresh);
  document.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest?.('a[data-nav]');
    if (!(link instanceof HTMLAnchorElement) || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(link.href);
  });
  refresh();
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
