// Route groups that authenticate requests themselves (RFC 8058 one-click unsubscribe, signed inbound
// webhooks) and so are mounted before the admin-token check. One entry per feature.
import type { Hono } from 'hono';
import { mountRawWebhook } from '../inbound/raw-webhook.js';
import { mountSesWebhook } from '../inbound/ses-webhook.js';
import type { AppDeps } from './app.js';
import { mountUnsubscribe } from './unsubscribe.js';

export type MountRoutes = (app: Hono, deps: AppDeps) => void;

export const publicRoutes: MountRoutes[] = [
  mountSesWebhook, // POST /inbound/ses (SNS-signed)
  mountRawWebhook, // POST /inbound/raw, /inbound/tick (Worker HMAC)
  mountUnsubscribe, // GET (confirm) and POST (one-click, RFC 8058) /u/<token>
];
