// Date phrases → ISO dates, resolved in the sender's local calendar (never UTC).
import { DateTime } from 'luxon';

export interface DateCtx {
  today: DateTime; // local date at the message's time (time of day ignored)
  dayFirst: boolean; // numeric dates are d/m (Europe, AU…) rather than m/d (US)
}

const WD: [RegExp, number][] = [
  [/^(?:mon(?:day)?|montag|lunes|lundi|segunda(?:-feira)?|luned[iì]|maandag|mo|poniedzia[łl](?:ek|ku))$/i, 1],
  [/^(?:tue(?:s(?:day)?)?|dienstag|martes|mardi|ter[çc]a(?:-feira)?|marted[iì]|dinsdag|di|wtor(?:ek|ku))$/i, 2],
  [/^(?:wed(?:nesday)?|mittwoch|mi[ée]rcoles|mercredi|quarta(?:-feira)?|mercoled[iì]|woensdag|mi|[śs]rod[aęey])$/i, 3],
  [/^(?:thu(?:r(?:s(?:day)?)?)?|donnerstag|jueves|jeudi|quinta(?:-feira)?|gioved[iì]|donderdag|do|czwart(?:ek|ku))$/i, 4],
  [/^(?:fri(?:day)?|freitag|viernes|vendredi|sexta(?:-feira)?|venerd[iì]|vrijdag|fr|pi[ąa]t(?:ek|ku))$/i, 5],
  [/^(?:sat(?:urday)?|samstag|s[áa]bado|samedi|sabato|zaterdag|sobot[aęy])$/i, 6],
  [/^(?:sun(?:day)?|sonntag|domingo|dimanche|domenica|zondag|niedziel[aęi])$/i, 7],
];
export const WEEKDAY_RE =
  '(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|segunda(?:-feira)?|ter[çc]a(?:-feira)?|quarta(?:-feira)?|quinta(?:-feira)?|sexta(?:-feira)?|luned[iì]|marted[iì]|mercoled[iì]|gioved[iì]|venerd[iì]|sabato|domenica|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|poniedzia[łl](?:ek|ku)|wtor(?:ek|ku)|[śs]rod[aęey]|czwart(?:ek|ku)|pi[ąa]t(?:ek|ku)|sobot[aęy]|niedziel[aęi])';

export function weekdayNumber(w: string): number | null {
  for (const [re, n] of WD) if (re.test(w.replace(/\.$/, ''))) return n;
  return null;
}

const MONTHS: [RegExp, number][] = [
  [/^(?:jan(?:uary)?|januar|enero|janvier|janeiro|gennaio|januari|j[äa]nner|stycze[ńn]|stycznia)$/i, 1],
  [/^(?:feb(?:ruary)?|februar|febrero|f[ée]vrier|fevereiro|febbraio|februari|luty|lutego)$/i, 2],
  [/^(?:mar(?:ch)?|m[äa]rz|marzo|mars|mar[çc]o|maart|marzec|marca)$/i, 3],
  [/^(?:apr(?:il)?|abril|avril|aprile|kwiecie[ńn]|kwietnia)$/i, 4],
  [/^(?:may|mai|mayo|maio|maggio|mei|maj|maja)$/i, 5],
  [/^(?:jun(?:e)?|juni|junio|juin|junho|giugno|czerwiec|czerwca)$/i, 6],
  [/^(?:jul(?:y)?|juli|julio|juillet|julho|luglio|lipiec|lipca)$/i, 7],
  [/^(?:aug(?:ust)?|agosto|ao[uû]t|augustus|sierpie[ńn]|sierpnia)$/i, 8],
  [/^(?:sep(?:t(?:ember)?)?|septiembre|septembre|setembro|settembre|wrzesie[ńn]|wrze[śs]nia)$/i, 9],
  [/^(?:oct(?:ober)?|oktober|octubre|octobre|outubro|ottobre|pa[źz]dziernika?)$/i, 10],
  [/^(?:nov(?:ember)?|noviembre|novembre|novembro|listopada?)$/i, 11],
  [/^(?:dec(?:ember)?|dezember|diciembre|d[ée]cembre|dezembro|dicembre|grudzie[ńn]|grudnia)$/i, 12],
];
export const MONTH_RE =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|januar|februar|m[äa]rz|juni|juli|oktober|dezember|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|janeiro|fevereiro|mar[çc]o|maio|junho|julho|setembro|outubro|novembro|dezembro|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|januari|februari|maart|mei|augustus|stycze[ńn]|stycznia|luty|lutego|marzec|marca|kwiecie[ńn]|kwietnia|maja|czerwiec|czerwca|lipiec|lipca|sierpie[ńn]|sierpnia|wrzesie[ńn]|wrze[śs]nia|pa[źz]dziernika?|listopada?|grudzie[ńn]|grudnia)';

