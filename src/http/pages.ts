// Small server-rendered pages: the captured outbox and a project's status. Everything is escaped; an
// email's HTML is shown only inside a sandboxed iframe with scripts disabled.
import { escapeHtml as e } from '../outbound/html.js';
import type { OutboxRow, Project } from '../store/schema.js';

const layout = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
  `<title>${e(title)}</title><style>body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:960px}` +
  `table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:6px 8px;border-bottom:1px solid #eee;vertical-align:top}` +
  `pre{white-space:pre-wrap;background:#f7f7f7;padding:12px;border-radius:6px}iframe{width:100%;height:480px;border:1px solid #ddd}</style></head>` +
  `<body><nav><a href="/outbox">Outbox</a> · <a href="/api/projects">Projects (JSON)</a></nav>${body}</body></html>`;

type ListRow = Pick<OutboxRow, 'id' | 'subject' | 'status' | 'kind' | 'created_at'> & { to: unknown };

export function outboxListPage(rows: ListRow[]): string {
  const tr = rows
    .map(
      (r) =>
        `<tr><td>${r.id}</td><td><a href="/outbox/${r.id}">${e(r.subject)}</a></td><td>${e((r.to as string[]).join(', '))}</td>` +
        `<td>${e(r.kind)}</td><td>${e(r.status)}</td><td>${e(new Date(r.created_at).toISOString())}</td></tr>`,
    )
    .join('');
  return layout('Outbox', `<h1>Outbox</h1><p>${rows.length} message(s). Nothing here left this machine unless SMTP_URL is set.</p>` +
    `<table><tr><th>#</th><th>Subject</th><th>To</th><th>Kind</th><th>Status</th><th>Created</th></tr>${tr}</table>`);
}

export function outboxMessagePage(r: OutboxRow): string {
  const headers = Object.entries(r.headers as Record<string, string>).map(([k, v]) => `${k}: ${v}`).join('\n');
  return layout(r.subject, `<h1>${e(r.subject)}</h1>` +
    `<p>To: ${e((r.to as string[]).join(', '))}${(r.cc as string[]).length ? ` · Cc: ${e((r.cc as string[]).join(', '))}` : ''} · Status: ${e(r.status)} · <a href="/api/outbox/${r.id}/raw">raw .eml</a></p>` +
    `<pre>Message-ID: &lt;${e(r.message_id)}&gt;${r.in_reply_to ? `\nIn-Reply-To: &lt;${e(r.in_reply_to)}&gt;` : ''}\n${e(headers)}</pre>` +
    (r.html ? `<h2>HTML</h2><iframe sandbox="" srcdoc="${e(r.html)}"></iframe>` : '') +
    `<h2>Text</h2><pre>${e(r.text)}</pre>`);
}

interface MemberRow { email: string; display_name: string; role: string }
interface TaskRow { number: number; title: string; status: string; due_date: string | null; owner_email: string | null; owner_display_name: string | null; owner_name: string | null; confidence?: number | null; evidence?: string | null }

/** The words a task was read from, and how sure the engine was, under its title. */
const evidence = (t: TaskRow) =>
  t.evidence || typeof t.confidence === 'number'
    ? `<br><small style="color:#666">${t.evidence ? `“${e(t.evidence)}”` : ''}${typeof t.confidence === 'number' ? ` (confidence ${Math.round(t.confidence * 100)}%)` : ''}</small>`
    : '';

export function projectPage(p: Project, members: MemberRow[], tasks: TaskRow[]): string {
  const done = tasks.filter((t) => t.status === 'done').length;
  const rows = tasks
    .map((t) => `<tr><td>${t.number}</td><td>${e(t.title)}${evidence(t)}</td><td>${e(t.owner_display_name || t.owner_email || t.owner_name || '—')}</td>` +
      `<td>${e(t.due_date ?? '—')}</td><td>${e(t.status)}</td></tr>`)
    .join('');
  const state = p.status === 'draft' ? ' · <strong>waiting for the sender to confirm the plan</strong>' : p.status === 'cancelled' ? ' · cancelled' : '';
  return layout(p.name, `<h1>${e(p.name)}</h1><p>${done} of ${tasks.length} done${state} · ` +
    `people: ${members.map((m) => e(m.display_name ? `${m.display_name} <${m.email}>` : m.email) + (m.role === 'lead' ? ' (lead)' : '')).join(', ')}</p>` +
    `<table><tr><th>#</th><th>Task</th><th>Owner</th><th>Due</th><th>Status</th></tr>${rows}</table>`);
}
