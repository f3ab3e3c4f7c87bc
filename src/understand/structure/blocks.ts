// Segmentation of a message's new text into blocks: greeting lines, list items (with their "Owner:" /
// "Due:" continuation lines), table rows read through their header, and paragraphs. Task extraction reads
// each block on its own, so that a table or a list is understood by its layout, not by its wording.
import { alternation, headerWords, words } from '../lexicon/index.js';
import type { People } from '../people.js';
import { namesLine, ownerSegment, sentenceAfterName } from '../owners.js';
import { tableRows, splitCells, type Row } from './tables.js';

export type Block =
  | { kind: 'greeting'; text: string }
  | { kind: 'item'; text: string; owner?: string; due?: string; status?: string }
  | { kind: 'row'; row: Row; text: string }
  | { kind: 'para'; text: string };

export const LIST_MARKER = /^\s*(?:[-*•◦▪·‣○]|\(?\d{1,2}[.)]|\(?[a-z][.)]|\d{1,2}\s*[–—-])\s+/iu;

const SIGNOFF = new RegExp(`^${alternation(words('signoffs'))}\\b[^.?]{0,30}$`, 'iu');
const GREETING = new RegExp(`^${alternation(words('greetings'))}\\b[^.?!]{0,40}[,:!]?$|^${alternation(words('groups'))}\\s*[,:!]$`, 'iu');
const FIELD = (key: 'owner' | 'due' | 'status') => new RegExp(`^\\s*${alternation(headerWords(key))}\\s*:\\s*(.+)$`, 'iu');
const OWNER_FIELD = FIELD('owner');
const DUE_FIELD = FIELD('due');
const STATUS_FIELD = FIELD('status');
// "Action: Book the venue" opening a block of "Owner: …" / "Deadline: …" lines
const ITEM_FIELD = new RegExp(`^\\s*${alternation(headerWords('item'))}\\s*:\\s*(.+)$`, 'iu');

const foldLine = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '');

/** A line that closes the message: "Thanks,", "Kind regards", "Danke!" — everything after is signature. */
export function isSignoff(line: string): boolean {
  const l = foldLine(line.trim());
  return l.length < 45 && SIGNOFF.test(l);
}

export function isGreeting(line: string): boolean {
  const l = foldLine(line.trim());
  return l.length < 50 && GREETING.test(l);
}

/** A line that is one item of work by its shape: a bullet or number, initials tags, or an owner then an arrow/colon/dash. */
function itemLine(raw: string, people: People): boolean {
  if (LIST_MARKER.test(raw)) return true;
  const l = raw.trim();
  if (/^\[[\p{Lu}]{2,3}\]/u.test(l)) return true;
  if (/^@[\p{L}]/u.test(l)) return true;
  const arrow = l.split(/\s*(?:→|->|=>|⇒|➜|➡)\s*/u);
  if (arrow.length === 2 && (ownerSegment(arrow[0]!, people) || ownerSegment(arrow[1]!.replace(/[,;].*$/, ''), people))) return true;
  // "venue - Raj - May 20": a known person between dashes after the work
  const segs = l.split(/\s[–—-]\s/u);
  if (segs.length >= 2 && !/[.!?]/.test(segs[0]!) && segs[0]!.split(/\s+/).length <= 8 && !sentenceAfterName(segs[0]!) && segs.slice(1).some((x) => people.find(x.replace(/,.*$/, '').trim()))) return true;
  // a team-list entry ("Lena Ortiz (lena@x.com) – sponsor") introduces a person, not work
  if (l.includes('@') && /[^\s()<>@]{1,64}@[^\s()<>]{1,253}\.\w/.test(l)) return false;
  const lead = l.match(/^([^:–—]{1,40}?)\s*(?::|\s[–—-]\s)\s*(\S.*)$/u);
  if (lead && !sentenceAfterName(lead[2]!)) {
    const who = ownerSegment(lead[1]!, people);
    if (who && who.length && who.every((w) => people.find(w) || people.findInitials(w) || /^(?:me|you|i)$/i.test(w))) return true;
  }
  return false;
}

export function segment(text: string, people: People): Block[] {
  const lines = text.split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) if (isSignoff(lines[i]!)) { end = i; break; }
  const body = lines.slice(0, end);
  const out: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) out.push({ kind: 'para', text: para.join(' ').replace(/\s+/g, ' ').trim() });
    para = [];
  };
  for (let i = 0; i < body.length; i++) {
    const raw = body[i]!;
    const l = raw.trim();
    if (!l) { flush(); continue; }
    if (isGreeting(l) || namesLine(l, people).length) { flush(); out.push({ kind: 'greeting', text: l }); continue; }
    if (splitCells(raw)) {
      const t = tableRows(body, i);
      if (t) {
        flush();
        for (const row of t.rows) out.push({ kind: 'row', row, text: row.raw });
        i = t.end - 1;
        continue;
      }
    }
    const fielded = l.match(ITEM_FIELD);
    const opensFields = fielded && i + 1 < body.length && (OWNER_FIELD.test(body[i + 1]!) || DUE_FIELD.test(body[i + 1]!));
    if (opensFields || itemLine(raw, people)) {
      flush();
      const item: Extract<Block, { kind: 'item' }> = { kind: 'item', text: opensFields ? fielded[1]!.trim() : l.replace(LIST_MARKER, '') };
      // continuation lines: "  Owner: Osman", "  Due: 3/27", or indented wrapped text
      while (i + 1 < body.length) {
        const next = body[i + 1]!;
        const n = next.trim();
        if (!n || LIST_MARKER.test(next)) break;
        const o = n.match(OWNER_FIELD), d = n.match(DUE_FIELD), s = n.match(STATUS_FIELD);
        if (o) item.owner = o[1]!.trim();
        else if (d) item.due = d[1]!.trim();
        else if (s) item.status = s[1]!.trim();
        else if (/^\s{2,}|^\t/.test(next) && !itemLine(next, people)) item.text += ` ${n}`;
        else break;
        i++;
      }
      out.push(item);
      continue;
    }
    // a short line without end punctuation, then one that starts with a capital: two sentences, written as
    // lines ("Ben owns the cutover" / "I'm on the lease"), not one sentence wrapped by the mail client
    const prev = para[para.length - 1];
    if (prev && prev.length < 60 && !/[.!?:;,]$/.test(prev) && /^[\p{Lu}"“(@]/u.test(l)) para[para.length - 1] = `${prev}.`;
    para.push(l);
  }
  flush();
  return out;
}
