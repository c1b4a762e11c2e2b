import { actionButton, h, replace } from '../dom';
import { base, refresh } from '../router';

export function showMissing(main: HTMLElement): void {
  replace(main,
    h('section', { class: 'card narrow' },
      h('h1', { tabindex: -1 }, 'Page not found'),
      h('p', {}, 'There is nothing at this address.'),
      h('a', { class: 'button primary', href: base, 'data-nav': true }, 'Go to your drive')));
}

/** A page that could not be shown, with the reason in words and a way to try again. */
export function showFailure(main: HTMLElement, message: string): void {
  replace(main,
    h('section', { class: 'card narrow' },
      h('h1', { tabindex: -1 }, 'This page could not be loaded'),
      h('p', { role: 'alert' }, message),
      actionButton('Try again', refresh, { class: 'primary' })));
}
