// Owners written around a work item rather than inside a sentence: "Floor plan (Ana) – Thu",
// "Ana → floor plan", "[AK] floor plan", "@ana floor plan", "floor plan – Ana, by Friday",
// "floor plan — Owner: Ana — COB Friday", "Ana to handle the floor plan". The item's words stay the title.
import { alternation, headerWords, isWord, words } from './lexicon/index.js';
import { fold, type People } from './people.js';
import { MONTH_RE, WEEKDAY_RE } from './dates.js';

/** One owner as written: a name, initials, "me"/"you", or null for "TBD" / a team. */
export interface OwnerMention {
  name: string;
}

export interface Annotated {
  owners: string[]; // names as written ("Ana", "me", "JK", "@ana"); [] = explicitly nobody (TBD)
  rest: string; // the item without the owner annotation
  evidence: string; // the words the owner was read from
}

const NAME_WORD = "[\\p{Lu}][\\p{L}'’-]+";
const NAME = `(?:@[\\p{L}][\\p{L}'’.-]*(?:\\s+[\\p{Lu}][\\p{L}'’-]+)?|${NAME_WORD}(?:\\s+${NAME_WORD})?)`;
const INITIALS = '\\[[\\p{Lu}]{2,3}\\]';
const JOIN = '\\s*(?:,|&|\\+|/|\\band\\b|\\bund\\b|\\bet\\b|\\by\\b|\\be\\b|\\ben\\b|\\bi\\b)\\s*';

// built once: these run for every line of every message
const JOIN_RE = new RegExp(JOIN, 'iu');
const DATE_WORD_RE = new RegExp(`^(?:${WEEKDAY_RE}|${MONTH_RE})$`, 'i');
const NAME_ONLY_RE = new RegExp(`^${NAME_WORD}(?:\\s+${NAME_WORD})?$`, 'u');
const OWNER_LABEL_RE = new RegExp(`^${alternation(headerWords('owner'))}\\s*:\\s*`, 'iu');
const UNASSIGNED_RE = new RegExp(`^${alternation(words('unassigned'))}\\b`, 'iu');
const TAGS_RE = new RegExp(`^(${INITIALS}(?:${JOIN}${INITIALS})*)\\s*[:–—-]?\\s*(.+)$`, 'u');
const SUBJECT_VERB_RE = new RegExp(`^(${NAME}|\\p{L}+)\\s+(to\\s+)?(\\p{Ll}[\\p{L}'’-]*)(\\s.*)?$`, 'u');
const NAMES_LINE_RE = new RegExp(`^(${NAME}(?:${JOIN}${NAME})*)\\s*[,:]$`, 'u');

const ARROW = /\s*(?:→|->|=>|⇒|➜|➡)\s*/u;
const DASH = /\s+[–—-]+\s+|\s*[–—]\s*/u;
const FIELD_OWNER = new RegExp(`(?:^|[\\s,;(–—-])${alternation(headerWords('owner'))}\\s*:\\s*([^,;()–—]+?)\\s*(?=$|[,;)–—]|\\s-\\s)`, 'iu');

/**
 * The words after "Name –" make a sentence of their own ("Lena – the posters look great. Please …",
 * "Omar - I'll get you …"): the name is whom the sentence is addressed to, not an owner tag.
 */
