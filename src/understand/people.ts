// Who is who in one message: headers, forwarded header blocks, team lists and mailto links.
import type { Address, ParsedEmail } from '../parse/types.js';

const HONORIFIC = /^(?:dr|mr|mrs|ms|mx|prof|sir|dame|herr|frau|mme|mlle|sr|sra|dott|dottssa|ing)\s+/;

export const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();

export function isAssistantAddress(address: string, assistantAddresses: string[] = []): boolean {
  const a = address.toLowerCase();
  if (/^(?:coordinator|assistant)(?:\+[^@]*)?@/.test(a)) return true;
  return assistantAddresses.some((x) => x.toLowerCase() === a);
}

export interface Person {
  address: string;
  name: string;
}

export class People {
  list: Person[] = [];
  constructor(private assistants: string[]) {}
  /** Display names the assistant goes by in this message ("Coordinator", "Ava (assistant)"), folded. */
  assistantNames: string[] = [];
  add(a: Address | Person | null | undefined) {
    if (!a || !a.address) return;
    if (isAssistantAddress(a.address, this.assistants)) {
      const n = fold(a.name.replace(/["']/g, '').trim());
      if (n && !this.assistantNames.includes(n)) this.assistantNames.push(n);
      return;
    }
    const address = a.address.toLowerCase();
    const ex = this.list.find((p) => p.address === address);
    if (ex) {
      if (!ex.name && a.name && !a.name.startsWith('@')) ex.name = a.name;
      return;
    }
    this.list.push({ address, name: a.name.startsWith('@') ? '' : a.name });
  }
  /** Resolve a name as written ("Sam", "@sam", "Hannah Lee") to an address from this message, if any. */
  find(nameRaw: string): Person | null {
    const name = fold(nameRaw.replace(/^@/, '').trim());
    if (!name) return null;
    const toks = name.split(/\s+/);
    for (const p of this.list) if (p.name && fold(p.name) === name) return p;
    for (const p of this.list) {
      // "Dr. Renata Okafor" is "Renata": titles before a name are not part of it
      const pn = p.name ? fold(p.name).replace(/[^\p{L}\s'-]/gu, ' ').trim().replace(HONORIFIC, '').split(/\s+/) : [];
      const local = fold(p.address.split('@')[0]!).split(/[._-]+/);
      if (toks.length === 1) {
        if (pn[0] === toks[0] || local[0] === toks[0]) return p;
      } else if (pn[0] === toks[0] && (pn[pn.length - 1] === toks[toks.length - 1] || local.includes(toks[toks.length - 1]!))) return p;
      else if (local[0] === toks[0] && local[local.length - 1] === toks[toks.length - 1]) return p;
    }
    for (const m of this.mentions) if (fold(m.name) === name || fold(m.name) === '@' + name) return { address: m.address, name: m.name };
    // a short form of one person's first name ("Inma" for Inmaculada, "Alex" for Alexandra)
    if (toks.length === 1 && name.length >= 4 && /^\p{Lu}/u.test(nameRaw.replace(/^@/, '').trim())) {
      const hits = this.list.filter((p) => p.name && fold(p.name).replace(HONORIFIC, '').split(/\s+/)[0]!.startsWith(name));
      if (hits.length === 1) return hits[0]!;
    }
    return null;
  }
  mentions: Address[] = [];
  /** "JK" → Joanna Kwek: initials in brackets or tags, matched against full display names. */
  findInitials(raw: string): Person | null {
    const t = raw.replace(/^\[|\]$/g, '').trim();
    if (!/^[\p{Lu}]{2,3}$/u.test(t)) return null;
    const hits = this.list.filter((p) => {
      const parts = p.name.replace(/[^\p{L}\s-]/gu, ' ').trim().split(/[\s-]+/).filter(Boolean);
      return parts.length >= 2 && (parts.map((x) => x[0]!.toUpperCase()).join('') === t || `${parts[0]![0]}${parts[parts.length - 1]![0]}`.toUpperCase() === t);
    });
    return hits.length === 1 ? hits[0]! : null;
  }
  /** A name as written that means the assistant itself: "Coordinator", "Assistant", its display name or address. */
  isAssistant(nameRaw: string): boolean {
    const n = fold(nameRaw.replace(/^@/, '').replace(/^(?:the|our|dear)\s+/i, '').trim());
    if (!n) return false;
    if (/^(?:coordinator|assistant|project coordinator|ai coordinator|ai assistant)$/.test(n)) return true;
    if (n.includes('@')) return isAssistantAddress(n, this.assistants);
    return this.assistantNames.includes(n);
  }
  resolve(nameRaw: string): string {
    const p = this.find(nameRaw) ?? this.findInitials(nameRaw);
    return p ? p.address : nameRaw.replace(/^@/, '').trim();
  }
}

export function collectPeople(email: ParsedEmail, assistants: string[]): People {
  const people = new People(assistants);
  people.add(email.from);
  for (const a of email.to) people.add(a);
  for (const a of email.cc) people.add(a);
  for (const f of email.forwarded) {
    people.add(f.from);
    for (const a of f.to) people.add(a);
    for (const a of f.cc) people.add(a);
  }
  // team lists: "Mei Lin (mei.lin@x.com)", "Aoife (aoife.walsh@x.ie)", "Name <a@b>"
  for (const m of email.newText.matchAll(/([\p{Lu}][\p{L}'’-]{1,40}(?:\s+[\p{Lu}][\p{L}'’-]{1,40}){0,2})\s*[(<\[]\s*(?:mailto:)?([^\s()<>\[\]@]{1,64}@[^\s()<>\[\]]{1,253}\.[a-z]{2,})\s*[)>\]]/gu))
    people.add({ address: m[2]!.toLowerCase(), name: m[1]! });
  for (const l of email.mailtoLinks ?? []) {
    if (isAssistantAddress(l.address, assistants)) continue;
    people.mentions.push(l);
    if (!people.list.some((p) => p.address === l.address)) people.add({ address: l.address, name: '' });
  }
  for (const k of [] as Person[]) people.add(k);
  return people;
}
