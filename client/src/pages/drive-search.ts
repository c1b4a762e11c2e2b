// The drive's search box: matches from all three fields (or one), each opening its folder with the match highlighted.
import { h, replace } from '../dom';
import { formatBytes, formatDate, plural } from '../format';
import { icon } from '../icons';
import { showError } from '../notify';
import { parentOf } from '../paths';
import { driveHref } from '../router';
import { drive } from '../services';
import { type Field, type SearchMatch, fields } from '../types';

const fieldNames: Record<Field, string> = { mere: 'Mere', special: 'Special', temporary: 'Temporary' };

/** The search form, and the slot where its results appear (empty until a search is made). */
export function searchBox(): { form: HTMLFormElement; results: HTMLElement } {
  const results = h('section', { class: 'search-results', 'aria-label': 'Search results', 'aria-live': 'polite', hidden: true });
  const input = h('input', {
    type: 'search', name: 'query', maxlength: 100, placeholder: 'Search files and folders', 'aria-label': 'Search files and folders',
    autocomplete: 'off', enterkeyhint: 'search',
  });
  const scope = h('select', { name: 'field', 'aria-label': 'Where to search' },
    h('option', { value: '' }, 'All fields'), ...fields.map((field) => h('option', { value: field }, `${fieldNames[field]} only`)));
  const clear = () => {
    input.value = '';
    results.hidden = true;
    results.replaceChildren();
  };
  const form = h('form', { class: 'search', role: 'search' }, input, scope, h('button', { type: 'submit' }, 'Search'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = input.value.trim();
    if (query === '') return clear();
    void run(results, query, (scope.value || null) as Field | null, clear);
  });
  input.addEventListener('keydown', (event) => event.key === 'Escape' && clear());
  return { form, results };
}

async function run(results: HTMLElement, query: string, field: Field | null, clear: () => void): Promise<void> {
  const list = h('ul', { class: 'entries' });
  const count = h('p', { class: 'search-count' }, 'Searching…');
  const more = h('div', { class: 'search-more' });
  results.hidden = false;
  results.setAttribute('aria-busy', 'true');
  replace(results, h('div', { class: 'search-head' }, count, h('button', { type: 'button', class: 'small', onclick: clear }, 'Clear')), list, more);
  let shown = 0;
  const load = async (cursor: string | null) => {
    try {
      const page = await drive.search(query, field, cursor);
      if (!results.contains(list)) return; // cleared or searched again meanwhile
      list.append(...page.matches.map(row));
      shown += page.matches.length;
      count.textContent = shown === 0
        ? `Nothing is named like “${query}”${field ? ` in ${fieldNames[field]}` : ''}.`
        : `${plural(shown, 'result')}${page.next_cursor ? ' so far' : ''} for “${query}”`;
      replace(more, page.next_cursor
        ? h('button', { type: 'button', class: 'small', onclick: () => void load(page.next_cursor) }, 'More results')
        : null);
    } catch (error) {
      count.textContent = 'The search failed.';
      showError(error, 'Searching');
    } finally {
      results.removeAttribute('aria-busy');
    }
  };
  await load(null);
}

function row(match: SearchMatch): HTMLElement {
  const folder = parentOf(match.abs_path);
  const where = `${fieldNames[match.file_field]} · ${folder}`;
  return h('li', { class: 'entry search-row', 'data-kind': match.base_type },
    h('a', { class: 'entry-name', href: driveHref(match.file_field, folder, match.name), 'data-nav': true, title: `Show in ${where}` },
      icon(match.base_type === 'folder' ? 'folder' : 'file'), h('span', {}, match.name)),
    h('span', { class: 'entry-where' }, where),
    h('span', { class: 'entry-size' }, match.base_type === 'folder' ? 'Folder' : formatBytes(match.size_bytes)),
    h('span', { class: 'entry-date' }, h('time', { datetime: match.modified_at }, formatDate(match.modified_at))));
}
