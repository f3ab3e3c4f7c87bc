// Raw RFC 5322 bytes → ParsedEmail. Never throws on malformed input (falls back to a best-effort empty
// message); throws ParseLimitError for MIME-1 limit violations only.
import { cellMarksToTabs } from './linear-text.js';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { compile, type HtmlToTextOptions } from 'html-to-text';
import type { Address, CalendarPart, ParsedEmail, ParseLimits } from './types.js';
import { classifyAutomated } from './automated.js';
import { cleanInvisible, parseAddressList, splitBody } from './quotes.js';
import { plainMatchesHtml, visibleHtml } from './visible-html.js';

export { classifyAutomated, isMachineSender, unwrapLocalPart, isOooSubject, isOooBody } from './automated.js';
export type { AutomatedFacts } from './automated.js';
export { splitBody, parseAddressList, cleanInvisible } from './quotes.js';

export const defaultLimits: ParseLimits = { maxBytes: 25 * 1024 * 1024, maxDepth: 20, maxParts: 1000 };

export class ParseLimitError extends Error {
  code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ParseLimitError';
    this.code = code;
  }
}

interface MimeScan {
  depth: number;
  parts: number;
  reportType: string | null;
  hasTextPlain: boolean;
  calendarMethod: string | null;
}

/** Cheap structural scan of boundary lines and Content-Type headers, before the real parse. */
export function scanMime(raw: string): MimeScan {
  const res: MimeScan = { depth: 0, parts: 1, reportType: null, hasTextPlain: false, calendarMethod: null };
  const open: string[] = [];
  const ctRe = /^content-type:[ \t]*([^;\r\n]+)((?:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*))/gim;
  for (const m of raw.matchAll(ctRe)) {
    const type = m[1]!.trim().toLowerCase();
    const params = m[2] ?? '';
    if (type === 'text/plain') res.hasTextPlain = true;
    if (type === 'multipart/report' && !res.reportType) {
      const rt = params.match(/report-type\s*=\s*"?([\w-]+)"?/i);
      res.reportType = rt ? rt[1]!.toLowerCase() : 'unknown';
    }
    if (type === 'text/calendar' && !res.calendarMethod) {
      const mm = params.match(/method\s*=\s*"?(\w+)"?/i);
      if (mm) res.calendarMethod = mm[1]!.toUpperCase();
    }
    if (type.startsWith('multipart/')) {
      const b = params.match(/boundary(?:\*\d{0,3}\*?)?\s*=\s*(?:"([^"]+)"|([^;\s]+))/i);
      if (b && !/^boundary\*/i.test(b[0])) open.push(b[1] ?? b[2]!);
      else if (b) res.depth++; // an RFC 2231 spelling (boundary*0=, boundary*=) nests just the same
    }
  }
  // depth ≈ number of distinct boundaries that are actually used; parts = delimiter lines
  const used = new Set<string>();
  let parts = 0;
  const lines = raw.split(/\r?\n/);
  const bset = new Set(open);
  for (const l of lines) {
    if (!l.startsWith('--')) continue;
    const b = l.slice(2).replace(/--\s*$/, '').trimEnd();
    if (bset.has(b)) {
      used.add(b);
      if (!l.trimEnd().endsWith('--') || l.slice(2).trimEnd() === b) parts++;
    }
  }
  // every nesting form counts toward one depth: multiparts in use and embedded messages
  res.depth += used.size + (raw.match(/^content-type:[ \t]*message\/(?:rfc822|global)\b/gim)?.length ?? 0);
  res.parts = Math.max(1, parts);
  return res;
}

function toAddresses(v: AddressObject | AddressObject[] | undefined): Address[] {
  if (!v) return [];
  const list = Array.isArray(v) ? v : [v];
  const out: Address[] = [];
  const walk = (items: { address?: string; name?: string; group?: unknown[] }[]) => {
    for (const a of items) {
      if (a.group) walk(a.group as typeof items);
      else if (a.address && /^[^@\s]+@[^@\s]+$/.test(a.address))
        out.push({ address: a.address.toLowerCase(), name: cleanInvisible(a.name ?? '').trim() });
    }
  };
  for (const o of list) walk(o.value as never);
  return out;
}

function stripBrackets(s: string | undefined | null): string | null {
  if (!s) return null;
  const t = s.trim().replace(/^<|>$/g, '').trim();
  return t || null;
}

/** Remove what a reader never sees (LLM-2): comments, hidden elements, zero-size or invisible text. */
export function stripHiddenHtml(html: string): string {
  return visibleHtml(html).html;
}

/** In a data table (innermost, every row two or more short cells), paragraphs and line breaks inside a cell
 * (Outlook writes each cell as a <p class=MsoNormal>) become spaces so that one row stays on one line. */
