// One clause or list item → the tasks it states: assignments, requests, commitments, unowned work.
import type { ExtractedTask } from './contract.js';
import { resolveDue, type DateCtx } from './dates.js';
import { People, fold } from './people.js';
import { isUnassigned } from './owners.js';
import { alternation, isWord, variants } from './lexicon/index.js';

// "I" as a subject or an owner prefix ("Me: book the room"), in any language the lexicon knows
const isFirstPerson = (w: string) => isWord('firstPerson', w) || /^me$/i.test(w.trim());
import { LEAD_STRIP, baseOfIng, cutTitle, infinitive, withoutDates } from './titles.js';


export interface Section {
  author: string | null; // address of who wrote this part ("I"/"me")
  you: string | null; // the single To recipient besides the assistant ("you")
  text: string;
}

const GREETING_WORD = '(?:hi|hello|hey|dear|hallo|liebe[rs]?|hola|bonjour|buongiorno|buonasera|ciao|hoi|beste|ol[áa]|oi|salut|morning|good morning|good afternoon|guten (?:morgen|tag)|moin|buenos d[ií]as|bom dia|hi there|hello there)';
// a greeting word in front of a name ("Hi Coordinator", "Hallo Omar"): never part of the name
const GREETING_LEAD = new RegExp(`^${GREETING_WORD}\\s+`, 'iu');
export const stripGreeting = (name: string) => name.replace(GREETING_LEAD, '');

// a note to the assistant about the whole brief: "please run this one for us", "can you track this?", "handle it pls"
const ASSISTANT_NOTE =
  /^(?:(?:and|so|also|ok|okay)\s+)?(?:(?:can|could|would|will) you\s+|please\s+|pls\s+|kindly\s+)*(?:run|handle|manage|track|coordinate|take care of|take over|take on|pick up|look after|own|organi[sz]e|chase|keep (?:an eye on|track of)|drive|set up|kick off|start)\s+(?:this|it|this one|these|this project|the project|this brief|all (?:of )?this|everything(?: below)?|the below)(?:\s+one)?(?:\s+(?:for|with)\s+(?:us|me))?(?:\s+(?:please|pls|as well|too|from here|from now on))?\s*[.!?]*$/i;
// "… for us" / "… for me" after this/it: whatever the verb, it asks the assistant to take the brief on
const FOR_US_NOTE = /\b(?:this|it|this one|these|the below|everything below)(?:\s+one)?\s+for\s+(?:us|me)\b/i;

const ROLE =
  /^(?:legal|it|hr|finance|compliance|procurement|security|it security|facilities|marketing|sales|support|ops|operations|engineering|design|the team|our team|the \w+ team|the dev team|dev team|someone|somebody|anyone|we|everyone|the vendor|the agency|the client|the customer|purchasing|accounting|the board|our dpo|the dpo|management|the [\w-]+ (?:center|centre|office|department|committee|group))$/i;

const NOT_NAMES = new Set(
  'background note notes update status team tasks task actions action owner owners due date next plan context re fyi ps p.s todo to-do agenda summary goal goals scope budget timeline risks deliverables also and but so then here this that these those today tomorrow yes no ok okay sure please thanks hi hello dear coordinator assistant week month project priority important reminder done blocked open remaining question answer answers option result results item items phase step milestone milestones subject from sent to cc date the a an our my your their his her its we you they i me it'
    .split(/\s+/),
);

// "can you", "könntest du", "¿puedes", "kun je" … from the lexicon, then politeness words before the verb
export const MODAL_YOU = new RegExp(`^${alternation(variants('modalYou'))}(?![\\p{L}])\\s*(?:(?:${alternation(variants('please'))}|also|auch|aussi|anche|ook|two|both)(?![\\p{L}])\\s*)*`, 'iu');

// an owner cell or name that means the writer or the reader ("Me", "Moi", "Ich" / "You", "Du", "Vous", "Tú")

