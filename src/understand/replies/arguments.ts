// The arguments of a reply command and the checks on its predicate: the date it names, the new owner, the
// reason given, whether the predicate is negated, and how much a remark for information weakens it.
import { MONTH_RE, resolveDue, WEEKDAY_RE, type DateCtx } from '../dates.js';
import type { People } from '../people.js';
import { patterns } from './patterns.js';

export interface ReadOptions {
  dates: DateCtx;
  people?: People;
  ccAddresses?: string[];
}

/** The date a clause names; contractions the date reader does not know ("al 25", "zum 3.") read as their article. */
export function dueOf(text: string, dates: DateCtx): string | null {
  return resolveDue(text, dates) ?? resolveDue(text.replace(/(?<![\p{L}])(?:al|a la)(?=\s+\d)/giu, 'el').replace(/(?<![\p{L}])zu[mr](?=\s+\d)/giu, 'am'), dates);
}

/** A weak reading said only for information ("just so you know") is a guess. */
export function weak(clause: string, confidence: number): number {
  return patterns().infoOnly.test(clause) ? confidence - 0.25 : confidence;
}

/** A negator among the few words before a predicate ("not done", "isn't finished", "noch nicht fertig"). */
export function negated(clause: string, end: number): boolean {
  const before = clause.slice(0, end).split(/\s+/).slice(-4).join(' ');
  return patterns().negator.test(before);
}

export function reasonFrom(rest: string): string | null {
  const r = rest.replace(/^(?:still\s+)?(?:blocked|stuck|not done yet|on hold)\s*[:\-–—,]?\s*/i, '').trim();
  return r ? r.slice(0, 200) : null;
}

/** The new owner a reassignment names: an address, a person of this message, or a pronoun for the one Cc'd. */
export function ownerOf(target: string, clause: string, rest: string, opts: ReadOptions): string | null | undefined {
  const t = target.replace(/(?<![.,;:!?)])[.,;:!?)]+$/, '');
  if (t.includes('@') && !t.startsWith('@')) return t.toLowerCase();
  if (/^(?:her|him|them)$/i.test(t)) {
    // the one named nearby, preferring those in Cc; else the only person in Cc
    const cc = opts.ccAddresses ?? [];
    const mentioned = (opts.people?.list ?? []).filter((p) => p.name && new RegExp(`(?<![\\p{L}])${p.name.split(/\s+/)[0]}(?![\\p{L}])`, 'iu').test(rest));
    const named = mentioned.filter((p) => cc.includes(p.address));
    if (named.length === 1) return named[0]!.address;
    if (cc.length === 1) return cc[0]!;
    return mentioned.length === 1 ? mentioned[0]!.address : null;
  }
  const words = clause.match(new RegExp(`${t.split(/\s+/)[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\p{L}'-]*(?:\\s+[\\p{Lu}][\\p{L}'-]+)?`, 'iu'))?.[0] ?? t;
  // a capitalised name as written (the normalized clause lost the case); "the vendor", "someone" are not people
  if (!/^@?\p{Lu}/u.test(words)) return undefined;
  const p = opts.people?.find(words) ?? opts.people?.find(words.split(/\s+/)[0]!);
  if (p) return p.address;
  // "move this to July": a month or a day is a date, not a person (unless someone here is called that)
  return new RegExp(`^(?:${MONTH_RE}|${WEEKDAY_RE}|today|tomorrow|next|later)$`, 'i').test(t.split(/\s+/)[0]!) ? undefined : null;
}