export function sentenceAfterName(rest: string): boolean {
  const r = rest.trim();
  if (/[.!?]\s+\p{Lu}/u.test(r)) return true;
  return /^(?:i|i['’]\w+|we|we['’]\w+|the|our|my|this|that|these|those|it|it['’]s|there|here|when|if|since|as|just|forwarding|thanks|sorry|great|good|quick)\b/i.test(r);
}

/** A name-like phrase: capitalised words, an @handle, initials, or a pronoun for the writer or reader. */
function looksLikeName(s: string, people: People): boolean {
  const t = s.trim().replace(/^@/, '');
  if (!t || t.length > 40) return false;
  if (isWord('me', t) || isWord('you', t) || isWord('firstPerson', t)) return true;
  if (people.find(t) || people.findInitials(t)) return true;
  // "ASAP", "EOD", "Friday", "March": a deadline written where an owner could stand
  if (/^\p{Lu}{4,}$|^(?:EOD|COB|EOW|TBD|TBC|TBA|ETA|N\/A)$/u.test(t) || DATE_WORD_RE.test(t)) return false;
  return NAME_ONLY_RE.test(t) && !people.isAssistant(t);
}

/** Is this segment nothing but one or more owners ("Ana", "Ana and Raj", "me", "TBD", "Facilities (TBC)")? */
export function ownerSegment(seg: string, people: People): string[] | null {
  const s = seg.trim().replace(/(?<![.,;:!])[.,;:!]+$/, '').replace(OWNER_LABEL_RE, '');
  if (!s) return null;
  if (isUnassigned(s)) return [];
  const parts = s.split(JOIN_RE).map((p) => p.trim().replace(/^\[|\]$/g, '')).filter(Boolean);
  if (!parts.length || parts.length > 4) return null;
  return parts.every((p) => looksLikeName(p, people)) ? parts : null;
}

/** "TBD", "owner TBD", "Facilities (TBC)", "Freelancer TBD", "whoever's free": nobody named yet. */
export function isUnassigned(s: string): boolean {
  const f = fold(s).replace(/(?<![.!])[.!]+$/, '').trim();
  if (!f || /^[-–—?]+$/.test(f)) return true;
  if (isWord('unassigned', f) || isWord('roles', f) || isWord('someone', f)) return true;
  return /\b(?:tbd|tbc|tba)\b|\(\s*(?:tbd|tbc)\s*\)/i.test(f) || UNASSIGNED_RE.test(f);
}

/**
 * Reads an owner annotation around an item. Returns null when the item carries none (its sentence, if any,
 * is then read as language: "Ana will …", "can you …").
 */
export function annotatedOwner(item: string, people: People): Annotated | null {
  let text = item.trim();
  // [JK] + [HT] Walk the dock …
  const tags = text.match(TAGS_RE);
  if (tags) return { owners: tags[1]!.match(/[\p{Lu}]{2,3}/gu)!, rest: tags[2]!, evidence: tags[1]! };
  // Ana → floor plan / Ana, Raj -> floor plan
  const arrow = text.split(ARROW);
  if (arrow.length === 2) {
    const left = ownerSegment(arrow[0]!, people);
    if (left) return { owners: left, rest: arrow[1]!, evidence: arrow[0]! };
    const right = ownerSegment(arrow[1]!.replace(/[,;].*$/, ''), people);
    if (right) return { owners: right, rest: arrow[0]!, evidence: arrow[1]! };
  }
  // "… Owner: Ana …"
  const field = text.match(FIELD_OWNER);
  if (field) {
    const who = ownerSegment(field[1]!, people);
    if (who) return { owners: who, rest: text.replace(field[0], ' ').replace(/\s*[–—-]\s*$/, ''), evidence: field[0].trim() };
  }
  // "@Saskia – moodboards …" / "@Kenji Halloran can you …" (the handle is the owner; the rest may be a request)
  const at = text.match(/^@([\p{L}][\p{L}'’.-]*(?:\s+[\p{Lu}][\p{L}'’-]+)?)\s*(?:[:–—,-]\s*)?(.+)$/u);
  if (at && people.find(at[1]!)) return { owners: [`@${at[1]!}`], rest: at[2]!, evidence: `@${at[1]!}` };
  // "You: print the badges" / "Badges: @lena, by 3 June": an owner on either side of a colon
  const colon = text.match(/^([^:]{1,60}?)\s*:\s*(.+)$/u);
  if (colon) {
    const left = ownerSegment(colon[1]!, people);
    if (left?.length && left.every((w) => isWord('me', w) || isWord('you', w) || isWord('firstPerson', w) || people.find(w) || people.findInitials(w)) && !sentenceAfterName(colon[2]!))
      return { owners: left, rest: colon[2]!, evidence: colon[1]! };
    const rightName = colon[2]!.replace(/,.*$/, '');
    const right = /^@/.test(rightName.trim()) || people.find(rightName) ? ownerSegment(rightName, people) : null;
    if (right?.length) return { owners: right, rest: `${colon[1]!} ${colon[2]!.slice(rightName.length).replace(/^\s*,\s*/, '')}`.trim(), evidence: rightName };
  }
  // "… (Ana)", "… (AK)", "… (me)"; a bracket that holds anything else is left alone
  const paren = [...text.matchAll(/\s*[([]([^()[\]]{1,40})[)\]]/gu)].find((m) => {
    const who = ownerSegment(m[1]!.replace(/,.*$/, ''), people);
    return who && (who.length === 0 ? /\b(?:tbd|tbc|owner)\b/i.test(m[1]!) : who.every((w) => isWord('me', w) || isWord('you', w) || people.find(w) || people.findInitials(w)));
  });
  if (paren) {
    // "(Raj, by 1 June)": the date stays in the item for the due date
    const after = paren[1]!.includes(',') ? ` ${paren[1]!.replace(/^[^,]*,\s*/, '')}` : ' ';
    return { owners: ownerSegment(paren[1]!.replace(/,.*$/, ''), people)!, rest: text.replace(paren[0], after).replace(/\s+/g, ' ').trim(), evidence: paren[0].trim() };
  }
  // dash-separated segments: "title – Ana – by Friday", "title – me, by end of next week", "Ana – title"
  const segs = text.split(DASH);
  if (segs.length >= 2) {
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i]!.replace(/,.*$/, '');
      const who = ownerSegment(seg, people);
      if (!who || !who.length && i === 0) continue;
      if (i === 0 && !who.every((w) => isWord('me', w) || isWord('you', w) || isWord('firstPerson', w) || people.find(w))) continue;
      if (i === 0 && sentenceAfterName(segs.slice(1).join(' – '))) return null;
      const rest = segs.filter((_, j) => j !== i).join(' – ');
      const tail = segs[i]!.slice(seg.length).replace(/^\s*,\s*/, ' ');
      return { owners: who, rest: `${rest}${tail ? ` ${tail.trim()}` : ''}`, evidence: segs[i]! };
    }
  }
  // "title, Ana, by the 11th": a comma-separated name after the item
  const comma = text.match(/^(.{8,}?),\s*([^,]{2,40}?)(?:,\s*(.*))?$/u);
  if (comma) {
    const who = ownerSegment(comma[2]!, people);
    if (who?.length && who.every((w) => people.find(w) || isWord('me', w))) return { owners: who, rest: `${comma[1]!}${comma[3] ? ` ${comma[3]}` : ''}`, evidence: comma[2]! };
  }
  return null;
}