function flattenDataTableCells(html: string): string {
  return html.replace(/<table\b[^>]*>(?:(?!<table\b)[\s\S])*?<\/table\s*>/gi, (table) => {
    const rows = table.match(/<tr\b[\s\S]*?<\/tr\s*>/gi) ?? [];
    if (rows.length < 2) return table;
    for (const r of rows) {
      const cells = r.match(/<t[dh]\b[^>]*>[\s\S]*?<\/t[dh]\s*>/gi) ?? [];
      if (cells.length < 2) return table;
      for (const c of cells) if (/<(?:li|ul|ol)\b/i.test(c) || c.replace(/<[^>]+>/g, '').length > 300) return table;
    }
    return table.replace(/<t([dh])\b([^>]*)>([\s\S]*?)<\/t\1\s*>/gi, (_m, t: string, attrs: string, inner: string) =>
      `<t${t}${attrs}>${inner.replace(/<\/?(?:p|div|h[1-6]|blockquote)\b[^>]*>|<br\s*\/?>/gi, ' ')}</t${t}>`);
  });
}

// html-to-text compiles its options into a converter; building it once (when the first HTML arrives), not per
// message, saves a third of the conversion's time
const TO_TEXT_OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'table', format: 'block' },
    { selector: 'tbody', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'thead', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'tfoot', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'tr', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'td', format: 'inline' },
    { selector: 'th', format: 'inline' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'ul', options: { itemPrefix: '- ' } },
    { selector: 'style', format: 'skip' },
    { selector: 'head', format: 'skip' },
  ],
};
let converter: ((html: string) => string) | undefined;
const toText = (html: string) => (converter ??= compile(TO_TEXT_OPTIONS))(html);

export function htmlToText(html: string, visible = false): string {
  // keep table cells apart so table-shaped briefs survive, and mark blockquotes as quotes
  // (a private-use mark survives html-to-text's whitespace collapsing; it becomes a tab afterwards)
  const pre = flattenDataTableCells(visible ? html : stripHiddenHtml(html)).replace(/<\/t([dh])\s*>/gi, ' \uE000</t$1>');
  const text = toText(pre);
  return cellMarksToTabs(text, '\uE000');
}

const FORWARD_SUBJECT = /^\s*(?:(?:re|aw|sv|antw)\s*:\s*)*(?:fwd?|fw|wg|tr|rv|enc|i|doorst|vs|vl)\s*:/i;

function offsetFromDateHeader(v: string | null): number | null {
  if (!v) return null;
  const m = v.match(/([+-])(\d{2}):?(\d{2})\s*(?:\([^)]*\)\s*)?$/) ?? v.match(/\s([+-])(\d{2}):?(\d{2})\b/);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  if (/\b(?:GMT|UT|UTC|Z)\s*$/i.test(v)) return 0;
  const zones: Record<string, number> = { EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420 };
  const z = v.match(/\b([ECMP][SD]T)\s*$/);
  return z ? zones[z[1]!]! : null;
}

