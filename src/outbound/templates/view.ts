// The shapes the compiled templates are filled with (emails/*.mjml), and the rules for putting text from
// mail into them. Everything a person or a message wrote (task titles, blocked reasons, names, project
// names) passes through inboundText(): length-capped, single line, no control characters, and no URLs
// (LLM-3: a digest links only to our own origin; mail clients turn bare URLs into links, so they are
// replaced, not just escaped). Escaping for HTML is the template engine's job ({{value}}).

export type Tone = '' | 'late' | 'ok';

export interface MetaView {
  text: string;
  tone: Tone;
}

export interface RowView {
  number: string | null; // the handle for a reply command ("done 2"); null for rows nothing can act on
  title: string;
  meta: string; // one line of facts ("Ravi Menon · due Mon 3 Mar, 7 days late"), '' for none
  tone: Tone; // 'late' shows the facts as a warning
  note: string | null; // quoted text, e.g. the reason someone gave for being blocked
}

/** A row's facts joined into its one line, warning tone when any fact is one. */
export function metaLine(meta: MetaView[]): { meta: string; tone: Tone } {
  return { meta: meta.map((m) => m.text).join(' · '), tone: meta.some((m) => m.tone === 'late') ? 'late' : meta.some((m) => m.tone === 'ok') ? 'ok' : '' };
}

export interface GroupView {
  title: string | null;
  rows: RowView[];
}

export interface SectionView {
  heading: string;
  count: number | null;
  groups: GroupView[];
}

export interface InstructionsView {
  title: string;
  lines: { command: string; meaning: string }[];
}

export interface FooterView {
  reason: string;
  unsubscribeUrl: string | null;
  unsubscribeLabel: string;
}

export interface HeaderView {
  kicker: string;
  title: string;
  subtitle: string | null;
}

export interface LayoutView {
  subject: string;
  preheader: string;
  header: HeaderView;
  instructions: InstructionsView | null;
  footer: FooterView;
}

const URL_LIKE = /\b(?:[a-z][a-z0-9+.-]{1,15}:\/\/|www\.|data:|javascript:|mailto:)[^\s<>"')\]]*/gi;
const MARKDOWN_LINK = /!?\[([^\]]{0,200})\]\([^)]*\)/g;
// C0/C1 controls, bidi overrides and zero-width characters (they can hide or reorder text).
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** Text that came from mail, made safe to show as one line of at most `max` characters. */
const SUSPECT = /[:[\]\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|www\.|\s\s/i;

export function inboundText(s: string | null | undefined, max = 200): string {
  if (!s) return '';
  if (s.length <= max && !SUSPECT.test(s)) return s.trim(); // the common case: plain words
  let t = s.replace(MARKDOWN_LINK, '$1').replace(URL_LIKE, '[link removed]').replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  if (t.length > max) t = t.slice(0, max - 1).trimEnd() + '…';
  return t;
}

/** A link we may put in an email: only under our own public URL (LLM-3). Anything else is dropped. */
export function ownLink(publicUrl: string, url: string | null | undefined): string | null {
  if (!url) return null;
  const base = publicUrl.replace(/\/$/, '');
  return url === base || url.startsWith(base + '/') ? url : null;
}

/** Plain-text rendering of a row list, shared by the digest and notice text parts. */
export function textRows(rows: RowView[], indent = '  '): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const head = r.number ? `${r.number}.` : '-';
    out.push(`${indent}${head} ${r.title}`);
    const pad = indent + ' '.repeat(head.length + 1);
    if (r.meta) out.push(pad + r.meta);
    if (r.note) out.push(`${pad}"${r.note}"`);
  }
  return out;
}

export function textSections(sections: SectionView[]): string[] {
  const out: string[] = [];
  for (const s of sections) {
    out.push('', `${s.heading}${s.count ? ` (${s.count})` : ''}`);
    for (const g of s.groups) {
      if (g.title) out.push(`  ${g.title}`);
      out.push(...textRows(g.rows, g.title ? '    ' : '  '));
    }
  }
  return out;
}

export function textFooter(v: Pick<LayoutView, 'instructions' | 'footer'>): string[] {
  const out: string[] = [];
  if (v.instructions) {
    const width = Math.max(...v.instructions.lines.map((l) => l.command.length));
    out.push('', v.instructions.title, ...v.instructions.lines.map((l) => `  ${l.command.padEnd(width)}   ${l.meaning}`));
  }
  out.push('', '-- ', v.footer.reason);
  if (v.footer.unsubscribeUrl) out.push(`${v.footer.unsubscribeLabel}: ${v.footer.unsubscribeUrl}`);
  return out;
}