export function monthNumber(m: string): number | null {
  for (const [re, n] of MONTHS) if (re.test(m.replace(/\.$/, ''))) return n;
  return null;
}

const iso = (d: DateTime) => d.toISODate()!;

/** Next date with this weekday strictly after today. */
export function nextWeekday(today: DateTime, wd: number): DateTime {
  let diff = (wd - today.weekday + 7) % 7;
  if (diff === 0) diff = 7;
  return today.plus({ days: diff });
}
/** That weekday in the following Monday–Sunday week. */
export function weekdayNextWeek(today: DateTime, wd: number): DateTime {
  return today.startOf('week').plus({ weeks: 1, days: wd - 1 });
}
export function weekdayThisWeek(today: DateTime, wd: number): DateTime {
  const d = today.startOf('week').plus({ days: wd - 1 });
  return d < today ? nextWeekday(today, wd) : d;
}

/** Next occurrence of month/day on or after today (rolls into next year). */
function nextMonthDay(today: DateTime, month: number, day: number, year?: number): DateTime | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (year !== undefined) {
    const d = DateTime.fromObject({ year: year < 100 ? 2000 + year : year, month, day });
    return d.isValid ? d : null;
  }
  let d = DateTime.fromObject({ year: today.year, month, day });
  if (!d.isValid) return null;
  if (d < today.startOf('day')) d = d.plus({ years: 1 });
  return d;
}

function nextDayOfMonth(today: DateTime, day: number): DateTime | null {
  if (day < 1 || day > 31) return null;
  for (let i = 0; i < 3; i++) {
    const base = today.startOf('month').plus({ months: i });
    if (day > base.daysInMonth!) continue;
    const d = base.set({ day });
    if (d >= today.startOf('day')) return d;
  }
  return null;
}

/** The next "D" (this month or a later one); when a weekday is named with it and the nearest D falls on
 * another weekday, the following month's D if that one does fall on it (else still the nearest). */
function dayOfMonthOnWeekday(today: DateTime, day: number, weekday: number | null): DateTime | null {
  const first = nextDayOfMonth(today, day);
  if (!first || weekday === null || first.weekday === weekday) return first;
  for (let i = 1; i <= 2; i++) {
    const base = first.startOf('month').plus({ months: i });
    if (day > base.daysInMonth!) continue;
    const d = base.set({ day });
    return d.weekday === weekday ? d : first;
  }
  return first;
}

const NUM_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fourteen: 14, a: 1, an: 1, zwei: 2, drei: 3, dos: 2, tres: 3, deux: 2, trois: 3, due: 2, tre: 3, twee: 2, drie: 3,
};
export function parseCount(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  return NUM_WORDS[s.toLowerCase()] ?? null;
}

interface Found {
  index: number;
  date: string | null; // null = recognised but vague
  specific: boolean;
  /** internal: where the phrase ends, whether it names only a weekday, the weekday it names, a bare day of month */
  end?: number;
  weekdayOnly?: boolean;
  weekday?: number;
  dayOfMonth?: number;
}

/** What may stand between a weekday and the date it introduces: "Tuesday 11 March", "Thursday, March 6th",
 * "Friday the 14th", "Mittwoch, den 12.03.", "jeudi le 6", "martes, 25 de marzo", "(Fri) 14/3". */
const WEEKDAY_DATE_GAP = /^[\s,.()/-]*(?:(?:the|den|der|le|el|il|o|de|am|op)\s+)?$/i;