export const DONE_STATUS =
  /\b(?:is|are|'s|has been|have been|was|were|got|already)\s+(?:now\s+)?(?:done|locked|booked|finished|complete|completed|sorted|filed|live|ready|in place|signed|approved|confirmed|shipped|merged|published|sent|paired|delivered|uploaded|in (?:the )?(?:shared |team )?(?:drive|folder|figma|repo|tracker))\b|\b(?:booked|done|finished|completed)[.!]?\s*$|\balready\b|\bno changes\b|\bnothing (?:else )?(?:needed|required)\b|\bgreat work\b/i;

// words for "project" and "new" in the languages the lexicon knows: "nuovo progetto", "neues Projekt", "new project"
const PROJECT_WORD = '(?:project|projekt|progetto|proyecto|projet|projeto|projecto)';
const NEW_WORD = '(?:new|neue[sn]?|nuovo|nuevo|nouveau|novo|nieuw|nowy)';
// a sentence about the brief itself, addressed to the assistant: setting up, tracking or reminding
const ASSISTANT_DIRECTED = new RegExp(
  `^(?:coordinator|assistant)\\b|\\b(?:${NEW_WORD}\\s+(?:client\\s+)?${PROJECT_WORD}|${PROJECT_WORD}\\s+${NEW_WORD})|\\b(?:(?:open|create|start|set up|apri|crea|abre|cria|lege|maak|ouvre|cr[ée]e)\\s+(?:(?:a|an|un|una|uno|um|ein|een|une)\\s+)?${PROJECT_WORD})` +
    `|\\b(?:set|keep|track|run|add)\\s+(?:this|it|them|these)(?:\\s+up)?\\s+as\\b|\\bas\\s+(?:a|two|three|\\d+)\\s+(?:new\\s+|separate\\s+)?${PROJECT_WORD}|\\b(?:please|can you|could you)\\s+track\\b|\\btrack\\s+(?:this|it)\\b` +
    `|\\bsend\\s+(?:me\\s+|us\\s+|everyone\\s+)?(?:a\\s+)?reminders?\\b|\\bremind\\s+(?:me|us|people|everyone)\\b|\\bchase\\s+(?:people|them|everyone)\\b|\\b(?:separate|new)\\s+(?:client\\s+)?(?:projects|jobs)\\b`,
  'iu',
);

export const MEETING_REQUEST =
  /\b(?:kick-?off|meeting|call|check-in|check in|session|workshop|sync|go\/no-go|postmortem|post-mortem|review meeting|walk-?through|stand-?up|catch-?up|riunione|reuni[oó]n|r[ée]union|besprechung|termin|overleg|vergadering)\b[^.?!]*|\b(?:find|book|schedule|set up|organi[sz]e|arrange|get)\s+(?:us\s+|the \w+ of us\s+)?(?:an hour|\d+\s*(?:mins?|minutes)|(?:a |one |two |half an )?(?:\d+|one|two|half|an?)[- ]hour|\d+[- ]minute|time|together)\b/i;
const MEETING_VERB =
  /\b(?:set up|schedule|book|find|organi[sz]e|arrange|get [\w\s]{0,20}together|put (?:something|a \w+) in|get (?:the \w+ of us|us(?: all)?|everyone|them|all of us) (?:on|in|into|together)|get (?:us\s+)?(?:\d+|half an|an|one)\s*(?:mins?|minutes|hours?)\b|(?:i|we)(?:['’]d| would) (?:also )?like (?:a|an|to have a|to set up a)|organizzare|organizza|fissare|fissa|programar|programa|organiza|agendar|agenda (?:una|un)|agende|convocar|convoca|marcar|marca|planen|plane|organisieren|ansetzen|vereinbaren|einplanen|einberufen|plannen|inplannen|organiseren|organiser|organise|planifier|planifie|caler|trouver|trouve|can you set|could you set|please set)\b/i;

export function isMeetingRequest(s: string): boolean {
  return MEETING_REQUEST.test(s) && MEETING_VERB.test(s) && !/\b(?:meets|met|was|were|had)\b/i.test(s.replace(/\b(?:find|set up|book|schedule)\b.*$/i, ''));
}

// "I'll have Omar draft X" / "I'll ask Lena to X" / "Ana will ask Raj to X" / "Marta chiederà a Luca di X"
const DELEGATE =
  /^(?:(?:will|'ll|is going to|am going to|'m going to)\s+)?(?:[Aa]sk|[Gg]et|[Hh]ave|[Tt]ell)\s+(?!I\b)([\p{Lu}][\p{L}'-]+)(?:\s*\([^)]*\))?\s+(?:to\s+)?(.+)$|^(?:chieder[àa]|pedir[áa]|demander[ae]|vraagt|bittet|wird)\s+(?:a|à|aan)?\s*([\p{Lu}][\p{L}'-]+)\s+(?:di|de|que|om|zu)?\s*(.+)$/u;

export const IMPERATIVE =
  /^(?:send|share|post|get|book|brief|set up|set|update|write|draft|review|confirm|call|order|file|run|prepare|finish|fix|add|check|create|build|ship|sign|schedule|organi[sz]e|arrange|collect|pull|find|make|take|lock|finalise|finalize|approve|submit|deliver|circulate|complete|chase|follow up|reach out|wrap up|look into|line up|email|ping|loop|test|deploy|migrate|export|import|design|print|install|upload|publish|renew|audit|map|qualify|clean|enrol|enroll|inventory|configure|localise|localize|rebuild|connect|demo|present|recruit|handle|own|sort out|dig out|validate|freeze|wire up|port|refresh|provision|grab|agree|sync|document|plan|draft|translate|hire|negotiate|contact|coordinate|reply|respond|invite|test|replace|repair|remove|buy|purchase|pay|move|redo|rewrite|reprint|reshoot|lodge|draft|pick|choose|decide|assemble|compile|gather|prepare|install|remind|notify|announce|launch|label|pack|ship|deliver|return|collect|measure|inspect|survey|photograph|record|edit|proofread|translate|review|secure|confirm|reserve|cancel|rebook|reschedule|chase|call|visit|train|onboard|offboard|interview|shortlist|screen|price|quote|estimate|budget|forecast|reconcile|invoice|bill|file|submit|sign)\b/i;

export interface Ctx {
  addressees?: string[];
  people: People;
  dates: DateCtx;
  section: Section;
  isListItem: boolean;
  briefLike: boolean;
  /** how sure the block's reading is (a table row with a header is surer than a loose sentence) */
  confidence?: number;
}

export function ownerFromName(name: string, ctx: Ctx): string | null {
  const n = stripGreeting(name.trim()).replace(/^@/, '').replace(/\s*\((?:me|moi|ich|yo|io)\)$/i, '').replace(/['’]s (?:team|group|people|squad)$/i, '');
  if (/^you(?:['’]ll|['’]re)?$/i.test(n)) return ctx.section.you;
  if (isFirstPerson(n) || isWord('me', n)) return ctx.section.author;
  if (isWord('you', n) && (ctx.isListItem || /^you/i.test(n))) return ctx.section.you;
  if (ROLE.test(n) || ctx.people.isAssistant(n) || isUnassigned(n)) return null;
  const known = ctx.people.find(n) ?? ctx.people.findInitials(n);
  if (known) return known.address;
  // "Maher's Glazing", "Acme Ltd": a company, not a person the assistant can chase
  if (/['’]s\s|\b(?:ltd|inc|llc|gmbh|plc|co)\b\.?$/i.test(n)) return null;
  return n;
}

const NAME = `(?:@[\\p{L}][\\p{L}'’.-]*|[\\p{Lu}][\\p{L}'’-]+)(?:\\s+(?:[\\p{Lu}][\\p{L}'’-]+|O'[\\p{Lu}][\\p{L}]+))?`;
const NAME_PREFIX = new RegExp(`^(${NAME}|[Mm]e|I|[Ii]o|[Yy]o|[Ii]ch|[Jj]e|[Ii]k|[Ee]u)(?:\\s*\\((?:me|moi|ich|yo|io|[^)]{1,40})\\))?\\s*(?::|\\s[–—-]|–|—)\\s*(.+)$`, 'u');
const NAME_COMMA_YOU = new RegExp(`^(${NAME}(?:(?:,\\s*|\\s+and\\s+|\\s+y\\s+|\\s+et\\s+|\\s+und\\s+|\\s+e\\s+|\\s+en\\s+)${NAME})*)\\s*(?:,|\\s[–—-]|:)\\s*(.+)$`, 'u');
const SUBJECT_WILL = new RegExp(
  `^((?:(?:[Oo]ur|[Tt]he|[Mm]y)\\s+[\\w\\s-]{0,30}?\\s+)?${NAME}(?:\\s+(?:from|at|of)\\s+[\\w\\s]{1,30}?)?)\\s+(?:(?:(?:is|has been|was) [^,.;]{1,40}? and|also|then|still)\\s+)?(will|has to|needs to|must|'ll|is going to|has agreed to|agreed to|is taking|is on|owns|will own|is handling|will handle|is doing|will do|wird|werden|va a|va|vai|vão|vont|gaat|gaan|zal|zullen|se encarga del?|se ocupa del?|se encargará del?|s'occupe d(?:e|u|es)|s'occupera d(?:e|u|es)|si occupa d(?:i|ella|el|ei|egli|ello|ell')|si occuperà d(?:i|ella|el|ei|egli|ello|ell')|kümmert sich um|übernimmt|zorgt voor|cuida d[aeo]s?|vai tratar d[aeo]s?|trata d[aeo]s?|is responsible for|can)\\s+(.+)$`,
  'u',
);
const I_WILL =
  /^(?:i|we)\s*(?:'ll|’ll|will|am going to|'m going to|’m going to|can|shall|plan to|intend to|am|'m|’m)\s+(?:also\s+|then\s+|now\s+|still\s+|definitely\s+)*(?:be\s+)?(.+)$|^(?:io|yo|ich|je|j'|ik|eu)\s+(.+)$/iu;

export function makeTask(title: string, owner: string | null, unit: string, ctx: Ctx): ExtractedTask | null {
  const t = cutTitle(withoutDates(title.replace(LEAD_STRIP, ''), ctx.dates));
  if (!t || t.split(/\s+/).length > 24 || !/\p{L}{3,}/u.test(t)) return null;
  // "By the 17th": a deadline with no work in it
  if (/^(?:by|due|until|before|on|for)\b/i.test(t) && !/\p{L}{3,}/u.test(withoutDates(`x ${t}`, ctx.dates).slice(2).replace(/^\s*(?:by|due|until|before|on|for)\b/i, ''))) return null;
  return { title: t, owner, due: resolveDue(unit, ctx.dates), confidence: ctx.confidence ?? (ctx.isListItem ? 0.75 : 0.65), evidence: unit.trim() };
}

// what a first-person commitment may start with before its verb: "je m'occupe de", "voy a", "ich werde", "vou"
const FIRST_PERSON_AUX =
  /^(?:werde|vais|voy a|vou|ga|zal|m'occupe d(?:e|u|es)|me encargo del?|me ocupo del?|mi occupo d(?:i|ella|el|ei)|k[üu]mmere mich um|cuido d[aoe]s?|trato d[aoe]s?)\s+/iu;
// "Marco preparerà …", "Carlos preparará …", "Hugo préparera …": a synthetic future after a name
const NAME_FUTURE = new RegExp(`^(${NAME})\\s+(\\p{Ll}{3,}(?:rà|rá|ra))\\s+(.+)$`, 'u');

// built once: clause shapes around a name (an appositive, a reported promise, an aside, two subjects)
const APPO_RE = new RegExp(`^[^,]{3,40},\\s*(${NAME})(?:\\s*\\([^()]{1,80}\\))?,\\s*(?=will\\b|is going to\\b|has agreed to\\b)`, 'u');
const SAID_RE = new RegExp(`^(${NAME})(?:\\s+(?:from|at|in)\\s+[^,.]{1,30}?)?\\s+(?:said|says|told me|told us|promised|confirmed)\\s+(?:that\\s+)?(?:she|he|they)(?:['’]ll|['’]d| will| would)\\s+(.+)$`, 'u');
const ASIDE_RE = new RegExp(`^(${NAME})\\s*\\([^()]{1,60}\\)\\s+(?=\\p{Ll})`, 'u');
const ALSO_RE = new RegExp(`^(?:and|&)\\s+(${NAME})\\s+(.+)$`, 'u');
const BOTH_RE = new RegExp(`^(${NAME})\\s*(?:,|\\band\\b|&)\\s*(${NAME})\\s+(?:will|need to|have to|should|must|are going to|are to)\\s+(.+)$`, 'u');

/** Romance-language clause shapes → the forms the rules read: "O Pedro vai …" → "Pedro vai …", "Marco preparerà X" → "Marco will preparerà X". */
function normaliseClause(unit: string, people: People): string {
  const art = unit.match(/^(?:O|A|Os|As|El|La|Il|Lo|Le|L')\s*(?=([\p{Lu}][\p{L}'-]+)\s)/u);
  if (art && people.find(art[1]!)) unit = unit.slice(art[0].length);
  // "Our venue contact, Omar, will …" → "Omar will …"; "Lena from finance said she'll …" → "Lena will …"
  const appo = unit.match(APPO_RE);
  if (appo && people.find(appo[1]!)) unit = `${appo[1]} ${unit.slice(appo[0].length)}`;
  const said = unit.match(SAID_RE);
  if (said && !NOT_NAMES.has(fold(said[1]!))) unit = `${said[1]} will ${said[2]}`;
  // "Omar (our caterer) will …": an aside after the name is not part of the clause
  const aside = unit.match(ASIDE_RE);
  if (aside) unit = `${aside[1]} ${unit.slice(aside[0].length)}`;
  const fut = unit.match(NAME_FUTURE);
  if (fut && !NOT_NAMES.has(fold(fut[1]!))) unit = `${fut[1]} will ${infinitive(fut[2]!)} ${fut[3]}`;
  return unit;
}

const GREETED = new RegExp(`^${GREETING_WORD}\\s+(${NAME}(?:(?:\\s*,\\s*|\\s+(?:and|&|y|et|und|e|en)\\s+)${NAME})*)\\s*(?:[,:!]|\\s[–—-])\\s*(.*)$`, 'iu');

/** The people a greeting names ("Hi Dana,", "Hallo Omar und Felix:"), as written; [] for "Hi all" or the assistant. */
export function greetedNames(line: string, people: People): string[] {
  const m = line.trim().match(GREETED);
  if (!m) return [];
  const names = m[1]!.split(/\s*,\s*|\s+(?:and|&|y|et|und|e|en)\s+/i).filter(Boolean);
  if (!names.every((n) => /^[\p{Lu}@]/u.test(n) && !NOT_NAMES.has(fold(n).replace(/^@/, '')) && !ROLE.test(n) && !/^(?:coordinator|assistant|all|team|everyone|folks|zusammen|todos|tous|tutti|allemaal|pessoal)$/i.test(n))) return [];
  return names.filter((n) => !people.find(n) || !/^(?:coordinator|assistant)(?:\+|@)/i.test(people.find(n)!.address));
}

// "we'll need your rate card", "I still need your signed NDA": a request to the person addressed
const NEED_YOUR = /^(?:we|i)(?:['’]ll| will| would| 'd)?\s+(?:still\s+|also\s+)?(?:need|require|want)\s+(?:to (?:get|have|see|receive)\s+)?(?:your|the)\s+(.+)$/i;

/** One list item / sentence → zero or more tasks. */
export function unitTasks(unitRaw: string, ctx: Ctx): ExtractedTask[] {
  let unit = normaliseClause(unitRaw.replace(/^\s*(?:[-*•◦▪·]|\(?\d{1,2}[.)]|[a-z][.)])\s+/i, '').trim().replace(/^[¿¡]\s*/, '').replace(/([,:;–—]\s*)[¿¡]/g, '$1'), ctx.people);
  // "Sure, I can …", "Yes – I'll …": an acknowledgement before the clause
  unit = unit.replace(/^(?:sure|yes|yep|yeah|ok(?:ay)?|absolutely|of course|no problem|happy to|will do)\s*[,!.–—-]\s*(?=\p{Lu})/iu, '');
  unit = unit.replace(/^(?:EOW|EOD|COB|ASAP|tomorrow|today|tonight|(?:by|on|this|next)\s+(?:mon|tue|wed|thu|fri)\w*|first thing tomorrow)\s*,?\s+(?=I\b|[\p{Lu}])/iu, '');
  if (!unit || unit.length < 6 || isUnassigned(unit)) return [];
  // "Hi Dana, we'll need your rate card by Friday." → what follows, addressed to Dana
  const greet = unit.match(GREETED);
  // "Hi Coordinator, please run this one for us." → a request to the assistant, never a task
  if (greet && greet[1]!.split(/\s*,\s*|\s+(?:and|&|y|et|und|e|en)\s+/i).some((n) => ctx.people.isAssistant(n))) return [];
  if (greet && greet[2] && greet[2].length >= 6) {
    const names = greetedNames(unit, ctx.people);
    if (names.length) return unitTasks(greet[2], { ...ctx, addressees: names });
  }
  const need = unit.match(NEED_YOUR);
  if (need && /\byour\b/i.test(unit)) {
    const who = ctx.addressees?.length === 1 ? ownerFromName(ctx.addressees[0]!, ctx) : !ctx.addressees?.length && !ctx.briefLike ? ctx.section.you : null;
    if (who) {
      const t = makeTask(`send the ${need[1]!}`, who, unit, ctx);
      return t ? [t] : [];
    }
  }
  if (/[(<][^()<>\s@]{1,64}@[^()<>\s]{1,253}[)>]/.test(unit) && !/\b(?:will|please|can you|could you|by|due)\b/i.test(unit)) return [];
  if (/^(?:what|here's|here is|background|context|for context|note|fyi)\b[^.]*:$/i.test(unit)) return [];
  if (ASSISTANT_DIRECTED.test(unit) || isMeetingRequest(unit)) return [];
  if (ctx.briefLike && !ctx.addressees?.length && (ASSISTANT_NOTE.test(unit) || (FOR_US_NOTE.test(unit) && !/^[\p{Lu}][\p{L}'’-]+\s*[,:–—-]/u.test(unit)))) return [];
  {
    // "Coordinator, …" / "Ava (the assistant's name): …" / "coordinator@x.com – …"
    const lead = unit.match(/^(@?[\p{L}][\p{L}'’.@-]*(?:\s+[\p{Lu}][\p{L}'’-]+)?)\s*(?:,|:|\s[–—-])/u);
    if (lead && ctx.people.isAssistant(stripGreeting(lead[1]!))) return [];
  }
  if (/^(?:re|fw|fwd|subject|from|to|cc|sent|date)\s*:/i.test(unit)) return [];
  // "Can someone chase the electrician?" / "Could somebody book the room?": work for nobody in particular
  const anyone = unit.match(/^(?:(?:can|could|would|will)\s+(?:someone|somebody|anyone|anybody)|(?:someone|somebody)\s+(?:please|pls))\s+(?:please\s+)?(.+?)\??$/i);
  if (anyone) {
    const t = makeTask(anyone[1]!, null, unit, ctx);
    return t ? [t] : [];
  }
  const isQuestionOnly = /\?\s*$/.test(unit) && !MODAL_YOU.test(unit.replace(/^[^,:–—-]{1,40}(?:,|:|\s[–—-])\s*/, '')) && !/\b(?:can|could|would|will)\s+you\b|\b(?:peux-tu|puoi|puedes|podr[ií]as|kun jij|wil jij|kannst du|podes)\b/i.test(unit);
  if (isQuestionOnly) return [];
  // "The budget justification needs to be finished by mid-February."
  const passive = unit.match(/^(?:the\s+|our\s+)?([\p{L}\s'-]{3,60}?)\s+(?:needs|need|has|have|must|should)\s+(?:to\s+)?be\s+([a-z]+ed|done|written|sent|signed|built|run)\b/iu);
  if (passive && !/^(?:it|this|that|they|he|she|we)$/i.test(passive[1]!.trim()) && ctx.briefLike) {
    const verb = passive[2]!.toLowerCase().replace(/ed$/, '').replace(/(?:done|written|sent|signed|built|run)$/, (v) => ({ done: 'do', written: 'write', sent: 'send', signed: 'sign', built: 'build', run: 'run' })[v]!);
    const t = makeTask(`${verb} the ${passive[1]!.trim()}`, null, unit, { ...ctx, confidence: 0.55 });
    return t ? [t] : [];
  }
  if (/^(?:it|this|that)\s+(?:needs|has|must|should)\b/i.test(unit)) return [];
  if (DONE_STATUS.test(unit) && !/\b(?:will|'ll|need|needs|please|can you|could you|by)\b/i.test(unit.replace(DONE_STATUS, ''))) return [];

  // Name: do X / Name – do X
  let m = unit.match(NAME_PREFIX);
  if (m && (isFirstPerson(m[1]!) || !NOT_NAMES.has(fold(m[1]!).replace(/^@/, ''))) && (ctx.isListItem || ctx.people.find(m[1]!) || isFirstPerson(m[1]!) || /^@/.test(m[1]!))) {
    let rest = m[2]!.trim();
    if (!isFirstPerson(m[1]!) && (I_WILL.test(rest) || SUBJECT_WILL.test(rest) || /^(?:we|the|our)\b/i.test(rest) && !ctx.isListItem)) {
      // "Sasha - I'll get you …", "Rachel – I can't …": the name is only the addressee
      if (!I_WILL.test(rest) && !SUBJECT_WILL.test(rest)) return [];
      return unitTasks(rest, { ...ctx, addressees: [m[1]!] });
    }
    if (!ctx.isListItem) {
      const pl = rest.match(/(?:^|,\s*)(?:please|pls|could you|can you|would you)\s+(?:also\s+)?(.+)$/i);
      if (pl) rest = pl[1]!;
      else if (!MODAL_YOU.test(rest) && !/^(?:you|please)\b/i.test(rest) && !IMPERATIVE.test(rest)) return [];
    }
    rest = rest.replace(MODAL_YOU, '').replace(/^(?:you(?:'re| are)\s+on|you(?:'ll| will)\s+(?:need to|own|handle)|you own)\s+/i, '');
    const dm = rest.match(DELEGATE);
    if (dm) return [makeTask(dm[2] ?? dm[4]!, ownerFromName(dm[1] ?? dm[3]!, ctx), unit, ctx)].filter(Boolean) as ExtractedTask[];
    const im = rest.match(I_WILL);
    const owner = ownerFromName(m[1]!, ctx);
    if (/^(?:owner tbd|tbd|unassigned)/i.test(rest)) return [];
    const t = makeTask(im && isFirstPerson(m[1]!) ? (im[1] ?? im[2]!) : rest, owner, unit, ctx);
    return t ? [t] : [];
  }
  // Name(s), can you X / Name, please X
  m = unit.match(NAME_COMMA_YOU);
  if (m) {
    const names = m[1]!.split(/\s*,\s*|\s+and\s+|\s+y\s+|\s+et\s+|\s+und\s+|\s+e\s+|\s+en\s+/).map(stripGreeting).filter(Boolean);
    let rest = m[2]!.trim();
    const known = names.every((n) => !NOT_NAMES.has(fold(n).replace(/^@/, '')));
    const isRequest = MODAL_YOU.test(rest) || /^(?:please|pls|bitte|por favor|per favore|s'il te pla[iî]t)\b/i.test(rest) || /^(?:you(?:'ll|’ll| will| need| should|'re| are| own)|you\b)/i.test(rest);
    if (known && isRequest && !ASSISTANT_DIRECTED.test(names[0]!) && !names.some((n) => ctx.people.isAssistant(n))) {
      rest = rest.replace(MODAL_YOU, '').replace(/^(?:please|pls|bitte|por favor|per favore)\s+/i, '').replace(MODAL_YOU, '');
      // "Lena, can you and Omar price …": the one asked and the one named with them
      const also = rest.match(ALSO_RE);
      if (also) {
        names.push(also[1]!);
        rest = also[2]!;
      }
      rest = rest.replace(/^(?:you(?:'re|’re| are)\s+on|you(?:'ll|’ll| will)\s+(?:also\s+)?(?:need to|own|handle|have to)|you own|you need to|you should)\s+/i, '');
      rest = rest.replace(/^(?:have|get)\s+(?:it|this|that)\s+(.*)$/i, '$1');
      const out: ExtractedTask[] = [];
      for (const n of names) {
        const t = makeTask(rest, ownerFromName(n, ctx), unit, ctx);
        if (t) out.push(t);
      }
      return out;
    }
  }
  m = unit.match(/^(?:you(?:'ll|’ll| will)\s+(?:also\s+)?(?:need to|have to|own|handle)|you(?:'re|’re| are)\s+on|you own|you need to|you should)\s+(.+)$/i);
  if (m) {
    const who = ctx.addressees?.length === 1 ? ownerFromName(ctx.addressees[0]!, ctx) : ctx.section.you;
    if (!who) return [];
    const t = makeTask(m[1]!, who, unit, ctx);
    return t ? [t] : [];
  }
  // delegation / commitments on someone's behalf: "Jamal will ask Ollie to X", "Ben will run X"
  // "Lin and Ben need to agree the plan": one task each
  const both = unit.match(BOTH_RE);
  if (both && ctx.people.find(both[1]!) && ctx.people.find(both[2]!)) {
    return [both[1]!, both[2]!].map((n) => makeTask(both[3]!, ownerFromName(n, ctx), unit, ctx)).filter(Boolean) as ExtractedTask[];
  }
  m = unit.match(SUBJECT_WILL);
  if (m) {
    const subj = m[1]!.trim();
    const verb = m[2]!.toLowerCase();
    let rest = m[3]!;
    const dm = rest.match(DELEGATE);
    const nameOnly = subj.replace(/^(?:our|the|my)\s+[\w\s-]*?\s+(?=[\p{Lu}])/u, '').replace(/\s+(?:from|at|of)\s+.*$/i, '');
    if (/^(?:we|i)$/i.test(subj)) {
      /* handled below */
    } else if (dm) {
      return [makeTask(dm[2] ?? dm[4]!, ownerFromName(dm[1] ?? dm[3]!, ctx), unit, ctx)].filter(Boolean) as ExtractedTask[];
    } else if (!NOT_NAMES.has(fold(nameOnly)) && !NOT_NAMES.has(fold(nameOnly.split(/\s+/)[0]!)) && (ctx.people.find(nameOnly) || ctx.isListItem || /^[\p{Lu}]/u.test(nameOnly))) {
      // "Kick-off is on the 19th": an ownership verb needs a person, and work that is more than a date
      // "Teodor is on leave": "is on" names work only before a determiner or an -ing verb
      if (verb === 'is on' && !/^(?:the|a|an|our|their|his|her|this|that|\p{L}+ing)\b/iu.test(rest)) return [];
      if (/^(?:is on|owns|is taking|takes|handles|is handling)$/.test(verb) && (MEETING_REQUEST.test(nameOnly) || !/\p{L}{3,}/u.test(withoutDates(`x ${rest}`, ctx.dates).slice(2)))) return [];
      // "Ana owns the signage" → "Handle the signage": ownership names the work, not the verb
      if (/^(?:is on|owns|will own|is taking|takes|handles|is handling|is responsible for|will handle)$/.test(verb) && /^(?:the|a|an|our|their)\b/i.test(rest)) rest = `handle ${rest}`;
      if (/^(?:can)$/.test(verb) && !ctx.isListItem) return [];
      const owner = ROLE.test(subj) || /^(?:the|our)\b/i.test(subj) && !ctx.people.find(nameOnly) && ROLE.test(subj) ? null : ownerFromName(nameOnly, ctx);
      const t = makeTask(rest.replace(/^(?:be\s+)?(?:the one to\s+)?/i, ''), owner, unit, ctx);
      return t ? [t] : [];
    }
  }
  // "Samples are on Frances", "the venue is on me": the thing, then who carries it
  const onWho = unit.match(/^(.{3,60}?)\s+(?:is|are|['’]s)\s+(?:all\s+)?on\s+(@?[\p{L}][\p{L}'’-]+(?:\s+[\p{Lu}][\p{L}'’-]+)?)\s*[.!]?$/u);
  if (onWho && !/^(?:it|this|that|there|we|i|he|she|they)$/i.test(onWho[1]!.trim()) && (ctx.people.find(onWho[2]!) || isWord('me', onWho[2]!) || isWord('you', onWho[2]!))) {
    const t = makeTask(`handle ${onWho[1]!.replace(/^(?:the|our)\s+/i, 'the ').replace(/^\p{Lu}(?=\p{Ll})/u, (c) => c.toLowerCase())}`, ownerFromName(onWho[2]!, { ...ctx, isListItem: true }), unit, ctx);
    return t ? [t] : [];
  }
  // role / someone / team
  const rm = unit.match(/^(?:(?:we|i)\s+(?:still\s+|also\s+)?need\s+(?:someone|somebody)\s+to|(?:someone|somebody)\s+(?:needs to|should|has to|must|will need to)|(?:we|the team|our team)\s+(?:still\s+)?(?:need|needs|have|has|must)\s+to|(?:legal|it|hr|finance|compliance|procurement|security|facilities|the [\w-]+ team|the dev team|the \w+ (?:center|centre|office|department))\s+(?:will|needs to|should|must|has to|is going to)|alguien tiene que|alguien debe|jemand muss|quelqu'un doit|qualcuno deve|iemand moet|algu[ée]m precisa)\s+(.+)$/i);
  if (rm) {
    const t = makeTask(rm[1]!, null, unit, ctx);
    return t ? [t] : [];
  }
  // I'll X
  // "I'm on the lease paperwork", "I'm handling the permits": the writer takes the work (ongoing work in
  // other verbs, "Ana is negotiating …", is usually status, not a new task)
  const prog = unit.match(/^i\s*(?:'m|’m| am)\s+(?:also\s+|still\s+)?(on|handling|covering|taking care of|looking after)\s+(.+)$/i);
  if (prog) {
    const verb = prog[1]!.toLowerCase() === 'on' ? 'handle' : baseOfIng(prog[1]!);
    const t = makeTask(`${verb} ${prog[2]!}`, ctx.section.author, unit, ctx);
    return t ? [t] : [];
  }
  m = unit.match(I_WILL);
  if (m && !/^(?:i|we)\s*(?:'m|’m|am)\s+(?!going to)/i.test(unit) && !/^we\b/i.test(unit)) {
    let rest = (m[1] ?? m[2]!).trim();
    if (m[2]) {
      // "Je m'occupe de valider …", "Eu vou enviar …", "Yo enviaré …"
      rest = rest.replace(FIRST_PERSON_AUX, '');
      rest = rest.replace(/^\p{L}+/u, (v) => infinitive(v));
    }
    if (/^(?:think|hope|guess|believe|feel|love|like|'d|would|was|were|had|know|see|saw|agree|understand|can't|cannot|won't|am not|do not|don't|may|might|suppose|expect|assume|heard|mean)\b/i.test(rest)) return [];
    // "I can send it over" is an offer; "I can have the numbers to you by Wednesday" is a promise with a date
    if (/^(?:i|we)\s*can\b/i.test(unit) && !ctx.isListItem && !resolveDue(unit, ctx.dates)) return [];
    const dm = rest.match(DELEGATE);
    if (dm) return [makeTask(dm[2] ?? dm[4]!, ownerFromName(dm[1] ?? dm[3]!, ctx), unit, ctx)].filter(Boolean) as ExtractedTask[];
    rest = rest.replace(/^(?:have|get)\s+(it|this|that|them)\s+(?:done|ready|finished)\b\s*/i, 'finish $1 ').replace(/^(?:have|get)\s+(it|this|that|them)\s+over\b\s*/i, 'send $1 ').replace(/^(?:take care of|look after|handle)\s+/i, (x) => x);
    const t = makeTask(rest, ctx.section.author, unit, ctx);
    return t ? [t] : [];
  }
  // You'll need to X / Could you X? / Please X (to the single To recipient)
  m = unit.match(/^(?:you(?:'ll|’ll| will)\s+(?:also\s+)?(?:need to|have to|own|handle)|you(?:'re|’re| are)\s+on|you own|you need to|you should)\s+(.+)$/i);
  if (m && ctx.section.you) {
    const t = makeTask(m[1]!, ctx.section.you, unit, ctx);
    return t ? [t] : [];
  }
  if (MODAL_YOU.test(unit) && (ctx.addressees?.length || (ctx.section.you && !ctx.briefLike))) {
    const rest = unit.replace(MODAL_YOU, '');
    const whos = ctx.addressees?.length
      ? /^(?:can|could|would|will)\s+you\s+(?:two|both|all)\b/i.test(unit) || ctx.addressees.length === 1
        ? ctx.addressees.map((a) => ownerFromName(a, ctx))
        : []
      : [ctx.section.you];
    return whos.map((w) => makeTask(rest, w, unit, ctx)).filter(Boolean) as ExtractedTask[];
  }
  if (/^(?:please|pls)\s+/i.test(unit) && ctx.section.you && (!ctx.briefLike || ctx.isListItem)) {
    const t = makeTask(unit.replace(/^(?:please|pls)\s+/i, ''), ctx.section.you, unit, ctx);
    return t ? [t] : [];
  }
  // a bare list item in a brief's task list: unowned work
  if (ctx.isListItem && ctx.briefLike) {
    if (/^(?:the\s+)?[\w\s'-]{2,60}$/.test(unit) && unit.split(/\s+/).length < 2) return [];
    let rest = unit.replace(/\s*[-–—]\s*(?:the\s+)?[\w\s]+ will do it\b.*$/i, '');
    rest = rest.replace(/^(?:we\s+)?(?:also\s+)?(?:need(?:s)?\s+(?:to\s+)?|should\s+|must\s+)/i, '');
    // nothing says who or that it is asked for: the weakest reading, for the sender to confirm
    const t = makeTask(rest, null, unit, { ...ctx, confidence: 0.5 });
    return t ? [t] : [];
  }
  return [];
}

export function splitSentences(p: string): string[] {
  const out: string[] = [];
  for (const s of p.split(/(?<=[.!?])\s+(?=[\p{Lu}"“'(@¿¡])/u)) {
    // "…, and I'll …" / "; …" → separate clauses
    for (const c of s.split(/;\s+|,?\s+and\s+(?=I(?:'ll|’ll| will)\b)|,\s+and\s+(?=(?:send|share|post|get|book|brief|set|update|write|draft|review|confirm|call|order|file|run|prepare|finish|fix)\b)/)) if (c.trim()) out.push(c.trim());
  }
  return out;
}

