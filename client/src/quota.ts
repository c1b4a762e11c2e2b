// The quota bar: used of the quota, with the numbers in words for everyone.
import { h } from './dom';
import { formatBytes } from './format';
import { accounts } from './services';
import type { User } from './types';

export function quotaBar(user: User): HTMLElement {
  const total = user.quota_bytes;
  const percent = total > 0 ? (user.used_bytes / total) * 100 : 100;
  const text = `${formatBytes(user.used_bytes)} of ${formatBytes(total)} used · ${formatBytes(user.available_bytes)} free`;
  const fill = h('span', { class: 'quota-fill' });
  // Any use at all shows a sliver, so a first small upload visibly moves the bar.
  fill.style.width = `${user.used_bytes > 0 ? Math.max(percent, 0.75) : 0}%`;
  if (percent >= 90) fill.classList.add('quota-high');
  // What the use is made of (files, their earlier versions, the trash), filled in once get-usage answers.
  const split = h('p', { class: 'quota-split muted', hidden: true });
  if (user.used_bytes > 0)
    void accounts.usage().then((usage) => {
      split.textContent = `files ${formatBytes(usage.current_bytes)} · versions ${formatBytes(usage.versions_bytes)} · trash ${formatBytes(usage.trash_bytes)}`;
      split.hidden = false;
    }, () => undefined);
  return h('div', { class: 'quota' },
    h('div', {
      class: 'quota-track', role: 'progressbar', 'aria-label': 'Storage used',
      'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': percent.toFixed(2), 'aria-valuetext': text,
    }, fill),
    h('p', { class: 'quota-text' }, text),
    split);
}