/**
 * "Omar to book the hall", "Lena schickt die Liste", "Tú llamas al hotel", "Ja zamówię …":
 * a person or a pronoun, then a verb. Only read in list items and table-like lines, where a sentence
 * that starts with a name is almost always that person's work.
 */
export function leadingSubject(item: string, people: People, onlyTo = false): Annotated | null {
  const m = item.trim().match(SUBJECT_VERB_RE);
  if (!m || (onlyTo && !m[2])) return null;
  const who = m[1]!;
  const pronoun = isWord('firstPerson', who) || isWord('you', who);
  if (!pronoun && !people.find(who)) return null;
  if (!pronoun && !/^\p{Lu}|^@/u.test(who)) return null;
  const verb = m[3]!;
  // a modal or future marker is read by the sentence rules ("Ana will …", "I can …")
  if (!m[2] && /^(?:will|would|can|could|should|may|might|must|shall|is|are|was|were|has|had|have|am|and|or|to|'s)$/i.test(verb)) return null;
  return { owners: [who], rest: `${verb}${m[4] ?? ''}`, evidence: `${who}${m[2] ? ' to' : ''}` };
}

/** "Lena, Omar," / "Ana and Raj:" — a line that only names the people the message is addressed to. */
export function namesLine(line: string, people: People): string[] {
  const m = line.trim().match(NAMES_LINE_RE);
  if (!m) return [];
  const names = m[1]!.split(JOIN_RE).map((n) => n.trim()).filter(Boolean);
  return names.every((n) => people.find(n) && !people.isAssistant(n)) ? names : [];
}

/** "sends" → "send", "books" → "book", "fixes" → "fix": the base form of a third-person verb. */
export function baseVerb(v: string): string {
  if (/(?:ss|us|is)$/i.test(v)) return v;
  if (/(?:ches|shes|xes|sses|zes)$/i.test(v)) return v.slice(0, -2);
  if (/[^aeiou]ies$/i.test(v)) return `${v.slice(0, -3)}y`;
  return v.replace(/s$/i, '');
}
