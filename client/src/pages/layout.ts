// The frame of every page: the site bar (with the account menu when logged in) and <main>.
import { h, replace } from '../dom';
import { icon } from '../icons';
import { base } from '../router';
import type { User } from '../types';
import { accountMenu } from './account';

export function renderLayout(user: User | null): HTMLElement {
  const app = document.getElementById('app')!;
  const main = h('main', { id: 'main', class: 'main' });
  const nav = user
    ? h('nav', { class: 'site-nav', 'aria-label': 'Main' },
        navLink('Drive', base, location.pathname === base),
        navLink('My links', `${base}links`, location.pathname === `${base}links`),
        navLink('Trash', `${base}trash`, location.pathname === `${base}trash`))
    : null;
  replace(app,
    h('header', { class: 'site-bar' },
      h('a', { class: 'brand', href: base, 'data-nav': true }, icon('cloud', 'brand-icon'), 'Tiny Cloud'),
      nav,
      user ? accountMenu(user) : loginLink()),
    main);
  return main;
}

function navLink(label: string, href: string, current: boolean): HTMLAnchorElement {
  return h('a', { href, 'data-nav': true, 'aria-current': current ? 'page' : null }, label);
}

function loginLink(): HTMLElement | null {
  const onAuthPage = location.pathname === `${base}login` || location.pathname === `${base}register`;
  return onAuthPage ? null : h('a', { class: 'site-login', href: `${base}login`, 'data-nav': true }, 'Log in');
}