const VAGUE =
  /\b(?:asap|tbd|tbc|h[12]\b|q[1-4]\b(?! \d)|mid[- ](?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|month|week)\w*|early next week|later (?:this|next) week|sometime|at some point|once\b|soon|when (?:you|we) can|cuanto antes|la (?:semana (?:que viene|pr[oó]xima)|pr[oó]xima semana)|date tbd|as soon as)/i;

/**
 * All date expressions in a piece of text, in order. Vague phrases are reported with date null so that a
 * caller can tell "no date" from "a vague date".
 */
export function findDates(text: string, ctx: DateCtx): Found[] {
  return scanDates(text, ctx).map(({ index, date, specific }) => ({ index, date, specific }));
}

/** Where the date phrases of a text are (start, end offsets), in order; vague ones included. */
export function dateSpans(text: string, ctx: DateCtx): { start: number; end: number; date: string | null }[] {
  return scanDates(text, ctx).map((f) => ({ start: f.index, end: f.end ?? f.index, date: f.date }));
}

// The same clause is asked for its dates several times while a message is read (its title, its due date,
// follow-ups); the answer depends only on the text and the message's date context.
const scanned = new WeakMap<DateCtx, Map<string, Found[]>>();
function scanDates(text: string, ctx: DateCtx): Found[] {
  let byText = scanned.get(ctx);
  if (!byText) scanned.set(ctx, (byText = new Map()));
  const hit = byText.get(text);
  if (hit) return hit;
  const found = scanDatesUncached(text, ctx);
  if (byText.size < 2000) byText.set(text, found);
  return found;
}

// The scan's patterns are built once (several are assembled from the lexicons' month and weekday names, and
// building them on every call cost more than running them), with their global twins for exec loops.
const built: RegExp[] = [];
const rx = (i: number, make: () => RegExp) => (built[i] ??= make());
const globalOf = new WeakMap<RegExp, RegExp>();

