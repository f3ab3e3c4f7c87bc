// A meeting the message asks the assistant to schedule (kickoff, review, workshop …).
import type { MeetingRequest } from './contract.js';
import { WEEKDAY_RE, weekdayNumber, weekdayNextWeek, weekdayThisWeek, monthNumber, MONTH_RE, parseCount, findDates, type DateCtx } from './dates.js';
import { isMeetingRequest } from './clauses.js';
import type { People } from './people.js';
import { fold } from './people.js';

const iso = (d: { toISODate(): string | null }) => d.toISODate()!;

export function meetingWindow(s: string, dates: DateCtx): { not_before: string | null; not_after: string | null } {
  const t = dates.today;
  const W = WEEKDAY_RE;
  const days = [...s.matchAll(new RegExp(`(?<![\\p{L}])(${W})(?![\\p{L}])`, 'giu'))].map((m) => weekdayNumber(m[1]!)).filter((x): x is number => x !== null && x > 0);
  const rangeM = s.match(new RegExp(`(?<![\\p{L}])(${W})\\s*(?:[–—-]|to|through|bis|a|al|à|e|and|y|et|en|und|or|oder|o|ou|of)\\s*(${W})(?![\\p{L}])`, 'iu'));
  const between = s.match(new RegExp(`\\b(?:between|zwischen|entre|tra|fra|tussen)\\s+(${W})\\s+(?:and|und|y|et|e|en)\\s+(${W})`, 'iu'));
  const except = s.match(new RegExp(`\\bexcept\\s+(?:on\\s+)?(${W})`, 'i'));
  let base: 'this' | 'next' | 'after' | null = null;
  let weekStart = null as null | typeof t;
  if (/\b(?:the )?week after next\b|\bin two weeks' time\b/i.test(s)) base = 'after';
  else if (/\bnext week\b|\bn[äa]chste[nr]? woche\b|\bprossima settimana\b|\bsemana que viene\b|\bpr[oó]xima semana\b|\bsemaine prochaine\b|\bvolgende week\b/i.test(s)) base = 'next';
  else if (/\bthis week\b|\bdiese[rn]? woche\b|\bquesta settimana\b|\besta semana\b|\bcette semaine\b|\bdeze week\b/i.test(s)) base = 'this';
  const fw = s.match(new RegExp(`\\bfirst week of (${MONTH_RE})\\b`, 'i'));
  const wo = s.match(new RegExp(`\\bweek of (?:the )?(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTH_RE})|\\bweek of (${MONTH_RE})\\s+(\\d{1,2})`, 'i'));
  if (fw) {
    const mo = monthNumber(fw[1]!)!;
    let d = t.set({ month: mo, day: 1 });
    if (d.endOf('month') < t) d = d.plus({ years: 1 });
    while (d.weekday !== 1) d = d.plus({ days: 1 });
    weekStart = d;
  } else if (wo) {
    const mo = monthNumber(wo[2] ?? wo[3]!)!;
    const day = Number(wo[1] ?? wo[4]);
    let d = t.set({ month: mo, day });
    if (d < t.minus({ days: 7 })) d = d.plus({ years: 1 });
    weekStart = d.startOf('week');
  } else if (base === 'next') weekStart = t.startOf('week').plus({ weeks: 1 });
  else if (base === 'after') weekStart = t.startOf('week').plus({ weeks: 2 });
  if (weekStart) {
    let from = 1, to = 5;
    if (between) [from, to] = [weekdayNumber(between[1]!)!, weekdayNumber(between[2]!)!];
    else if (rangeM) [from, to] = [weekdayNumber(rangeM[1]!)!, weekdayNumber(rangeM[2]!)!];
    else if (except) {
      const ex = weekdayNumber(except[1]!)!;
      if (ex === 5) to = 4;
      else if (ex === 1) from = 2;
    } else if (days.length) [from, to] = [Math.min(...days), Math.max(...days)];
    return { not_before: iso(weekStart.plus({ days: from - 1 })), not_after: iso(weekStart.plus({ days: to - 1 })) };
  }
  if (base === 'this') {
    if (days.length) {
      const a = weekdayThisWeek(t, Math.min(...days)), b = weekdayThisWeek(t, Math.max(...days));
      return { not_before: iso(a), not_after: iso(b) };
    }
    return { not_before: iso(t), not_after: iso(weekdayThisWeek(t, 5) < t ? t : weekdayThisWeek(t, 5)) };
  }
  const nx = s.match(/\b(?:in|within|over) the next (\d+|\w+) (days?|weeks?)\b|\bnei prossimi (\d+|\w+) giorni\b|\ben los pr[oó]ximos (\d+|\w+) d[ií]as\b|\bin den n[äa]chsten (\d+|\w+) tagen\b/i);
  if (nx) {
    const n = parseCount(nx[1] ?? nx[3] ?? nx[4] ?? nx[5]!) ?? 0;
    const weeks = nx[2] && /week/i.test(nx[2]);
    return { not_before: iso(t), not_after: iso(t.plus({ days: weeks ? n * 7 : n })) };
  }
  const before = s.match(/\bbefore (?:the )?(\d{1,2})(?:st|nd|rd|th)\b/i);
  if (before) {
    const f = findDates(`the ${before[1]}th`, dates)[0];
    if (f?.date) {
      const d = t.set({}).plus({ days: 0 });
      void d;
      const [y, m, dd] = f.date.split('-').map(Number) as [number, number, number];
      const prev = t.set({ year: y, month: m, day: dd }).minus({ days: 1 });
      return { not_before: null, not_after: iso(prev) };
    }
  }
  if (/\bearly next week\b/i.test(s)) {
    const a = weekdayNextWeek(t, 1);
    return { not_before: iso(a), not_after: iso(a.plus({ days: 1 })) };
  }
  const f = findDates(s, dates).find((x) => x.date);
  if (f) return { not_before: f.date, not_after: f.date };
  return { not_before: null, not_after: null };
}

export function meetingDuration(s: string): number {
  let m = s.match(/\b(\d+)\s*[- ]?\s*(?:min(?:ute)?s?|minuten|minutos|minuti)\b/i);
  if (m) return Number(m[1]);
  m = s.match(/\b(\d+(?:\.\d+)?|one|two|three|an|a|half an|un[a']?|una|uma|eine[rn]?|een)\s*[- ]?\s*(?:hours?|hr|stunden?|horas?|ore|ora|heure|heures|uur)\b/i);
  if (m) {
    const w = m[1]!.toLowerCase();
    if (w === 'half an') return 30;
    const n = Number(w) || parseCount(w) || (/^(?:an|a|un|una|uma|une|eine|einer|einen|een|un')$/.test(w) ? 1 : 1);
    return Math.round(n * 60);
  }
  if (/\bhalf an hour\b/i.test(s)) return 30;
  return 30;
}

const MEETING_KIND = /\b(kick-?off|review|workshop|check-in|postmortem|post-mortem|retro(?:spective)?|go\/no-go|planning session|walkthrough|demo|sync|meeting|call)\b/i;
// words before the kind that say how, not what: "a quick 30-minute kickoff", "our first review"
const NOT_TOPIC = /^(?:a|an|the|our|my|your|this|that|quick|short|brief|first|initial|joint|weekly|regular|one|two|half|\d+|[\d.]+[- ]?(?:min(?:ute)?s?|hours?|hrs?|h)|(?:one|two|half|an)[- ](?:hour|minute)|\w+[- ]minute|\w+[- ]hour|minute|hour|long|project|team|kick-?off|new|proper|formal|live|virtual|online|in-person|zoom|teams|video|phone|another|final|full|separate|proper)$/i;

/**
 * "<project> kickoff", or the thing asked for when the request names one ("a design review" → "Design review").
 * Built from a few words only: never the request sentence itself.
 */
export function meetingTitle(req: string, projectName: string | null): string {
  const km = req.match(MEETING_KIND);
  const kind = (km?.[1] ?? 'meeting').toLowerCase().replace(/^kick-off$/, 'kickoff').replace(/^post-mortem$/, 'postmortem');
  const cap = (x: string) => x[0]!.toUpperCase() + x.slice(1);
  if (km && kind !== 'kickoff') {
    // up to two topic words right before the kind: "a 45-minute SOP workshop", "the design review"
    const before = req.slice(0, km.index).trim().split(/\s+/).slice(-3);
    const topic: string[] = [];
    for (let i = before.length - 1; i >= 0 && topic.length < 2; i--) {
      const w = before[i]!.replace(/[,;:()"“”]/g, '');
      if (!w || NOT_TOPIC.test(w) || !/^[\p{L}][\p{L}\d&'’-]*$/u.test(w) || /^(?:with|for|and|or|to|of|up|book|schedule|set|find|arrange|organi[sz]e|get|put|in|on|us|me)$/i.test(w)) break;
      topic.unshift(w);
    }
    if (topic.length) return cap(`${topic.join(' ')} ${kind}`);
  }
  const name = (projectName ?? '').trim();
  if (!name) return cap(kind);
  if (new RegExp(`\\b${kind.replace(/[/-]/g, '\\$&')}$`, 'i').test(name)) return name; // "Halloween event postmortem" + postmortem
  return `${name} ${kind}`;
}

export function extractMeeting(
  sentences: string[],
  people: People,
  sender: string | null,
  everyone: string[],
  dates: DateCtx,
  projectName: string | null,
): MeetingRequest | null {
  const req = sentences.find((s) => isMeetingRequest(s));
  if (!req) return null;
  const att = new Set<string>();
  // "the four of us", "uns vieren", "los cuatro", "the three of them" (the people the message names)
  const all = /\b(?:the (?:\w+ )?of (?:us|them)|all of us|us all|everyone|all (?:four|three|five|six) of us|the (?:whole )?team|tutti e \w+ noi|tutti noi|noi \w+ro|todos nosotros|nosotros \w+|los \w+ de nosotros|nous tous|nous \w+|wir alle|uns (?:allen|beiden|dreien|vieren|f[üu]nfen)|ons allemaal|ons \w+en|the group|everybody)\b/iu.test(req);
  if (all) for (const e of everyone) att.add(e);
  // the writer: "me", "us", "mir", "conmigo", "I'd like a check-in with …"
  const writer = /(?<![\p{L}])(?:me|us|myself|we|noi|moi|mich|mir|mij|nosotros|nous|uns|ons|conmigo|comigo|con me|mnie|nami)(?![\p{L}])|\bI(?:['’]d| would) (?:also )?like\b/iu;
  if (sender && (all || writer.test(req))) att.add(sender);
  // names written in the request
  for (const m of req.matchAll(/(?<![\p{L}])(@?[\p{Lu}][\p{L}'’-]+)(?:\s+([\p{Lu}][\p{L}'’-]+))?/gu)) {
    const full = m[2] ? `${m[1]} ${m[2]}` : m[1]!;
    const p = people.find(full) ?? people.find(m[1]!);
    if (p && !/^(?:coordinator|assistant)$/i.test(fold(m[1]!))) att.add(p.address);
  }
  for (const m of req.matchAll(/[\w.+-]{1,64}@[\w.-]{1,253}\.\w+/g)) {
    const p = people.list.find((x) => x.address === m[0].toLowerCase());
    if (p) att.add(p.address);
  }
  if (/\bus\b/i.test(req) && !all && att.size <= 1) for (const e of everyone) att.add(e);
  const w = meetingWindow(req, dates);
  return {
    title: meetingTitle(req, projectName),
    attendees: [...att],
    duration_minutes: meetingDuration(req),
    not_before: w.not_before,
    not_after: w.not_after,
  };
}
