// Account → Webhooks (up to 5 https endpoints, secret shown once, test, delivery log) and mail notifications.
import { messageOf } from '../api';
import { activity, kindLabels, type Webhook } from '../activity';
import { formDialog, modal, textField, valueOf } from '../dialogs';
import { actionButton, h, replace } from '../dom';
import { formatDate } from '../format';
import { notify, showError } from '../notify';

export function webhooksSection(): HTMLElement {
  const list = h('ul', { class: 'session-list', 'aria-live': 'polite' });
  const render = async () => {
    try {
      const hooks = await activity.webhooks();
      replace(list, ...(hooks.length ? hooks.map((hook) => row(hook, render)) : [h('li', { class: 'muted' }, 'No webhooks.')]));
    } catch (problem) {
      showError(problem, 'Loading your webhooks');
    }
  };
  void render();
  return h('section', { class: 'stack', id: 'webhooks' },
    h('h2', {}, 'Webhooks'),
    h('p', { class: 'muted' }, 'Tiny Cloud POSTs each event to your https endpoints, signed (Standard Webhooks).'),
    list,
    actionButton('Add webhook…', () => addWebhook(render)));
}

async function addWebhook(refresh: () => Promise<void>): Promise<void> {
  let secret = '';
  const kinds = Object.entries(kindLabels).map(([kind, label]) =>
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'event', value: kind }), ` ${label}`));
  const done = await formDialog({
    title: 'Add a webhook',
    submitLabel: 'Add',
    body: [textField('Endpoint URL (https://…)', 'url', '', { type: 'url' }),
      h('fieldset', { class: 'stack' }, h('legend', {}, 'Events (none checked: every event)'), ...kinds)],
    submit: async (form) => {
      // The server decides what may be reached (https only, unless a local run allows loopback) and says why not.
      const url = valueOf(form, 'url').trim();
      const events = [...form.querySelectorAll<HTMLInputElement>('input[name=event]:checked')].map((box) => box.value);
      secret = (await activity.createWebhook(url, events)).secret;
    },
  });
  if (!done) return;
  await refresh();
  await modal<boolean>('Signing secret', (close) => [
    h('p', {}, 'Copy it now: it is shown this once. Your endpoint checks webhook-signature with it.'),
    h('code', { class: 'secret' }, secret),
    h('div', { class: 'dialog-buttons' }, h('button', { type: 'button', class: 'primary', onclick: () => close(true) }, 'Done')),
  ]);
}

function row(hook: Webhook, refresh: () => Promise<void>): HTMLElement {
  const act = (label: string, action: () => Promise<unknown>, success: string) => actionButton(label, async () => {
    try {
      await action();
      notify(success);
      await refresh();
    } catch (problem) {
      showError(problem, label);
    }
  }, { class: 'small' });
  return h('li', { class: 'session', 'data-webhook': hook.webhook_id },
    h('div', { class: 'session-text' },
      h('span', { class: 'session-device' }, hook.url),
      h('span', { class: 'muted' }, `${hook.events.length ? hook.events.map((k) => kindLabels[k] ?? k).join(', ') : 'Every event'}` +
        (hook.enabled ? '' : ` · disabled ${formatDate(hook.disabled_at)} after ${hook.consecutive_failures} failures`))),
    h('span', { class: 'row-actions' },
      act('Send test', () => activity.test(hook.webhook_id), 'A test event is on its way.'),
      actionButton('Deliveries…', () => showDeliveries(hook), { class: 'small' }),
      act(hook.enabled ? 'Disable' : 'Enable', () => activity.setEnabled(hook.webhook_id, !hook.enabled), hook.enabled ? 'Disabled.' : 'Enabled.'),
      act('Delete', () => activity.deleteWebhook(hook.webhook_id), 'The webhook was deleted.')));
}

async function showDeliveries(hook: Webhook): Promise<void> {
  await modal<boolean>('Deliveries', (done) => {
    const list = h('ul', { class: 'activity-list' }, h('li', { class: 'muted' }, 'Loading…'));
    activity.deliveries(hook.webhook_id).then((deliveries) => replace(list, ...(deliveries.length ? deliveries.map((d) =>
      h('li', { class: 'activity' },
        h('span', { class: d.succeeded ? 'badge' : 'badge danger' }, d.status === null ? 'no answer' : String(d.status)),
        h('span', {}, `${kindLabels[d.event_type] ?? d.event_type} · attempt ${d.attempt} · ${d.latency_ms} ms`),
        h('span', { class: 'muted' }, d.error ?? (d.next_attempt_at ? `next attempt ${formatDate(d.next_attempt_at)}` : '')),
        h('time', { class: 'muted', datetime: d.at }, formatDate(d.at)))) : [h('li', { class: 'muted' }, 'No deliveries yet.')])),
    (problem) => replace(list, h('li', { class: 'form-error' }, messageOf(problem))));
    return [list, h('div', { class: 'dialog-buttons' }, h('button', { type: 'button', onclick: () => done(true) }, 'Close'))];
  });
}

export function notificationsSection(): HTMLElement {
  const boxes = h('div', { class: 'stack' }, h('p', { class: 'muted' }, 'Loading…'));
  activity.mailSettings().then((mail) => replace(boxes, ...Object.entries(mail).map(([kind, on]) => {
    const box = h('input', { type: 'checkbox', name: kind, checked: on });
    box.addEventListener('change', async () => {
      try {
        await activity.setMail({ [kind]: box.checked });
      } catch (problem) {
        box.checked = !box.checked;
        showError(problem, 'Saving the setting');
      }
    });
    return h('label', { class: 'check' }, box, ` ${kindLabels[kind] ?? kind}`);
  })), (problem) => showError(problem, 'Loading your mail settings'));
  return h('section', { class: 'stack', id: 'notifications' },
    h('h2', {}, 'Mail notifications'),
    h('p', { class: 'muted' }, 'Mail me when… Downloads and received files: at most one mail per link per hour.'),
    boxes);
}
