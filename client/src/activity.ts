// The activity routes: the log, mail notifications, webhooks (docs/API.md "Activity, notifications and webhooks").
import { get, post } from './api';

export interface ActivityEvent {
  event_id: string;
  kind: string;
  at: string;
  path: string | null;
  link: string | null;
  address: string | null;
  user_agent: string | null;
  detail: string | null;
}

export interface Webhook {
  webhook_id: string;
  url: string;
  events: string[];
  enabled: boolean;
  consecutive_failures: number;
  created_at: string;
  disabled_at: string | null;
}

export interface Delivery {
  event_id: string;
  event_type: string;
  attempt: number;
  succeeded: boolean;
  status: number | null;
  error: string | null;
  latency_ms: number;
  at: string;
  next_attempt_at: string | null;
}

export interface ActivityFilter {
  kinds?: string[];
  link?: string;
  cursor?: string | null;
  limit?: number;
}

/** What each kind means, in the words the page shows. */
export const kindLabels: Record<string, string> = {
  'account.signed_in': 'Signed in',
  'account.sign_in_failures': 'Failed sign-ins',
  'account.password_changed': 'Password changed',
  'account.two_factor_enabled': 'Two-factor sign-in on',
  'account.two_factor_disabled': 'Two-factor sign-in off',
  'account.access_token_created': 'Access token created',
  'account.access_token_revoked': 'Access token revoked',
  'file.uploaded': 'Uploaded',
  'file.replaced': 'Replaced',
  'file.copied': 'Copied',
  'entry.deleted': 'Deleted',
  'entry.restored': 'Restored',
  'share.created': 'Link created',
  'share.changed': 'Link changed',
  'share.removed': 'Link removed',
  'link.opened': 'Link opened',
  'link.downloaded': 'Link downloaded',
  'link.file_received': 'File received',
  'quota.above_90': 'Storage above 90 %',
  'webhook.test': 'Webhook test',
};

export const activity = {
  list: (filter: ActivityFilter) =>
    post<{ events: ActivityEvent[]; next_cursor: string | null }>('/api/activity-service/list-activity', filter),
  mailSettings: async () => (await get<{ mail: Record<string, boolean> }>('/api/activity-service/get-notification-settings')).mail,
  setMail: async (mail: Record<string, boolean>) =>
    (await post<{ mail: Record<string, boolean> }>('/api/activity-service/set-notification-settings', { mail })).mail,
  webhooks: async () => (await get<{ webhooks: Webhook[] }>('/api/activity-service/list-webhooks')).webhooks,
  createWebhook: (url: string, events: string[]) =>
    post<{ webhook: Webhook; secret: string }>('/api/activity-service/create-webhook', { url, events }),
  deleteWebhook: (webhook_id: string) => post('/api/activity-service/delete-webhook', { webhook_id }),
  setEnabled: (webhook_id: string, enabled: boolean) => post('/api/activity-service/set-webhook-enabled', { webhook_id, enabled }),
  test: (webhook_id: string) => post<{ event_id: string }>('/api/activity-service/test-webhook', { webhook_id }),
  deliveries: async (webhook_id: string) =>
    (await post<{ deliveries: Delivery[] }>('/api/activity-service/list-webhook-deliveries', { webhook_id })).deliveries,
};
