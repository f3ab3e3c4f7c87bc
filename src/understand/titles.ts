// Titles from a clause's own words: the verb phrase without its date, reason or aside, and verb forms
// brought to the base form a task list uses ("sorting" → "sort", "préparera" → "préparer").
import { dateSpans, type DateCtx } from './dates.js';

export const LEAD_STRIP =
  /^(?:(?:and|also|then|so|but|plus|oh|ok|okay|yes|no|sure|absolutely|of course|no problem)\b[,!]?\s+)*(?:please\s+|pls\s+|kindly\s+|bitte\s+|por favor,?\s+|s'il te pla[iî]t,?\s+|per favore,?\s+|alsjeblieft,?\s+)?(?:also\s+|too\s+)?(?:(?:make sure to|make sure you|remember to|don't forget to|try to|be sure to|go ahead and)\s+)?/i;

export function cutTitle(s: string): string {
  let t = s.trim();
  t = t.replace(/^(?:to\s+)/i, '');
  // cut at the first date/reason/aside connector
  const cut = t.search(
    /\s+(?:by|due|before|until|till|no later than|at the latest|within|in \d+ days|in (?:one|two|three|a) weeks?|(?:early|later|sometime|some time) (?:next|this) week|next week|this week|asap|eod|cob|eow|tomorrow|today|tonight|on (?:mon|tue|wed|thu|fri|sat|sun)\w*|(?:next|this) (?:mon|tue|wed|thu|fri)\w*|(?:mon|tue|wed|thu|fri)(?:day)?\b|so (?:that|she|he|we|they|i|you)|so\b|because|since|once|when|after|as soon as|entro|bis|para (?:el|final|finales)|d'ici|avant|uiterlijk|v[óo][óo]r|até|antes del?|cuanto antes|la semana (?:que viene|pr[oó]xima)|la pr[oó]xima semana|demain|domani|morgen|ma[ñn]ana|amanh[ãa])(?![\p{L}\p{N}_])|\s*[;(]|\s+[–—-]\s+|\s+in the meantime\b|,\s+(?:hopefully|preferably|if possible|if you can)\b|[,:]\s+(?:due|by|asap|eod|cob|eow|target|ideally|aim|end of|in \d|date|owner|tbd|ideally|so|and\b|but\b|once|before|which|who|as|since|because|please|it's|that|the \w+ (?:will|is|are))|[?!]|\.(?:\s|$)/iu,
  );
  if (cut > 3) t = t.slice(0, cut);
  t = t.replace(/(?<![\s,.;:!?–—-])[\s,.;:!?–—-]+$/, '').trim();
  t = t.replace(/\s+(?:asap|today|tomorrow|eod|cob|eow|too|as well|please|pls|then|myself|yourself|himself|herself|themselves|ourselves)$/i, '').trim();
  t = t.replace(/^(?:the\s+)?(?:task|job)\s+(?:of|to)\s+/i, '');
  return t ? t[0]!.toUpperCase() + t.slice(1) : t;
}


// what introduces a date in a clause: "by", "bis zum", "vóór", "entro il", "d'ici", "até", "para el", "le" …
const DATE_CONNECTOR =
  /(?:^|\s)(?:by|until|till|before|no later than|on|due|for|am|bis(?:\s+(?:zum|zur|sp[äa]testens))?|sp[äa]testens|vor|v[óo][óo]r|voor|uiterlijk|op|tegen|entro(?:\s+(?:il|la|le|i|l'))?|per|para(?:\s+(?:el|la|los))?|antes\s+del?|hasta(?:\s+el)?|d'ici(?:\s+(?:à|au|le|la))?|avant(?:\s+(?:le|la))?|pour(?:\s+le)?|le|el|il|at[ée](?:\s+(?:à|ao|o|a))?|zum|ab|op|om|do|przed|najp[óo][źz]niej(?:\s+do)?)\s*$/iu;

/**
 * Takes the date phrase out of a title. In verb-final clauses ("die Standgrafik bis Freitag fertigstellen",
 * "de offertes vóór vrijdag opvragen") the words after the date are kept; otherwise the title ends before it.
 */
export function withoutDates(title: string, dates: DateCtx): string {
  let t = title;
  for (const sp of dateSpans(t, dates).reverse()) {
    const before = t.slice(0, sp.start);
    const c = before.match(DATE_CONNECTOR);
    // "send the deck Thursday": a date that ends the clause needs no connector to be cut
    if (!c && /^[\s.!?,]*$/.test(t.slice(sp.end)) && before.trim().split(/\s+/).length >= 2) {
      t = before.replace(/(?<![\s,])[\s,]+$/, '');
      continue;
    }
    if (!c || before.length - c[0].length < 3) continue;
    const head = before.slice(0, before.length - c[0].length);
    const after = t.slice(sp.end).replace(/^[\s.]+/, '');
    const afterWords = after.replace(/[.!?]+\s*$/, '').trim().split(/\s+/).filter(Boolean);
    if (afterWords.length && afterWords.length <= 3 && !/[,;:]/.test(after) && /^\p{Ll}[\p{L}-]*(?:en|ern|eln)[.!?]*$/u.test(afterWords[afterWords.length - 1]!))
      t = `${head} ${afterWords.join(' ')}`;
    else t = head;
  }
  return t;
}

/** "sorting" → "sort", "putting together" → "put together", "organising" → "organise": the base of an -ing verb. */
export function baseOfIng(v: string): string {
  return v.replace(/^(\p{L}+?)ing\b/u, (_, stem: string) => {
    if (/([b-df-hj-np-tv-z])\1$/.test(stem) && !/(?:ll|ss)$/.test(stem)) return stem.slice(0, -1);
    if (/(?:is|iz|at|ar|ak|av|ag|ur|us|in|on|it|ot|ut|ag|am|ac|et|ed|ud|iv|uc|ng)$/.test(stem) && !/(?:ing|ght)$/.test(stem)) return `${stem}e`;
    return stem;
  });
}

// future tense and "going to" forms after a name or "I", in the languages the set sees, to an infinitive:
// preparará → preparar (es/pt), préparera → préparer (fr), enviaré / enviarei → enviar, préparerai → préparer
export function infinitive(verb: string): string {
  return verb
    .replace(/^(\p{L}+[aeií]r)(?:á|é|ei|emos|ão)$/u, '$1')
    .replace(/^(\p{L}+(?:er|ir))(?:a|ai|ons|ont)$/u, '$1');
}