export async function parseEmail(raw: Buffer | string, limits?: Partial<ParseLimits>): Promise<ParsedEmail> {
  const lim = { ...defaultLimits, ...(limits ?? {}) };
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
  if (size > lim.maxBytes) throw new ParseLimitError('MIME_TOO_LARGE', `message is ${size} bytes, over the ${lim.maxBytes}-byte limit`);
  const rawStr = typeof raw === 'string' ? raw : raw.toString('latin1');
  const scan = scanMime(rawStr);
  if (scan.depth > lim.maxDepth) throw new ParseLimitError('MIME_TOO_DEEP', `MIME nesting depth ${scan.depth} is over the limit of ${lim.maxDepth}`);
  if (scan.parts > lim.maxParts) throw new ParseLimitError('MIME_TOO_MANY_PARTS', `${scan.parts} MIME parts is over the limit of ${lim.maxParts}`);

  let mail: ParsedMail | null = null;
  try {
    mail = (await simpleParser(typeof raw === "string" ? Buffer.from(raw, "utf8") : raw, {
      skipImageLinks: true,
      skipTextToHtml: true,
      // without a text/plain part mailparser's own HTML-to-text result is never used (the visible HTML is
      // converted below), and it was the slowest step of parsing such a message
      skipHtmlToText: !scan.hasTextPlain,
      maxHtmlLengthToParse: 5 * 1024 * 1024,
    } as never)) as unknown as ParsedMail;
  } catch {
    mail = null;
  }

  const headers: Record<string, string[]> = {};
  for (const hl of mail?.headerLines ?? []) {
    const idx = hl.line.indexOf(':');
    const value = (idx >= 0 ? hl.line.slice(idx + 1) : '').replace(/\r?\n[ \t]+/g, ' ').trim();
    (headers[hl.key.toLowerCase()] ??= []).push(value);
  }

  const subject = cleanInvisible(mail?.subject ?? '').trim();
  const html = typeof mail?.html === 'string' ? cleanInvisible(mail.html) : null;
  let text = '';
  // The text/plain alternative reads best, but clients show the HTML: it is used only when it says no
  // more than the HTML visibly does (a command in the plain part alone is hidden from the reader).
  const seen = html ? stripHiddenHtml(html) : null; // what a reader sees: the only HTML anything reads
  const shown = seen !== null ? htmlToText(seen, true) : null;
  if (scan.hasTextPlain && mail?.text && (shown === null || plainMatchesHtml(mail.text, shown))) text = mail.text;
  else if (shown !== null) text = shown;
  else text = mail?.text ?? '';
  text = cleanInvisible(text).replace(/\r\n?/g, '\n');

  const from = toAddresses(mail?.from)[0] ?? null;
  const sender = toAddresses(mail?.headers.get('sender') as AddressObject | undefined)[0] ?? null;

  // calendar part: mailparser exposes text/calendar parts as attachments
  let calendar: CalendarPart | null = null;
  const attachments: ParsedEmail['attachments'] = [];
  for (const a of mail?.attachments ?? []) {
    // a broken part (e.g. "Content-Type: ; name=logo.png") has no usable type: it is kept as bytes, and
    // the rest of the message is read as usual
    const ct = typeof a.contentType === 'string' && a.contentType.trim() ? a.contentType.toLowerCase() : 'application/octet-stream';
    if ((ct === 'text/calendar' || ct === 'application/ics' || /\.ics$/i.test(a.filename ?? '')) && !calendar) {
      const ics = a.content.toString('utf8');
      const m = ics.match(/^METHOD:(\S+)/im);
      calendar = { method: m ? m[1]!.toUpperCase() : scan.calendarMethod, ics };
    }
    attachments.push({ filename: a.filename ?? null, contentType: ct, size: a.size ?? a.content.length });
  }
  if (!calendar && scan.calendarMethod) calendar = { method: scan.calendarMethod, ics: '' };

  const forwardMode = FORWARD_SUBJECT.test(subject);
  const split = splitBody(text, forwardMode);

  const dateHeader = headers['date']?.[0] ?? null;
  const returnPath = headers['return-path']?.[0] ?? null;
  const automated = classifyAutomated(headers, {
    subject,
    fromAddress: from?.address ?? null,
    returnPath,
    reportType: scan.reportType,
    calendarMethod: calendar?.method ?? null,
    body: split.newText || text,
    text,
    fromRaw: headers['from']?.[0] ?? null,
    hasEmbeddedMessage: attachments.some((a) => /^(?:message\/rfc822|text\/rfc822-headers|message\/global)/.test(a.contentType)) || /^content-type:\s*(?:message\/rfc822|text\/rfc822-headers)/im.test(rawStr),
  });

  const refs = (headers['references'] ?? []).join(' ').match(/<[^<>]+>/g) ?? [];
  return {
    messageId: stripBrackets(mail?.messageId ?? headers['message-id']?.[0]),
    inReplyTo: stripBrackets((mail?.inReplyTo ?? headers['in-reply-to']?.[0] ?? '').match(/<[^<>]+>/)?.[0] ?? mail?.inReplyTo),
    references: refs.map((r) => r.slice(1, -1).trim()),
    subject,
    date: mail?.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    dateOffsetMinutes: offsetFromDateHeader(dateHeader),
    from,
    sender,
    replyTo: toAddresses(mail?.replyTo),
    to: toAddresses(mail?.to),
    cc: toAddresses(mail?.cc),
    headers,
    text,
    html,
    newText: split.newText,
    forwarded: split.forwarded,
    automated,
    calendar,
    attachments,
    quotedText: split.quoted,
    sections: split.sections,
    mailtoLinks: seen ? mailtoLinks(seen) : [],
    hasQuote: split.hadQuote,
  };
}

export { parseAddressList as parseAddresses };

function mailtoLinks(html: string): Address[] {
  const out: Address[] = [];
  for (const m of html.matchAll(/<a\b[^>]*href\s*=\s*["']mailto:([^"'?>\s]+)[^>]*>([\s\S]*?)<\/a>/gi)) {
    const address = decodeURIComponent(m[1]!).toLowerCase();
    const name = m[2]!.replace(/<[^>]+>/g, '').replace(/&[#\w]+;/g, ' ').trim();
    if (/^[^@\s]+@[^@\s]+$/.test(address)) out.push({ address, name });
  }
  return out;
}
