// The admin API listens on loopback, but a browser on the same machine can still be made to reach it:
// a page on another site can POST a form or text/plain body (no CORS preflight), and a hostname that
// resolves to 127.0.0.1 (DNS rebinding) makes the browser treat our responses as that site's, so it
// could read /api/outbox/:id/raw and the reply tokens in it. Three checks close that: the Host header
// must name us, a browser's Origin must be ours, and a request with a body must be JSON.
import type { MiddlewareHandler } from 'hono';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function hostname(host: string): string {
  const h = host.trim().toLowerCase();
  return h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d+$/, '');
}

export function adminGuard(publicUrl: string): MiddlewareHandler {
  const ours = new Set(LOOPBACK);
  try {
    ours.add(new URL(publicUrl).hostname.toLowerCase());
  } catch {
    // no usable public URL: loopback names only
  }
  const refuse = (status: 403 | 415 | 421, code: string, message: string) => new Response(JSON.stringify({ error: { code, message } }), { status, headers: { 'content-type': 'application/json' } });
  return async (c, next) => {
    if (c.req.path === '/health') return next(); // probes use whatever address they reach us by; it holds no data
    const host = c.req.header('host');
    if (host && !ours.has(hostname(host)))
      return refuse(421, 'WRONG_HOST', `requests must name this service (${[...ours].join(', ')}), not ${host}; set PUBLIC_URL to the name you use`);
    const origin = c.req.header('origin');
    if (origin && origin !== 'null' && !ours.has(hostname(origin.replace(/^[a-z]+:\/\//i, '')))) return refuse(403, 'CROSS_ORIGIN', `requests from ${origin} are refused`);
    if (origin === 'null') return refuse(403, 'CROSS_ORIGIN', 'requests from an opaque origin are refused');
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
      const type = c.req.header('content-type');
      const length = c.req.header('content-length');
      const hasBody = !!type || (length !== undefined && length !== '0') || !!c.req.header('transfer-encoding');
      if (hasBody && !/^application\/json\s*(?:;|$)/i.test(type ?? '')) return refuse(415, 'JSON_ONLY', 'the admin API takes JSON bodies only (Content-Type: application/json)');
    }
    await next();
  };
}
