// Modal dialogs on the native <dialog>: focus moves in, Escape cancels, focus returns to where it was.
import { messageOf } from './api';
import { type Child, h, replace } from './dom';

let nextId = 0;

/** Opens a dialog; build() gets done(), which closes it with a value (null = cancelled). */
export function modal<T>(title: string, build: (done: (value: T | null) => void) => Child[]): Promise<T | null> {
  return new Promise((resolve) => {
    const titleId = `dialog-title-${++nextId}`;
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId });
    const opener = document.activeElement;
    let settled = false;
    const done = (value: T | null) => {
      if (settled) return;
      settled = true;
      dialog.close();
      dialog.remove();
      resolve(value);
      // The browser cannot give focus back to a button that is disabled while its action runs; do it once it is not.
      setTimeout(() => {
        if (!(opener instanceof HTMLElement) || !opener.isConnected || (document.activeElement ?? document.body) !== document.body) return;
        // A choice in a menu that has closed since: its menu button instead.
        const menu = opener.closest('details:not([open])');
        (menu?.querySelector('summary') ?? opener).focus();
      });
    };
    dialog.addEventListener('close', () => done(null));
    replace(dialog, h('h2', { id: titleId }, title), ...build(done));
    document.body.append(dialog);
    dialog.showModal();
  });
}

export interface FormDialog {
  title: string;
  submitLabel: string;
  danger?: boolean;
  body: Child[];
  /** Runs on submit; a thrown error is shown in the dialog, which stays open for another try. */
  submit: (form: HTMLFormElement) => Promise<void> | void;
}

/** A dialog around a form; resolves true once submit() succeeded, false when cancelled. */
export async function formDialog(options: FormDialog): Promise<boolean> {
  const result = await modal<boolean>(options.title, (done) => {
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const submit = h('button', { type: 'submit', class: options.danger ? 'danger' : 'primary' }, options.submitLabel);
    const form = h('form', { class: 'stack', novalidate: true }, ...options.body, error,
      h('div', { class: 'dialog-buttons' },
        h('button', { type: 'button', onclick: () => done(false) }, 'Cancel'),
        submit));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      submit.disabled = true;
      error.hidden = true;
      try {
        await options.submit(form);
        done(true);
      } catch (problem) {
        error.textContent = messageOf(problem);
        error.hidden = false;
      } finally {
        submit.disabled = false;
      }
    });
    return [form];
  });
  return result === true;
}

/** A labelled text input for a form dialog. */
export function textField(label: string, name: string, value = '', attrs: Record<string, string> = {}): Child {
  const id = `field-${name}-${++nextId}`;
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('input', { id, name, value, autocomplete: 'off', spellcheck: 'false', ...attrs }));
}

export function valueOf(form: HTMLFormElement, name: string): string {
  const input = form.elements.namedItem(name);
  return input instanceof HTMLInputElement || input instanceof HTMLSelectElement ? input.value : '';
}
