import { h, replace } from '../dom';
import { base } from '../router';

export function showMissing(main: HTMLElement): void {
  replace(main,
    h('section', { class: 'card narrow' },
      h('h1', { tabindex: -1 }, 'Page not found'),
      h('p', {}, 'There is nothing at this address.'),
      h('a', { class: 'button primary', href: base, 'data-nav': true }, 'Go to your drive')));
}
