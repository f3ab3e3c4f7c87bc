// Commands in a reply to the assistant: the first command in reading order of the new text.
import type { Command, CommandAction } from './contract.js';
import { resolveDue, type DateCtx } from './dates.js';
import type { People } from './people.js';

const NOT_YET = /\b(?:not (?:done|finished|complete|there) yet|not yet|noch nicht (?:fertig|erledigt)|pas encore (?:termin[ée]|fini|fait)|a[uú]n no (?:est[aá] )?(?:terminado|listo|hecho)|todav[ií]a no|ainda n[ãa]o (?:terminei|est[aá] pronto|acabei)|non ancora (?:finito|fatto)|nog niet (?:klaar|af))(?![\p{L}])/iu;
const WAITING = /\b(?:waiting (?:on|for)|still (?:hasn't|haven't|has not|have not|waiting|no)|hasn't|haven't|blocked|stuck|can't (?:proceed|continue|start|move|finish) until|held up|depend(?:s|ing)? on|need(?:s)? .{0,40} (?:first|before)|warte[n]? (?:noch )?auf|wir warten|j'attends|en attente|attendo|estou aguardando|aguardando|esperando|wacht(?:en)? (?:nog )?op|blockiert|bloqu[ée]|bloccat[oa]|bloqueado|geblokkeerd)\b/i;

interface Rule {
  action: CommandAction;
  re: RegExp;
}