function scanDatesUncached(text: string, ctx: DateCtx): Found[] {
  const out: Found[] = [];
  const t = ctx.today.startOf('day');
  let cur: RegExpExecArray | null = null; // the match being handled, for the span of what add() records
  const add = (index: number, d: DateTime | null, specific = true, extra: Partial<Found> = {}) => {
    if (d && d.isValid) out.push({ index, date: iso(d), specific, end: cur ? cur.index + cur[0].length : index, ...extra });
  };
  const s = text;
  let m: RegExpExecArray | null;
  const each = (re: RegExp, fn: (m: RegExpExecArray) => void) => {
    let g = globalOf.get(re);
    if (!g) globalOf.set(re, (g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g')));
    g.lastIndex = 0;
    while ((m = g.exec(s))) {
      cur = m;
      fn(m);
    }
    cur = null;
  };
  const W = WEEKDAY_RE;
  const M = MONTH_RE;
  const taken: [number, number][] = [];
  const free = (a: number, b: number) => !taken.some(([x, y]) => a < y && b > x);
  const take = (m: RegExpExecArray) => {
    if (!free(m.index, m.index + m[0].length)) return false;
    taken.push([m.index, m.index + m[0].length]);
    return true;
  };

  // ISO dates
  each(rx(0, () => /\b(\d{4})-(\d{2})-(\d{2})\b/), (m) => take(m) && add(m.index, nextMonthDay(t, +m[2]!, +m[3]!, +m[1]!)));
  // within N days of the Dth
  each(rx(1, () => /\bwithin (\w+) (?:business |working )?days? (?:of|after) the (\d{1,2})(?:st|nd|rd|th)\b/i), (m) => {
    if (!take(m)) return;
    const n = parseCount(m[1]!);
    const d = nextDayOfMonth(t, +m[2]!);
    if (n !== null && d) add(m.index, d.plus({ days: n }));
  });
  // first business day of each month, starting in February
  each(rx(2, () => new RegExp(`\\bfirst (?:business|working) day of (?:each|every|the) month,? starting (?:in )?(${M})\\b`, 'i')), (m) => {
    if (!take(m)) return;
    const mo = monthNumber(m[1]!)!;
    let d = nextMonthDay(t, mo, 1)!;
    while (d.weekday > 5) d = d.plus({ days: 1 });
    add(m.index, d);
  });
  // end of next month / end of the month / end of <Month> / end of the quarter / end of Qn
  each(rx(3, () => /\b(?:(?:by |until |before )?(?:the )?end of (?:the )?(?:next|following|coming) month|ende (?:des )?n[äa]chsten monats|fine del prossimo mese|finales del pr[oó]ximo mes|fin du mois prochain)\b/i), (m) => take(m) && add(m.index, t.plus({ months: 1 }).endOf('month')));
  each(rx(4, () => /\b(?:(?:the )?end of (?:the |this )?month|month[- ]end|end-of-month|eom|ende (?:des|dieses) monats|monatsende|ende des monats|fine (?:del )?mese|final(?:es)? de(?:l)? mes|fin (?:du|de ce) mois|fim do m[eê]s|final do m[eê]s|eind van de maand|einde van de maand)\b/i), (m) => take(m) && add(m.index, t.endOf('month')));
  each(rx(5, () => new RegExp(`\\b(?:end of|ende|fine|final(?:es)? de|fin|fim de|eind)\\s+(?:de |di |van )?(${M})\\b`, 'i')), (m) => {
    if (!take(m)) return;
    const mo = monthNumber(m[1]!)!;
    let d = DateTime.fromObject({ year: t.year, month: mo, day: 1 }, { zone: 'UTC' }).endOf('month');
    if (d < t) d = d.plus({ years: 1 }).endOf('month');
    add(m.index, d);
  });
  each(rx(6, () => /\b(?:the )?end of (?:the |this )?quarter\b|\bquarter[- ]end\b/i), (m) => take(m) && add(m.index, t.endOf('quarter')));
  each(rx(7, () => /\b(?:the )?end of q([1-4])\b/i), (m) => {
    if (!take(m)) return;
    let d = DateTime.fromObject({ year: t.year, month: +m[1]! * 3 }).endOf('month');
    if (d < t) d = d.plus({ years: 1 });
    add(m.index, d);
  });
  // end of (this|next) week, EOW, the Friday after next
  each(rx(8, () => /\b(?:the )?end of next week\b|\bende n[äa]chster woche\b/i), (m) => take(m) && add(m.index, weekdayNextWeek(t, 5)));
  each(rx(9, () => /\b(?:the )?friday after next\b/i), (m) => take(m) && add(m.index, weekdayNextWeek(t, 5)));
  each(rx(10, () => /\b(?:eow|end of (?:the |this )?week|by the weekend|ende der woche|fin de (?:la )?semana|fin de semaine|fine settimana)\b/i), (m) => take(m) && add(m.index, weekdayThisWeek(t, 5)));
  // in N days / weeks
  each(rx(11, () => /\b(?:in|within|innerhalb von|en|dans|em|entro|binnen)\s+(\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an|zwei|drei|dos|tres|deux|trois|due|tre|twee|drie)\s+(days?|weeks?|tagen?|wochen?|d[ií]as|semanas?|jours|semaines?|giorni|settimane|dagen|weken)\b/i), (m) => {
    if (!take(m)) return;
    const n = parseCount(m[1]!);
    if (n === null) return;
    const weeks = /^(?:week|woche|semana|semaine|settiman|weken)/i.test(m[2]!);
    add(m.index, t.plus({ days: weeks ? n * 7 : n }));
  });
  // Month D(, YYYY) / D Month (YYYY) / D de Month
  each(rx(12, () => new RegExp(`\\b(${M})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?`, 'i')), (m) => {
    if (!take(m)) return;
    add(m.index, nextMonthDay(t, monthNumber(m[1]!)!, +m[2]!, m[3] ? +m[3] : undefined));
  });
  each(rx(13, () => new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th|er|º|°)?\\.?\\s+(?:de\\s+|of\\s+)?(${M})\\b\\.?(?:,?\\s+(?:de\\s+)?(\\d{4}))?`, 'i')), (m) => {
    if (!take(m)) return;
    add(m.index, nextMonthDay(t, monthNumber(m[2]!)!, +m[1]!, m[3] ? +m[3] : undefined));
  });
  // numeric dates: 2/21/2025, 28/2, 14.03., 13/03/2026, 1.4.
  each(rx(14, () => /(?<![\d/.:-])(\d{1,2})([/.])(\d{1,2})(?:\2(\d{2,4}))?(?![\d/]|\.\d)/), (m) => {
    if (!take(m)) return;
    const a = +m[1]!, b = +m[3]!;
    if (m[2] === '.' && !m[4] && !/^\.\s|^\.$/.test(s.slice(m.index + m[0].length, m.index + m[0].length + 2)) && !m[0].endsWith('.')) {
      // "1.4" with no trailing dot: could be a version/decimal; only accept with a trailing dot
      if (s[m.index + m[0].length] !== '.') return;
    }
    let day: number, month: number;
    if (m[2] === '.') [day, month] = [a, b];
    else if (a > 12) [day, month] = [a, b];
    else if (b > 12) [day, month] = [b, a];
    else [day, month] = ctx.dayFirst ? [a, b] : [b, a];
    add(m.index, nextMonthDay(t, month, day, m[4] ? +m[4] : undefined));
  });
  // the 24th / by the 3rd / dia 20 / el 25 / am 14. / le 12
  each(rx(15, () => /\b(?:the|dia|el|le|il|am|den|op)\s+(\d{1,2})(?:st|nd|rd|th|º)?\b(?![/.:]\d)/i), (m) => {
    if (!/(?:st|nd|rd|th|º)/i.test(m[0]) && /^the$/i.test(m[0].split(/\s/)[0]!)) return;
    if (!take(m)) return;
    add(m.index, nextDayOfMonth(t, +m[1]!), true, { dayOfMonth: +m[1]! });
  });
  // "Friday the 14th", "el martes 25", "Thursday, the 6th", "Fri., 14." (after a comma only with an ordinal or nothing after it)
  each(rx(16, () => new RegExp(`\\b(${W})\\.?(?:\\s+|,\\s+(?=(?:the\\s+|den\\s+|le\\s+|el\\s+|il\\s+|o\\s+)?\\d{1,2}(?:st|nd|rd|th|er|º|\\.?\\s*(?:[,;:!?)]|$))))(?:the\\s+|den\\s+|le\\s+|el\\s+|il\\s+|o\\s+)?(\\d{1,2})(?:st|nd|rd|th|er|º)?\\b(?![/.:]\\d)`, 'i')), (m) => {
    if (!take(m)) return;
    const wd = weekdayNumber(m[1]!);
    add(m.index, dayOfMonthOnWeekday(t, +m[2]!, wd), true, { dayOfMonth: +m[2]! });
  });
  each(rx(17, () => /\b(\d{1,2})(?:st|nd|rd|th)\b/i), (m) => take(m) && add(m.index, nextDayOfMonth(t, +m[1]!), true, { dayOfMonth: +m[1]! }));
  // today / tomorrow
  each(rx(18, () => /\b(?:tomorrow|tmrw|morgen|ma[ñn]ana|demain|amanh[ãa]|domani)\b/i), (m) => {
    if (/\bma[ñn]ana\b/i.test(m[0]) && /\bpor la ma[ñn]ana/i.test(s.slice(Math.max(0, m.index - 8), m.index + 7))) return;
    if (take(m)) add(m.index, t.plus({ days: 1 }));
  });
  each(rx(19, () => /\b(?:today|tonight|this (?:morning|afternoon|evening)|eod|cob|heute|hoy|aujourd'hui|hoje|oggi|vandaag)\b(?!\s+(?:tomorrow|\w*day|\d))/i), (m) => {
    if (/^(?:eod|cob)$/i.test(m[0])) {
      // bare "EOD"/"COB" means today only when no day follows
      const rest = s.slice(m.index + m[0].length);
      if (new RegExp(`^\\s*(?:on\\s+)?(?:${W}|tomorrow)`, 'i').test(rest)) return;
    }
    if (take(m)) add(m.index, t);
  });
  // next <weekday> / <weekday> next week / this <weekday> / bare weekday
  each(rx(20, () => new RegExp(`\\b(?:next|n[äa]chsten?|pr[oó]xim[oa]|prochain|prossim[oa]|volgende)\\s+(${W})(?![\\p{L}])`, 'iu')), (m) => {
    if (take(m)) add(m.index, weekdayNextWeek(t, weekdayNumber(m[1]!)!), true, { weekdayOnly: true, weekday: weekdayNumber(m[1]!)! });
  });
  each(rx(21, () => new RegExp(`(?<![\\p{L}])(${W})\\s+(?:prochain|pr[oó]ximo|prossimo|of next week|next week)\\b`, 'iu')), (m) => {
    if (take(m)) add(m.index, weekdayNextWeek(t, weekdayNumber(m[1]!)!), true, { weekdayOnly: true, weekday: weekdayNumber(m[1]!)! });
  });
  each(rx(22, () => new RegExp(`\\b(?:this|coming|diesen|este|ce|questo|deze)\\s+(${W})\\b`, 'i')), (m) => {
    if (take(m)) add(m.index, weekdayThisWeek(t, weekdayNumber(m[1]!)!), true, { weekdayOnly: true, weekday: weekdayNumber(m[1]!)! });
  });
  each(rx(23, () => new RegExp(`(?<![\\p{L}])(${W})(?![\\p{L}])`, 'iu')), (m) => {
    const w = m[1]!;
    // two-letter German abbreviations and "do"/"mi" are too ambiguous outside a date context
    if (w.length <= 2) return;
    if (/^(?:mar|sat|sun|wed)$/i.test(w) && !/\b(?:by|on|until|till|before|due|eod|cob)\s*$/i.test(s.slice(0, m.index))) {
      if (/^mar$/i.test(w)) return;
    }
    if (take(m)) add(m.index, nextWeekday(t, weekdayNumber(w)!), true, { weekdayOnly: true, weekday: weekdayNumber(w)! });
  });
  each(VAGUE, (m) => {
    if (take(m)) out.push({ index: m.index, date: null, specific: false, end: m.index + m[0].length });
  });
  out.sort((a, b) => a.index - b.index);
  // "Tuesday 11 March", "Friday the 14th", "on Thursday, March 6th", "Mittwoch, 12.03.": a weekday that
  // introduces an explicit date is part of that date, and the date wins when the two disagree. A bare day
  // of month ("the 14th") takes the month in which it falls on that weekday when the nearest one doesn't.
  const kept: Found[] = [];
  for (let i = 0; i < out.length; i++) {
    const f = out[i]!;
    const g = out[i + 1];
    if (f.weekdayOnly && g && g.date && !g.weekdayOnly && g.index >= (f.end ?? f.index) && WEEKDAY_DATE_GAP.test(s.slice(f.end ?? f.index, g.index))) {
      if (g.dayOfMonth !== undefined) g.date = iso(dayOfMonthOnWeekday(t, g.dayOfMonth, f.weekday ?? null) ?? DateTime.fromISO(g.date, { zone: 'UTC' }));
      g.index = f.index;
      g.end = Math.max(g.end ?? g.index, f.end ?? f.index);
      continue;
    }
    kept.push(f);
  }
  return kept;
}

/** The due date of a task/command clause: the first concrete date phrase in it, or null. */
export function resolveDue(text: string, ctx: DateCtx): string | null {
  const found = findDates(text, ctx);
  const firstConcrete = found.find((f) => f.date !== null);
  return firstConcrete ? firstConcrete.date : null;
}

/** A DateCtx for a moment in a zone (IANA name or fixed offset such as "UTC-05:00"). */
export function makeDateCtx(now: Date, timeZone: string, dayFirst: boolean): DateCtx {
  let dt = DateTime.fromJSDate(now, { zone: timeZone });
  if (!dt.isValid) dt = DateTime.fromJSDate(now, { zone: 'UTC' });
  return { today: DateTime.fromObject({ year: dt.year, month: dt.month, day: dt.day }, { zone: 'UTC' }), dayFirst };
}
