// A short notice built on the same compiled MJML layout as the digest: a title, a few lines of intro,
// numbered task rows, the reply commands that apply, and the footer. Nudges and confirmations can be
// rendered with it: renderNotice(...) → { html, text }. Everything shown is escaped by the template and
// passed through inboundText() (no URLs, no control characters, capped); links must be under PUBLIC_URL.
import { fillTemplate } from './templates/render.js';
import { inboundText, metaLine, ownLink, textFooter, textSections, type LayoutView, type RowView, type SectionView } from './templates/view.js';

export interface NoticeTask {
  number: number | string | null; // what a reply names it by ("done 2"); null for no number
  title: string;
  /** Short facts shown under the title, e.g. ["due Fri 7 Mar", "2 days late"]. */
  facts?: string[];
  late?: boolean; // show the facts as a warning
  note?: string | null; // quoted text, e.g. a blocked reason
}

export interface NoticeInput {
  publicUrl: string;
  subject: string;
  kicker?: string;
  title: string;
  subtitle?: string | null;
  intro: string[];
  heading?: string | null; // above the task rows
  tasks: NoticeTask[];
  instructions?: { title?: string; lines: { command: string; meaning: string }[] } | null;
  link?: { url: string; label: string } | null;
  footer: { reason: string; unsubscribeUrl?: string | null; unsubscribeLabel?: string };
}

export interface RenderedNotice {
  html: string;
  text: string;
}

export function renderNotice(n: NoticeInput): RenderedNotice {
  const rows: RowView[] = n.tasks.map((t) => ({
    number: t.number === null ? null : inboundText(String(t.number), 6),
    title: inboundText(t.title),
    ...metaLine((t.facts ?? []).map((f) => ({ text: inboundText(f, 120), tone: t.late ? 'late' : '' }))),
    note: t.note ? inboundText(t.note, 300) : null,
  }));
  const sections: SectionView[] = rows.length ? [{ heading: n.heading ?? '', count: null, groups: [{ title: null, rows }] }] : [];
  const url = ownLink(n.publicUrl, n.link?.url);
  const view: LayoutView & Record<string, unknown> = {
    subject: inboundText(n.subject, 200),
    preheader: inboundText(n.intro[0] ?? n.title, 140),
    header: { kicker: n.kicker ?? 'Coordinator', title: inboundText(n.title, 160), subtitle: n.subtitle ? inboundText(n.subtitle, 160) : null },
    intro: n.intro.map((p) => inboundText(p, 1000)),
    sections,
    link: url ? { url, label: inboundText(n.link!.label, 80) } : null,
    instructions: n.instructions?.lines.length
      ? { title: n.instructions.title ?? 'Reply to this email, one command per line:', lines: n.instructions.lines.map((l) => ({ command: inboundText(l.command, 60), meaning: inboundText(l.meaning, 120) })) }
      : null,
    footer: {
      reason: inboundText(n.footer.reason, 300),
      unsubscribeUrl: ownLink(n.publicUrl, n.footer.unsubscribeUrl),
      unsubscribeLabel: n.footer.unsubscribeLabel ?? 'Unsubscribe',
    },
  };
  const html = fillTemplate('notice', view);
  const text = [
    `${view.header.title}`,
    ...(view.header.subtitle ? [view.header.subtitle] : []),
    ...(view.intro as string[]).flatMap((p) => ['', p]),
    ...textSections(sections.map((s) => ({ ...s, heading: s.heading || 'Tasks' }))),
    ...(url ? ['', `${inboundText(n.link!.label, 80)}: ${url}`] : []),
    ...textFooter(view),
  ].join('\n');
  return { html, text: text + '\n' };
}
