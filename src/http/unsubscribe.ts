// One-click unsubscribe (RFC 8058, OUT-2) at PUBLIC_URL/u/<opaque token>.
//   POST: what a mail client sends for "List-Unsubscribe=One-Click". No cookie, login or admin token is
//         needed (the token is the authority); it takes effect at once and answers 200 with a small
//         page, never a redirect (RFC 8058 §3.2, §4).
//   GET:  what a person (or a link scanner prefetching URLs) gets by following the link in the body: a
//         confirmation page with a button that POSTs. It changes nothing.
import type { Context, Hono } from 'hono';
import { escapeHtml as e } from '../outbound/html.js';
import { applyUnsubscribe, findUnsubscribeToken } from '../store/digests.js';
import type { AppDeps } from './app.js';

const what = { digest: 'the daily digest', all: 'reminders and digests' } as const;

function page(title: string, body: string): string {
  return (
    '<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<meta name="referrer" content="no-referrer"><title>${e(title)}</title>` +
    '<style>body{font-family:system-ui,sans-serif;max-width:520px;margin:48px auto;padding:0 16px;color:#1f2937;line-height:1.5}' +
    'button{font:inherit;padding:10px 18px;border-radius:6px;border:0;background:#1d4ed8;color:#fff;cursor:pointer}</style></head>' +
    `<body><h1 style="font-size:22px">${e(title)}</h1>${body}</body></html>`
  );
}

const noStore = { 'cache-control': 'no-store', 'x-robots-tag': 'noindex' };

function notFound(c: Context) {
  return c.html(page('Link not recognised', '<p>This unsubscribe link is not valid. If you keep getting mail you do not want, reply to it with <strong>unsubscribe</strong>.</p>'), 404, noStore);
}

export function mountUnsubscribe(app: Hono, deps: AppDeps): void {
  app.get('/u/:token', async (c) => {
    const t = await findUnsubscribeToken(deps.db, c.req.param('token'));
    if (!t) return notFound(c);
    const done = t.scope === 'digest' ? !t.digest_enabled : !!t.unsubscribed_at;
    const body = done
      ? `<p>${e(t.email)} no longer gets ${what[t.scope]}.</p>`
      : `<p>Stop sending ${what[t.scope]} to <strong>${e(t.email)}</strong>?</p>` +
        `<form method="post" action="/u/${e(t.token)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`;
    return c.html(page(done ? 'You are unsubscribed' : 'Unsubscribe', body), 200, noStore);
  });

  app.post('/u/:token', async (c) => {
    const result = await applyUnsubscribe(deps.db, c.req.param('token'), deps.clock.now());
    if (!result) return notFound(c);
    deps.log.info({ scope: result.scope }, 'unsubscribed by one-click link');
    return c.html(page('You are unsubscribed', `<p>${e(result.email)} will get no more ${what[result.scope]}. It took effect immediately.</p>`), 200, noStore);
  });
}