const RULES: Rule[] = [
  { action: 'help', re: /\b(?:what can i (?:reply|say|send|write)|how do i (?:tell|use|reply)|is there a way to tell you|what commands|which commands|^help\b|help me understand how|wie funktioniert|comment (?:je )?(?:peux|dois)|c[oó]mo (?:te )?(?:digo|respondo)|como (?:eu )?(?:respondo|digo))/i },
  { action: 'status', re: /\b(?:what(?:'s| is| have i| do i have| do i)?\s+(?:still\s+|got\s+|left\s+)*(?:open|outstanding|pending|left|on my plate|got open)|what have i (?:still )?got|status (?:update|report)? ?(?:please|\?)|^status\b|was ist (?:noch )?offen|was habe ich (?:noch )?offen|qu'est-ce qui (?:me )?reste|qu[ée] (?:me )?queda|que tengo pendiente|o que (?:ainda )?(?:falta|tenho)|cosa (?:mi )?resta|wat staat er nog open)/i },
  { action: 'unsubscribe', re: /\b(?:unsubscribe|stop sending|take me off|remove me from|opt (?:me )?out|no more (?:digests|reminders|emails|nudges)|don't send me|abmelden|abbestellen|d[ée]sabonner|d[ée]sinscri|darme de baja|cancelar (?:a )?(?:inscri[çc][ãa]o|assinatura)|disiscriv|afmelden|uitschrijven)\b/i },
  { action: 'reassign', re: /\b(?:reassign|re-assign|give (?:this|it|that)(?: one)? to|hand (?:this|it|that)(?: one)? (?:over |off )?to|pass (?:this|it|that)(?: one)? (?:on |over )?to|assign (?:this|it|that)(?: one)? to|(?:can|could) (?:\p{Lu}\p{L}+) (?:take|own) (?:this|it)|neu zuweisen|übergeben an|r[ée]assigner|reasignar|reatribuir|riassegna|toewijzen aan)/iu },
  { action: 'decline', re: /\b(?:decline|declining|i (?:won't|will not|can't|cannot|can not) (?:be able to )?(?:do|take|own|handle|pick up|take on)(?: on)? (?:this|it|that)|not (?:my|an?\s+\w+) (?:responsibility|job|area)|(?:isn't|is not) (?:mine|my job)|ablehnen|lehne .{0,20} ab|je (?:ne peux pas|refuse)|no puedo (?:hacer|encargarme)|n[ãa]o posso (?:fazer|assumir)|non posso (?:farlo|occuparmene))/i },
  { action: 'snooze', re: /\b(?:snooze|remind me (?:again )?(?:on|next|in|after|later|tomorrow)|pause (?:the )?reminders|hold (?:off|the reminders) until|schlummer|erinnere mich|rappelle-moi|recu[ée]rdame|lembre-me|ricordamelo)\b/i },
  { action: 'reschedule', re: /\b(?:move (?:this|it|that)? ?(?:back |out )?to|push (?:this|it|that)? ?(?:back |out )?(?:to|until|till)|postpone|reschedule|(?:can|could|may) i (?:have|get) (?:until|till|more time)|need (?:until|till|more time|a few more days|an extra)|extend (?:the )?(?:deadline|due date)|new (?:due )?date|(?:move|push) (?:the )?(?:deadline|due date)|verschieben|verschoben|reporter|d[ée]caler|aplazar|posponer|mover (?:esto )?(?:al|a)|adiar|rinviare|spostare|uitstellen|verplaatsen)\b/i },
  { action: 'blocked', re: WAITING },
  { action: 'progress', re: /\b(?:in progress|halfway|half way|on track|getting there|made a start|making progress|started on|working on (?:it|this)|almost (?:done|there|finished)|nearly (?:done|there|finished)|partly|partially|\d+ of (?:the )?\d+|(?:done|finished) with .{1,40} but not|but not the|first (?:\w+ )?(?:\w+ )?(?:sections?|parts?|drafts?) (?:is|are) (?:written|done)|in arbeit|en cours|en curso|em andamento|in corso|bezig)\b/i },
  { action: 'done', re: /(?:^|[.!\s])(?:done|finished|completed?|shipped|sorted|all sorted|all set|delivered|sent|merged|closed|feito|pronto|conclu[ií]do|erledigt|fertig|termin[ée]|fait|hecho|listo|ya qued[óo]|terminado|fatto|finito|completato|klaar|afgerond|gedaan)(?=$|[\s.!,;:–—)-]|\p{Extended_Pictographic})|\b(?:is|are|was|were|it's|all|has been|have been)\s+(?:now\s+)?(?:done|finished|complete|completed|sorted|shipped|live|sent|submitted)\b|\bclose (?:this|it)(?: one)? out\b|\b(?:went out|signed off|taken care of)\b/iu },
];

function sentencesOf(text: string): string[] {
  const body: string[] = [];
  for (const l of text.split('\n')) {
    const t = l.trim();
    if (!t) continue;
    if (/^(?:thanks|thank you|cheers|best|regards|kind regards|best regards|gruß|viele grüße|abs|merci|gracias|grazie|groet|takk)\b[^.?]{0,25}$/i.test(t)) break;
    body.push(t);
  }
  return body
    .join('\n')
    .split(/(?<=[.!?])\s+|\n|;\s+|\s+[–—]\s+|\s+-\s+/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Which numbered items a batched reply names: "done 1 and 3" → [1, 3], "all done" → 'all'. */
export function parseItems(clause: string): number[] | 'all' | undefined {
  if (/\ball\b/i.test(clause) && /\b(?:done|finished|sorted|complete)/i.test(clause)) return 'all';
  const c = clause.replace(/\b(?:the\s+)?\d{1,2}(?:st|nd|rd|th)\b|\b\d{1,2}[/.]\d{1,2}\b|\b\d+\s*(?:am|pm|%|days?|weeks?)\b|\bPR\s*#?\d+|#\d+|\b\d{3,}\b/gi, ' ');
  const nums = [...c.matchAll(/(?<![\w#])(\d{1,2})(?![\w%])/g)].map((m) => Number(m[1]));
  return nums.length ? [...new Set(nums)] : undefined;
}

export function parseCommand(
  text: string,
  opts: { dates: DateCtx; people?: People; ccAddresses?: string[] } ,
): Command | null {
  const sentences = sentencesOf(text);
  const whole = sentences.join(' ');
  for (let i = 0; i < sentences.length; i++) {
    const s = sentences[i]!;
    // look-alikes: questions about whether something is done, thanks, acknowledgements
    if (/^(?:thanks|thank you|thx|ty|cheers|great|ok|okay|will do|sounds good|noted|got it|perfect)\b[^.?]{0,30}[.!]*$/i.test(s) && !/\b(?:done|blocked|snooze|unsubscribe)\b/i.test(s)) continue;
    if (NOT_YET.test(s)) {
      const rest = sentences.slice(i).join(' ');
      const action: CommandAction = WAITING.test(rest) && !/\b(?:getting there|halfway|on track|first \w+ \w+ (?:is|are) written)\b/i.test(rest) ? 'blocked' : 'progress';
      return build(action, s, rest, opts);
    }
    for (const r of RULES) {
      const m = s.match(r.re);
      if (!m) continue;
      if (r.action === 'done') {
        // "done?" asks someone else; "done with X but not Y" is progress
        const after = s.slice((m.index ?? 0) + m[0].length);
        if (/^\s*\?/.test(after) || /\?\s*$/.test(s) && !/^(?:done|finished)\b/i.test(s)) continue;
        if (/^\s*\?/.test(after)) continue;
        if (/\bnot\s+(?:yet\s+)?(?:done|finished|complete)/i.test(s)) continue;
        if (/\bbut not\b/i.test(s)) return build('progress', s, whole, opts);
      }
      if (r.action === 'blocked' && /\?\s*$/.test(s) && /\b(?:is there a way|how do i|what can i)\b/i.test(s)) continue;
      return build(r.action, s, sentences.slice(i).join(' '), opts);
    }
  }
  return null;
}

function build(action: CommandAction, clause: string, rest: string, opts: { dates: DateCtx; people?: People; ccAddresses?: string[] }): Command {
  const cmd: Command = { action, reason: null, due: null, owner: null };
  if (action === 'blocked' || action === 'decline') {
    cmd.reason = rest.replace(/^(?:blocked|still blocked|not done yet|i'm going to decline this one)\s*[:\-–—,]?\s*/i, '').slice(0, 200).trim() || null;
  }
  if (action === 'snooze' || action === 'reschedule') cmd.due = resolveDue(clause, opts.dates) ?? (action === 'snooze' ? resolveDue(rest, opts.dates) : null);
  if (action === 'reassign') {
    const m = clause.match(/\bto\s+(@?[\p{Lu}][\p{L}'-]+(?:\s+[\p{Lu}][\p{L}'-]+)?|her|him|them)\b/u);
    const target = m?.[1];
    if (target && /^(?:her|him|them)$/i.test(target)) {
      const cc = opts.ccAddresses ?? [];
      const named = opts.people?.list.filter((p) => cc.includes(p.address) && p.name && new RegExp(`\\b${p.name.split(/\s+/)[0]}\\b`, 'i').test(rest));
      cmd.owner = named && named.length === 1 ? named[0]!.address : cc.length === 1 ? cc[0]! : null;
    } else if (target && opts.people) {
      const p = opts.people.find(target);
      cmd.owner = p ? p.address : null;
    }
  }
  const items = parseItems(clause);
  if (items) cmd.items = items;
  return cmd;
}
